package org.gongzhi.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.system.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The transactional outbox of the channels' webhooks. {@link #enqueue} writes one row in the caller's transaction
 * (the process step's, which Camunda runs in Spring's transaction): the event exists exactly when the step that
 * caused it committed, and nothing is sent here — {@link WebhookDispatcher} delivers later, outside any case's
 * transaction, so a channel that is down can neither block nor roll back the process.
 */
@Component
public class WebhookOutbox {

  private static final Logger log = LoggerFactory.getLogger(WebhookOutbox.class);

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  public WebhookOutbox(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** {@code data("teamCode", code, "scheduledFor", when)}: an event's data in that order; null values are left out. */
  public static Map<String, Object> data(Object... keysAndValues) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        data.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return data;
  }

  /**
   * Queues {@code eventType} for the channel that created {@code caseRef}, if it was created through the API and
   * that channel has registered a webhook; otherwise does nothing. One statement (insert … select), so the check and
   * the insert see the same rows. The event records the case's previous event for the channel ({@code previousEventId}
   * in the body), so that receivers can spot a missing one: a case's steps run one at a time (Camunda's optimistic
   * locking rolls back the loser of two concurrent steps, with its event), so two events never name the same predecessor.
   *
   * @param data what the event adds to the case reference: nothing the channel could not already read with
   *             {@code GET /api/v1/…} (no names, phones or addresses)
   * @return whether an event was queued
   */
  public boolean enqueue(String caseRef, String eventType, Map<String, ?> data) {
    String payload;
    try {
      payload = json.writeValueAsString(data == null ? Map.of() : data);
    } catch (JsonProcessingException e) { // never the process's problem: the event is lost, loudly
      log.error("Webhook event {} of {} not queued: data not serialisable", eventType, caseRef, e);
      return false;
    }
    var now = Timestamps.ts(EngineTime.now());
    return jdbc.sql("""
            insert into webhook_event (id, channel, case_ref, case_kind, event_type, payload, status, attempts, next_attempt_at, created_at,
                                       previous_event_id)
            select ?, o.channel, o.case_ref, o.case_kind, ?, ?, 'PENDING', 0, ?, ?,
                   (select p.id from webhook_event p where p.case_ref = o.case_ref and p.channel = o.channel
                     order by p.seq desc fetch first 1 rows only)
              from case_origin o join channel_webhook w on w.channel = o.channel
             where o.case_ref = ?""")
        .params(UUID.randomUUID().toString(), eventType, payload, now, now, caseRef).update() > 0;
  }
}
