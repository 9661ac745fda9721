package org.gongzhi.channel;

import java.util.Locale;
import org.gongzhi.notification.NotificationService;
import org.gongzhi.webhook.WebhookOutbox;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Carries every resident-visible event (reply, escalation, resolution, closing …) back to the
 * resident. Today the resident's own e-mail, when they gave one, in their language; the update is
 * always on the case's public timeline, which the channel reads with {@code GET /api/v1/complaints/{n}}; and, when
 * the case came through a channel that registered a webhook, a signed {@code complaint.<kind>} event to that channel.
 */
@Component
public class ResidentUpdates {

  private final NotificationService notifications;
  private final MessageSource messages;
  private final WebhookOutbox webhooks;

  public ResidentUpdates(NotificationService notifications, MessageSource messages, WebhookOutbox webhooks) {
    this.notifications = notifications;
    this.messages = messages;
    this.webhooks = webhooks;
  }

  /**
   * @param eventId unique per event (the timeline entry), so a repeated job run sends nothing twice
   */
  public void publish(String caseNumber, String email, Locale locale, String eventKind, String eventId, String text) {
    webhooks.enqueue(caseNumber, "complaint." + eventKind.toLowerCase(Locale.ROOT), WebhookOutbox.data("kind", eventKind, "text", text));
    if (email == null || email.isBlank()) {
      return;
    }
    String kindLabel = messages.getMessage("timeline.kind." + eventKind, null, eventKind, locale);
    String subject = messages.getMessage("mail.resident.subject", new Object[] {caseNumber, kindLabel}, locale);
    String body = messages.getMessage("mail.resident.body", new Object[] {caseNumber, kindLabel, text == null ? "" : text}, locale);
    notifications.queue("resident:" + eventId, "RESIDENT_" + eventKind, caseNumber, email, subject, body);
  }
}
