package org.gongzhi.complaint;

import static org.gongzhi.complaint.ComplaintEscalationProcess.*;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.gongzhi.channel.ResidentUpdates;
import org.gongzhi.complaint.TimelineEntry.Kind;
import org.gongzhi.complaint.TimelineEntry.Visibility;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.StaffRole;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.sla.SlaAlerts;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaKind;
import org.gongzhi.sla.SlaService;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * The rules of complaint handling, called by the process's delegates. Each method runs inside the
 * engine's transaction, so the case's own tables and the process move together.
 */
@Service
class ComplaintHandling {

  static final String OUTCOME_ESCALATED = "ESCALATED";
  static final String OUTCOME_HANDED_OVER = "HANDED_OVER";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final ComplaintRepository complaints;
  private final SlaService sla;
  private final SlaAlerts alerts;
  private final Jurisdictions jurisdictions;
  private final ComplaintProperties properties;
  private final ResidentUpdates residents;
  private final MessageSource messages;
  private final org.gongzhi.sla.SlaAdjustments clocks;

  ComplaintHandling(ComplaintRepository complaints, SlaService sla, SlaAlerts alerts, Jurisdictions jurisdictions,
                    ComplaintProperties properties, ResidentUpdates residents, MessageSource messages,
                    org.gongzhi.sla.SlaAdjustments clocks) {
    this.clocks = clocks;
    this.messages = messages;
    this.complaints = complaints;
    this.sla = sla;
    this.alerts = alerts;
    this.jurisdictions = jurisdictions;
    this.properties = properties;
    this.residents = residents;
  }

  /** A tier takes the case: its reply and resolution deadlines start now. */
  void openTierDeadlines(DelegateExecution ex) {
    String caseNumber = caseNumber(ex);
    Tier tier = tier(ex);
    JurisdictionNode node = jurisdictions.require((String) ex.getVariable(VAR_HANDLING_NODE));
    SlaDeadline reply = sla.open(KEY, caseNumber, ex.getProcessInstanceId(), SlaKind.REPLY, tier, node.code());
    SlaDeadline resolve = sla.open(KEY, caseNumber, ex.getProcessInstanceId(), SlaKind.RESOLVE, tier, node.code());
    complaints.recordFirstReplyDue(caseNumber, reply.dueAt());
    ex.setVariable(VAR_REPLY_SLA_ID, reply.id());
    ex.setVariable(VAR_RESOLVE_SLA_ID, resolve.id());
    ex.setVariable(VAR_REPLY_WARN_AT, Date.from(reply.warnAt()));
    ex.setVariable(VAR_REPLY_DUE_AT, Date.from(reply.dueAt()));
    ex.setVariable(VAR_RESOLVE_WARN_AT, Date.from(resolve.warnAt()));
    ex.setVariable(VAR_RESOLVE_DUE_AT, Date.from(resolve.dueAt()));
    ex.setVariable(VAR_REPLIED, false);
    ex.setVariable(VAR_CANDIDATE_GROUP, StaffRole.CASEWORKER.groupOf(node.code()));
    ex.setVariable(VAR_HANDLING_NODE_NAME, node.name());
    offerActions(ex, tier, false);
    ex.setVariable(VAR_DEPARTMENT_OPTIONS, options(tier.mayHandToDepartment()
        ? jurisdictions.ofTier(Tier.DEPARTMENT).stream().map(d -> Map.of("label", d.name(), "value", d.code())).toList()
        : List.of()));
    complaints.moveTo(caseNumber, tier, node.code());
    refreshFormState(ex);
  }

  /** A public reply (meets the tier's reply deadline) or an internal note. */
  void recordReplyOrNote(DelegateExecution ex) {
    String caseNumber = caseNumber(ex);
    ComplaintAction action = ComplaintAction.valueOf((String) ex.getVariable(VAR_ACTION));
    String message = (String) ex.getVariable(VAR_MESSAGE);
    if (action == ComplaintAction.REPLY) {
      publicEntry(ex, Kind.REPLY, message);
      sla.meet(longVar(ex, VAR_REPLY_SLA_ID));
      complaints.recordFirstReply(caseNumber);
      ex.setVariable(VAR_REPLIED, true);
    } else if (action == ComplaintAction.PAUSE) {
      // the message asks the resident for what is missing; the resolution deadline waits for them
      publicEntry(ex, Kind.PAUSED, message);
      clocks.pause(longVar(ex, VAR_RESOLVE_SLA_ID), actor(ex), message);
      offerActions(ex, tier(ex), true);
    } else if (action == ComplaintAction.RESUME) {
      publicEntry(ex, Kind.RESUMED, message == null || message.isBlank() ? null : message);
      clocks.resume(longVar(ex, VAR_RESOLVE_SLA_ID), actor(ex));
      offerActions(ex, tier(ex), false);
    } else {
      complaints.addTimeline(caseNumber, Kind.NOTE, Visibility.INTERNAL, tier(ex), handlingNode(ex), actor(ex), message);
    }
    refreshFormState(ex);
  }

