package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ServiceTask_CloseComplaint / ServiceTask_CloseUnratedComplaint: the case is closed. */
@Component("closeComplaintDelegate")
class CloseComplaintDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  CloseComplaintDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.close(execution);
  }
}
