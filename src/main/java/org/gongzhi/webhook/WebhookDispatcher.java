package org.gongzhi.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.system.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox ({@code webhook_event}) to the channels' callbacks.
 *
 * <p><b>In order per case.</b> Only the oldest PENDING event of each case is due: a later event of the same case waits
 * while an earlier one is being retried. An event that FAILED for good no longer holds the case up (otherwise one
 * dead event would silence the case for ever); the receiver can tell from {@code sequence} that one is missing, and an
 * administrator can redeliver it — it then arrives after the later ones.
 *
 * <p><b>Safe with several nodes on one database.</b> Each event is claimed with a conditional update
 * ({@code claimed_until}) before it is sent; a node that loses the race skips it. A node that dies while holding a
 * claim only delays the event until the claim runs out. Delivery is at-least-once (a lost 2xx leads to a retry): the
 * receiver de-duplicates on {@code X-Gongzhi-Event-Id}.
 *
 * <p>Nothing here runs in a case's transaction: every statement commits on its own, and the HTTP call happens with no
 * database transaction open.
 */
@Component
public class WebhookDispatcher {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int MAX_ROUNDS = 100;

  private final JdbcClient jdbc;
  private final ChannelWebhooks webhooks;
  private final WebhookProperties properties;
  private final ObjectMapper json;
  private final HttpClient http;

  public WebhookDispatcher(JdbcClient jdbc, ChannelWebhooks webhooks, WebhookProperties properties, ObjectMapper json) {
    this.jdbc = jdbc;
    this.webhooks = webhooks;
    this.properties = properties;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  record Due(String id, long seq, String channel, String caseRef, String caseKind, String type, String data, int attempts,
             Instant createdAt) {
  }

  /**
   * Sends every event due now (engine time), in rounds: a delivered event makes its case's next event due at once.
   *
   * @return the delivery attempts made (successful or not)
   */
  public int deliverDue() {
    int attempts = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int delivered = 0;
      List<Due> due = due(EngineTime.now());
      if (due.isEmpty()) {
        break;
      }
      for (Due event : due) {
        if (!claim(event)) {
          continue;
        }
        attempts++;
        if (deliver(event)) {
          delivered++;
        }
      }
      if (delivered == 0) {
        break; // what failed waits for its backoff; nothing new became due
      }
    }
    return attempts;
  }

  private List<Due> due(Instant now) {
    var ts = Timestamps.ts(now);
    return jdbc.sql("""
            select e.id, e.seq, e.channel, e.case_ref, e.case_kind, e.event_type, e.payload, e.attempts, e.created_at
              from webhook_event e
             where e.status = 'PENDING' and e.next_attempt_at <= ? and (e.claimed_until is null or e.claimed_until < ?)
               and not exists (select 1 from webhook_event p where p.case_ref = e.case_ref and p.status = 'PENDING' and p.seq < e.seq)
             order by e.seq
             fetch first ? rows only""")
        .params(ts, ts, properties.batchSize())
        .query((rs, n) -> new Due(rs.getString("id"), rs.getLong("seq"), rs.getString("channel"), rs.getString("case_ref"),
            rs.getString("case_kind"), rs.getString("event_type"), rs.getString("payload"), rs.getInt("attempts"),
            Timestamps.instant(rs, "created_at")))
        .list();
  }

  /** Conditional update: of two nodes that read the same due event, exactly one sends it. */
  private boolean claim(Due event) {
    Instant now = EngineTime.now();
    Instant until = now.plus(properties.timeout().multipliedBy(2)).plusSeconds(30);
    return jdbc.sql("update webhook_event set claimed_until = ? where id = ? and status = 'PENDING' and (claimed_until is null or claimed_until < ?)")
        .params(Timestamps.ts(until), event.id(), Timestamps.ts(now)).update() == 1;
  }

  private boolean deliver(Due event) {
    Optional<ChannelWebhooks.Registration> target = webhooks.find(event.channel());
    if (target.isEmpty()) {
      giveUp(event, null, "no webhook registered for channel " + event.channel());
      return false;
    }
    String body;
    try {
      body = body(event);
    } catch (JsonProcessingException e) {
      giveUp(event, null, "unreadable event data: " + e.getMessage());
      return false;
    }
    long timestamp = Instant.now().getEpochSecond(); // the receiver's replay window runs on the wall clock
    Integer status = null;
    String error;
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(target.get().url()))
          .timeout(properties.timeout())
          .header("Content-Type", "application/json; charset=utf-8")
          .header("User-Agent", "Gongzhi-Webhooks/1")
          .header("X-Gongzhi-Event-Id", event.id())
          .header("X-Gongzhi-Event-Type", event.type())
          .header("X-Gongzhi-Timestamp", Long.toString(timestamp))
          .header("X-Gongzhi-Signature", WebhookSignature.sign(target.get().secret(), timestamp, body))
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      if (status / 100 == 2) {
        jdbc.sql("""
                update webhook_event set status = 'DELIVERED', attempts = attempts + 1, delivered_at = ?, last_status = ?,
                       last_error = null, claimed_until = null where id = ?""")
            .params(Timestamps.ts(EngineTime.now()), status, event.id()).update();
        return true;
      }
      error = "HTTP " + status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (Exception e) { // connection refused, timeout, bad URL …: the channel's problem, retried
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    failed(event, status, error);
    return false;
  }

  private void failed(Due event, Integer status, String error) {
    int attempts = event.attempts() + 1;
    if (attempts >= properties.maxAttempts()) {
      giveUp(event, status, error);
      return;
    }
    Instant next = EngineTime.now().plus(properties.delayAfter(attempts));
    log.info("Webhook event {} ({} of {}) failed, attempt {}: {}; next at {}", event.id(), event.type(), event.caseRef(), attempts,
        error, next);
    jdbc.sql("""
            update webhook_event set attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?, claimed_until = null
             where id = ?""")
        .params(attempts, Timestamps.ts(next), status, limit(error), event.id()).update();
  }

  private void giveUp(Due event, Integer status, String error) {
    log.warn("Webhook event {} ({} of {}) FAILED after {} attempts: {}; an administrator can redeliver it", event.id(), event.type(),
        event.caseRef(), event.attempts() + 1, error);
    jdbc.sql("""
            update webhook_event set status = 'FAILED', attempts = attempts + 1, last_status = ?, last_error = ?, claimed_until = null
             where id = ?""")
        .params(status, limit(error), event.id()).update();
  }

  /** The posted body; the same bytes on every attempt (only the timestamp and signature headers change). */
  String body(Due event) throws JsonProcessingException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventId", event.id());
    body.put("sequence", event.seq());
    body.put("type", event.type());
    body.put("caseRef", event.caseRef());
    body.put("caseKind", event.caseKind());
    body.put("occurredAt", event.createdAt().atZone(Timestamps.CHINA).toOffsetDateTime().toString());
    JsonNode data = json.readTree(event.data());
    body.put("data", data);
    return json.writeValueAsString(body);
  }

  private static String limit(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
  }
}