  /** One tier up, never down: the handling node's parent, which must be the next tier. */
  void escalate(DelegateExecution ex) {
    Tier tier = tier(ex);
    Tier next = tier.above().orElseThrow(() -> new IllegalStateException("tier " + tier + " cannot escalate"));
    JurisdictionNode node = jurisdictions.require(handlingNode(ex));
    JurisdictionNode parent = jurisdictions.parentOf(node)
        .filter(p -> p.tier() == next)
        .orElseThrow(() -> new IllegalStateException(node.code() + " has no parent at tier " + next));
    leaveTier(ex, OUTCOME_ESCALATED);
    publicEntry(ex, Kind.ESCALATED, (String) ex.getVariable(VAR_MESSAGE), parent);
    ex.setVariable(VAR_TIER, next.name());
    ex.setVariable(VAR_HANDLING_NODE, parent.code());
  }

  /** District or city hands the case sideways to a city department (城管委 …). */
  void handToDepartment(DelegateExecution ex) {
    JurisdictionNode department = jurisdictions.find((String) ex.getVariable(VAR_DEPARTMENT_CODE))
        .filter(d -> d.tier() == Tier.DEPARTMENT)
        .orElseThrow(() -> new IllegalStateException("not a city department: " + ex.getVariable(VAR_DEPARTMENT_CODE)));
    leaveTier(ex, OUTCOME_HANDED_OVER);
    publicEntry(ex, Kind.HANDED_TO_DEPARTMENT, (String) ex.getVariable(VAR_MESSAGE), department);
    ex.setVariable(VAR_TIER, Tier.DEPARTMENT.name());
    ex.setVariable(VAR_HANDLING_NODE, department.code());
  }

  void recordResolution(DelegateExecution ex) {
    String caseNumber = caseNumber(ex);
    sla.meet(longVar(ex, VAR_REPLY_SLA_ID)); // the resolution note is a public reply too
    sla.meet(longVar(ex, VAR_RESOLVE_SLA_ID));
    publicEntry(ex, Kind.RESOLVED, (String) ex.getVariable(VAR_MESSAGE));
    complaints.recordFirstReply(caseNumber);
    complaints.markResolved(caseNumber, tier(ex));
    ex.setVariable(VAR_AUTO_CLOSE_AT, Date.from(EngineTime.now().plus(properties.ratingPeriod())));
  }

  /** Back to the tier that resolved it; the tier's deadlines start again when it takes the case. */
  void reopen(DelegateExecution ex) {
    ex.setVariable(VAR_ACTOR, null);
    complaints.markReopened(caseNumber(ex));
    publicEntry(ex, Kind.REOPENED, null);
  }

  void close(DelegateExecution ex) {
    ex.setVariable(VAR_ACTOR, null);
    complaints.markClosed(caseNumber(ex));
    publicEntry(ex, Kind.CLOSED, null);
  }

  void warn(DelegateExecution ex, SlaKind kind) {
    sla.recordWarning(slaId(ex, kind)).ifPresent(d -> alerts.warn(d, (String) ex.getVariable(VAR_TITLE)));
  }

  void breach(DelegateExecution ex, SlaKind kind) {
    sla.recordBreach(slaId(ex, kind), holder(ex)).ifPresent(d -> alerts.breach(d, (String) ex.getVariable(VAR_TITLE)));
  }

