package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ServiceTask_HandToCityDepartment: district or city hands the case to a city department. */
@Component("handToCityDepartmentDelegate")
class HandToCityDepartmentDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  HandToCityDepartmentDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.handToDepartment(execution);
  }
}
