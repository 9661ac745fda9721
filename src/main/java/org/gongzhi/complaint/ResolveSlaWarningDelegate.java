package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.gongzhi.sla.SlaKind;

/** ServiceTask_WarnOfResolveDeadline: mails the handling group before the resolution deadline. */
@Component("resolveSlaWarningDelegate")
class ResolveSlaWarningDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  ResolveSlaWarningDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.warn(execution, SlaKind.RESOLVE);
  }
}
