package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ServiceTask_RecordResolution: the case is resolved; the rating period starts. */
@Component("recordResolutionDelegate")
class RecordResolutionDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  RecordResolutionDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.recordResolution(execution);
  }
}
