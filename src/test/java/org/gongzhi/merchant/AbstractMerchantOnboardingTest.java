package org.gongzhi.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gongzhi.merchant.MerchantOnboardingProcess.*;
import static org.gongzhi.support.MerchantFixtures.*;
import static org.gongzhi.support.Staff.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.gongzhi.complaint.ComplaintManagement;
import org.gongzhi.complaint.NewComplaint;
import org.gongzhi.merchant.MerchantApplication.Status;
import org.gongzhi.merchant.NewMerchantApplication.NewDocument;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaKind;
import org.gongzhi.sla.SlaService;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Mailbox;
import org.gongzhi.support.MerchantFixtures;
import org.gongzhi.support.Staff;
import org.gongzhi.system.ConflictException;
import org.gongzhi.system.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** 商户入驻 with Camunda's clock driven: checks, the three steps, the catalogue, re-review, suspension. H2 and PostgreSQL subclasses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
abstract class AbstractMerchantOnboardingTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  static final Instant MONDAY_9AM = Instant.parse("2026-03-02T01:00:00Z");
  static final String MERCHANT_MAIL = "merchant@shop.example";

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired MerchantFixtures fx;
  @Autowired MerchantApplications applications;
  @Autowired ComplaintManagement complaints;
  @Autowired EngineDriver driver;
  @Autowired SlaService sla;
  @Autowired Staff staff;

  @BeforeEach
  void startClock() {
    BpmnAwareTests.init(engine);
    driver.freezeAt(MONDAY_9AM);
  }

  @AfterEach
  void cleanUp() {
    driver.reset();
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  MerchantView view(String n) {
    return applications.view(n);
  }

  Status status(String n) {
    return view(n).application().status();
  }

  List<String> catalogue() {
    return applications.catalogue(QINGQUAN_COMMUNITY).stream().map(v -> v.application().applicationNumber()).toList();
  }

  String complainAbout(String merchant) {
    String caseNumber = complaints.submit(new NewComplaint(QINGQUAN_COMMUNITY, "merchant", "饺子馆后厨油烟扰民", "每天晚上油烟直排进楼道。", "王芳",
        "13912345678", null, "zh-CN", "wechat", null, null, "清泉路 18 号", merchant)).complaint().caseNumber();
    driver.executeDueJobs(); // the complaint process tells the merchant's process (async)
    return caseNumber;
  }

  @Test
  @DisplayName("材料齐全：社区审核、现场核查、街道审批通过后列入智慧屋目录，商户收到通知，每一步的期限都已达成")
  void happyPathToListing() {
    String n = fx.applyComplete();
    assertThat(status(n)).isEqualTo(Status.COMMUNITY_REVIEW);
    assertThat(view(n).missingDocuments()).isEmpty();
    BpmnAwareTests.assertThat(fx.task(n, Task_ReviewInCommunity)).hasCandidateGroup("caseworker-" + QINGQUAN_COMMUNITY);
    assertThat(tasks.getVariable(fx.task(n, Task_ReviewInCommunity).getId(), VAR_OFFERS_TEXT)).asString()
        .contains("社区老人午餐").contains("20% off");
    assertThat(catalogue()).doesNotContain(n);

    fx.approveInCommunity(n);
    assertThat(status(n)).isEqualTo(Status.INSPECTION);
    BpmnAwareTests.assertThat(fx.task(n, Task_InspectPremises)).hasCandidateGroup("inspector-" + WANLIAN_STREET);
    fx.passInspection(n);
    assertThat(status(n)).isEqualTo(Status.STREET_APPROVAL);
    BpmnAwareTests.assertThat(fx.task(n, Task_ApproveInStreet)).hasCandidateGroup("caseworker-" + WANLIAN_STREET);
    assertThat(tasks.getVariable(fx.task(n, Task_ApproveInStreet).getId(), VAR_HISTORY_TEXT)).asString()
        .as("the street sees the inspection findings").contains("后厨整洁");
    fx.approveInStreet(n);

    MerchantApplication a = view(n).application();
    assertThat(a.status()).isEqualTo(Status.LISTED);
    assertThat(a.reReviewAt()).as("re-review a year after listing").isEqualTo(Instant.parse("2027-03-02T01:00:00Z"));
    assertThat(catalogue()).contains(n);
    assertThat(applications.catalogue(QINGQUAN_COMMUNITY)).filteredOn(v -> v.application().applicationNumber().equals(n)).singleElement()
        .satisfies(v -> assertThat(v.offers()).extracting(MerchantApplication.Offer::title).containsExactly("社区老人午餐", "免费送餐上门"));
    assertThat(applications.catalogue(ZHONGHAIXI_COMMUNITY)).as("another community's catalogue").isEmpty();
    assertThat(view(n).decisions()).extracting(d -> d.step() + ":" + d.decision())
        .containsExactly("COMMUNITY_REVIEW:APPROVE", "INSPECTION:PASS", "STREET_APPROVAL:APPROVE");
    assertThat(view(n).decisions().get(1).photoUrls()).hasSize(2);
    assertThat(sla.deadlinesOf(n)).hasSize(3).allSatisfy(d -> assertThat(d.outcome()).isEqualTo("MET"));
    assertThat(sla.deadlinesOf(n)).extracting(SlaDeadline::kind).containsExactly(SlaKind.REVIEW, SlaKind.INSPECT, SlaKind.REVIEW);
    driver.executeDueJobs();
    assertThat(Mailbox.to(greenMail, MERCHANT_MAIL, n)).extracting(Mailbox::subject).anyMatch(s -> s.contains("已入驻"));
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(n).count()).as("waits for its re-review").isOne();
  }

  @Test
  @DisplayName("社区审核、现场核查、街道审批各可拒绝：商户看到哪一步和原因，信用代码可以重新申请")
  void eachStepCanReject() {
    String code = freshCode();
    String first = fx.apply(code, CATERING_DOCUMENTS);
    fx.complete(first, Task_ReviewInCommunity, COMMUNITY_CADRE, Map.of(VAR_DECISION, REJECT, VAR_REASON, "本社区同类餐饮已饱和。"));
    MerchantApplication a = view(first).application();
    assertThat(a.status()).isEqualTo(Status.REJECTED);
    assertThat(a.rejectionStep()).isEqualTo(MerchantStep.COMMUNITY_REVIEW);
    assertThat(a.rejectionReason()).isEqualTo("本社区同类餐饮已饱和。");
    driver.executeDueJobs();
    assertThat(Mailbox.to(greenMail, MERCHANT_MAIL, first)).singleElement()
        .satisfies(m -> assertThat(Mailbox.body(m)).contains("社区审核").contains("本社区同类餐饮已饱和"));

    String second = fx.apply(code, CATERING_DOCUMENTS);
    fx.approveInCommunity(second);
    fx.complete(second, Task_InspectPremises, INSPECTOR, Map.of(VAR_DECISION, FAIL, VAR_FINDINGS, "灭火器过期，后厨无防鼠设施。",
        VAR_REASON, "消防与卫生不达标，整改后可重新申请。"));
    assertThat(view(second).application().rejectionStep()).isEqualTo(MerchantStep.INSPECTION);
    assertThat(view(second).application().rejectionReason()).isEqualTo("消防与卫生不达标，整改后可重新申请。");

    String third = fx.apply(code, CATERING_DOCUMENTS);
    fx.approveInCommunity(third);
    fx.passInspection(third);
    fx.complete(third, Task_ApproveInStreet, STREET_CADRE, Map.of(VAR_DECISION, REJECT, VAR_REASON, "经营地址与执照不符。"));
    assertThat(view(third).application().status()).isEqualTo(Status.REJECTED);
    assertThat(view(third).application().rejectionStep()).isEqualTo(MerchantStep.STREET_APPROVAL);
    assertThat(catalogue()).doesNotContain(first, second, third);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(third).count()).isZero();
  }

  @Test
  @DisplayName("缺材料：申请进入待补充材料，逐份补齐后进入社区审核；补正期限不因补交而延长")
  void missingDocumentsSuppliedInTime() {
    String n = fx.apply(freshCode(), List.of(new NewDocument("business-licence", "https://files.example.com/licence.pdf"),
        new NewDocument(null, "https://files.example.com/menu.jpg")));
    assertThat(status(n)).isEqualTo(Status.NEEDS_INFORMATION);
    assertThat(view(n).missingDocuments()).containsExactly("food-business-permit", "storefront-photo");
    Instant due = view(n).application().documentsDueAt();
    assertThat(due).isEqualTo(MONDAY_9AM.plus(Duration.ofDays(14)));
    assertThat(fx.task(n, Task_ReviewInCommunity)).isNull();
    driver.executeDueJobs();
    assertThat(Mailbox.to(greenMail, MERCHANT_MAIL, n)).singleElement()
        .satisfies(m -> assertThat(Mailbox.body(m)).contains("食品经营许可证").contains("门头照片").contains("2026-03-16 09:00"));

    driver.advance(Duration.ofDays(3));
    applications.supplyDocuments(n, List.of(new NewDocument("food-business-permit", "https://files.example.com/food-permit.pdf")));
    assertThat(status(n)).isEqualTo(Status.NEEDS_INFORMATION);
    assertThat(view(n).missingDocuments()).containsExactly("storefront-photo");
    assertThat(view(n).application().documentsDueAt()).as("the deadline stays").isEqualTo(due);

    driver.advance(Duration.ofDays(10));
    applications.supplyDocuments(n, List.of(new NewDocument("storefront-photo", "https://files.example.com/storefront.jpg")));
    assertThat(status(n)).isEqualTo(Status.COMMUNITY_REVIEW);
    assertThat(view(n).documents()).hasSize(4);
    assertThat(fx.task(n, Task_ReviewInCommunity)).isNotNull();
    assertThat(tasks.getVariable(fx.task(n, Task_ReviewInCommunity).getId(), VAR_DOCUMENTS_TEXT)).asString()
        .contains("门头照片").contains("https://files.example.com/storefront.jpg");
    driver.advance(Duration.ofDays(2));
    assertThat(status(n)).as("the passed deadline no longer matters").isEqualTo(Status.COMMUNITY_REVIEW);
  }

  @Test
  @DisplayName("缺材料逾期未补：申请终止，之后补交被拒绝（409），信用代码可以重新申请")
  void missingDocumentsTooLate() {
    String code = freshCode();
    String n = fx.apply(code, List.of());
    assertThat(view(n).missingDocuments()).containsExactly("business-licence", "food-business-permit", "storefront-photo");
    driver.advance(Duration.ofDays(14).minusMinutes(1));
    assertThat(status(n)).isEqualTo(Status.NEEDS_INFORMATION);
    driver.advance(Duration.ofMinutes(2));
    assertThat(status(n)).isEqualTo(Status.EXPIRED);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(n).count()).isZero();
    assertThatThrownBy(() -> applications.supplyDocuments(n, CATERING_DOCUMENTS)).isInstanceOf(ConflictException.class);
    assertThat(view(n).documents()).isEmpty();
    assertThat(Mailbox.to(greenMail, MERCHANT_MAIL, n)).extracting(Mailbox::subject).anyMatch(s -> s.contains("已终止"));
    assertThat(status(fx.apply(code, CATERING_DOCUMENTS))).isEqualTo(Status.COMMUNITY_REVIEW);
  }

  @Test
  @DisplayName("自动检查：在审或在册的信用代码不能重复申请，黑名单上的代码被拒并说明原因")
  void duplicatesAndBlocklistAreRefused() {
    String code = freshCode();
    fx.apply(code, CATERING_DOCUMENTS);
    assertThatThrownBy(() -> fx.apply(code.toLowerCase(), CATERING_DOCUMENTS)).isInstanceOfSatisfying(InvalidInputException.class,
        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
          assertThat(p.field()).isEqualTo("unifiedSocialCreditCode");
          assertThat(p.code()).isEqualTo("merchant.duplicate");
        }));
    assertThatThrownBy(() -> fx.apply(BLOCKED_CODE, CATERING_DOCUMENTS)).isInstanceOfSatisfying(InvalidInputException.class,
        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
          assertThat(p.code()).isEqualTo("merchant.blocked");
          assertThat(p.args()).contains("已列入严重违法失信名单 / on the list of serious violators");
        }));
    String listed = fx.listed();
    assertThatThrownBy(() -> fx.apply(view(listed).application().creditCode(), CATERING_DOCUMENTS))
        .as("a listed merchant cannot apply twice").isInstanceOf(InvalidInputException.class);
  }

  @Test
  @DisplayName("年度复核：入驻满一年社区重新审核；通过则续一年，次年不通过则退出目录")
  void yearlyReReviewByTheClock() {
    String n = fx.listed();
    driver.advance(Duration.between(driver.now(), Instant.parse("2027-03-02T01:00:00Z")).minusMinutes(1));
    assertThat(fx.task(n, Task_ReReviewInCommunity)).isNull();
    driver.advance(Duration.ofMinutes(1));
    BpmnAwareTests.assertThat(fx.task(n, Task_ReReviewInCommunity)).hasCandidateGroup("caseworker-" + QINGQUAN_COMMUNITY);
    assertThat(status(n)).as("listed while it is re-reviewed").isEqualTo(Status.LISTED);
    fx.complete(n, Task_ReReviewInCommunity, COMMUNITY_CADRE, Map.of(VAR_DECISION, APPROVE));
    assertThat(view(n).application().reReviewAt()).isEqualTo(Instant.parse("2027-03-02T01:00:00Z")
        .atZone(ZoneId.of("Asia/Shanghai")).plusYears(1).toInstant());
    assertThat(catalogue()).contains(n);

    driver.advance(Duration.between(driver.now(), view(n).application().reReviewAt()));
    fx.complete(n, Task_ReReviewInCommunity, COMMUNITY_CADRE, Map.of(VAR_DECISION, REJECT, VAR_REASON, "已停业三个月。"));
    assertThat(status(n)).isEqualTo(Status.DELISTED);
    assertThat(view(n).application().delistingReason()).isEqualTo("已停业三个月。");
    assertThat(catalogue()).doesNotContain(n);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(n).count()).isZero();
    assertThatThrownBy(() -> applications.supplyDocuments(n, CATERING_DOCUMENTS)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("merchant.delisted");
    assertThatThrownBy(() -> complainAbout(n)).isInstanceOfSatisfying(InvalidInputException.class,
        e -> assertThat(e.problems()).extracting(InvalidInputException.FieldProblem::field).containsExactly("merchantNumber"));
  }

  @Test
  @DisplayName("三件商户投诉暂停展示，街道恢复后重新计数；再次被投诉三次后街道决定退出目录")
  void suspendedAfterComplaintsThenReinstatedThenDelisted() {
    String n = fx.listed();
    complainAbout(n);
    driver.advance(Duration.ofDays(1));
    complainAbout(n);
    assertThat(status(n)).isEqualTo(Status.LISTED);
    driver.advance(Duration.ofDays(1));
    String third = complainAbout(n);
    assertThat(status(n)).isEqualTo(Status.SUSPENDED);
    assertThat(catalogue()).doesNotContain(n);
    BpmnAwareTests.assertThat(fx.task(n, Task_DecideOnSuspension)).hasCandidateGroup("caseworker-" + WANLIAN_STREET);
    assertThat(tasks.getVariable(fx.task(n, Task_DecideOnSuspension).getId(), VAR_COMPLAINTS_TEXT)).asString().contains(third);
    assertThat(complaints.view(third, false).complaint().merchantNumber()).isEqualTo(n);
    driver.executeDueJobs();
    assertThat(Mailbox.to(greenMail, MERCHANT_MAIL, n)).extracting(Mailbox::subject).anyMatch(s -> s.contains("暂停展示"));

    assertThatThrownBy(() -> fx.complete(n, Task_DecideOnSuspension, STREET_CADRE, Map.of(VAR_DECISION, REINSTATE)))
        .as("a suspension decision always says why").rootCause().isInstanceOf(BadUserRequestException.class);
    driver.advance(Duration.ofDays(2)); // the street looks into it
    fx.complete(n, Task_DecideOnSuspension, STREET_CADRE, Map.of(VAR_DECISION, REINSTATE, VAR_REASON, "已整改，加装油烟净化器。"));
    assertThat(status(n)).isEqualTo(Status.LISTED);
    assertThat(catalogue()).contains(n);

    complainAbout(n);
    complainAbout(n);
    assertThat(status(n)).as("complaints before the reinstatement no longer count").isEqualTo(Status.LISTED);
    complainAbout(n);
    assertThat(status(n)).isEqualTo(Status.SUSPENDED);
    complainAbout(n); // while suspended the process is not listening: still one complaint case, nothing lost
    fx.complete(n, Task_DecideOnSuspension, STREET_CADRE, Map.of(VAR_DECISION, DELIST, VAR_REASON, "整改后仍多次扰民。"));
    assertThat(status(n)).isEqualTo(Status.DELISTED);
    assertThat(catalogue()).doesNotContain(n);
    assertThat(runtime.createIncidentQuery().count()).as("no failed job anywhere").isZero();
  }

  @Test
  @DisplayName("投诉窗口：窗口期外的投诉不计入，非商户类诉求不能指明商户")
  void complaintsOutsideTheWindowDoNotCount() {
    String n = fx.listed();
    complainAbout(n);
    complainAbout(n);
    driver.advance(Duration.ofDays(91));
    complainAbout(n);
    assertThat(status(n)).isEqualTo(Status.LISTED);
    assertThatThrownBy(() -> complaints.submit(new NewComplaint(QINGQUAN_COMMUNITY, "noise", "噪音", "夜间施工。", "王芳", "13912345678", null,
        "zh-CN", "wechat", null, null, null, n))).isInstanceOfSatisfying(InvalidInputException.class,
        e -> assertThat(e.problems()).extracting(InvalidInputException.FieldProblem::code).containsExactly("merchant.notMerchantComplaint"));
    assertThatThrownBy(() -> complainAbout("SH-2026-999999")).isInstanceOfSatisfying(InvalidInputException.class,
        e -> assertThat(e.problems()).extracting(InvalidInputException.FieldProblem::code).containsExactly("merchant.notListed"));
  }

  @Test
  @DisplayName("社区审核 16 个工作小时：周二 14 点提醒社区，周二 18 点记录超时并通知街道主管；迟到的审核照常生效")
  void communityReviewDeadlineIsTracked() {
    String n = fx.applyComplete();
    SlaDeadline d = sla.deadlinesOf(n).get(0);
    assertThat(d.warnAt()).isEqualTo(Instant.parse("2026-03-03T06:00:00Z"));
    assertThat(d.dueAt()).isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
    driver.advance(Duration.between(driver.now(), d.warnAt()).plusMinutes(1));
    assertThat(Mailbox.to(greenMail, Staff.email(COMMUNITY_CADRE), n)).as("warning to the community").hasSize(1);
    driver.advance(Duration.ofHours(4));
    assertThat(sla.breachesOf(n)).singleElement().satisfies(b -> {
      assertThat(b.nodeCode()).isEqualTo(QINGQUAN_COMMUNITY);
      assertThat(b.holder()).isEqualTo("caseworker-" + QINGQUAN_COMMUNITY);
    });
    assertThat(Mailbox.to(greenMail, Staff.email(WANLIAN_SUP), n)).as("breach to the street's supervisors").hasSize(1);
    fx.approveInCommunity(n);
    assertThat(status(n)).isEqualTo(Status.INSPECTION);
    assertThat(sla.deadlinesOf(n)).extracting(SlaDeadline::outcome).contains("MET_LATE");
  }

  @Test
  @DisplayName("只有本步骤的人能签：兄弟社区看不到任务，管理员不能代签；拒绝须写原因，核查须有记录，照片须为链接")
  void onlyTheStepsPeopleDecide() {
    String n = fx.applyComplete();
    assertThat(staff.as(ZHONGHAIXI, () -> tasks.createTaskQuery().processInstanceBusinessKey(n).count())).isZero();
    assertThat(staff.as(COMMUNITY_CADRE, () -> tasks.createTaskQuery().processInstanceBusinessKey(n).count())).isOne();
    assertThat(staff.as(WANLIAN_SUP, () -> tasks.createTaskQuery().processInstanceBusinessKey(n).count()))
        .as("the street above sees it").isOne();
    assertThatThrownBy(() -> fx.complete(n, Task_ReviewInCommunity, "demo", Map.of(VAR_DECISION, APPROVE)))
        .rootCause().isInstanceOf(BadUserRequestException.class).hasMessageContaining("demo");
    tasks.setAssignee(fx.task(n, Task_ReviewInCommunity).getId(), null);
    assertThatThrownBy(() -> fx.complete(n, Task_ReviewInCommunity, COMMUNITY_CADRE, Map.of(VAR_DECISION, REJECT)))
        .rootCause().hasMessageContaining("reason");
    assertThatThrownBy(() -> fx.complete(n, Task_ReviewInCommunity, COMMUNITY_CADRE, Map.of(VAR_DECISION, PASS)))
        .rootCause().hasMessageContaining("APPROVE");
    fx.approveInCommunity(n);
    assertThatThrownBy(() -> fx.complete(n, Task_InspectPremises, INSPECTOR, Map.of(VAR_DECISION, PASS)))
        .rootCause().hasMessageContaining("findings");
    assertThatThrownBy(() -> fx.complete(n, Task_InspectPremises, INSPECTOR, Map.of(VAR_DECISION, PASS, VAR_FINDINGS, "良好",
        VAR_PHOTO_URLS, "javascript:alert(1)"))).rootCause().hasMessageContaining("http");
    assertThat(view(n).decisions()).hasSize(1);
    fx.passInspection(n);
    assertThat(status(n)).isEqualTo(Status.STREET_APPROVAL);
  }
}
