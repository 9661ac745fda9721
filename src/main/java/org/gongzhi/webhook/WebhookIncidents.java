package org.gongzhi.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A webhook event that FAILED for good shows in Cockpit as a custom incident of type {@value #TYPE} on its case's
 * process instance (configuration = the event id, message naming the channel and the event), as long as the case
 * is running; a redelivery that succeeds resolves it. A case that has ended has no instance to carry an incident:
 * then the administrators' FAILED list alone tells of the event.
 *
 * <p>The incident only informs: it holds no job and blocks nothing, the case's tasks and timers go on. Camunda
 * requires a custom incident to sit on an execution that is at an activity, and deletes it when that execution ends
 * (the task is completed, the tier is left); {@link #reconcile()} therefore raises it again on the case's current
 * activity while the event is not delivered and the case still runs.
 *
 * <p><b>State in the outbox</b> ({@code webhook_event.incident_state}, V18): the dispatcher sets {@code WANTED} in the very
 * update that marks the event FAILED, so an incident that could not be raised at once (engine refusal, crash) is raised
 * by the next {@link #reconcile()} on any node; {@code RAISED} with {@code incident_id} once it is; null when none is
 * wanted.
 *
 * <p><b>One node raises.</b> Raising (or resolving) runs in one transaction that first claims the event's row with a
 * conditional update ({@code incident_state} still as read); the engine's commands join that transaction. A second
 * node's claim waits for the first's commit and then finds the row changed: it does nothing. So no node creates a copy
 * it would then have to resolve (which Cockpit's history would show as resolved although the event never arrived), and
 * an engine refusal rolls back the claim with the incident: the event stays as it was, to be tried again.
 *
 * <p>Everything here runs outside any case's transaction; a failure is logged and never reaches the dispatcher.
 */
@Component
public class WebhookIncidents {

  /** Camunda incident type of a webhook event whose retries ran out. */
  public static final String TYPE = "webhookDeliveryFailed";

  /** {@code webhook_event.incident_state}: an incident is wanted and not (yet, or no longer) recorded as raised. */
  static final String WANTED = "WANTED";
  /** {@code webhook_event.incident_state}: the incident {@code incident_id} was raised. */
  static final String RAISED = "RAISED";
  /** Set by a claim, inside the claiming transaction only (never committed). */
  private static final String RAISING = "RAISING";

  /** Engine calls per event and call: the case may move on between reading its activities and the incident. */
  private static final int TRIES = 3;
  /** Event ids per query on Camunda's incident table. */
  private static final int CHUNK = 500;

  private static final Logger log = LoggerFactory.getLogger(WebhookIncidents.class);

  /** The process that carries each kind of case (business key = case number); kept here so as not to import them. */
  private static final Map<String, String> PROCESS_OF_KIND = Map.of("COMPLAINT", "complaint-escalation",
      "VOLUNTEER_ORDER", "volunteer-order", "CONTENT", "content-approval", "MERCHANT", "merchant-onboarding");

  private final JdbcClient jdbc;
  private final RuntimeService runtime;
  private final MessageSource messages;
  private final TransactionTemplate tx;

  public WebhookIncidents(JdbcClient jdbc, RuntimeService runtime, MessageSource messages, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.runtime = runtime;
    this.messages = messages;
    this.tx = new TransactionTemplate(transactions);
    this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  private record Row(String id, String channel, String caseRef, String caseKind, String type, String status, int attempts,
                     String lastError, String incidentId, String incidentState) {
  }

  /** What one attempt at raising an event's incident did. */
  enum Raised {
    /** created on the case's current activity */
    RAISED,
    /** an open incident of the event was there already: recorded */
    ADOPTED,
    /** the case has ended: no incident, none wanted any more */
    CASE_ENDED,
    /** not claimed: another node raised it meanwhile, or the event moved on (delivered) */
    NOT_CLAIMED,
    /** the engine refused (the case moved on, a concurrent change): still wanted, tried again at the next poll */
    FAILED
  }

  /**
   * The event {@code eventId} has just become FAILED (the dispatcher set {@code incident_state} WANTED unless it was
   * RAISED: a redelivered event that failed again keeps its incident): raises its incident now. What fails here is
   * left WANTED for {@link #reconcile()}.
   */
  void failed(String eventId) {
    try {
      find(eventId).filter(e -> WANTED.equals(e.incidentState())).ifPresent(this::raise);
    } catch (RuntimeException e) {
      log.warn("Webhook event {}: no incident raised yet (the next poll tries again): {}", eventId, e.toString());
    }
  }

  /**
   * The event {@code eventId} has been delivered (after a redelivery): resolves its incident, if it has one, and clears
   * its state — in one transaction that claims the row first, so that of two nodes one resolves. On failure the state
   * stays, and {@link #reconcile()} resolves it later.
   */
  void delivered(String eventId) {
    try {
      tx.executeWithoutResult(status -> {
        int claimed = jdbc.sql("""
                update webhook_event set incident_state = null, incident_id = null
                 where id = ? and status = 'DELIVERED' and incident_state is not null""").param(eventId).update();
        if (claimed == 1) {
          for (Incident incident : openIncidents(eventId)) {
            runtime.resolveIncident(incident.getId());
          }
        }
      });
    } catch (RuntimeException e) {
      log.warn("Webhook event {} delivered, its incident not resolved yet (the next poll tries again): {}", eventId, e.toString());
    }
  }

  /**
   * Brings the incidents in line with the outbox, at the end of every poll on every node: raises those WANTED (failed
   * to rise, or never tried after a crash), raises again those Camunda deleted with the execution that carried them
   * while the event is not delivered and its case runs on (forgets them once the case has ended), resolves those of
   * events delivered meanwhile. One indexed query on the outbox; when it finds raised incidents, one query per
   * {@value #CHUNK} of them on Camunda's incident table, by configuration (= event id, indexed), for those still open.
   */
  public void reconcile() {
    try {
      List<Row> withState = jdbc.sql(SELECT + " where incident_state is not null").query((rs, n) -> map(rs)).list();
      if (withState.isEmpty()) {
        return;
      }
      Set<String> open = openIncidentIds(withState.stream()
          .filter(e -> RAISED.equals(e.incidentState()) && !e.status().equals("DELIVERED")).map(Row::id).toList());
      for (Row event : withState) {
        if (event.status().equals("DELIVERED")) {
          delivered(event.id());
        } else if (WANTED.equals(event.incidentState()) || !open.contains(event.incidentId())) {
          raise(event);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Webhook incidents not reconciled: {}", e.toString());
    }
  }

  /** Raises the incident of {@code event} as read (WANTED, or RAISED with an incident that is gone), trying a few times. */
  private Raised raise(Row event) {
    Raised result = Raised.FAILED;
    String error = null;
    for (int tries = 0; tries < TRIES && result == Raised.FAILED; tries++) {
      try {
        result = raiseOnce(event);
      } catch (RuntimeException e) { // rolled back, claim included: the event is as it was
        error = e.toString();
        log.debug("Webhook event {}: incident not raised, trying again: {}", event.id(), error);
      }
    }
    switch (result) {
      case RAISED -> log.warn("Webhook event {} ({} of {}) FAILED: incident raised on the case's process instance", event.id(),
          event.type(), event.caseRef());
      case CASE_ENDED -> log.info("Webhook event {} FAILED; case {} has ended, so no incident: the administrators' FAILED list"
          + " shows it", event.id(), event.caseRef());
      case FAILED -> log.warn("Webhook event {} FAILED; its incident could not be raised on case {} yet ({}): the next poll"
          + " tries again", event.id(), event.caseRef(), error);
      default -> { }
    }
    return result;
  }

  /**
   * One transaction: claims the event's row as read (the claim holds the row until commit: another node's claim waits,
   * then finds it changed and does nothing), then adopts an open incident of the event or creates one on the case's
   * current activity, and records it. The engine's commands join this transaction; if one throws, everything rolls
   * back, claim included.
   */
  private Raised raiseOnce(Row event) {
    return tx.execute(status -> {
      int claimed = WANTED.equals(event.incidentState())
          ? jdbc.sql("update webhook_event set incident_state = ? where id = ? and incident_state = ? and status <> 'DELIVERED'")
              .params(RAISING, event.id(), WANTED).update()
          : jdbc.sql("""
                  update webhook_event set incident_state = ?
                   where id = ? and incident_state = ? and incident_id = ? and status <> 'DELIVERED'""")
              .params(RAISING, event.id(), RAISED, event.incidentId()).update();
      if (claimed != 1) {
        return Raised.NOT_CLAIMED;
      }
      List<Incident> open = openIncidents(event.id());
      if (!open.isEmpty()) {
        record(event, open.get(0).getId());
        return Raised.ADOPTED;
      }
      Optional<String> execution = currentExecution(event);
      if (execution.isEmpty()) {
        jdbc.sql("update webhook_event set incident_state = null, incident_id = null where id = ?").param(event.id()).update();
        return Raised.CASE_ENDED;
      }
      Incident incident = runtime.createIncident(TYPE, execution.get(), event.id(), message(event));
      record(event, incident.getId());
      return Raised.RAISED;
    });
  }

  private void record(Row event, String incidentId) {
    jdbc.sql("update webhook_event set incident_state = ?, incident_id = ? where id = ?").params(RAISED, incidentId, event.id()).update();
  }

  private List<Incident> openIncidents(String eventId) {
    return runtime.createIncidentQuery().incidentType(TYPE).configuration(eventId).list();
  }

  /**
   * The ids of the open {@value #TYPE} incidents of these events. Camunda's incident query takes one configuration at a
   * time, so this reads its runtime table directly (read only; {@code ACT_IDX_INC_CONFIGURATION} serves it).
   */
  private Set<String> openIncidentIds(List<String> eventIds) {
    Set<String> open = new HashSet<>();
    for (int from = 0; from < eventIds.size(); from += CHUNK) {
      open.addAll(jdbc.sql("select ID_ from ACT_RU_INCIDENT where INCIDENT_TYPE_ = :type and CONFIGURATION_ in (:ids)")
          .param("type", TYPE).param("ids", eventIds.subList(from, Math.min(eventIds.size(), from + CHUNK)))
          .query(String.class).list());
    }
    return open;
  }

  /** An execution of the case's running process instance that is at an activity (a leaf of its activity tree). */
  private Optional<String> currentExecution(Row event) {
    String processKey = PROCESS_OF_KIND.get(event.caseKind());
    if (processKey == null) {
      return Optional.empty();
    }
    List<ProcessInstance> instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(event.caseRef(), processKey).list();
    for (ProcessInstance instance : instances) {
      ActivityInstance tree = runtime.getActivityInstance(instance.getId());
      Optional<String> leaf = tree == null ? Optional.empty() : leaf(tree, true);
      if (leaf.isPresent()) {
        return leaf;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> leaf(ActivityInstance instance, boolean root) {
    for (ActivityInstance child : instance.getChildActivityInstances()) {
      Optional<String> leaf = leaf(child, false);
      if (leaf.isPresent()) {
        return leaf;
      }
    }
    for (TransitionInstance transition : instance.getChildTransitionInstances()) {
      if (transition.getExecutionId() != null) {
        return Optional.of(transition.getExecutionId());
      }
    }
    if (!root && instance.getChildActivityInstances().length == 0 && instance.getExecutionIds().length > 0) {
      return Optional.of(instance.getExecutionIds()[0]);
    }
    return Optional.empty();
  }

  /** zh-CN first, then English: Cockpit shows one text to every administrator. */
  private String message(Row e) {
    Object[] args = {e.channel(), e.type(), e.id(), e.caseRef(), e.attempts(), e.lastError() == null ? "-" : e.lastError()};
    String text = messages.getMessage("webhook.incident", args, Locale.SIMPLIFIED_CHINESE) + " / "
        + messages.getMessage("webhook.incident", args, Locale.ENGLISH);
    return text.length() <= 3900 ? text : text.substring(0, 3900);
  }

  private Optional<Row> find(String id) {
    return jdbc.sql(SELECT + " where id = ?").param(id).query((rs, n) -> map(rs)).optional();
  }

  private static final String SELECT = "select id, channel, case_ref, case_kind, event_type, status, attempts, last_error,"
      + " incident_id, incident_state from webhook_event";

  private static Row map(ResultSet rs) throws SQLException {
    return new Row(rs.getString("id"), rs.getString("channel"), rs.getString("case_ref"), rs.getString("case_kind"),
        rs.getString("event_type"), rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"), rs.getString("incident_id"),
        rs.getString("incident_state"));
  }
}
