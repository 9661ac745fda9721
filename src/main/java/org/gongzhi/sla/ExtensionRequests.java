package org.gongzhi.sla;

import static org.gongzhi.system.EngineVariables.currentUser;
import static org.gongzhi.system.EngineVariables.isMember;
import static org.gongzhi.system.EngineVariables.refuse;
import static org.gongzhi.system.EngineVariables.str;
import static org.gongzhi.system.EngineVariables.text;
import static org.gongzhi.system.Timestamps.minute;
import static org.gongzhi.system.Timestamps.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.ShareTaskWithJurisdictionListener;
import org.gongzhi.jurisdiction.StaffDirectory;
import org.gongzhi.jurisdiction.StaffRole;
import org.gongzhi.notification.NotificationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * 延期: the rules of {@code processes/sla-extension.bpmn}. Whoever holds a case's open task asks for more time on one
 * of its open deadlines; the supervisors of the tier above the deadline's unit decide; an approval moves the
 * deadline through {@link SlaAdjustments}. Every request and decision stays in {@code sla_extension}.
 */
@Service
public class ExtensionRequests {

  static final long MAX_EXTRA_HOURS = 2160;

  private final SlaService sla;
  private final SlaAdjustments adjustments;
  private final JdbcClient jdbc;
  private final Jurisdictions jurisdictions;
  private final StaffDirectory staff;
  private final NotificationService notifications;

  public ExtensionRequests(SlaService sla, SlaAdjustments adjustments, JdbcClient jdbc, Jurisdictions jurisdictions, StaffDirectory staff,
                           NotificationService notifications) {
    this.sla = sla;
    this.adjustments = adjustments;
    this.jdbc = jdbc;
    this.jurisdictions = jurisdictions;
    this.staff = staff;
    this.notifications = notifications;
  }

