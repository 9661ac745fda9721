package org.gongzhi.complaint;

import static org.gongzhi.complaint.ComplaintEscalationProcess.*;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.gongzhi.jurisdiction.Jurisdictions;
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

  ValidateComplaintActionListener(Jurisdictions jurisdictions) {
    this.jurisdictions = jurisdictions;
  }

  @Override
  public void notify(DelegateTask task) {
    Tier tier = Tier.valueOf((String) task.getVariable(VAR_TIER));
    Object raw = task.getVariable(VAR_ACTION);
    ComplaintAction action;
    try {
      action = ComplaintAction.valueOf(String.valueOf(raw));
    } catch (IllegalArgumentException e) {
      throw refuse("请选择处理方式 / choose an action (action: " + raw + ")");
    }
    if (!ComplaintAction.allowedAt(tier).contains(action)) {
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

  private static BadUserRequestException refuse(String why) {
    return new BadUserRequestException(why);
  }
}
