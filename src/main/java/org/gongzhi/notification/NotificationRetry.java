package org.gongzhi.notification;

import org.springframework.stereotype.Component;

/** Exposes the configured retry cycle to the BPMN: {@code ${notificationRetry.cycle}}. */
@Component("notificationRetry")
public class NotificationRetry {
  private final NotificationProperties properties;

  public NotificationRetry(NotificationProperties properties) {
    this.properties = properties;
  }

  public String getCycle() {
    return properties.retryCycle();
  }
}
