package org.gongzhi.content;

import static org.gongzhi.content.ContentApprovalProcess.*;
import static org.gongzhi.support.ContentFixtures.*;
import static org.gongzhi.support.Staff.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.gongzhi.content.ContentSubmission.PublicationStatus;
import org.gongzhi.content.ContentSubmission.Status;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaKind;
import org.gongzhi.sla.SlaService;
import org.gongzhi.support.ChannelServer;
import org.gongzhi.support.ContentFixtures;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Mailbox;
import org.gongzhi.support.Staff;
import org.gongzhi.support.VolunteerFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * 三级审核 and publishing with Camunda's clock driven and a real HTTP server as the channels; H2 and
 * PostgreSQL subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
abstract class AbstractContentApprovalTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  static ChannelServer channels;

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired ContentFixtures fx;
  @Autowired VolunteerFixtures volunteers;
  @Autowired ContentSubmissions submissions;
  @Autowired EngineDriver driver;
  @Autowired SlaService sla;
  @Autowired Staff staff;
  @Autowired JdbcClient jdbc;

  static final Instant MONDAY_9AM = Instant.parse("2026-03-02T01:00:00Z");

  @BeforeAll
  static void startChannels() {
    channels = ChannelServer.start();
  }

  @AfterAll
  static void stopChannels() {
    channels.close();
  }

  @BeforeEach
  void startClock() {
    BpmnAwareTests.init(engine);
    driver.freezeAt(MONDAY_9AM);
    channels.reset();
  }

  @AfterEach
  void cleanUp() {
    driver.reset();
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  ContentView view(String n) {
    return submissions.view(n);
  }

  PublicationStatus on(String n, String channel) {
    return view(n).channels().stream().filter(c -> c.publication().channel().equals(channel)).findFirst().orElseThrow()
        .publication().status();
  }

  @Test
  @DisplayName("三级审核通过，定时发布到三个渠道：抖音故障重试后成为事件，其余照常发布；修复后补发，稿件完成发布")
  void approvedAtThreeLevelsAndPublishedOnTimeWithOneFailingChannel() {
    String n = fx.submit(List.of(WECHAT, DOUYIN, DISTRICT_APP), MONDAY_9AM.plus(Duration.ofHours(4)));
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.IN_REVIEW);
    Assertions.assertThat(view(n).submission().reviewLevel()).isEqualTo(ReviewLevel.FIRST);
    BpmnAwareTests.assertThat(fx.task(n, Task_ReviewContent)).hasCandidateGroup("reviewer-" + QINGQUAN_COMMUNITY);

    fx.approve(n, COMMUNITY_REVIEWER);
    BpmnAwareTests.assertThat(fx.task(n, Task_ReviewContent)).hasCandidateGroup("reviewer-" + WANLIAN_STREET);
    Assertions.assertThat(tasks.getVariable(fx.task(n, Task_ReviewContent).getId(), VAR_REVIEW_HISTORY_TEXT)).asString()
        .as("the street reviewer sees the community's opinion").contains("初审").contains(COMMUNITY_REVIEWER).contains("通过");
    fx.approve(n, STREET_REVIEWER);
    BpmnAwareTests.assertThat(fx.task(n, Task_ReviewContent)).hasCandidateGroup("reviewer-" + SHENHE_DISTRICT);
    fx.approve(n, DISTRICT_REVIEWER);
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.APPROVED);
    Assertions.assertThat(view(n).reviews()).extracting(r -> r.level() + ":" + r.decision())
        .containsExactly("FIRST:APPROVE", "SECOND:APPROVE", "FINAL:APPROVE");

    channels.fail(DOUYIN);
    driver.advance(Duration.ofHours(3).plusMinutes(59));
    Assertions.assertThat(channels.received()).as("nothing before the publish time").isEmpty();
    driver.advance(Duration.ofMinutes(1));
    Assertions.assertThat(channels.received("content.published", n)).extracting(ChannelServer.Received::channel)
        .containsExactlyInAnyOrder(WECHAT, DOUYIN, DISTRICT_APP);
    Assertions.assertThat(on(n, WECHAT)).isEqualTo(PublicationStatus.PUBLISHED);
    Assertions.assertThat(on(n, DISTRICT_APP)).isEqualTo(PublicationStatus.PUBLISHED);
    Assertions.assertThat(on(n, DOUYIN)).isEqualTo(PublicationStatus.FAILED);
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.PUBLISHING);
    var wechat = channels.received("content.published", n).stream().filter(r -> r.channel().equals(WECHAT)).findFirst().orElseThrow();
    Assertions.assertThat(wechat.body().path("title").asText()).isEqualTo("清泉社区举办邻里节");
    Assertions.assertThat(wechat.idempotencyKey()).isEqualTo(n + ":" + WECHAT + ":publish");
    Assertions.assertThat(view(n).channels()).filteredOn(c -> c.publication().channel().equals(WECHAT)).singleElement()
        .satisfies(c -> Assertions.assertThat(c.publication().externalUrl()).startsWith("https://wechat-official-account.example.com/p/"));

    String instance = view(n).submission().processInstanceId();
    for (int i = 0; i < 6 && runtime.createIncidentQuery().processInstanceId(instance).count() == 0; i++) {
      driver.advance(Duration.ofMinutes(5));
    }
    List<Incident> incidents = runtime.createIncidentQuery().processInstanceId(instance).list();
    Assertions.assertThat(incidents).as("the failing channel is a Cockpit incident").singleElement()
        .satisfies(i -> Assertions.assertThat(i.getActivityId()).isEqualTo(ServiceTask_PublishToChannel));
    Assertions.assertThat(view(n).channels()).filteredOn(ContentView.ChannelState::incident).extracting(c -> c.publication().channel())
        .containsExactly(DOUYIN);
    Assertions.assertThat(channels.received("content.published", n)).filteredOn(r -> r.channel().equals(WECHAT))
        .as("the healthy channels were published once, not again with each retry").hasSize(1);
    int attempts = view(n).channels().stream().filter(c -> c.publication().channel().equals(DOUYIN)).findFirst().orElseThrow().publication().attempts();
    Assertions.assertThat(attempts).as("R3/PT5M: three attempts, five minutes apart").isEqualTo(3);

    channels.recover(DOUYIN);
    management.setJobRetries(management.createJobQuery().processInstanceId(incidents.get(0).getProcessInstanceId())
        .activityId(ServiceTask_PublishToChannel).singleResult().getId(), 1); // "Retry" in Cockpit
    driver.advance(Duration.ofMinutes(5));
    Assertions.assertThat(on(n, DOUYIN)).isEqualTo(PublicationStatus.PUBLISHED);
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.PUBLISHED);
    Assertions.assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(n).count()).isZero();
    Assertions.assertThat(Mailbox.to(greenMail, email(AUTHOR), n)).extracting(Mailbox::subject)
        .anyMatch(s -> s.contains("审核通过")).anyMatch(s -> s.contains("已发布"));
  }

  @Test
  @DisplayName("初审、复审、终审各退回一次：作者看到全部原因，修改稿每次从初审重新开始，最终发布")
  void rejectedAtEachLevelAndResubmitted() {
    String n = fx.submit(List.of(WECHAT), null);
    fx.reject(n, COMMUNITY_REVIEWER, "照片未经居民同意，请更换。");
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.NEEDS_REVISION);
    BpmnAwareTests.assertThat(fx.task(n, Task_ReviseSubmission)).isAssignedTo(AUTHOR);
    driver.executeDueJobs();
    Assertions.assertThat(Mailbox.to(greenMail, email(AUTHOR), n)).singleElement()
        .satisfies(m -> Assertions.assertThat(Mailbox.body(m)).contains("照片未经居民同意"));

    fx.reviseInTasklist(n, "清泉社区邻里节（修改稿）", "本周六上午九点，社区广场邻里节。", WECHAT);
    Assertions.assertThat(view(n).submission().round()).isEqualTo(2);
    Assertions.assertThat(view(n).submission().reviewLevel()).as("starts again at the first review").isEqualTo(ReviewLevel.FIRST);
    Assertions.assertThat(view(n).submission().title()).isEqualTo("清泉社区邻里节（修改稿）");
    fx.approve(n, COMMUNITY_REVIEWER);
    fx.reject(n, STREET_REVIEWER, "活动时间与街道安排冲突。");

    submissions.revise(n, "清泉社区邻里节改期", "邻里节改到周日上午九点。", List.of(), List.of(WECHAT, DISTRICT_APP), null);
    Assertions.assertThat(view(n).submission().round()).isEqualTo(3);
    Assertions.assertThat(view(n).submission().targetChannels()).containsExactly(WECHAT, DISTRICT_APP);
    fx.approve(n, COMMUNITY_REVIEWER);
    fx.approve(n, STREET_REVIEWER);
    fx.reject(n, DISTRICT_REVIEWER, "请注明主办单位。");
    Assertions.assertThat(tasks.getVariable(fx.task(n, Task_ReviseSubmission).getId(), VAR_REVIEW_HISTORY_TEXT)).asString()
        .contains("照片未经居民同意").contains("活动时间与街道安排冲突").contains("请注明主办单位");

    fx.reviseInTasklist(n, "清泉社区邻里节改期", "清泉社区居委会主办：邻里节改到周日上午九点。", WECHAT + "," + DISTRICT_APP);
    fx.approveAllLevels(n);
    driver.executeDueJobs();
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.PUBLISHED);
    Assertions.assertThat(view(n).reviews()).filteredOn(r -> REJECT.equals(r.decision())).extracting(r -> r.round() + ":" + r.level())
        .containsExactly("1:FIRST", "2:SECOND", "3:FINAL");
    Assertions.assertThat(channels.received("content.published", n)).extracting(r -> r.body().path("body").asText())
        .containsOnly("清泉社区居委会主办：邻里节改到周日上午九点。");
  }

  @Test
  @DisplayName("分离职责：作者不能审核自己的稿件，同一人不能签署两级——认领和办结都被引擎拒绝")
  void separationOfDuties() {
    String n = fx.submit(List.of(WECHAT), null);
    // the media volunteer also sits on the community's review team (兼任)
    identity.createMembership(AUTHOR, "reviewer-" + QINGQUAN_COMMUNITY);
    // and the community reviewer was seconded to the street's review team
    identity.createMembership(COMMUNITY_REVIEWER, "reviewer-" + WANLIAN_STREET);
    try {
      Assertions.assertThatThrownBy(() -> fx.approve(n, AUTHOR)).rootCause().isInstanceOf(BadUserRequestException.class)
          .hasMessageContaining("自己提交");
      String taskId = fx.task(n, Task_ReviewContent).getId();
      Assertions.assertThatThrownBy(() -> staff.as(AUTHOR, () -> tasks.complete(taskId, Map.of(VAR_DECISION, APPROVE))))
          .as("completing without claiming is refused too").hasMessageContaining("自己提交");
      Assertions.assertThat(view(n).reviews()).isEmpty();

      fx.approve(n, COMMUNITY_REVIEWER);
      Assertions.assertThatThrownBy(() -> fx.approve(n, COMMUNITY_REVIEWER)).rootCause().isInstanceOf(BadUserRequestException.class)
          .hasMessageContaining("两级");
      Assertions.assertThat(fx.task(n, Task_ReviewContent).getAssignee()).as("the claim was refused").isNull();
      fx.approve(n, STREET_REVIEWER);
      Assertions.assertThat(view(n).reviews()).extracting(ContentSubmission.Review::reviewer).containsExactly(COMMUNITY_REVIEWER, STREET_REVIEWER);
    } finally {
      identity.deleteMembership(AUTHOR, "reviewer-" + QINGQUAN_COMMUNITY);
      identity.deleteMembership(COMMUNITY_REVIEWER, "reviewer-" + WANLIAN_STREET);
    }
  }

  @Test
  @DisplayName("辖区外的人不能审核：看不到任务；管理员也不能代签；退回必须写原因；表单不能改写流程变量")
  void reviewsOnlyByTheLevelsReviewers() {
    String n = fx.submit(List.of(WECHAT), null);
    Assertions.assertThat(staff.as(DISTRICT_REVIEWER, () -> tasks.createTaskQuery().processInstanceBusinessKey(n).count())).isZero();
    Assertions.assertThatThrownBy(() -> fx.approve(n, DISTRICT_REVIEWER)).isInstanceOf(AuthorizationException.class);
    Assertions.assertThatThrownBy(() -> fx.approve(n, HEPAN)).isInstanceOf(AuthorizationException.class);
    Assertions.assertThatThrownBy(() -> fx.approve(n, "demo")).as("the administrator is no reviewer")
        .rootCause().isInstanceOf(BadUserRequestException.class).hasMessageContaining("不是");
    tasks.setAssignee(fx.task(n, Task_ReviewContent).getId(), null);
    Assertions.assertThatThrownBy(() -> fx.complete(n, Task_ReviewContent, COMMUNITY_REVIEWER, Map.of(VAR_DECISION, REJECT)))
        .hasMessageContaining("reason");
    Assertions.assertThatThrownBy(() -> fx.complete(n, Task_ReviewContent, COMMUNITY_REVIEWER,
        Map.of(VAR_DECISION, APPROVE, VAR_CANDIDATE_GROUP, "reviewer-" + SHENHE_DISTRICT))).hasMessageContaining(VAR_CANDIDATE_GROUP);
    Assertions.assertThat(view(n).reviews()).isEmpty();
    fx.approve(n, COMMUNITY_REVIEWER);
    Assertions.assertThat(view(n).submission().reviewLevel()).isEqualTo(ReviewLevel.SECOND);
  }

  @Test
  @DisplayName("每级审核 8 个工作小时（工作日历）：周五 16 点提交，周一 14 点提醒本级审核员，周一 16 点记录超时并通知上一级主管")
  void reviewDeadlineCountsWorkingHours() {
    driver.freezeAt(Instant.parse("2026-03-06T08:00:00Z")); // Friday 16:00 in Shenyang
    String n = fx.submit(List.of(WECHAT), null);
    SlaDeadline first = sla.deadlinesOf(n).get(0);
    Assertions.assertThat(first.warnAt()).as("6 working hours: Fri 16–18, Mon 9–12 and 13–14").isEqualTo(Instant.parse("2026-03-09T06:00:00Z"));
    Assertions.assertThat(first.dueAt()).as("Monday 16:00").isEqualTo(Instant.parse("2026-03-09T08:00:00Z"));
    Assertions.assertThat(fx.task(n, Task_ReviewContent).getDueDate().toInstant()).isEqualTo(first.dueAt());

    driver.advance(Duration.between(driver.now(), first.warnAt()).minusMinutes(1));
    Assertions.assertThat(Mailbox.to(greenMail, email(COMMUNITY_REVIEWER), n)).as("nothing over the weekend").isEmpty();
    driver.advance(Duration.ofMinutes(2));
    Assertions.assertThat(Mailbox.to(greenMail, email(COMMUNITY_REVIEWER), n)).as("warning at 75%").hasSize(1);
    driver.advance(Duration.ofHours(2));
    Assertions.assertThat(sla.breachesOf(n)).singleElement().satisfies(d -> {
      Assertions.assertThat(d.kind()).isEqualTo(SlaKind.REVIEW);
      Assertions.assertThat(d.nodeCode()).isEqualTo(QINGQUAN_COMMUNITY);
      Assertions.assertThat(d.holder()).isEqualTo("reviewer-" + QINGQUAN_COMMUNITY);
    });
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_SUP), n)).as("breach to the street's supervisors").hasSize(1);
    fx.approve(n, COMMUNITY_REVIEWER); // Monday 16:01
    Assertions.assertThat(sla.deadlinesOf(n)).extracting(SlaDeadline::outcome).contains("MET_LATE");
    Assertions.assertThat(sla.deadlinesOf(n)).filteredOn(SlaDeadline::isOpen).singleElement()
        .satisfies(d -> Assertions.assertThat(d.dueAt()).as("Tuesday 16:01").isEqualTo(Instant.parse("2026-03-10T08:01:00Z")));
  }

  @Test
  @DisplayName("退回后 14 天未修改：稿件终止，作者收到通知")
  void unrevisedSubmissionIsAbandoned() {
    String n = fx.submit(List.of(WECHAT), null);
    fx.reject(n, COMMUNITY_REVIEWER, "内容与社区无关。");
    driver.advance(Duration.ofDays(14).plusMinutes(1));
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.ABANDONED);
    Assertions.assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(n).count()).isZero();
    Assertions.assertThat(Mailbox.to(greenMail, email(AUTHOR), n)).extracting(Mailbox::subject).anyMatch(s -> s.contains("已终止"));
  }

  @Test
  @DisplayName("撤稿：终审审核员撤回已发布稿件，各渠道收到撤稿请求；街道审核员无权撤稿")
  void publishedContentWithdrawn() {
    String n = fx.submit(List.of(WECHAT, DISTRICT_APP), null);
    fx.approveAllLevels(n);
    driver.executeDueJobs();
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.PUBLISHED);

    Assertions.assertThatThrownBy(() -> withdraw(STREET_REVIEWER, n, "有误")).isInstanceOf(AuthorizationException.class);
    Assertions.assertThatThrownBy(() -> withdraw(DISTRICT_REVIEWER, n, " ")).hasMessageContaining("reason");
    Assertions.assertThatThrownBy(() -> withdraw(DISTRICT_REVIEWER, "NR-2026-999999", "有误")).hasMessageContaining("NR-2026-999999");

    withdraw(DISTRICT_REVIEWER_2, n, "活动取消。");
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.WITHDRAWN);
    driver.executeDueJobs();
    Assertions.assertThat(channels.received("content.withdrawn", n)).extracting(ChannelServer.Received::channel)
        .containsExactlyInAnyOrder(WECHAT, DISTRICT_APP);
    Assertions.assertThat(channels.received("content.withdrawn", n)).allSatisfy(r -> {
      Assertions.assertThat(r.body().path("reason").asText()).isEqualTo("活动取消。");
      Assertions.assertThat(r.body().path("externalId").asText()).startsWith(r.channel() + "-");
    });
    Assertions.assertThat(on(n, WECHAT)).isEqualTo(PublicationStatus.WITHDRAWN);
    Assertions.assertThat(view(n).submission().withdrawnBy()).isEqualTo(DISTRICT_REVIEWER_2);
    Assertions.assertThat(Mailbox.to(greenMail, email(AUTHOR), n)).extracting(Mailbox::subject).anyMatch(s -> s.contains("已撤稿"));
    Assertions.assertThatThrownBy(() -> withdraw(DISTRICT_REVIEWER, n, "再撤一次")).hasMessageContaining("WITHDRAWN");
  }

  @Test
  @DisplayName("撤稿发生在定时发布之前：发布取消，任何渠道都收不到")
  void approvedContentWithdrawnBeforeItsPublishTime() {
    String n = fx.submit(List.of(WECHAT, DOUYIN), MONDAY_9AM.plus(Duration.ofDays(1)));
    fx.approveAllLevels(n);
    withdraw(DISTRICT_REVIEWER, n, "领导要求暂缓。");
    driver.advance(Duration.ofDays(2));
    Assertions.assertThat(channels.received()).isEmpty();
    Assertions.assertThat(view(n).channels()).extracting(c -> c.publication().status()).containsOnly(PublicationStatus.CANCELLED);
    Assertions.assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(n).count()).isZero();
  }

  @Test
  @DisplayName("志愿服务交媒体宣传：自动生成稿件，进入社区初审，与服务单双向关联")
  void publicityHandOverStartsAContentCase() {
    String o = volunteers.order(QINGQUAN_COMMUNITY, "appliance-repair");
    volunteers.dispatch(o, VolunteerFixtures.WANLIAN_DISPATCHER, VolunteerFixtures.REPAIR_TEAM);
    volunteers.accept(o, VolunteerFixtures.REPAIR_LEADER);
    volunteers.recordService(o, VolunteerFixtures.REPAIR_LEADER, List.of(Map.of("volunteerId", "V001", "hours", 2)),
        "为独居老人修好冰箱。", "https://img.example.com/d.jpg");
    volunteers.review(o, VolunteerFixtures.WANLIAN_DISPATCHER, true);

    String n = jdbc.sql("select content_ref from publicity_handover where order_number = ?").param(o).query(String.class).single();
    ContentSubmission s = view(n).submission();
    Assertions.assertThat(s.origin()).isEqualTo(ContentSubmission.Origin.PUBLICITY);
    Assertions.assertThat(s.sourceOrderNumber()).isEqualTo(o);
    Assertions.assertThat(s.body()).contains("为独居老人修好冰箱");
    Assertions.assertThat(s.mediaUrls()).containsExactly("https://img.example.com/d.jpg");
    Assertions.assertThat(s.targetChannels()).containsExactly(WECHAT, DISTRICT_APP);
    Assertions.assertThat(s.authorUserId()).isEqualTo(VolunteerFixtures.WANLIAN_DISPATCHER);
    BpmnAwareTests.assertThat(fx.task(n, Task_ReviewContent)).hasCandidateGroup("reviewer-" + QINGQUAN_COMMUNITY);
    fx.approveAllLevels(n);
    driver.executeDueJobs();
    Assertions.assertThat(view(n).submission().status()).isEqualTo(Status.PUBLISHED);
  }

  void withdraw(String reviewer, String number, String reason) {
    staff.as(reviewer, () -> runtime.startProcessInstanceByKey(WITHDRAWAL_KEY, Map.of(VAR_SUBMISSION_NUMBER, number, VAR_REASON, reason)));
  }
}
