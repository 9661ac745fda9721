package org.gongzhi.support;

import static org.gongzhi.content.ContentApprovalProcess.*;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.gongzhi.content.ContentSubmissions;
import org.gongzhi.content.NewContentSubmission;
import org.springframework.stereotype.Component;

/** Test fixtures for content approval: submit, and review or revise as a user, the way Tasklist does (claim, then complete). */
@Component
public class ContentFixtures {

  // demo staff (src/main/resources/jurisdiction/demo-staff.csv)
  public static final String AUTHOR = "qingquan-media";               // 清泉社区 媒介宣传员
  public static final String COMMUNITY_REVIEWER = "qingquan-review";  // 清泉社区 初审
  public static final String STREET_REVIEWER = "wanlian-review";      // 万莲街道 复审
  public static final String DISTRICT_REVIEWER = "shenhe-review";     // 沈河区 终审
  public static final String DISTRICT_REVIEWER_2 = "shenhe-review2";  // 沈河区 终审 (a second one)

  public static final String WECHAT = "wechat-official-account";
  public static final String DOUYIN = "douyin";
  public static final String DISTRICT_APP = "district-app";
  public static final String LED = "community-led";

  private final ContentSubmissions submissions;
  private final TaskService tasks;
  private final Staff staff;

  public ContentFixtures(ContentSubmissions submissions, TaskService tasks, Staff staff) {
    this.submissions = submissions;
    this.tasks = tasks;
    this.staff = staff;
  }

  /** A media volunteer's post from 清泉社区. */
  public String submit(List<String> channels, Instant publishAt) {
    return submissions.submit(new NewContentSubmission(Staff.QINGQUAN_COMMUNITY, "清泉社区举办邻里节", "本周六上午九点，清泉社区广场举办邻里节，欢迎居民参加。",
        List.of("https://img.example.com/linli.jpg"), channels, publishAt, AUTHOR, null, null, null, null)).submission().submissionNumber();
  }

  public Task task(String number, String taskKey) {
    return tasks.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey(taskKey).singleResult();
  }

  public void approve(String number, String reviewer) {
    complete(number, Task_ReviewContent, reviewer, Map.of(VAR_DECISION, APPROVE));
  }

  public void reject(String number, String reviewer, String reason) {
    complete(number, Task_ReviewContent, reviewer, Map.of(VAR_DECISION, REJECT, VAR_REASON, reason));
  }

  public void approveAllLevels(String number) {
    approve(number, COMMUNITY_REVIEWER);
    approve(number, STREET_REVIEWER);
    approve(number, DISTRICT_REVIEWER);
  }

  /** The author revises in Tasklist: the revision form's fields. */
  public void reviseInTasklist(String number, String title, String body, String channels) {
    Map<String, Object> vars = new HashMap<>();
    vars.put(VAR_TITLE, title);
    vars.put(VAR_BODY, body);
    vars.put(VAR_MEDIA_URLS_TEXT, "https://img.example.com/linli-2.jpg");
    vars.put(VAR_TARGET_CHANNELS, org.camunda.spin.plugin.variable.SpinValues.jsonValue(
        org.camunda.spin.Spin.JSON(List.of(channels.split(","))).toString()).create());
    vars.put(VAR_PUBLISH_AT_TEXT, "");
    complete(number, Task_ReviseSubmission, AUTHOR, vars);
  }

  public void complete(String number, String taskKey, String userId, Map<String, Object> vars) {
    Task task = task(number, taskKey);
    if (task == null) {
      throw new IllegalStateException(number + " has no task " + taskKey);
    }
    staff.as(userId, () -> {
      if (task.getAssignee() == null) {
        tasks.claim(task.getId(), userId);
      }
      tasks.complete(task.getId(), vars);
    });
  }
}
