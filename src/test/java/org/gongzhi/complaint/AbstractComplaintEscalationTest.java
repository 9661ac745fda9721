package org.gongzhi.complaint;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.gongzhi.complaint.ComplaintEscalationProcess.*;
import static org.gongzhi.support.Staff.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.spin.plugin.variable.value.JsonValue;
import org.gongzhi.complaint.TimelineEntry.Kind;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaKind;
import org.gongzhi.sla.SlaService;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Mailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every path of {@code complaint-escalation}, driven through the engine with Camunda's clock moved and
 * the due jobs run by the test. Runs on H2 and on PostgreSQL (see the two subclasses).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
abstract class AbstractComplaintEscalationTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired Complaints complaints;
  @Autowired EngineDriver driver;
  @Autowired SlaService sla;
  @Autowired ComplaintManagement management;
  @Autowired org.gongzhi.support.Staff staff;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  @BeforeEach
  void startClock() {
    BpmnAwareTests.init(engine);
    driver.freezeAt(Instant.parse("2026-03-02T01:00:00Z")); // Monday 09:00 in Shenyang
  }

  @AfterEach
  void cleanUp() {
    driver.reset();
    // each test's cases must not fire timers into the next test
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("社区按时回复：回复期限达成，不产生超时，也不通知主管")
  void replyInTime() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "路灯坏了");
    ProcessInstance pi = complaints.instance(c);
    assertThat(pi).isWaitingAt(Task_WorkOnComplaint);
    assertThat(complaints.task(c)).hasCandidateGroup("caseworker-" + QINGQUAN_COMMUNITY);

    driver.advance(Duration.ofHours(2));
    complaints.act(c, QINGQUAN, ComplaintAction.REPLY, "已联系物业，明天维修。");
    driver.advance(Duration.ofHours(30));

    Assertions.assertThat(sla.breachesOf(c)).extracting(SlaDeadline::kind).doesNotContain(SlaKind.REPLY);
    SlaDeadline reply = sla.deadlinesOf(c).stream().filter(d -> d.kind() == SlaKind.REPLY).findFirst().orElseThrow();
    Assertions.assertThat(reply.outcome()).isEqualTo("MET");
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_SUP), c)).isEmpty();
    Assertions.assertThat(Mailbox.to(greenMail, email(QINGQUAN), c)).as("no reply warning after the reply").isEmpty();
    assertThat(pi).isWaitingAt(Task_WorkOnComplaint);
    Assertions.assertThat(management.view(c, false).timeline()).extracting(TimelineEntry::kind)
        .containsExactly(Kind.SUBMITTED, Kind.REPLY);
  }

  @Test
  @DisplayName("社区24小时未回复：先提醒社区，超时记录在案并邮件通知街道主管，案件仍在社区继续办理")
  void replyBreachAtCommunity() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "楼道堆放杂物");

    driver.advance(Duration.ofHours(18).plusMinutes(1)); // 75% of 24 h
    Assertions.assertThat(Mailbox.to(greenMail, email(QINGQUAN), c)).as("warning to the community's caseworkers").hasSize(1);
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_SUP), c)).isEmpty();

    driver.advance(Duration.ofHours(6)); // 24 h 1 min
    List<SlaDeadline> breaches = sla.breachesOf(c);
    Assertions.assertThat(breaches).singleElement().satisfies(b -> {
      Assertions.assertThat(b.kind()).isEqualTo(SlaKind.REPLY);
      Assertions.assertThat(b.tier()).isEqualTo(Tier.COMMUNITY);
      Assertions.assertThat(b.nodeCode()).isEqualTo(QINGQUAN_COMMUNITY);
      Assertions.assertThat(b.holder()).isEqualTo("caseworker-" + QINGQUAN_COMMUNITY);
    });
    var breachMails = Mailbox.to(greenMail, email(WANLIAN_SUP), c);
    Assertions.assertThat(breachMails).hasSize(1);
    Assertions.assertThat(Mailbox.subject(breachMails.get(0))).contains("已超时").contains("SLA breached");
    Assertions.assertThat(Mailbox.body(breachMails.get(0))).contains("清泉社区");
    Assertions.assertThat(Mailbox.to(greenMail, email(SHENHE_SUP), c)).as("only the tier above").isEmpty();

    // the breach stops nothing: the community still holds the case and replies late
    assertThat(complaints.instance(c)).isWaitingAt(Task_WorkOnComplaint);
    driver.advance(Duration.ofHours(2));
    complaints.act(c, QINGQUAN, ComplaintAction.REPLY, "抱歉回复晚了，已安排清理。");
    SlaDeadline reply = sla.deadlinesOf(c).stream().filter(d -> d.kind() == SlaKind.REPLY).findFirst().orElseThrow();
    Assertions.assertThat(reply.outcome()).isEqualTo("MET_LATE");
    Assertions.assertThat(reply.isBreached()).as("the breach stays on record").isTrue();
    Assertions.assertThat(reply.lateness(driver.now())).hasValueSatisfying(d -> Assertions.assertThat(d).isGreaterThan(Duration.ofHours(2)));
    // what the dashboard's response rate reads: the first reply deadline and the (late) first reply, set once
    var firsts = jdbc.sql("select first_reply_due_at, first_replied_at from complaint where case_number = ?").param(c)
        .query((rs, i) -> List.of(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant())).single();
    Assertions.assertThat(firsts.get(0)).isEqualTo(reply.dueAt());
    Assertions.assertThat(firsts.get(1)).isEqualTo(driver.now()).isAfter(reply.dueAt());

    driver.advance(Duration.ofHours(20)); // 46 h: past the reply deadline, before the 3-day resolution warning
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_SUP), c)).as("each breach is mailed once").hasSize(1);
  }

  @Test
  @DisplayName("超时定时器未及执行（如系统宕机）就迟到回复：超时照样记录并通知街道主管")
  void lateReplyBeforeTheTimerRanStillCountsAsBreach() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "停车难");
    driver.freezeAt(driver.now().plus(Duration.ofHours(30))); // time passes, no job runs
    complaints.act(c, QINGQUAN, ComplaintAction.REPLY, "抱歉，系统故障，现回复。");
    driver.executeDueJobs();
    Assertions.assertThat(sla.breachesOf(c)).singleElement().satisfies(b -> {
      Assertions.assertThat(b.kind()).isEqualTo(SlaKind.REPLY);
      Assertions.assertThat(b.outcome()).isEqualTo("MET_LATE");
      Assertions.assertThat(b.breachedAt()).isEqualTo(b.dueAt());
    });
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_SUP), c)).hasSize(1);
  }

  @Test
  @DisplayName("逐级上报：社区→街道→区→市→城管委，每级重新计时，城管委办结")
  void escalationThroughEveryTierToDepartment() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "小区违建");
    Assertions.assertThat(actions(c)).containsExactly("REPLY", "NOTE", "RESOLVE", "ESCALATE", "PAUSE");

    complaints.act(c, QINGQUAN, ComplaintAction.ESCALATE, "涉及违建拆除，社区无执法权。");
    assertThat(complaints.task(c)).hasCandidateGroup("caseworker-" + WANLIAN_STREET);
    Assertions.assertThat(actions(c)).containsExactly("REPLY", "NOTE", "RESOLVE", "ESCALATE", "PAUSE");
    Assertions.assertThat(management.view(c, false).complaint().tier()).isEqualTo(Tier.STREET);

    complaints.act(c, WANLIAN, ComplaintAction.ESCALATE, "需区执法局处理。");
    assertThat(complaints.task(c)).hasCandidateGroup("caseworker-" + SHENHE_DISTRICT);
    Assertions.assertThat(actions(c)).containsExactly("REPLY", "NOTE", "RESOLVE", "ESCALATE", "HAND_TO_DEPARTMENT", "PAUSE");

    complaints.act(c, SHENHE, ComplaintAction.ESCALATE, "跨区协调。");
    assertThat(complaints.task(c)).hasCandidateGroup("caseworker-" + SHENYANG_CITY);
    Assertions.assertThat(actions(c)).as("the city is the top: no escalation").containsExactly("REPLY", "NOTE", "RESOLVE", "HAND_TO_DEPARTMENT", "PAUSE");

    complaints.handToDepartment(c, SHENYANG, CHENGGUAN_DEPARTMENT, "城管委负责违建查处。");
    assertThat(complaints.task(c)).hasCandidateGroup("caseworker-" + CHENGGUAN_DEPARTMENT);
    Assertions.assertThat(actions(c)).containsExactly("REPLY", "NOTE", "RESOLVE", "PAUSE");

    complaints.act(c, CHENGGUAN, ComplaintAction.RESOLVE, "违建已依法拆除。");
    assertThat(complaints.instance(c)).isWaitingAt(ReceiveTask_AwaitRating);

    ComplaintView v = management.view(c, false);
    Assertions.assertThat(v.complaint().status()).isEqualTo(ComplaintStatus.RESOLVED);
    Assertions.assertThat(v.complaint().resolvedTier()).isEqualTo(Tier.DEPARTMENT);
    Assertions.assertThat(v.timeline()).extracting(TimelineEntry::kind).containsExactly(Kind.SUBMITTED, Kind.ESCALATED,
        Kind.ESCALATED, Kind.ESCALATED, Kind.HANDED_TO_DEPARTMENT, Kind.RESOLVED);
    // each tier had its own deadlines, and every one ended
    Assertions.assertThat(sla.deadlinesOf(c)).extracting(SlaDeadline::tier).containsExactly(
        Tier.COMMUNITY, Tier.COMMUNITY, Tier.STREET, Tier.STREET, Tier.DISTRICT, Tier.DISTRICT, Tier.CITY, Tier.CITY,
        Tier.DEPARTMENT, Tier.DEPARTMENT);
    Assertions.assertThat(sla.deadlinesOf(c)).allSatisfy(d -> Assertions.assertThat(d.isOpen()).isFalse());
  }

  @Test
  @DisplayName("没有向下的路：不属于本级的操作被引擎拒绝，任务保持原样；上报只到上一级")
  void noWayDown() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "噪音扰民");
    Assertions.assertThatThrownBy(() -> complaints.handToDepartment(c, QINGQUAN, CHENGGUAN_DEPARTMENT, "想转城管"))
        .hasRootCauseInstanceOf(BadUserRequestException.class);
    complaints.act(c, QINGQUAN, ComplaintAction.ESCALATE, "需街道协调。");

    // a street handler cannot send the case back to the community, by any action name
    for (String attempt : List.of("RETURN", "RETURN_TO_COMMUNITY", "DOWN", "")) {
      Assertions.assertThatThrownBy(() -> complaints.act(c, WANLIAN, attempt, "退回社区", null))
          .hasRootCauseInstanceOf(BadUserRequestException.class);
    }
    Assertions.assertThatThrownBy(() -> complaints.act(c, WANLIAN, ComplaintAction.ESCALATE.name(), " ", null))
        .as("escalation needs a reason").hasRootCauseInstanceOf(BadUserRequestException.class);
    Assertions.assertThat(complaints.task(c).getAssignee()).as("refused: the street still holds its task").isEqualTo(WANLIAN);
    Assertions.assertThat(management.view(c, false).complaint().tier()).isEqualTo(Tier.STREET);

    complaints.act(c, WANLIAN, ComplaintAction.ESCALATE, "需区里协调。");
    Assertions.assertThat(management.view(c, false).complaint().handlingNodeCode()).isEqualTo(SHENHE_DISTRICT);
    complaints.handToDepartment(c, SHENHE, CHENGGUAN_DEPARTMENT, "城管委处理。");
    Assertions.assertThatThrownBy(() -> complaints.act(c, CHENGGUAN, ComplaintAction.ESCALATE, "退回"))
        .hasRootCauseInstanceOf(BadUserRequestException.class);
    Assertions.assertThatThrownBy(() -> complaints.handToDepartment(c, CHENGGUAN, QINGQUAN_COMMUNITY, "交给社区"))
        .as("a community is not a department").hasRootCauseInstanceOf(BadUserRequestException.class);
    Assertions.assertThat(management.view(c, false).complaint().tier()).isEqualTo(Tier.DEPARTMENT);
    Assertions.assertThat(management.view(c, false).timeline()).extracting(TimelineEntry::tier)
        .as("the handling tier only ever rose").containsExactly(Tier.COMMUNITY, Tier.STREET, Tier.DISTRICT, Tier.DEPARTMENT);
  }

  @Test
  @DisplayName("办结后居民评5分：诉求关闭")
  void resolveRateAndClose() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "垃圾未清运");
    complaints.act(c, QINGQUAN, ComplaintAction.RESOLVE, "已清运。");
    Assertions.assertThat(sla.deadlinesOf(c)).extracting(SlaDeadline::outcome).containsOnly("MET");

    complaints.rate(c, 5);
    assertThat(complaints.instance(c)).isNull();
    ComplaintView v = management.view(c, false);
    Assertions.assertThat(v.complaint().status()).isEqualTo(ComplaintStatus.CLOSED);
    Assertions.assertThat(v.complaint().ratingScore()).isEqualTo(5);
    Assertions.assertThat(v.timeline()).extracting(TimelineEntry::kind).endsWith(Kind.RESOLVED, Kind.RATED, Kind.CLOSED);
  }

  @Test
  @DisplayName("居民不满意（1分）可重办一次，回到办结的街道并重新计时；再次不满意则关闭")
  void reopenOnceThenClose() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "物业不作为");
    complaints.act(c, QINGQUAN, ComplaintAction.ESCALATE, "物业纠纷需街道协调。");
    complaints.act(c, WANLIAN, ComplaintAction.RESOLVE, "已约谈物业。");

    complaints.rate(c, 1);
    assertThat(complaints.instance(c)).isWaitingAt(Task_WorkOnComplaint);
    assertThat(complaints.task(c)).hasCandidateGroup("caseworker-" + WANLIAN_STREET);
    ComplaintView reopened = management.view(c, false);
    Assertions.assertThat(reopened.complaint().status()).isEqualTo(ComplaintStatus.IN_PROGRESS);
    Assertions.assertThat(reopened.complaint().reopenCount()).isEqualTo(1);
    Assertions.assertThat(reopened.currentReply().isOpen()).as("the street's deadlines start again").isTrue();
    Assertions.assertThat(reopened.currentReply().tier()).isEqualTo(Tier.STREET);

    complaints.act(c, WANLIAN, ComplaintAction.RESOLVE, "物业已整改。");
    complaints.rate(c, 1);
    assertThat(complaints.instance(c)).as("no second reopening").isNull();
    Assertions.assertThat(management.view(c, false).complaint().status()).isEqualTo(ComplaintStatus.CLOSED);
  }

  @Test
  @DisplayName("办结后7天未评价：自动关闭")
  void unratedCaseClosesItself() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "井盖松动");
    complaints.act(c, QINGQUAN, ComplaintAction.RESOLVE, "已更换井盖。");
    driver.advance(Duration.ofDays(6));
    Assertions.assertThat(management.view(c, false).complaint().status()).isEqualTo(ComplaintStatus.RESOLVED);
    driver.advance(Duration.ofDays(1).plusMinutes(1));
    Assertions.assertThat(management.view(c, false).complaint().status()).isEqualTo(ComplaintStatus.CLOSED);
    Assertions.assertThat(management.view(c, false).complaint().ratingScore()).isNull();
    assertThat(complaints.instance(c)).isNull();
  }

  @Test
  @DisplayName("未办结不能评价，同一次办结不能评价两次")
  void ratingRules() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "健身器材损坏");
    Assertions.assertThatThrownBy(() -> complaints.rate(c, 4)).hasMessageContaining("complaint.notResolved");
    complaints.act(c, QINGQUAN, ComplaintAction.RESOLVE, "已修好。");
    management.rate(c, 2, "太慢", false); // low score, but the resident chose not to reopen
    Assertions.assertThat(management.view(c, false).complaint().status()).isEqualTo(ComplaintStatus.CLOSED);
    Assertions.assertThatThrownBy(() -> complaints.rate(c, 4)).hasMessageContaining("complaint.notResolved");
  }

  @Test
  @DisplayName("内部备注不出现在居民可见的记录中，回复出现")
  void internalNotesStayInternal() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "电梯故障");
    complaints.act(c, QINGQUAN, ComplaintAction.NOTE, "住户王某情绪激动，注意沟通。");
    complaints.act(c, QINGQUAN, ComplaintAction.REPLY, "已报修电梯公司。");
    Assertions.assertThat(management.view(c, false).timeline()).extracting(TimelineEntry::kind)
        .containsExactly(Kind.SUBMITTED, Kind.REPLY);
    Assertions.assertThat(management.view(c, true).timeline()).extracting(TimelineEntry::kind)
        .containsExactly(Kind.SUBMITTED, Kind.NOTE, Kind.REPLY);
    Assertions.assertThat((String) runtime.getVariable(complaints.instance(c).getId(), VAR_HISTORY_TEXT))
        .as("the next form shows the history to staff").contains("住户王某情绪激动").contains("已报修电梯公司");
    Assertions.assertThat(runtime.getVariables(complaints.instance(c).getId()).values())
        .as("no personal data in process variables")
        .noneMatch(v -> String.valueOf(v).contains(Complaints.PHONE) || String.valueOf(v).contains("王芳")
            || String.valueOf(v).contains("清泉路 12 号"));
  }

  @Test
  @DisplayName("居民留了邮箱：回复、上报、办结都以邮件送达居民（由办事员在 Tasklist 中操作触发）")
  void residentHearsOfEveryPublicStep() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "水管漏水", "resident@example.com");
    complaints.act(c, QINGQUAN, ComplaintAction.REPLY, "已通知物业查看。");
    complaints.act(c, QINGQUAN, ComplaintAction.NOTE, "内部：物业电话打不通");
    complaints.act(c, QINGQUAN, ComplaintAction.ESCALATE, "需街道协调物业。");
    complaints.act(c, WANLIAN, ComplaintAction.RESOLVE, "已修复漏水。");
    driver.executeDueJobs();

    var mails = Mailbox.to(greenMail, "resident@example.com", c);
    Assertions.assertThat(mails).extracting(Mailbox::subject).containsExactlyInAnyOrder(
        "【共治】您的诉求 " + c + "：回复", "【共治】您的诉求 " + c + "：已上报上一级", "【共治】您的诉求 " + c + "：已办结");
    Assertions.assertThat(mails).extracting(Mailbox::body).anyMatch(b -> b.contains("已修复漏水。") && b.contains("万莲街道"))
        .noneMatch(b -> b.contains("物业电话打不通"));
  }

  @Test
  @DisplayName("办理时不能篡改流程变量：改编号、改层级、谎称已回复都被拒绝")
  void completionCannotRewriteTheCase() {
    String mine = complaints.submitIn(QINGQUAN_COMMUNITY, "我的诉求");
    String other = complaints.submitIn(ZHONGHAIXI_COMMUNITY, "别人的诉求");
    var task = complaints.task(mine);
    java.util.function.Consumer<Map<String, Object>> complete = vars -> staff.as(QINGQUAN, () -> {
      if (tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee() == null) {
        tasks.claim(task.getId(), QINGQUAN);
      }
      tasks.complete(task.getId(), vars);
    });
    Assertions.assertThatThrownBy(() -> complete.accept(Map.of(VAR_ACTION, "NOTE", VAR_MESSAGE, "x", VAR_CASE_NUMBER, other)))
        .rootCause().hasMessageContaining(VAR_CASE_NUMBER);
    Assertions.assertThatThrownBy(() -> complete.accept(Map.of(VAR_ACTION, "HAND_TO_DEPARTMENT", VAR_MESSAGE, "x",
        VAR_TIER, "CITY", VAR_DEPARTMENT_CODE, CHENGGUAN_DEPARTMENT))).rootCause().hasMessageContaining(VAR_TIER);
    Assertions.assertThatThrownBy(() -> complete.accept(Map.of(VAR_ACTION, "NOTE", VAR_MESSAGE, "x", VAR_REPLIED, true)))
        .rootCause().hasMessageContaining(VAR_REPLIED);
    Assertions.assertThatThrownBy(() -> complete.accept(Map.of(VAR_ACTION, "NOTE", VAR_MESSAGE, "x", VAR_HANDLING_NODE, ZHONGHAIXI_COMMUNITY)))
        .rootCause().hasMessageContaining(VAR_HANDLING_NODE);
    Assertions.assertThat(management.view(other, true).timeline()).extracting(TimelineEntry::kind).containsExactly(Kind.SUBMITTED);
    Assertions.assertThat(management.view(mine, true).timeline()).extracting(TimelineEntry::kind).containsExactly(Kind.SUBMITTED);
    Assertions.assertThat(complaints.task(mine).getId()).isEqualTo(task.getId());
  }

  @Test
  @DisplayName("社区3天未办结：办结超时记录在案并通知街道主管；已回复也不免办结超时")
  void resolveBreachAtCommunity() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "路面塌陷");
    complaints.act(c, QINGQUAN, ComplaintAction.REPLY, "已上报维修。");
    driver.advance(Duration.ofHours(54).plusMinutes(1)); // 75% of 3 days
    Assertions.assertThat(Mailbox.to(greenMail, email(QINGQUAN), c)).as("resolution warning").hasSize(1);
    driver.advance(Duration.ofHours(18));
    Assertions.assertThat(sla.breachesOf(c)).singleElement().satisfies(b -> {
      Assertions.assertThat(b.kind()).isEqualTo(SlaKind.RESOLVE);
      Assertions.assertThat(b.holder()).as("the task after the reply is unclaimed").isEqualTo("caseworker-" + QINGQUAN_COMMUNITY);
    });
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_SUP), c)).hasSize(1);
    complaints.act(c, QINGQUAN, ComplaintAction.RESOLVE, "已修复。");
    Assertions.assertThat(sla.deadlinesOf(c)).filteredOn(d -> d.kind() == SlaKind.RESOLVE).singleElement()
        .satisfies(d -> Assertions.assertThat(d.outcome()).isEqualTo("MET_LATE"));
  }

  @Test
  @DisplayName("超时记录办理人：已签收的案件记在签收的社区工作人员名下，未签收的记在社区工作人员组名下")
  void breachNamesTheCaseworkerWhoClaimedTheCase() {
    String claimed = complaints.submitIn(QINGQUAN_COMMUNITY, "路灯不亮");
    String waiting = complaints.submitIn(QINGQUAN_COMMUNITY, "井盖松动");
    staff.as(QINGQUAN, () -> tasks.claim(complaints.task(claimed).getId(), QINGQUAN));

    driver.advance(Duration.ofHours(24).plusMinutes(1));

    Assertions.assertThat(sla.breachesOf(claimed)).singleElement()
        .satisfies(b -> Assertions.assertThat(b.holder()).isEqualTo(QINGQUAN));
    Assertions.assertThat(sla.breachesOf(waiting)).singleElement()
        .satisfies(b -> Assertions.assertThat(b.holder()).isEqualTo("caseworker-" + QINGQUAN_COMMUNITY));
  }

  private List<String> actions(String caseNumber) {
    JsonValue json = runtime.getVariableTyped(complaints.instance(caseNumber).getId(), VAR_AVAILABLE_ACTIONS);
    return json.getValue().elements().stream().map(e -> e.prop("value").stringValue()).toList();
  }

}
