package org.gongzhi.notification;

import java.time.Instant;

/** A queued notice: one recipient, one subject and body, delivered at most once per dedupe key. */
public record Notification(long id, String dedupeKey, String kind, String caseRef, String recipient, String subject,
                           String body, String status, Instant createdAt, Instant sentAt) {
  public static final String QUEUED = "QUEUED";
  public static final String SENT = "SENT";
  public static final String NO_MAIL_SERVER = "NO_MAIL_SERVER";
  /** Never sent: the case's personal data was erased (retention) while the notice still waited for delivery. */
  public static final String ERASED = "ERASED";
}
