package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.gongzhi.sla.SlaKind;

/** ServiceTask_RecordReplyBreach: records the reply breach and mails the supervisors of the tier above. */
@Component("replySlaBreachDelegate")
class ReplySlaBreachDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  ReplySlaBreachDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.breach(execution, SlaKind.REPLY);
  }
}
