package org.gongzhi.support;

import static org.gongzhi.volunteer.VolunteerOrderProcess.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.Spin;
import org.camunda.spin.plugin.variable.SpinValues;
import org.gongzhi.volunteer.NewVolunteerOrder;
import org.gongzhi.volunteer.VolunteerOrders;
import org.springframework.stereotype.Component;

/** Test fixtures for volunteer orders: order, and act on the order's tasks as a user, as Tasklist would. */
@Component
public class VolunteerFixtures {

  // demo data (src/main/resources/volunteer/*.csv, jurisdiction/demo-staff.csv)
  public static final String WANLIAN_DISPATCHER = "wanlian-disp";
  public static final String TIEXI_DISPATCHER = "tiexi-disp";
  public static final String REPAIR_TEAM = "qq-repair";
  public static final String REPAIR_LEADER = "qq-repair-lead";
  public static final String WANLIAN_COMPANION_LEADER = "wl-companion-lead";
  public static final String XINGHUA_COMPANION_TEAM = "xh-companion";
  public static final String XINGHUA_COMPANION_LEADER = "xh-companion-lead";

  private final VolunteerOrders orders;
  private final TaskService tasks;
  private final Staff staff;

  public VolunteerFixtures(VolunteerOrders orders, TaskService tasks, Staff staff) {
    this.orders = orders;
    this.tasks = tasks;
    this.staff = staff;
  }

  public String order(String communityCode, String category) {
    return orders.order(new NewVolunteerOrder(communityCode, category, "家里的洗衣机不转了，想请师傅看看。", "周六上午", "清泉路 12 号 3 单元",
        "李大爷", "13912345678", false)).order().orderNumber();
  }

  public Task task(String orderNumber, String taskKey) {
    return tasks.createTaskQuery().processInstanceBusinessKey(orderNumber).taskDefinitionKey(taskKey).singleResult();
  }

  public void dispatch(String orderNumber, String dispatcher, String teamCode) {
    complete(orderNumber, Task_DispatchOrder, dispatcher, Map.of(VAR_DECISION, DISPATCH, VAR_TEAM_CODE, teamCode));
  }

  public void declineOrder(String orderNumber, String dispatcher, String reason) {
    complete(orderNumber, Task_DispatchOrder, dispatcher, Map.of(VAR_DECISION, DECLINE, VAR_REASON, reason));
  }

  public void accept(String orderNumber, String leader) {
    complete(orderNumber, Task_AcceptOrder, leader, Map.of(VAR_DECISION, ACCEPT, VAR_SCHEDULED_FOR, "周六上午9点"));
  }

  public void teamDeclines(String orderNumber, String leader, String reason) {
    complete(orderNumber, Task_AcceptOrder, leader, Map.of(VAR_DECISION, DECLINE, VAR_REASON, reason));
  }

  /** Records the service as the Tasklist form's dynamic list submits it: a JSON list of {volunteerId, hours}. */
  public void recordService(String orderNumber, String leader, List<Map<String, Object>> hours, String note, String photos) {
    Map<String, Object> vars = new HashMap<>();
    vars.put(VAR_VOLUNTEER_HOURS, SpinValues.jsonValue(Spin.JSON(hours).toString()).create());
    vars.put(VAR_SERVICE_NOTE, note);
    vars.put(VAR_PHOTO_URLS, photos);
    complete(orderNumber, Task_RecordService, leader, vars);
  }

  public void review(String orderNumber, String dispatcher, boolean publicize) {
    complete(orderNumber, Task_ReviewForPublicity, dispatcher, Map.of(VAR_PUBLICIZE, publicize));
  }

  public void complete(String orderNumber, String taskKey, String userId, Map<String, Object> vars) {
    Task task = task(orderNumber, taskKey);
    if (task == null) {
      throw new IllegalStateException(orderNumber + " has no task " + taskKey);
    }
    staff.as(userId, () -> {
      if (task.getAssignee() == null) {
        tasks.claim(task.getId(), userId);
      }
      tasks.complete(task.getId(), vars);
    });
  }
}
