package org.gongzhi.support;

import static org.gongzhi.complaint.ComplaintEscalationProcess.*;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.complaint.ComplaintManagement;
import org.gongzhi.complaint.ComplaintView;
import org.gongzhi.complaint.NewComplaint;
import org.springframework.stereotype.Component;

/** Test fixtures for complaints: submit one, find its task, act on it as a staff user. */
@Component
public class Complaints {

  public static final String PHONE = "13812345678";

  private final ComplaintManagement management;
  private final TaskService tasks;
  private final RuntimeService runtime;
  private final Staff staff;

  public Complaints(ComplaintManagement management, TaskService tasks, RuntimeService runtime, Staff staff) {
    this.management = management;
    this.tasks = tasks;
    this.runtime = runtime;
    this.staff = staff;
  }

  public String submitIn(String communityCode, String title) {
    return submitIn(communityCode, title, null);
  }

  public String submitIn(String communityCode, String title, String residentEmail) {
    ComplaintView v = management.submit(new NewComplaint(communityCode, "public-facilities", title,
        "小区门口的路灯坏了一周，晚上很黑。", "王芳", PHONE, residentEmail, "zh-CN", "wechat", null, null, "清泉路 12 号", null));
    return v.complaint().caseNumber();
  }

  public ProcessInstance instance(String caseNumber) {
    return runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNumber).processDefinitionKey(KEY).singleResult();
  }

  public Task task(String caseNumber) {
    return tasks.createTaskQuery().processInstanceBusinessKey(caseNumber).taskDefinitionKey(Task_WorkOnComplaint).singleResult();
  }

  /** Claims the case's task as {@code userId} and completes it with an action, as Tasklist would. */
  public void act(String caseNumber, String userId, ComplaintAction action, String message) {
    act(caseNumber, userId, action.name(), message, null);
  }

  public void handToDepartment(String caseNumber, String userId, String departmentCode, String reason) {
    act(caseNumber, userId, ComplaintAction.HAND_TO_DEPARTMENT.name(), reason, departmentCode);
  }

  public void act(String caseNumber, String userId, String action, String message, String departmentCode) {
    Task task = task(caseNumber);
    if (task == null) {
      throw new IllegalStateException(caseNumber + " has no open task");
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put(VAR_ACTION, action);
    vars.put(VAR_MESSAGE, message);
    if (departmentCode != null) {
      vars.put(VAR_DEPARTMENT_CODE, departmentCode);
    }
    staff.as(userId, () -> {
      if (task.getAssignee() == null) {
        tasks.claim(task.getId(), userId);
      }
      tasks.complete(task.getId(), vars);
    });
  }

  public ComplaintView view(String caseNumber) {
    return management.view(caseNumber, true);
  }

  public ComplaintView rate(String caseNumber, int score) {
    return management.rate(caseNumber, score, null, null);
  }
}
