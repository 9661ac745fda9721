package org.gongzhi.complaint;

import static org.gongzhi.complaint.ComplaintEscalationProcess.*;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.StaffRole;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaService;
import org.gongzhi.jurisdiction.Tier;
import org.springframework.stereotype.Component;

/**
 * Task listener (complete) on Task_WorkOnComplaint. The engine, not only the form, enforces what a
 * tier may do: an action the tier does not have (escalating from the city, handing to a department
 * from a community, anything that would send the case down) is refused and the task stays open.
 * Also records who acted.
 */
@Component("validateComplaintActionListener")
class ValidateComplaintActionListener implements TaskListener {

  static final int MAX_MESSAGE = 2000;

  private final Jurisdictions jurisdictions;
  private final ComplaintRepository complaints;
  private final SlaService sla;

  ValidateComplaintActionListener(Jurisdictions jurisdictions, ComplaintRepository complaints, SlaService sla) {
    this.jurisdictions = jurisdictions;
    this.complaints = complaints;
    this.sla = sla;
  }

  @Override
  public void notify(DelegateTask task) {
    refuseTampering(task);
    Tier tier = Tier.valueOf((String) task.getVariable(VAR_TIER));
    Object raw = task.getVariable(VAR_ACTION);
    ComplaintAction action;
    try {
      action = ComplaintAction.valueOf(String.valueOf(raw));
    } catch (IllegalArgumentException e) {
      throw refuse("请选择处理方式 / choose an action (action: " + raw + ")");
    }
    Object resolveSla = task.getVariable(VAR_RESOLVE_SLA_ID);
    boolean paused = resolveSla instanceof Number id && sla.openPause(id.longValue()).isPresent();
    if (action == ComplaintAction.PAUSE && resolveSla instanceof Number id
        && !sla.require(id.longValue()).dueAt().isAfter(org.gongzhi.sla.EngineTime.now())) {
      throw refuse("办结期限已过，不能再暂停计时；需要更多时间请申请延期 / the resolution deadline has passed: it cannot be paused; "
          + "ask for an extension instead");
    }
    if (!ComplaintAction.allowedAt(tier, paused).contains(action)) {
      throw refuse("此层级不能执行该操作 / action " + action + " is not allowed at tier " + tier);
    }
    Object message = task.getVariable(VAR_MESSAGE);
    if (action.needsMessage() && (!(message instanceof String text) || text.isBlank())) {
      throw refuse(action == ComplaintAction.ESCALATE || action == ComplaintAction.HAND_TO_DEPARTMENT
          ? "请填写原因 / a reason is required (message)"
          : "请填写内容 / a message is required (message)");
    }
    if (message instanceof String text && text.length() > MAX_MESSAGE) {
      throw refuse("内容不能超过 " + MAX_MESSAGE + " 字 / message must be at most " + MAX_MESSAGE + " characters");
    }
    if (action == ComplaintAction.HAND_TO_DEPARTMENT) {
      Object dept = task.getVariable(VAR_DEPARTMENT_CODE);
      boolean isDepartment = dept instanceof String code
          && jurisdictions.find(code).map(n -> n.tier() == Tier.DEPARTMENT).orElse(false);
      if (!isDepartment) {
        throw refuse("请选择市级部门 / choose a city department (departmentCode: " + dept + ")");
      }
    }
    String actor = task.getAssignee();
    if (actor == null) {
      var auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
      actor = auth == null ? null : auth.getUserId();
    }
    task.getExecution().setVariable(VAR_ACTOR, actor);
    task.getExecution().setVariable(VAR_ACTION, action.name());
  }

  /**
   * Completing a task may set any variable (Tasklist's form, the engine REST). The variables the
   * process steers by must still say what the database says, or the completion is refused: nobody
   * moves a case to another tier, node or case, or marks a reply as given, by sending a variable.
   */
  private void refuseTampering(DelegateTask task) {
    String caseNumber = task.getExecution().getProcessBusinessKey();
    Complaint c = complaints.require(caseNumber);
    check(task, VAR_CASE_NUMBER, caseNumber);
    check(task, VAR_TIER, c.tier().name());
    check(task, VAR_HANDLING_NODE, c.handlingNodeCode());
    check(task, VAR_CANDIDATE_GROUP, StaffRole.CASEWORKER.groupOf(c.handlingNodeCode()));
    for (String slaVar : new String[] {VAR_REPLY_SLA_ID, VAR_RESOLVE_SLA_ID}) {
      Object id = task.getVariable(slaVar);
      SlaDeadline d = id instanceof Number n ? sla.find(n.longValue()).orElse(null) : null;
      if (d == null || !d.caseRef().equals(caseNumber) || !d.nodeCode().equals(c.handlingNodeCode())) {
        throw refuse("流程变量 " + slaVar + " 不可修改 / variable " + slaVar + " cannot be changed");
      }
    }
    SlaDeadline reply = sla.find(((Number) task.getVariable(VAR_REPLY_SLA_ID)).longValue()).orElseThrow();
    check(task, VAR_REPLIED, !reply.isOpen());
  }

  private static void check(DelegateTask task, String name, Object truth) {
    if (!truth.equals(task.getVariable(name))) {
      throw refuse("流程变量 " + name + " 不可修改 / variable " + name + " cannot be changed");
    }
  }

  private static BadUserRequestException refuse(String why) {
    return new BadUserRequestException(why);
  }
}
