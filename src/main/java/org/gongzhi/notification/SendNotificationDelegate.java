package org.gongzhi.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.gongzhi.system.PersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * The send step of {@code notification-delivery} (asynchronous, retried). Sends the notice over
 * SMTP once; an exception leaves it for the job executor to retry.
 */
@Component("sendNotificationDelegate")
public class SendNotificationDelegate implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(SendNotificationDelegate.class);

  private final NotificationService notifications;
  private final ObjectProvider<JavaMailSender> mailSender;
  private final NotificationProperties properties;

  public SendNotificationDelegate(NotificationService notifications, ObjectProvider<JavaMailSender> mailSender,
                                  NotificationProperties properties) {
    this.notifications = notifications;
    this.mailSender = mailSender;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) throws MessagingException {
    long id = ((Number) execution.getVariable(NotificationService.VAR_NOTIFICATION_ID)).longValue();
    Notification n = notifications.find(id).orElseThrow(() -> new IllegalStateException("notification " + id + " is gone"));
    if (!Notification.QUEUED.equals(n.status())) {
      return; // already delivered by an earlier run of this job
    }
    JavaMailSender sender = mailSender.getIfAvailable();
    if (sender == null) {
      notifications.markSent(id, Notification.NO_MAIL_SERVER);
      return;
    }
    MimeMessage message = sender.createMimeMessage();
    MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
    helper.setFrom(properties.from());
    helper.setTo(n.recipient());
    helper.setSubject(n.subject());
    helper.setText(n.body(), false);
    message.setHeader("X-Gongzhi-Notice", n.dedupeKey());
    try {
      sender.send(message);
    } catch (RuntimeException e) { // the job fails and is retried (then an incident): say which notice, never to whom in full
      String what = "Notice " + id + " (" + n.kind() + ") of " + n.caseRef() + " to " + PersonalData.maskEmail(n.recipient()) + " not sent";
      log.warn("{}, to be retried: {}", what, e.getMessage());
      // Camunda keeps what is thrown here (job exception message, stack trace, incident, job log): a refusal such as
      // "550 5.1.1 <wang.fang@example.com>: Recipient address rejected" quotes the recipient, so neither the message nor
      // the cause goes there as it is — only the cause's class and its message masked
      throw new NoticeNotSentException(what + ": " + e.getClass().getName() + ": " + masked(e.getMessage()));
    }
    notifications.markSent(id, Notification.SENT);
    log.info("Notice {} ({}) sent to {}", id, n.kind(), PersonalData.maskEmail(n.recipient()));
  }

  private static String masked(String message) {
    String m = PersonalData.maskLogLine(message == null ? "" : message.replaceAll("\\s+", " "));
    return m.length() > 500 ? m.substring(0, 500) + "…" : m;
  }

  /** A failed send as Camunda stores it: which notice, to whom masked, the failure's class and masked message; no cause. */
  public static class NoticeNotSentException extends RuntimeException {
    public NoticeNotSentException(String message) {
      super(message);
    }
  }
}
