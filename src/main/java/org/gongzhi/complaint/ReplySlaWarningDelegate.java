package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.gongzhi.sla.SlaKind;

/** ServiceTask_WarnOfReplyDeadline: mails the handling group before the reply deadline. */
@Component("replySlaWarningDelegate")
class ReplySlaWarningDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  ReplySlaWarningDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.warn(execution, SlaKind.REPLY);
  }
}
