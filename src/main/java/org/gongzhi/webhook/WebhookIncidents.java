package org.gongzhi.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngineException;
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

/**
 * A webhook event that FAILED for good shows in Cockpit as a custom incident of type {@value #TYPE} on its case's
 * process instance (configuration = the event id, message naming the channel and the event), as long as the case
 * is running; a redelivery that succeeds resolves it. A case that has ended has no instance to carry an incident:
 * then the administrators' FAILED list alone tells of the event.
 *
 * <p>The incident only informs: it holds no job and blocks nothing, the case's tasks and timers go on. Camunda
 * requires a custom incident to sit on an execution that is at an activity, and deletes it when that execution ends
 * (the task is completed, the tier is left); {@link #reconcile()} therefore raises it again on the case's current
 * activity while the event is still FAILED and the case still runs.
 *
 * <p>Everything here runs outside any case's transaction, each engine call in its own; a failure is logged and never
 * reaches the dispatcher.
 */
@Component
public class WebhookIncidents {

  /** Camunda incident type of a webhook event whose retries ran out. */
  public static final String TYPE = "webhookDeliveryFailed";

  private static final Logger log = LoggerFactory.getLogger(WebhookIncidents.class);

  /** The process that carries each kind of case (business key = case number); kept here so as not to import them. */
  private static final Map<String, String> PROCESS_OF_KIND = Map.of("COMPLAINT", "complaint-escalation",
      "VOLUNTEER_ORDER", "volunteer-order", "CONTENT", "content-approval", "MERCHANT", "merchant-onboarding");

  private final JdbcClient jdbc;
  private final RuntimeService runtime;
  private final MessageSource messages;

  public WebhookIncidents(JdbcClient jdbc, RuntimeService runtime, MessageSource messages) {
    this.jdbc = jdbc;
    this.runtime = runtime;
    this.messages = messages;
  }

  private record Row(String id, String channel, String caseRef, String caseKind, String type, String status, int attempts,
                     String lastError, String incidentId) {
  }

  /**
   * The event {@code eventId} has just become FAILED: raises its incident unless one is open already (a redelivered
   * event that failed again keeps the first).
   */
  void failed(String eventId) {
    try {
      Optional<Row> event = find(eventId);
      if (event.isEmpty() || !openIncidents(eventId).isEmpty()) {
        return;
      }
      raise(event.get());
    } catch (RuntimeException e) {
      log.warn("Webhook event {}: no incident raised: {}", eventId, e.toString());
    }
  }

  /** The event {@code eventId}, which had an incident, has been delivered (after a redelivery): resolves it. */
  void delivered(String eventId) {
    try {
      for (Incident incident : openIncidents(eventId)) {
        runtime.resolveIncident(incident.getId());
      }
      jdbc.sql("update webhook_event set incident_id = null where id = ?").param(eventId).update();
    } catch (RuntimeException e) {
      log.warn("Webhook event {} delivered, its incident not resolved: {}", eventId, e.toString());
    }
  }

  /**
   * Raises again the incidents Camunda deleted with the execution that carried them, for the events still FAILED (or
   * redelivered and not yet delivered) whose case runs on; forgets them once the case has ended. Resolves the
   * incidents of events delivered meanwhile. One query on the outbox and, only if it finds something, one on the
   * engine.
   */
  public void reconcile() {
    try {
      List<Row> withIncident = jdbc.sql(SELECT + " where incident_id is not null").query((rs, n) -> map(rs)).list();
      if (withIncident.isEmpty()) {
        return;
      }
      Set<String> open = new HashSet<>();
      runtime.createIncidentQuery().incidentType(TYPE).list().forEach(i -> open.add(i.getId()));
      for (Row event : withIncident) {
        if (event.status().equals("DELIVERED")) {
          delivered(event.id());
        } else if (!open.contains(event.incidentId())) {
          raise(event);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Webhook incidents not reconciled: {}", e.toString());
    }
  }

  /** Raises the incident on the case's current activity, or forgets it when the case has ended. */
  private void raise(Row event) {
    for (int tries = 0; tries < 3; tries++) { // the case may move on between reading its activities and the incident
      Optional<String> execution = currentExecution(event);
      if (execution.isEmpty()) {
        log.info("Webhook event {} FAILED; case {} has ended, so no incident: the administrators' FAILED list shows it",
            event.id(), event.caseRef());
        jdbc.sql("update webhook_event set incident_id = null where id = ?").param(event.id()).update();
        return;
      }
      Incident incident;
      try {
        incident = runtime.createIncident(TYPE, execution.get(), event.id(), message(event));
      } catch (ProcessEngineException e) {
        log.debug("Webhook event {}: incident not created on {}, trying again: {}", event.id(), execution.get(), e.toString());
        continue;
      }
      boolean recorded = event.incidentId() == null
          ? jdbc.sql("update webhook_event set incident_id = ? where id = ? and incident_id is null")
              .params(incident.getId(), event.id()).update() == 1
          : jdbc.sql("update webhook_event set incident_id = ? where id = ? and incident_id = ?")
              .params(incident.getId(), event.id(), event.incidentId()).update() == 1;
      if (!recorded) { // another node raised it meanwhile
        runtime.resolveIncident(incident.getId());
      } else {
        log.warn("Webhook event {} ({} of {}) FAILED: incident {} raised on the case's process instance", event.id(), event.type(),
            event.caseRef(), incident.getId());
      }
      return;
    }
    log.warn("Webhook event {} FAILED; its incident could not be raised on case {} (it kept moving)", event.id(), event.caseRef());
  }

  private List<Incident> openIncidents(String eventId) {
    return runtime.createIncidentQuery().incidentType(TYPE).configuration(eventId).list();
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

  private static final String SELECT =
      "select id, channel, case_ref, case_kind, event_type, status, attempts, last_error, incident_id from webhook_event";

  private static Row map(ResultSet rs) throws SQLException {
    return new Row(rs.getString("id"), rs.getString("channel"), rs.getString("case_ref"), rs.getString("case_kind"),
        rs.getString("event_type"), rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"), rs.getString("incident_id"));
  }
}
