package org.gongzhi.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gongzhi.support.Staff.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.complaint.TimelineEntry.Kind;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * 延期 and 暂停 on complaint deadlines, with Camunda's clock driven: an extension asked for in Tasklist and decided
 * by the supervisors of the tier above moves the deadline and its timers; a pause stops the resolution clock until
 * the case resumes. H2 and PostgreSQL subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
abstract class AbstractSlaExtensionAndPauseTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  /** Monday 2 March 2026, 09:00 in Shenyang. */
  static final Instant MONDAY_9AM = Instant.parse("2026-03-02T01:00:00Z");

  @Autowired Complaints complaints;
  @Autowired EngineDriver driver;
  @Autowired SlaService sla;
  @Autowired ExtensionRequests extensions;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired Staff staff;
  @Autowired org.gongzhi.supervision.SupervisionQueries supervision;
  @Autowired org.gongzhi.jurisdiction.Jurisdictions jurisdictions;

  @BeforeEach
  void startClock() {
    driver.freezeAt(MONDAY_9AM);
  }

  @AfterEach
  void cleanUp() {
    driver.reset();
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  SlaDeadline deadline(String caseNumber, SlaKind kind) {
    return sla.deadlinesOf(caseNumber).stream().filter(d -> d.kind() == kind).reduce((a, b) -> b).orElseThrow();
  }

  void requestExtension(String userId, String caseNumber, String kind, int hours, String reason) {
    staff.as(userId, () -> runtime.startProcessInstanceByKey("sla-extension",
        Map.of("caseRef", caseNumber, "deadlineKind", kind, "extraHours", hours, "reason", reason)));
  }

  Task decision(String caseNumber) {
    return tasks.createTaskQuery().processDefinitionKey("sla-extension").processVariableValueEquals("caseNumber", caseNumber).singleResult();
  }

  void decide(String userId, String caseNumber, String decision, String note) {
    Task task = decision(caseNumber);
    staff.as(userId, () -> {
      tasks.claim(task.getId(), userId);
      tasks.complete(task.getId(), note == null ? Map.of("decision", decision) : Map.of("decision", decision, "decisionNote", note));
    });
  }

  Instant breachTimerDue(String caseNumber, Instant dueAt) {
    String pi = complaints.instance(caseNumber).getId();
    return management.createJobQuery().processInstanceId(pi).timers().list().stream().map(Job::getDuedate).map(java.util.Date::toInstant)
        .filter(i -> !i.isBefore(dueAt.minusSeconds(1)) && !i.isAfter(dueAt.plusSeconds(1))).findFirst().orElse(null);
  }

  @Test
  @DisplayName("延期获批：办结期限顺延 48 小时，原期限保留，计时器改期；原期限时不超时，新期限时才记录超时")
  void approvedExtensionMovesTheDeadlineAndItsTimers() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "楼道灯需要更换线路");
    SlaDeadline before = deadline(c, SlaKind.RESOLVE);
    assertThat(breachTimerDue(c, before.dueAt())).isNotNull();

    requestExtension(QINGQUAN, c, "RESOLVE", 48, "需要等供电公司排期。");
    Task task = decision(c);
    assertThat(tasks.getIdentityLinksForTask(task.getId())).anyMatch(l -> ("supervisor-" + WANLIAN_STREET).equals(l.getGroupId()));
    assertThat(tasks.getVariable(task.getId(), "dueRequestedText")).isEqualTo("2026-03-07 09:00");
    assertThat(staff.as(ZHONGHAIXI, () -> tasks.createTaskQuery().taskId(task.getId()).count())).as("a sibling sees nothing").isZero();
    assertThatThrownBy(() -> decide(WANLIAN, c, "APPROVE", null)).as("a caseworker of the street is not its supervisor")
        .isInstanceOf(org.camunda.bpm.engine.AuthorizationException.class);
    decide(WANLIAN_SUP, c, "APPROVE", "同意，请按时办结。");

    SlaDeadline after = deadline(c, SlaKind.RESOLVE);
    assertThat(after.dueAt()).isEqualTo(before.dueAt().plus(Duration.ofHours(48)));
    assertThat(after.originalDueAt()).as("recorded next to the original").isEqualTo(before.dueAt());
    assertThat(after.warnAt()).isEqualTo(before.warnAt().plus(Duration.ofHours(48)));
    assertThat(breachTimerDue(c, after.dueAt())).as("Camunda's timer moved").isNotNull();
    assertThat(breachTimerDue(c, before.dueAt())).isNull();
    assertThat(extensions.extensionsOf(after.id())).singleElement()
        .satisfies(e -> {
          assertThat(e.status()).isEqualTo("APPROVED");
          assertThat(e.decidedBy()).isEqualTo(WANLIAN_SUP);
        });

    driver.advance(Duration.between(driver.now(), before.dueAt()).plusMinutes(1));
    assertThat(sla.breachesOf(c)).extracting(SlaDeadline::kind).as("no breach at the original deadline").doesNotContain(SlaKind.RESOLVE);
    driver.advance(Duration.ofHours(48));
    assertThat(sla.breachesOf(c)).extracting(SlaDeadline::kind).containsOnlyOnce(SlaKind.RESOLVE);
  }

  @Test
  @DisplayName("延期被驳回须写理由，期限不变；只有持有案件的人能申请，也不能自己审批")
  void refusedExtensionChangesNothing() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "垃圾桶破损");
    SlaDeadline before = deadline(c, SlaKind.RESOLVE);
    assertThatThrownBy(() -> requestExtension(ZHONGHAIXI, c, "RESOLVE", 24, "想多些时间"))
        .as("a sibling community's caseworker does not hold the case").isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("you hold no open deadline of case " + c);
    assertThatThrownBy(() -> requestExtension(QINGQUAN, "SY-2026-999999", "RESOLVE", 24, "?"))
        .as("the same answer for a number that does not exist").isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("you hold no open deadline");
    assertThatThrownBy(() -> requestExtension(QINGQUAN, c, "RESOLVE", 0, "?")).hasMessageContaining("extraHours");

    assertThatThrownBy(() -> staff.as(ZHONGHAIXI, () -> runtime.startProcessInstanceByKey("sla-extension", Map.of("caseRef", c,
        "deadlineKind", "RESOLVE", "extraHours", 24, "reason", "冒名", "requestedBy", QINGQUAN))))
        .as("the requester is who is logged in, whatever requestedBy says").isInstanceOf(BadUserRequestException.class);
    assertThatThrownBy(() -> staff.as(QINGQUAN, () -> runtime.createProcessInstanceByKey("sla-extension")
        .startBeforeActivity("ServiceTask_ApplyExtension").setVariables(Map.of("extensionId", 1L, "decision", "APPROVE")).execute()))
        .as("no way round the supervisor's decision").hasMessageContaining("no supervisor's decision");

    requestExtension(QINGQUAN, c, "RESOLVE", 24, "物业经理出差。");
    Task pending = decision(c);
    staff.as(WANLIAN_SUP, () -> tasks.claim(pending.getId(), WANLIAN_SUP));
    assertThatThrownBy(() -> staff.as(WANLIAN_SUP, () -> tasks.complete(pending.getId(), Map.of("decision", "APPROVE", "extensionId", 999L))))
        .as("a completion cannot point the decision at another request").rootCause().hasMessageContaining("extensionId");
    tasks.setAssignee(pending.getId(), null);
    assertThatThrownBy(() -> decide(WANLIAN_SUP, c, "REFUSE", null)).rootCause().hasMessageContaining("decisionNote");
    tasks.setAssignee(decision(c).getId(), null);
    decide(WANLIAN_SUP, c, "REFUSE", "三天足够，请联系物业副经理。");
    assertThat(deadline(c, SlaKind.RESOLVE).dueAt()).isEqualTo(before.dueAt());
    assertThat(deadline(c, SlaKind.RESOLVE).originalDueAt()).isNull();
    assertThat(extensions.extensionsOf(before.id())).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo("REFUSED"));
    assertThat(breachTimerDue(c, before.dueAt())).isNotNull();
  }

  @Test
  @DisplayName("超时后获批延期：超时记录保留，期限顺延")
  void breachStaysOnRecordAfterAnExtension() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "健身器材松动");
    driver.advance(Duration.ofHours(24).plusMinutes(1));
    SlaDeadline breached = deadline(c, SlaKind.REPLY);
    assertThat(breached.isBreached()).isTrue();
    requestExtension(QINGQUAN, c, "REPLY", 24, "联系不上居民。");
    decide(WANLIAN_SUP, c, "APPROVE", null);
    SlaDeadline after = deadline(c, SlaKind.REPLY);
    assertThat(after.breachedAt()).as("the breach stays").isEqualTo(breached.breachedAt());
    assertThat(after.originalDueAt()).isEqualTo(breached.dueAt());
    assertThat(after.dueAt()).isEqualTo(breached.dueAt().plus(Duration.ofHours(24)));
  }

  @Test
  @DisplayName("暂停：等待居民补充材料期间办结期限不计时；恢复后期限顺延暂停时长，记录暂停时间，之后照常超时")
  void pausedClockResumesWithTheDeadlineMovedOn() {
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "邻居装修噪音");
    SlaDeadline before = deadline(c, SlaKind.RESOLVE);
    driver.advance(Duration.ofHours(10));
    complaints.act(c, QINGQUAN, ComplaintAction.PAUSE, "请提供装修时间段的录音或照片。");
    assertThat(complaints.view(c).timeline()).extracting(e -> e.kind()).contains(Kind.PAUSED);
    assertThat(sla.openPause(before.id())).isPresent();
    assertThatThrownBy(() -> complaints.act(c, QINGQUAN, ComplaintAction.PAUSE, "再次暂停")).as("already paused")
        .rootCause().isInstanceOf(BadUserRequestException.class);

    driver.advance(Duration.ofDays(5)); // far past the original 3-day resolution deadline
    assertThat(sla.breachesOf(c)).extracting(SlaDeadline::kind).doesNotContain(SlaKind.RESOLVE);
    assertThat(supervision.atRisk(jurisdictions.require(QINGQUAN_COMMUNITY), 100)).extracting(i -> i.deadline().id())
        .as("a paused deadline is neither at risk nor breached on the dashboard").doesNotContain(before.id());

    complaints.act(c, QINGQUAN, ComplaintAction.RESUME, "居民已补充录音。");
    SlaDeadline after = deadline(c, SlaKind.RESOLVE);
    assertThat(after.pausedSeconds()).isEqualTo(Duration.ofDays(5).toSeconds());
    assertThat(after.dueAt()).isEqualTo(before.dueAt().plus(Duration.ofDays(5)));
    assertThat(breachTimerDue(c, after.dueAt())).isNotNull();
    assertThat(complaints.view(c).timeline()).extracting(e -> e.kind()).contains(Kind.RESUMED);

    driver.advance(Duration.between(driver.now(), after.dueAt()).minusMinutes(1));
    assertThat(sla.breachesOf(c)).extracting(SlaDeadline::kind).doesNotContain(SlaKind.RESOLVE);
    driver.advance(Duration.ofMinutes(2));
    assertThat(sla.breachesOf(c)).extracting(SlaDeadline::kind).contains(SlaKind.RESOLVE);
    assertThatThrownBy(() -> complaints.act(c, QINGQUAN, ComplaintAction.PAUSE, "请补充照片。"))
        .as("a deadline already past cannot be paused (that would be an unapproved extension)").rootCause()
        .hasMessageContaining("extension");
  }
}
