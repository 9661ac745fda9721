package org.gongzhi.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * dead event would silence the case for ever); the receiver can tell from {@code previousEventId} that one is missing,
 * and an administrator can redeliver it — it then arrives after the later ones.
 *
 * <p><b>Safe with several nodes on one database.</b> Each event is claimed with a conditional update
 * ({@code claimed_until}, {@code claimed_by}) before it is sent, only if it is still as read (same attempts, still due);
 * a node that loses the race, or read a stale copy, skips it. Results are written only while the claim is held. A node that dies while holding a
 * claim only delays the event until the claim runs out. Delivery is at-least-once (a lost 2xx leads to a retry): the
 * receiver de-duplicates on {@code X-Gongzhi-Event-Id}.
 *
 * <p><b>Given up: a Cockpit incident.</b> An event that becomes FAILED raises a custom incident on its case's process
 * instance while the case runs, and a redelivery that succeeds resolves it ({@link WebhookIncidents}).
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
  private final WebhookUrlPolicy urls;
  private final ObjectMapper json;
  private final WebhookIncidents incidents;
  private final HttpClient http;

  public WebhookDispatcher(JdbcClient jdbc, ChannelWebhooks webhooks, WebhookProperties properties, WebhookUrlPolicy urls,
                           ObjectMapper json, WebhookIncidents incidents) {
    this.jdbc = jdbc;
    this.incidents = incidents;
    this.webhooks = webhooks;
    this.properties = properties;
    this.urls = urls;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  record Due(String id, long seq, String channel, String caseRef, String caseKind, String type, String data, int attempts,
             Instant createdAt, String previousEventId, String incidentState) {
  }

  /** How one attempt ended. */
  enum Outcome {
    /** not sent: another dispatcher holds the event, or it is no longer due as read (stale copy) */
    NOT_CLAIMED,
    DELIVERED,
    /** the receiver answered something else than 2xx, or the event cannot be sent at all */
    REFUSED,
    /** no answer: connection refused or reset, timeout, refused address — the channel looks down */
    UNREACHABLE
  }

  /**
   * Sends every event due now (engine time), in rounds: a delivered event makes its case's next event due at once.
   * A channel that could not be reached is skipped for the rest of the call (its events stay due for the next poll),
   * so that one dead channel costs one timeout per poll, not one per event.
   *
   * @return the delivery attempts made (successful or not)
   */
  public int deliverDue() {
    int attempts = 0;
    Set<String> unreachable = new HashSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int delivered = 0;
      List<Due> due = due(EngineTime.now());
      if (due.isEmpty()) {
        break;
      }
      for (Due event : due) {
        if (unreachable.contains(event.channel())) {
          continue;
        }
        Outcome outcome = attempt(event);
        if (outcome == Outcome.NOT_CLAIMED) {
          continue;
        }
        attempts++;
        if (outcome == Outcome.DELIVERED) {
          delivered++;
        } else if (outcome == Outcome.UNREACHABLE) {
          unreachable.add(event.channel());
        }
      }
      if (delivered == 0) {
        break; // what failed waits for its backoff; nothing new became due
      }
    }
    incidents.reconcile();
    return attempts;
  }

  /** Deletes the DELIVERED events older than {@code retention}; the poller calls it. */
  public int purgeDelivered() {
    return jdbc.sql("delete from webhook_event where status = 'DELIVERED' and delivered_at < ?")
        .param(Timestamps.ts(EngineTime.now().minus(properties.retention()))).update();
  }

  List<Due> due(Instant now) {
    var ts = Timestamps.ts(now);
    return jdbc.sql("""
            select e.id, e.seq, e.channel, e.case_ref, e.case_kind, e.event_type, e.payload, e.attempts, e.created_at,
                   e.previous_event_id, e.incident_state
              from webhook_event e
             where e.status = 'PENDING' and e.next_attempt_at <= ? and (e.claimed_until is null or e.claimed_until < ?)
               and not exists (select 1 from webhook_event p where p.case_ref = e.case_ref and p.status = 'PENDING' and p.seq < e.seq)
             order by e.seq
             fetch first ? rows only""")
        .params(ts, ts, properties.batchSize())
        .query((rs, n) -> new Due(rs.getString("id"), rs.getLong("seq"), rs.getString("channel"), rs.getString("case_ref"),
            rs.getString("case_kind"), rs.getString("event_type"), rs.getString("payload"), rs.getInt("attempts"),
            Timestamps.instant(rs, "created_at"), rs.getString("previous_event_id"), rs.getString("incident_state")))
        .list();
  }

  /** Claims {@code event} as read and, if that succeeds, sends it. */
  Outcome attempt(Due event) {
    String claim = claim(event);
    return claim == null ? Outcome.NOT_CLAIMED : deliver(event, claim);
  }

  /**
   * Conditional update: of two nodes that read the same due event, exactly one sends it. The event must still be as it
   * was read (same attempts, still due): a node working from a stale copy — another node tried the event meanwhile
   * and set its backoff — does not claim it. The claim lasts longer than one delivery can take (2 × timeout + 30 s).
   *
   * @return the claim token, or null when not claimed
   */
  String claim(Due event) {
    Instant now = EngineTime.now();
    Instant until = now.plus(properties.timeout().multipliedBy(2)).plusSeconds(30);
    String token = UUID.randomUUID().toString();
    var ts = Timestamps.ts(now);
    boolean claimed = jdbc.sql("""
            update webhook_event set claimed_until = ?, claimed_by = ?
             where id = ? and status = 'PENDING' and attempts = ? and next_attempt_at <= ?
               and (claimed_until is null or claimed_until < ?)""")
        .params(Timestamps.ts(until), token, event.id(), event.attempts(), ts, ts).update() == 1;
    return claimed ? token : null;
  }

  Outcome deliver(Due event, String claim) {
    Optional<ChannelWebhooks.Registration> target = webhooks.find(event.channel());
    if (target.isEmpty()) {
      giveUp(event, claim, null, "no webhook registered for channel " + event.channel());
      return Outcome.REFUSED;
    }
    String body;
    URI uri;
    try {
      body = body(event);
      uri = URI.create(target.get().url());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      giveUp(event, claim, null, "unreadable event data or URL: " + e.getMessage());
      return Outcome.REFUSED;
    }
    Optional<String> refused = urls.refusal(uri); // again at every attempt: the name may resolve elsewhere by now
    if (refused.isPresent()) {
      failed(event, claim, null, refused.get());
      return Outcome.UNREACHABLE;
    }
    long timestamp = Instant.now().getEpochSecond(); // the receiver's replay window runs on the wall clock
    Integer status = null;
    String error;
    CompletableFuture<HttpResponse<Void>> exchange = null;
    try {
      HttpRequest request = HttpRequest.newBuilder(uri)
          .timeout(properties.timeout())
          .header("Content-Type", "application/json; charset=utf-8")
          .header("User-Agent", "Gongzhi-Webhooks/1")
          .header("X-Gongzhi-Event-Id", event.id())
          .header("X-Gongzhi-Event-Type", event.type())
          .header("X-Gongzhi-Timestamp", Long.toString(timestamp))
          .header("X-Gongzhi-Signature", WebhookSignature.sign(target.get().secret(), timestamp, body))
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      // the request timeout only covers the answer's headers: the whole exchange, body included, is bounded here, so
      // that a receiver trickling its answer cannot hold the poller (or outlast the claim)
      exchange = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
      HttpResponse<Void> response = exchange.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
      status = response.statusCode();
      if (status / 100 == 2) {
        int updated = jdbc.sql("""
                update webhook_event set status = 'DELIVERED', attempts = attempts + 1, delivered_at = ?, last_status = ?,
                       last_error = null, claimed_until = null, claimed_by = null where id = ? and claimed_by = ?""")
            .params(Timestamps.ts(EngineTime.now()), status, event.id(), claim).update();
        lostClaim(event, updated);
        if (updated == 1 && event.incidentState() != null) { // a redelivery that succeeded: its Cockpit incident is resolved
          incidents.delivered(event.id());
        }
        return Outcome.DELIVERED;
      }
      error = "HTTP " + status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (TimeoutException e) {
      error = "timeout: no complete answer within " + properties.timeout();
    } catch (Exception e) { // connection refused, bad URL …: the channel's problem, retried
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    } finally {
      if (exchange != null && !exchange.isDone()) {
        exchange.cancel(true);
      }
    }
    failed(event, claim, status, error);
    return status == null ? Outcome.UNREACHABLE : Outcome.REFUSED;
  }

  private void failed(Due event, String claim, Integer status, String error) {
    int attempts = event.attempts() + 1; // the claim checked that the event still had event.attempts()
    if (attempts >= properties.maxAttempts()) {
      giveUp(event, claim, status, error);
      return;
    }
    Instant next = EngineTime.now().plus(properties.delayAfter(attempts));
    log.info("Webhook event {} ({} of {}) failed, attempt {}: {}; next at {}", event.id(), event.type(), event.caseRef(), attempts,
        error, next);
    int updated = jdbc.sql("""
            update webhook_event set attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?,
                   claimed_until = null, claimed_by = null
             where id = ? and claimed_by = ?""")
        .params(Timestamps.ts(next), status, limit(error), event.id(), claim).update();
    lostClaim(event, updated);
  }

  private void giveUp(Due event, String claim, Integer status, String error) {
    log.warn("Webhook event {} ({} of {}) FAILED after {} attempts: {}; an administrator can redeliver it", event.id(), event.type(),
        event.caseRef(), event.attempts() + 1, error);
    // the incident is wanted in the same update that gives the event up: if raising it fails below (engine refusal,
    // crash), the next poll on any node raises it (a redelivered event that failed again keeps the incident it has)
    int updated = jdbc.sql("""
            update webhook_event set status = 'FAILED', attempts = attempts + 1, last_status = ?, last_error = ?,
                   claimed_until = null, claimed_by = null,
                   incident_state = case when incident_state = 'RAISED' then 'RAISED' else 'WANTED' end
             where id = ? and claimed_by = ?""")
        .params(status, limit(error), event.id(), claim).update();
    lostClaim(event, updated);
    if (updated == 1) {
      incidents.failed(event.id()); // a Cockpit incident on the case's process instance, if the case still runs
    }
  }

  private static void lostClaim(Due event, int updated) {
    if (updated == 0) {
      log.warn("Webhook event {} ({} of {}): the attempt outlasted its claim; its result is not recorded", event.id(),
          event.type(), event.caseRef());
    }
  }

  /** The posted body; the same bytes on every attempt (only the timestamp and signature headers change). */
  String body(Due event) throws JsonProcessingException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventId", event.id());
    body.put("sequence", event.seq());
    body.put("previousEventId", event.previousEventId());
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
