package org.gongzhi.webhook;

import java.time.Instant;
import java.util.List;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.system.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The outbox as administrators see it: events by status, and redelivery of one that failed. */
@Component
public class WebhookEvents {

  public enum Status { PENDING, DELIVERED, FAILED }

  /** One event, without its data (which the channel receives, not the administrator's list). */
  public record Event(String id, long sequence, String channel, String caseRef, String caseKind, String type, Status status,
                      int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
                      Instant deliveredAt) {
  }

  private final JdbcClient jdbc;

  public WebhookEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Newest first; {@code status} null: all. */
  public List<Event> list(Status status, int offset, int limit) {
    String where = status == null ? "" : " where status = '" + status.name() + "'"; // an enum constant, never caller text
    return jdbc.sql("select * from webhook_event" + where + " order by seq desc offset ? rows fetch next ? rows only")
        .params(offset, limit).query((rs, n) -> {
          int last = rs.getInt("last_status");
          Integer lastStatus = rs.wasNull() ? null : last;
          return new Event(rs.getString("id"), rs.getLong("seq"), rs.getString("channel"), rs.getString("case_ref"),
              rs.getString("case_kind"), rs.getString("event_type"), Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
              Timestamps.instant(rs, "next_attempt_at"), lastStatus, rs.getString("last_error"),
              Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "delivered_at"));
        }).list();
  }

  public long count(Status status) {
    String where = status == null ? "" : " where status = '" + status.name() + "'";
    return jdbc.sql("select count(*) from webhook_event" + where).query(Long.class).single();
  }

  /** What {@link #redeliver} found. */
  public enum Redelivery { REDELIVERED, NOT_FOUND, NOT_FAILED }

  /**
   * Back to PENDING, due now, with its attempts reset: the dispatcher sends it again on its next poll, in its place
   * among the case's pending events (after those delivered meanwhile). Only a FAILED event can be redelivered: a
   * PENDING one is still being retried (resetting it would skip its backoff), a DELIVERED one has arrived.
   */
  public Redelivery redeliver(String id) {
    int updated = jdbc.sql("""
            update webhook_event set status = 'PENDING', attempts = 0, next_attempt_at = ?, claimed_until = null, claimed_by = null,
                   delivered_at = null
             where id = ? and status = 'FAILED'""")
        .params(Timestamps.ts(EngineTime.now()), id).update();
    if (updated > 0) {
      return Redelivery.REDELIVERED;
    }
    boolean exists = jdbc.sql("select count(*) from webhook_event where id = ?").param(id).query(Long.class).single() > 0;
    return exists ? Redelivery.NOT_FAILED : Redelivery.NOT_FOUND;
  }
}
