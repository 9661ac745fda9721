package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ServiceTask_ReopenCase: an unsatisfied resident reopens the case once. */
@Component("reopenCaseDelegate")
class ReopenCaseDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  ReopenCaseDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.reopen(execution);
  }
}