  /** Checks the request and records it; the decision goes to the supervisors above the deadline's unit. */
  void check(DelegateExecution ex) {
    // the logged-in starter, never a variable the caller could have set (start variables override camunda:initiator)
    String requester = Context.getCommandContext().getAuthenticatedUserId();
    ex.setVariable("requestedBy", requester);
    if (requester == null) {
      throw refuse("须由经办人本人申请 / an extension is requested by the person who holds the case");
    }
    String caseRef = text(ex, "caseRef");
    String kind = text(ex, "deadlineKind") == null ? "ANY" : text(ex, "deadlineKind");
    String reason = text(ex, "reason");
    if (reason == null || reason.length() > 1000) {
      throw refuse("须写明理由（最多 1000 字） / a reason of at most 1000 characters is required (reason)");
    }
    Object hours = ex.getVariable("extraHours");
    if (!(hours instanceof Number n) || n.doubleValue() < 1 || n.doubleValue() > MAX_EXTRA_HOURS || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw refuse("顺延小时数应为 1 到 " + MAX_EXTRA_HOURS + " 的整数 / extraHours must be a whole number from 1 to " + MAX_EXTRA_HOURS);
    }
    SlaDeadline d = caseRef == null ? null : sla.deadlinesOf(caseRef).stream()
        .filter(SlaDeadline::isOpen).filter(x -> "ANY".equals(kind) || x.kind().name().equals(kind))
        .max(Comparator.comparingLong(SlaDeadline::id)).orElse(null);
    // the same answer whether the case does not exist or is not the requester's: numbers cannot be probed
    if (d == null || !holdsTheCase(ex, requester, d.processInstanceId())) {
      throw refuse("您手上没有案件 " + caseRef + " 的未结束期限 / you hold no open deadline of case " + caseRef);
    }
    if (sla.openPause(d.id()).isPresent()) {
      throw refuse("期限已暂停计时，恢复后再申请延期 / the deadline is paused; resume it before asking for more time");
    }
    Instant requested = d.dueAt().plus(Duration.ofHours(((Number) hours).longValue()));
    JurisdictionNode unit = jurisdictions.require(d.nodeCode());
    JurisdictionNode above = jurisdictions.parentOf(unit).orElse(unit);
    var key = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into sla_extension (deadline_id, case_ref, requested_by, requested_at, reason, due_before, due_requested, status,
              process_instance_id)
            values (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)""")
        .params(d.id(), d.caseRef(), requester, ts(EngineTime.now()), reason, ts(d.dueAt()), ts(requested), ex.getProcessInstanceId())
        .update(key, "id");
    ex.setVariable("extensionId", key.getKeyAs(Number.class).longValue());
    ex.setVariable("caseNumber", d.caseRef());
    ex.setVariable("title", "延期申请 / Extension · " + d.caseRef());
    ex.setVariable("deadlineLabel", d.kind().label(Locale.SIMPLIFIED_CHINESE) + " / " + d.kind().label(Locale.ENGLISH) + " · "
        + unit.name());
    ex.setVariable("dueBeforeText", minute(d.dueAt()) + (d.isBreached() ? "（已超时 / breached）" : ""));
    ex.setVariable("dueRequestedText", minute(requested));
    ex.setVariable("requestedByName", staffName(requester) + " (" + requester + ")");
    ex.setVariable("approverGroup", StaffRole.SUPERVISOR.groupOf(above.code()));
    ex.setVariable(ShareTaskWithJurisdictionListener.VAR_HANDLING_NODE, above.code());
    ex.setVariable("handlingNodeName", above.name());
  }

  /** The decider is a supervisor of the tier above, not the requester; a refusal says why. */
  void checkDecision(DelegateTask task) {
    Request request = pendingOf(task.getProcessInstanceId())
        .orElseThrow(() -> refuse("该延期申请已处理 / this request has been decided already"));
    // what steers the decision comes from the request's row, not from variables a completion could rewrite
    org.gongzhi.system.EngineVariables.unchanged(task, "extensionId", request.id());
    org.gongzhi.system.EngineVariables.unchanged(task, "requestedBy", request.requestedBy());
    String actor = currentUser(task) != null ? currentUser(task) : task.getAssignee();
    String group = approverGroupOf(request);
    org.gongzhi.system.EngineVariables.unchanged(task, "approverGroup", group);
    if (actor == null || !isMember(task.getExecution(), actor, group)) {
      throw refuse("只有上一级主管可以审批延期 / only the supervisors of the tier above decide on an extension");
    }
    if (actor.equals(request.requestedBy())) {
      throw refuse("不能审批自己的延期申请 / nobody decides on their own request");
    }
    String decision = text(task, "decision");
    String note = text(task, "decisionNote");
    if (!"APPROVE".equals(decision) && !"REFUSE".equals(decision)) {
      throw refuse("请选择批准或驳回 / choose APPROVE or REFUSE (decision: " + decision + ")");
    }
    if ("REFUSE".equals(decision) && note == null) {
      throw refuse("驳回须写明理由 / a refusal needs a note (decisionNote)");
    }
    if (note != null && note.length() > 1000) {
      throw refuse("审批意见不能超过 1000 字 / the note must be at most 1000 characters");
    }
    if (jdbc.sql("update sla_extension set decided_by = ?, decided_at = ?, decision_note = ? where id = ? and status = 'PENDING'")
        .params(actor, ts(EngineTime.now()), note, request.id()).update() != 1) {
      throw refuse("该延期申请已处理 / this request has been decided already");
    }
  }

  /** The request carried by this instance, while nobody has applied or refused it. */
  private java.util.Optional<Request> pendingOf(String processInstanceId) {
    return jdbc.sql("""
            select id, deadline_id, requested_by, due_requested, decided_by, decision_note from sla_extension
            where process_instance_id = ? and status = 'PENDING'""")
        .param(processInstanceId)
        .query((rs, i) -> new Request(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5),
            rs.getString(6)))
        .optional();
  }

  private record Request(long id, long deadlineId, String requestedBy, Instant dueRequested, String decidedBy, String decisionNote) {
  }

  private String approverGroupOf(Request request) {
    JurisdictionNode unit = jurisdictions.require(sla.require(request.deadlineId()).nodeCode());
    return StaffRole.SUPERVISOR.groupOf(jurisdictions.parentOf(unit).orElse(unit).code());
  }

  /** The decided request of this instance; a path reached without a recorded decision is refused. */
  private Request decidedOf(DelegateExecution ex) {
    Request r = pendingOf(ex.getProcessInstanceId()).orElse(null);
    if (r == null || r.decidedBy() == null) {
      throw refuse("延期申请尚未经主管审批 / the request has no supervisor's decision");
    }
    return r;
  }

  /** Approved: the deadline moves (timers, due dates and all); if it ended meanwhile, the request lapses. */
  void apply(DelegateExecution ex) {
    Request r = decidedOf(ex);
    SlaDeadline d = sla.require(r.deadlineId());
    boolean applicable = d.isOpen() && sla.openPause(r.deadlineId()).isEmpty() && r.dueRequested().isAfter(d.dueAt());
    if (applicable) {
      adjustments.extend(r.deadlineId(), r.dueRequested());
    }
    jdbc.sql("update sla_extension set status = ? where id = ?").params(applicable ? "APPROVED" : "LAPSED", r.id()).update();
    tell(r.requestedBy(), d.caseRef(), applicable ? "【延期已批准】" : "【延期未生效】", applicable
        ? "案件 " + d.caseRef() + " 的期限已顺延至 " + minute(r.dueRequested()) + "。\n\nThe deadline of " + d.caseRef() + " now is "
            + minute(r.dueRequested()) + " (China time)."
        : "案件 " + d.caseRef() + " 的期限在审批期间已结束或暂停，延期未生效。\n\nThe deadline ended or was paused while the request waited; nothing changed.");
  }

  void recordRefusal(DelegateExecution ex) {
    Request r = decidedOf(ex);
    String caseRef = sla.require(r.deadlineId()).caseRef();
    jdbc.sql("update sla_extension set status = 'REFUSED' where id = ?").param(r.id()).update();
    tell(r.requestedBy(), caseRef, "【延期未批准】",
        "案件 " + caseRef + " 的延期申请未获批准：" + r.decisionNote() + "\n\nYour request for more time was refused: see the note above.");
  }

  /** The requests and decisions on one deadline, oldest first. */
  public java.util.List<Extension> extensionsOf(long deadlineId) {
    return jdbc.sql("select * from sla_extension where deadline_id = ? order by id").param(deadlineId)
        .query((rs, i) -> new Extension(rs.getLong("id"), rs.getString("requested_by"), rs.getString("reason"),
            rs.getTimestamp("due_before").toInstant(), rs.getTimestamp("due_requested").toInstant(), rs.getString("status"),
            rs.getString("decided_by"), rs.getString("decision_note")))
        .list();
  }

  public record Extension(long id, String requestedBy, String reason, Instant dueBefore, Instant dueRequested, String status,
                          String decidedBy, String decisionNote) {
  }

  private boolean holdsTheCase(DelegateExecution ex, String userId, String processInstanceId) {
    if (processInstanceId == null) {
      return false;
    }
    var tasks = ex.getProcessEngineServices().getTaskService();
    return Context.getCommandContext().runWithoutAuthorization(() ->
        tasks.createTaskQuery().processInstanceId(processInstanceId).taskAssignee(userId).count()
            + tasks.createTaskQuery().processInstanceId(processInstanceId).taskCandidateUser(userId).count() > 0);
  }

  private String staffName(String userId) {
    return Context.getCommandContext().runWithoutAuthorization(() -> staff.displayNameOf(userId).orElse(userId));
  }

  private void tell(String userId, String caseRef, String subject, String body) {
    String email = userId == null ? null : Context.getCommandContext().runWithoutAuthorization(() -> staff.emailOf(userId).orElse(null));
    if (email != null && !email.isBlank()) {
      notifications.queue("extension:" + caseRef + ":" + userId + ":" + EngineTime.now().toEpochMilli(), "SLA_EXTENSION", caseRef, email,
          subject + caseRef + " / Extension", body);
    }
  }

  /** The beans {@code sla-extension.bpmn} names. */
  @Configuration(proxyBeanMethods = false)
  static class Beans {
    @Bean JavaDelegate checkExtensionRequestDelegate(ExtensionRequests r) {
      return r::check;
    }

    @Bean TaskListener extensionDecisionListener(ExtensionRequests r) {
      return r::checkDecision;
    }

    @Bean JavaDelegate applyExtensionDelegate(ExtensionRequests r) {
      return r::apply;
    }

    @Bean JavaDelegate refuseExtensionDelegate(ExtensionRequests r) {
      return r::recordRefusal;
    }
  }
}
