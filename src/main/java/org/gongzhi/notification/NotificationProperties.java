package org.gongzhi.notification;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.notification.*}.
 *
 * @param from        sender address of every notice
 * @param retryCycle  Camunda retry cycle of a failing delivery (e.g. {@code R5/PT1M}); when it is
 *                    used up the delivery becomes an incident in Cockpit and can be retried there
 */
@Validated
@ConfigurationProperties("gongzhi.notification")
public record NotificationProperties(@NotBlank String from, @NotBlank String retryCycle) {
}