  /**
   * Who held the case when its deadline passed: the caseworker who claimed the work, or else the group it waits in.
   *
   * <p>A native query for the case's work task. Camunda's task query builds its SQL from a large dynamic mapping on
   * every call, and in the timer drain that was 16 % of the node's CPU samples (docs/performance.md, "Tuned"). A native
   * query checks no authorization: it finds the case's task whoever runs the timer (the job executor has no user; an
   * administrator may run a job by hand), where the task query would have found nothing for a caller without READ on it
   * and named the group instead. The table's name is built as {@code ManagementService.getTableName} builds it, without
   * that call's own check (SYSTEM READ), which a caller running a job by hand need not have.
   */
  private static String holder(DelegateExecution ex) {
    ProcessEngineServices engine = ex.getProcessEngineServices();
    String tasks = ((ProcessEngineConfigurationImpl) ex.getProcessEngine().getProcessEngineConfiguration()).getDatabaseTablePrefix()
        + "ACT_RU_TASK";
    return engine.getTaskService().createNativeTaskQuery()
        .sql("select * from " + tasks + " where PROC_INST_ID_ = #{processInstanceId} and TASK_DEF_KEY_ = #{taskKey}")
        .parameter("processInstanceId", ex.getProcessInstanceId()).parameter("taskKey", Task_WorkOnComplaint)
        .list().stream().map(Task::getAssignee).filter(Objects::nonNull).findFirst()
        .orElse((String) ex.getVariable(VAR_CANDIDATE_GROUP));
  }

  private long slaId(DelegateExecution ex, SlaKind kind) {
    return longVar(ex, kind == SlaKind.REPLY ? VAR_REPLY_SLA_ID : VAR_RESOLVE_SLA_ID);
  }

  /** Leaving a tier: the notice of leaving is the tier's public reply; its resolution deadline ends unmet. */
  private void leaveTier(DelegateExecution ex, String outcome) {
    sla.meet(longVar(ex, VAR_REPLY_SLA_ID));
    sla.close(longVar(ex, VAR_RESOLVE_SLA_ID), outcome);
  }

  private void publicEntry(DelegateExecution ex, Kind kind, String message) {
    publicEntry(ex, kind, message, jurisdictions.require(handlingNode(ex)));
  }

  private void publicEntry(DelegateExecution ex, Kind kind, String message, JurisdictionNode unit) {
    String caseNumber = caseNumber(ex);
    long entryId = complaints.addTimeline(caseNumber, kind, Visibility.PUBLIC, unit.tier(), unit.code(), actor(ex), message);
    Complaint c = complaints.require(caseNumber);
    Locale locale = Locale.forLanguageTag(c.reporterLocale());
    String text = (message == null ? "" : message + "\n\n") + unit.displayName(locale);
    residents.publish(caseNumber, c.reporterEmail(), locale, kind.name(), "complaint-timeline-" + entryId, text);
  }

  /** The actions the work form offers at this tier: PAUSE, or RESUME while the resolution clock stands still. */
  private void offerActions(DelegateExecution ex, Tier tier, boolean paused) {
    ex.setVariable(VAR_AVAILABLE_ACTIONS, options(ComplaintAction.allowedAt(tier, paused).stream()
        .map(a -> Map.of("label", a.bilingualLabel(), "value", a.name())).toList()));
  }

  /** What the next form shows: the case's history so far; the last decision's fields start empty. */
  private void refreshFormState(DelegateExecution ex) {
    StringBuilder history = new StringBuilder();
    for (TimelineEntry e : complaints.timeline(caseNumber(ex), true)) {
      history.append(TIME.format(e.occurredAt())).append("  ")
          .append(kindLabel(e.kind())).append(e.visibility() == Visibility.INTERNAL ? "（内部）" : "")
          .append(e.actor() == null ? "" : "  " + e.actor())
          .append(e.message() == null ? "" : "：" + e.message()).append('\n');
    }
    ex.setVariable(VAR_HISTORY_TEXT, history.toString());
    ex.setVariable(VAR_ACTION, null);
    ex.setVariable(VAR_MESSAGE, null);
    ex.setVariable(VAR_DEPARTMENT_CODE, null);
  }

  private String kindLabel(Kind kind) {
    return messages.getMessage("timeline.kind." + kind.name(), null, kind.name(), Locale.SIMPLIFIED_CHINESE);
  }

  private static Object options(List<Map<String, String>> options) {
    return SpinValues.jsonValue(org.camunda.spin.Spin.JSON(new ArrayList<>(options)).toString()).create();
  }

  /** The business key, which no task completion can change (unlike a variable). */
  private static String caseNumber(DelegateExecution ex) {
    return ex.getProcessBusinessKey();
  }

  private static Tier tier(DelegateExecution ex) {
    return Tier.valueOf((String) ex.getVariable(VAR_TIER));
  }

  private static String handlingNode(DelegateExecution ex) {
    return (String) ex.getVariable(VAR_HANDLING_NODE);
  }

  private static String actor(DelegateExecution ex) {
    return (String) ex.getVariable(VAR_ACTOR);
  }

  private static long longVar(DelegateExecution ex, String name) {
    return ((Number) ex.getVariable(name)).longValue();
  }
}
