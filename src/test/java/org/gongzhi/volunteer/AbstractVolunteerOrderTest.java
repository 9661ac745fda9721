package org.gongzhi.volunteer;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.gongzhi.support.Staff.*;
import static org.gongzhi.support.VolunteerFixtures.*;
import static org.gongzhi.volunteer.VolunteerOrderProcess.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaKind;
import org.gongzhi.sla.SlaService;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Mailbox;
import org.gongzhi.support.Staff;
import org.gongzhi.support.VolunteerFixtures;
import org.gongzhi.volunteer.VolunteerOrder.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** Every path of {@code volunteer-order} with Camunda's clock driven; H2 and PostgreSQL subclasses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
abstract class AbstractVolunteerOrderTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  static final String REPAIR = "appliance-repair";
  static final String COMPANION = "elderly-companionship";

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired VolunteerFixtures fx;
  @Autowired VolunteerOrders orders;
  @Autowired VolunteerTeams teams;
  @Autowired EngineDriver driver;
  @Autowired SlaService sla;
  @Autowired Staff staff;
  @Autowired JdbcClient jdbc;
  @Autowired PublicityHandovers publicity;

  @BeforeEach
  void startClock() {
    BpmnAwareTests.init(engine);
    driver.freezeAt(Instant.parse("2026-03-02T01:00:00Z"));
  }

  @AfterEach
  void cleanUp() {
    driver.reset();
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("点单→派单→接单→服务→居民评价：服务单关闭，时长可查")
  void happyPath() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    Task dispatch = fx.task(o, Task_DispatchOrder);
    assertThat(dispatch).hasCandidateGroup("dispatcher-" + WANLIAN_STREET);
    Assertions.assertThat(optionValues(o, VAR_TEAM_OPTIONS)).containsExactly(REPAIR_TEAM);

    fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
    assertThat(fx.task(o, Task_AcceptOrder)).hasCandidateGroup("team-" + REPAIR_TEAM);
    Assertions.assertThat(orders.view(o).order().status()).isEqualTo(Status.DISPATCHED);

    driver.advance(Duration.ofMinutes(30));
    Assertions.assertThatThrownBy(() -> fx.complete(o, Task_AcceptOrder, REPAIR_LEADER, Map.of(VAR_DECISION, ACCEPT)))
        .as("accepting means agreeing a visit time").rootCause().hasMessageContaining(VAR_SCHEDULED_FOR);
    fx.accept(o, REPAIR_LEADER);
    Assertions.assertThat(orders.view(o).order().scheduledFor()).isEqualTo("周六上午9点");
    driver.advance(Duration.ofHours(20));
    fx.recordService(o, REPAIR_LEADER, List.of(Map.of("volunteerId", "V001", "hours", 2), Map.of("volunteerId", "V002", "hours", 1.5)),
        "更换了洗衣机排水泵，已试机正常。", "https://img.example.com/a.jpg\nhttps://img.example.com/b.jpg");

    VolunteerOrderView served = orders.view(o);
    Assertions.assertThat(served.order().status()).isEqualTo(Status.SERVED);
    Assertions.assertThat(served.service()).hasValueSatisfying(s -> {
      Assertions.assertThat(s.photoUrls()).hasSize(2);
      Assertions.assertThat(s.hours()).extracting(VolunteerTeams.VolunteerHours::volunteerId).containsExactly("V001", "V002");
    });
    Assertions.assertThat(sla.deadlinesOf(o)).extracting(SlaDeadline::kind, SlaDeadline::outcome).containsExactly(
        Assertions.tuple(SlaKind.DISPATCH, "MET"), Assertions.tuple(SlaKind.ACCEPT, "MET"), Assertions.tuple(SlaKind.SERVE, "MET"));

    orders.rate(o, 5, "师傅很专业");
    Assertions.assertThat(orders.view(o).order().status()).isEqualTo(Status.CLOSED);
    fx.review(o, WANLIAN_DISPATCHER, false);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(o).singleResult()).isNull();

    LocalDate day = LocalDate.of(2026, 3, 3); // served the next day (Shanghai time), 20.5 h after the order
    Assertions.assertThat(orders.view(o).service().orElseThrow().servedOn()).isEqualTo(day);
    var hours = teams.hours(REPAIR_TEAM, day, day);
    Assertions.assertThat(hours.totalHours()).isEqualByComparingTo("3.5");
    Assertions.assertThat(hours.services()).isEqualTo(1);
    Assertions.assertThat(teams.hours(REPAIR_TEAM, day.plusDays(1), day.plusDays(5)).totalHours()).isEqualByComparingTo(BigDecimal.ZERO);
    Assertions.assertThatThrownBy(() -> orders.rate(o, 4, null)).hasMessageContaining("volunteer.alreadyRated");
  }

  @Test
  @DisplayName("团队退回：回到调度员重新派单，次数有记录")
  void teamDeclinesAndOrderIsRedispatched() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
    fx.teamDeclines(o, REPAIR_LEADER, "本周队员都外出培训");
    assertThat(fx.task(o, Task_DispatchOrder)).hasCandidateGroup("dispatcher-" + WANLIAN_STREET);
    VolunteerOrder order = orders.view(o).order();
    Assertions.assertThat(order.redispatchCount()).isEqualTo(1);
    Assertions.assertThat(order.status()).isEqualTo(Status.AWAITING_DISPATCH);
    Assertions.assertThat(order.teamCode()).isNull();
    fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
    fx.accept(o, REPAIR_LEADER);
    Assertions.assertThat(orders.view(o).events()).extracting(VolunteerOrder.Event::kind)
        .containsExactly("ORDERED", "DISPATCHED", "TEAM_DECLINED", "DISPATCHED", "ACCEPTED");
  }

  @Test
  @DisplayName("接单超时（2小时）：记录超时、通知调度员、退回重新派单")
  void acceptanceWindowRunsOut() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
    driver.advance(Duration.ofHours(1).plusMinutes(59));
    Assertions.assertThat(fx.task(o, Task_AcceptOrder)).isNotNull();
    Assertions.assertThat(Mailbox.to(greenMail, "qq-repair-lead@gongzhi.example", o)).as("warning at 75% of the window").hasSize(1);
    driver.advance(Duration.ofMinutes(2));
    Assertions.assertThat(fx.task(o, Task_AcceptOrder)).isNull();
    Assertions.assertThat(fx.task(o, Task_DispatchOrder)).isNotNull();
    Assertions.assertThat(sla.breachesOf(o)).singleElement().satisfies(b -> {
      Assertions.assertThat(b.kind()).isEqualTo(SlaKind.ACCEPT);
      Assertions.assertThat(b.holder()).isEqualTo("team-" + REPAIR_TEAM);
    });
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_DISPATCHER), o)).hasSize(1);
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_SUP), o)).as("the tier above the team's community").hasSize(1);
    Assertions.assertThat(orders.view(o).order().redispatchCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("退回3次：服务单被标记，中心主管收到邮件")
  void flaggedAfterTooManyReturns() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    for (int i = 0; i < 3; i++) {
      fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
      fx.teamDeclines(o, REPAIR_LEADER, "人手不足 " + i);
    }
    driver.executeDueJobs();
    VolunteerOrder order = orders.view(o).order();
    Assertions.assertThat(order.redispatchCount()).isEqualTo(3);
    Assertions.assertThat(order.flaggedAt()).isNotNull();
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_SUP), o)).hasSize(1);
    Assertions.assertThat(fx.task(o, Task_DispatchOrder)).as("the order still waits for a dispatch").isNotNull();
  }

  @Test
  @DisplayName("中心婉拒：写明原因，居民可见，服务单结束")
  void centreDeclines() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    Assertions.assertThatThrownBy(() -> fx.complete(o, Task_DispatchOrder, WANLIAN_DISPATCHER, Map.of(VAR_DECISION, DECLINE)))
        .hasRootCauseInstanceOf(BadUserRequestException.class);
    fx.declineOrder(o, WANLIAN_DISPATCHER, "该需求属于商业维修范围，请联系售后。");
    VolunteerOrder order = orders.view(o).order();
    Assertions.assertThat(order.status()).isEqualTo(Status.DECLINED);
    Assertions.assertThat(order.declineReason()).contains("售后");
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(o).singleResult()).isNull();
  }

  @Test
  @DisplayName("引擎拒绝不合规的操作：派给不提供该服务的队、时长超过24小时、非本队志愿者")
  void engineRefusesBadWork() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    Assertions.assertThatThrownBy(() -> fx.dispatch(o, WANLIAN_DISPATCHER, "wl-barber"))
        .hasRootCauseInstanceOf(BadUserRequestException.class).rootCause().hasMessageContaining("does not serve");
    fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
    fx.accept(o, REPAIR_LEADER);
    Assertions.assertThatThrownBy(() -> fx.recordService(o, REPAIR_LEADER, List.of(Map.of("volunteerId", "V001", "hours", 25)), "修好了", null))
        .rootCause().hasMessageContaining("24");
    Assertions.assertThatThrownBy(() -> fx.recordService(o, REPAIR_LEADER, List.of(Map.of("volunteerId", "V001", "hours", -1)), "修好了", null))
        .rootCause().isInstanceOf(BadUserRequestException.class);
    Assertions.assertThatThrownBy(() -> fx.recordService(o, REPAIR_LEADER, List.of(Map.of("volunteerId", "V003", "hours", 1)), "修好了", null))
        .rootCause().hasMessageContaining("V003");
    Assertions.assertThatThrownBy(() -> fx.recordService(o, REPAIR_LEADER, List.of(Map.of("volunteerId", "V001", "hours", 1)), "修好了", "ftp://x/y.jpg"))
        .rootCause().hasMessageContaining("http");
    Assertions.assertThat(orders.view(o).order().status()).isEqualTo(Status.ACCEPTED);
    Assertions.assertThat(jdbc.sql("select count(*) from volunteer_service_hours where order_number = ?").param(o).query(Integer.class).single())
        .as("nothing recorded from refused attempts").isZero();
  }

  @Test
  @DisplayName("媒体宣传：调度员审阅后交媒体团队，三级审核流程接收移交并生成稿件")
  void publicityHandOver() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
    fx.accept(o, REPAIR_LEADER);
    fx.recordService(o, REPAIR_LEADER, List.of(Map.of("volunteerId", "V001", "hours", 3)), "为独居老人修好洗衣机。", "https://img.example.com/c.jpg");
    fx.review(o, WANLIAN_DISPATCHER, true);
    Assertions.assertThat(orders.view(o).publicity()).hasValue("TAKEN");
    Assertions.assertThat(jdbc.sql("select summary from publicity_handover where order_number = ?").param(o).query(String.class).single())
        .contains("清泉社区家电维修队").contains("为独居老人修好洗衣机");
    String contentRef = jdbc.sql("select content_ref from publicity_handover where order_number = ?").param(o).query(String.class).single();
    Assertions.assertThat(jdbc.sql("select source_order_number from content_submission where submission_number = ?").param(contentRef)
        .query(String.class).single()).as("order and content case are linked both ways").isEqualTo(o);
    Assertions.assertThat(orders.view(o).events()).extracting(VolunteerOrder.Event::kind).contains("PUBLICITY");
  }

  @Test
  @DisplayName("居民7天未确认：服务单自动关闭")
  void unconfirmedOrderClosesItself() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
    fx.accept(o, REPAIR_LEADER);
    fx.recordService(o, REPAIR_LEADER, List.of(Map.of("volunteerId", "V002", "hours", 1)), "已修好。", null);
    driver.advance(Duration.ofDays(7).plusMinutes(1));
    Assertions.assertThat(orders.view(o).order().status()).isEqualTo(Status.CLOSED);
    Assertions.assertThat(orders.view(o).order().ratingScore()).isNull();
  }

  @Test
  @DisplayName("4小时未派单：记录派单超时并通知上一级主管")
  void dispatchDeadlineBreached() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    driver.advance(Duration.ofHours(3).plusMinutes(1));
    Assertions.assertThat(Mailbox.to(greenMail, email(WANLIAN_DISPATCHER), o)).as("warning at 75%").hasSize(1);
    driver.advance(Duration.ofHours(1));
    Assertions.assertThat(sla.breachesOf(o)).singleElement().extracting(SlaDeadline::kind).isEqualTo(SlaKind.DISPATCH);
    Assertions.assertThat(Mailbox.to(greenMail, email(SHENHE_SUP), o)).hasSize(1);
    Assertions.assertThat(fx.task(o, Task_DispatchOrder)).isNotNull();
  }

  @Test
  @DisplayName("辖区：一个街道的志愿队看不到另一个街道的服务单，调度员也一样")
  void teamsSeeOnlyTheirOwnOrders() {
    String wanlian = fx.order(QINGQUAN_COMMUNITY, COMPANION);
    String tiexi = fx.order(HEPAN_COMMUNITY, COMPANION);
    assertThat(fx.task(tiexi, Task_DispatchOrder)).hasCandidateGroup("dispatcher-210106");
    Assertions.assertThat(optionValues(tiexi, VAR_TEAM_OPTIONS)).containsExactly(XINGHUA_COMPANION_TEAM);
    Assertions.assertThat(optionValues(wanlian, VAR_TEAM_OPTIONS)).containsExactly("wl-companion", "wl-barber");
    fx.dispatch(wanlian, WANLIAN_DISPATCHER, "wl-companion");
    fx.dispatch(tiexi, TIEXI_DISPATCHER, XINGHUA_COMPANION_TEAM);

    Assertions.assertThat(visible(WANLIAN_COMPANION_LEADER)).containsExactly(wanlian);
    Assertions.assertThat(visible(XINGHUA_COMPANION_LEADER)).containsExactly(tiexi);
    Assertions.assertThat(visible(REPAIR_LEADER)).isEmpty();
    Assertions.assertThatThrownBy(() -> fx.accept(tiexi, WANLIAN_COMPANION_LEADER)).isInstanceOf(org.camunda.bpm.engine.AuthorizationException.class);
    Assertions.assertThat(visible(WANLIAN_DISPATCHER)).doesNotContain(tiexi);
  }

  @Test
  @DisplayName("不能通过提交变量把服务单改派给别的队或别的中心")
  void completionCannotRewriteTheOrder() {
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    Assertions.assertThatThrownBy(() -> fx.complete(o, Task_DispatchOrder, WANLIAN_DISPATCHER,
        Map.of(VAR_DECISION, DISPATCH, VAR_TEAM_CODE, REPAIR_TEAM, VAR_DISPATCHER_NODE, "210103")))
        .rootCause().hasMessageContaining(VAR_DISPATCHER_NODE);
    fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
    Assertions.assertThatThrownBy(() -> fx.complete(o, Task_AcceptOrder, REPAIR_LEADER,
        Map.of(VAR_DECISION, ACCEPT, VAR_TEAM_CODE, "wl-barber"))).rootCause().hasMessageContaining(VAR_TEAM_CODE);
    Assertions.assertThat(orders.view(o).order().teamCode()).isEqualTo(REPAIR_TEAM);
  }

  @Test
  @DisplayName("表单里的时长按行填写（编号 小时）；格式不对被拒绝")
  void hoursAsTypedInTheForm() {
    Assertions.assertThat(VolunteerHandling.hoursOf("V001 2\nV002，1.5\n\n")).extracting(r -> r.volunteerId() + "=" + r.hours())
        .containsExactly("V001=2", "V002=1.5");
    Assertions.assertThatThrownBy(() -> VolunteerHandling.hoursOf("V001")).hasMessageContaining("V001");
    Assertions.assertThatThrownBy(() -> VolunteerHandling.hoursOf("V001 two")).hasMessageContaining("number");
    String o = fx.order(QINGQUAN_COMMUNITY, REPAIR);
    fx.dispatch(o, WANLIAN_DISPATCHER, REPAIR_TEAM);
    fx.accept(o, REPAIR_LEADER);
    fx.complete(o, Task_RecordService, REPAIR_LEADER, Map.of(VAR_VOLUNTEER_HOURS, "V001 1.5\nV002 1", VAR_SERVICE_NOTE, "已修好。"));
    Assertions.assertThat(orders.view(o).service().orElseThrow().hours()).extracting(VolunteerTeams.VolunteerHours::volunteerId)
        .containsExactly("V001", "V002");
  }

  private List<String> visible(String userId) {
    List<String> ids = staff.as(userId, () -> tasks.createTaskQuery().list().stream().map(Task::getProcessInstanceId).toList());
    return ids.stream().map(id -> runtime.createProcessInstanceQuery().processInstanceId(id).singleResult().getBusinessKey()).toList();
  }

  private List<String> optionValues(String orderNumber, String variable) {
    var pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(orderNumber).singleResult();
    org.camunda.bpm.engine.variable.value.TypedValue v = runtime.getVariableTyped(pi.getId(), variable);
    org.camunda.spin.json.SpinJsonNode json = (org.camunda.spin.json.SpinJsonNode) v.getValue();
    return json.elements().stream().map(e -> e.prop("value").stringValue()).toList();
  }
}
