package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ServiceTask_EscalateOneTier: the case goes to the parent node, one tier up. */
@Component("escalateOneTierDelegate")
class EscalateOneTierDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  EscalateOneTierDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.escalate(execution);
  }
}
