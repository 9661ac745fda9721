package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.gongzhi.sla.SlaKind;

/** ServiceTask_RecordResolveBreach: records the resolution breach and mails the supervisors of the tier above. */
@Component("resolveSlaBreachDelegate")
class ResolveSlaBreachDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  ResolveSlaBreachDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.breach(execution, SlaKind.RESOLVE);
  }
}
