package org.gongzhi.notification;

import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.gongzhi.sla.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues notices in the caller's transaction (a transactional outbox) and hands each to the
 * {@code notification-delivery} process, whose asynchronous send step retries and, when retries
 * are used up, becomes a Cockpit incident. A failing mail server therefore never rolls back or
 * blocks a case, and no notice is lost.
 */
@Service
public class NotificationService {

  public static final String DELIVERY_PROCESS_KEY = "notification-delivery";
  public static final String VAR_NOTIFICATION_ID = "notificationId";
  /** A delivery instance's business key is this and the notice's id. */
  public static final String DELIVERY_BUSINESS_KEY_PREFIX = "notification-";

  private final JdbcClient jdbc;
  private final RuntimeService runtimeService;

  public NotificationService(JdbcClient jdbc, RuntimeService runtimeService) {
    this.jdbc = jdbc;
    this.runtimeService = runtimeService;
  }

  /**
   * Queues a notice unless one with the same dedupe key exists (job execution is at-least-once, so
   * a timer that runs twice must not mail twice). Returns true if it was queued now.
   */
  @Transactional
  public boolean queue(String dedupeKey, String kind, String caseRef, String recipient, String subject, String body) {
    if (recipient == null || recipient.isBlank()) {
      return false;
    }
    int inserted = jdbc.sql("""
            insert into notification (dedupe_key, kind, case_ref, recipient, subject, body, status, created_at)
            select :key, :kind, :caseRef, :recipient, :subject, :body, 'QUEUED', :now
            where not exists (select 1 from notification where dedupe_key = :key)""")
        .params(Map.of("key", dedupeKey, "kind", kind, "caseRef", caseRef == null ? "" : caseRef, "recipient", recipient,
            "subject", subject, "body", body, "now", ts(EngineTime.now())))
        .update();
    if (inserted == 0) {
      return false;
    }
    long id = jdbc.sql("select id from notification where dedupe_key = ?").param(dedupeKey).query(Long.class).single();
    startDelivery(id);
    return true;
  }

  /**
   * Delivery is the system's work, not the user's: a caseworker whose reply queues a notice to the
   * resident needs no right to start the delivery process.
   */
  private void startDelivery(long id) {
    Callable<ProcessInstance> start = () -> runtimeService.startProcessInstanceByKey(DELIVERY_PROCESS_KEY, DELIVERY_BUSINESS_KEY_PREFIX + id,
        Map.of(VAR_NOTIFICATION_ID, id));
    CommandContext engineCommand = Context.getCommandContext();
    try {
      if (engineCommand != null) {
        engineCommand.runWithoutAuthorization(start);
      } else {
        start.call();
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public Optional<Notification> find(long id) {
    return jdbc.sql("select * from notification where id = ?").param(id).query(NotificationService::map).optional();
  }

  public List<Notification> forCase(String caseRef) {
    return jdbc.sql("select * from notification where case_ref = ? order by id").param(caseRef).query(NotificationService::map).list();
  }

  void markSent(long id, String status) {
    jdbc.sql("update notification set status = :status, sent_at = :now, attempts = attempts + 1 where id = :id")
        .param("status", status).param("now", ts(EngineTime.now())).param("id", id).update();
  }

  static Notification map(ResultSet rs, int row) throws SQLException {
    return new Notification(rs.getLong("id"), rs.getString("dedupe_key"), rs.getString("kind"), rs.getString("case_ref"),
        rs.getString("recipient"), rs.getString("subject"), rs.getString("body"), rs.getString("status"),
        instant(rs, "created_at"), instant(rs, "sent_at"));
  }
}
