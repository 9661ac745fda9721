package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ServiceTask_OpenTierDeadlines: the tier takes the case and its reply and resolution deadlines start. */
@Component("openTierDeadlinesDelegate")
class OpenTierDeadlinesDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  OpenTierDeadlinesDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.openTierDeadlines(execution);
  }
}
