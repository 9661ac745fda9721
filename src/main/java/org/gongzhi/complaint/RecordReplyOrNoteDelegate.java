package org.gongzhi.complaint;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ServiceTask_RecordReplyOrNote: a public reply to the resident, or an internal note. */
@Component("recordReplyOrNoteDelegate")
class RecordReplyOrNoteDelegate implements JavaDelegate {
  private final ComplaintHandling handling;

  RecordReplyOrNoteDelegate(ComplaintHandling handling) {
    this.handling = handling;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handling.recordReplyOrNote(execution);
  }
}
