package org.gongzhi.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gongzhi.support.Staff.QINGQUAN;
import static org.gongzhi.support.Staff.QINGQUAN_COMMUNITY;
import static org.gongzhi.support.Staff.WANLIAN_STREET;
import static org.gongzhi.support.Staff.WANLIAN_SUP;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CyclicBarrier;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.merchant.MerchantOnboardingProcess;
import org.gongzhi.merchant.NewMerchantApplication;
import org.gongzhi.merchant.NewMerchantApplication.NewDocument;
import org.gongzhi.notification.Notification;
import org.gongzhi.notification.NotificationService;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.supervision.SupervisionQueries;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.ContentFixtures;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Http;
import org.gongzhi.support.MerchantFixtures;
import org.gongzhi.support.Staff;
import org.gongzhi.support.VolunteerFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.context.ActiveProfiles;

/**
 * The retention purge (gongzhi.privacy.retention, P3Y) on cases created through the REST API in all four processes, with
 * Camunda's clock moved three years on: what closed longer ago is erased everywhere — our tables, notices, webhook
 * payloads, the resident reference and Camunda's history, checked by scanning every text column of every table — while a
 * younger closed case and an open one keep everything and the supervision figures stay as they were.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.mail.port=2")
@ActiveProfiles("test")
abstract class AbstractPersonalDataPurgeTest {

  static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");

  // one person per case, so that a trace of one can only come from that case
  static final String OLD_NAME = "欧阳清照", OLD_PHONE = "13900001111", OLD_EMAIL = "ouyang.qz@example.com";
  static final String OLD_ADDRESS = "松山路88号", OLD_RESIDENT = "wx-openid-ouyang";
  static final String YOUNG_NAME = "司马相如", YOUNG_PHONE = "13900002222";
  static final String OPEN_NAME = "诸葛明月", OPEN_PHONE = "13900003333";
  static final String VOLUNTEER_NAME = "上官婉儿", VOLUNTEER_PHONE = "13900004444";
  static final String AUTHOR_NAME = "独孤求败", AUTHOR_PHONE = "13900005555", AUTHOR_EMAIL = "dugu.qb@example.com";
  static final String CONTACT_NAME = "慕容复", CONTACT_PHONE = "13900006666", CONTACT_EMAIL = "murong.fu@shop.example";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RuntimeService runtime;
  @Autowired EngineDriver driver;
  @Autowired Complaints complaints;
  @Autowired VolunteerFixtures volunteers;
  @Autowired ContentFixtures content;
  @Autowired PersonalDataPurge purge;
  @Autowired SupervisionQueries supervision;
  @Autowired Jurisdictions jurisdictions;
  @Autowired MerchantFixtures merchants;
  @Autowired org.gongzhi.merchant.MerchantApplications applications;
  @Autowired NotificationService notifications;
  @Autowired Staff staff;
  @Autowired TaskService tasks;
  /** The mail server refuses every recipient with a 550 that quotes the address, in the message and in the cause. */
  @MockitoSpyBean JavaMailSender mail;
  final ObjectMapper json = new ObjectMapper();

  @org.junit.jupiter.api.BeforeEach
  void refusingMailServer() {
    doAnswer(call -> {
      String to = ((MimeMessage) call.getArgument(0)).getRecipients(Message.RecipientType.TO)[0].toString();
      throw new MailSendException("Failed messages: jakarta.mail.SendFailedException: Invalid Addresses; nested exception is: "
          + "550 5.1.1 <" + to + ">: Recipient address rejected: User unknown",
          new SendFailedException("550 5.1.1 <" + to + ">: Recipient address rejected: User unknown"));
    }).when(mail).send(any(MimeMessage.class));
  }

  @AfterEach
  void cleanUp() {
    driver.reset();
    purge.batchSize = 500;
  }

  @Test
  @DisplayName("结案满三年的案件（四个流程）个人信息全部删除，未满三年和未结案的不动，监督统计数字不变")
  void closedCasesPastRetentionAreErasedAndStatisticsStay() throws Exception {
    driver.freezeAt(T0);
    Http http = new Http(port);
    Http resident = http.asResident(OLD_RESIDENT);
    HttpResponse<String> hook = http.send(http.request("/api/v1/webhook").header("Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"url\": \"http://localhost:1/gongzhi-events\"}")).build());
    assertThat(hook.statusCode()).as(hook.body()).isLessThan(300); // events are queued for the channel (and never delivered here)

    // --- at T0: one case of each process, each ends soon after ---
    String oldComplaint = created(resident.post("/api/v1/complaints", complaint(OLD_NAME, OLD_PHONE, OLD_EMAIL, OLD_ADDRESS), "zh-CN"),
        "caseNumber");
    complaints.act(oldComplaint, QINGQUAN, ComplaintAction.REPLY, "欧阳清照您好，已派人查看，会电话 " + OLD_PHONE + " 联系您。");
    // a pause and an extension whose reasons name the resident (sla_pause.reason, sla_extension.reason / decision_note and
    // the extension instance's variables, which carry no business key)
    complaints.act(oldComplaint, QINGQUAN, ComplaintAction.PAUSE, "等" + OLD_NAME + "补充照片（电话 " + OLD_PHONE + "）");
    complaints.act(oldComplaint, QINGQUAN, ComplaintAction.RESUME, OLD_NAME + "已补充照片。");
    staff.as(QINGQUAN, () -> runtime.startProcessInstanceByKey("sla-extension", Map.of("caseRef", oldComplaint, "deadlineKind", "RESOLVE",
        "extraHours", 24, "reason", OLD_NAME + "本周出差，" + OLD_PHONE + " 周末才能接听")));
    var decision = tasks.createTaskQuery().processDefinitionKey("sla-extension").processVariableValueEquals("caseNumber", oldComplaint)
        .singleResult();
    staff.as(WANLIAN_SUP, () -> {
      tasks.claim(decision.getId(), WANLIAN_SUP);
      tasks.complete(decision.getId(), Map.of("decision", "APPROVE", "decisionNote", "同意，等" + OLD_NAME + "回来再办"));
    });
    complaints.act(oldComplaint, QINGQUAN, ComplaintAction.RESOLVE, "路灯已修好。");
    complaints.rate(oldComplaint, 5);

    String oldOrder = created(resident.post("/api/v1/volunteer-orders", """
        {"communityCode": "%s", "category": "free-haircut", "description": "我是%s，行动不便，电话%s，想请人上门理发",
         "preferredTime": "周六上午", "address": "松山路88号3单元", "reporter": {"name": "%s", "phone": "%s"}}"""
        .formatted(QINGQUAN_COMMUNITY, VOLUNTEER_NAME, VOLUNTEER_PHONE, VOLUNTEER_NAME, VOLUNTEER_PHONE), "zh-CN"), "orderNumber");
    volunteers.declineOrder(oldOrder, VolunteerFixtures.WANLIAN_DISPATCHER, "本周无人可派，请" + VOLUNTEER_NAME + "下周再约");

    String oldSubmission = created(resident.post("/api/v1/content-submissions", """
        {"communityCode": "%s", "title": "%s的邻里故事", "body": "投稿人%s，电话%s。",
         "targetChannels": ["wechat-official-account"],
         "author": {"name": "%s", "phone": "%s", "email": "%s", "channel": "wechat"}}"""
        .formatted(QINGQUAN_COMMUNITY, AUTHOR_NAME, AUTHOR_NAME, AUTHOR_PHONE, AUTHOR_NAME, AUTHOR_PHONE, AUTHOR_EMAIL), "zh-CN"),
        "submissionNumber");
    content.reject(oldSubmission, ContentFixtures.COMMUNITY_REVIEWER, "照片里有邻居的门牌号，请" + AUTHOR_NAME + "（" + AUTHOR_PHONE + "）修改");

    String oldApplication = created(resident.post("/api/v1/merchant-applications", """
        {"communityCode": "%s", "name": "慕容理发店", "unifiedSocialCreditCode": "91210103MA0K8Y7L23", "category": "hair-beauty",
         "contact": {"name": "%s", "phone": "%s", "email": "%s"}, "address": "清泉路 20 号",
         "offers": [{"title": "老人理发", "discount": 50}],
         "documentUrls": [{"type": "business-licence", "url": "https://files.example.com/%s/licence.pdf"}]}"""
        .formatted(QINGQUAN_COMMUNITY, CONTACT_NAME, CONTACT_PHONE, CONTACT_EMAIL, CONTACT_PHONE), "zh-CN"), "applicationNumber");
    // a second application of the same contact, inspected and rejected by the street: findings, photos, reasons name them
    String rejected = applications.apply(new NewMerchantApplication(QINGQUAN_COMMUNITY, "慕容面馆", MerchantFixtures.freshCode(), "catering",
        CONTACT_NAME, CONTACT_PHONE, CONTACT_EMAIL, "清泉路 22 号", List.of(new NewMerchantApplication.NewOffer("老人午餐", "凭证就餐", null)),
        MerchantFixtures.CATERING_DOCUMENTS.stream().map(d -> new NewDocument(d.type(), d.url().replace("files.example.com/",
            "files.example.com/" + CONTACT_PHONE + "/"))).toList())).application().applicationNumber();
    merchants.approveInCommunity(rejected);
    merchants.complete(rejected, MerchantOnboardingProcess.Task_InspectPremises, MerchantFixtures.INSPECTOR, Map.of(
        MerchantOnboardingProcess.VAR_DECISION, MerchantOnboardingProcess.PASS,
        MerchantOnboardingProcess.VAR_FINDINGS, "店主" + CONTACT_NAME + "在场，电话 " + CONTACT_PHONE,
        MerchantOnboardingProcess.VAR_PHOTO_URLS, "https://files.example.com/" + CONTACT_PHONE + "/visit.jpg"));
    merchants.complete(rejected, MerchantOnboardingProcess.Task_ApproveInStreet, MerchantFixtures.STREET_CADRE, Map.of(
        MerchantOnboardingProcess.VAR_DECISION, MerchantOnboardingProcess.REJECT,
        MerchantOnboardingProcess.VAR_REASON, CONTACT_NAME + "名下另有一家店铺被投诉"));
    // the supervisors' daily digest lists case titles and belongs to no case
    notifications.queue("digest:test-old", "SUPERVISION_DIGEST", null, "wanlian-sup@example.com", "【每日督办】万莲街道",
        "  " + oldComplaint + " " + OLD_NAME + "家门口路灯坏了 · 清泉社区 · 首次答复");

    driver.advance(Duration.ofDays(15)); // the revision period and the documents period (P14D) run out
    assertThat(status("complaint", "case_number", oldComplaint)).isEqualTo("CLOSED");
    assertThat(status("volunteer_order", "order_number", oldOrder)).isEqualTo("DECLINED");
    assertThat(status("content_submission", "submission_number", oldSubmission)).isEqualTo("ABANDONED");
    assertThat(status("merchant_application", "application_number", oldApplication)).isEqualTo("EXPIRED");
    assertThat(status("merchant_application", "application_number", rejected)).isEqualTo("REJECTED");
    // no flow of this test withdraws content or delists a merchant: those two reasons are written here as the flows would
    jdbc.sql("update content_submission set withdrawal_reason = ? where submission_number = ?")
        .params(AUTHOR_NAME + "要求撤稿", oldSubmission).update();
    jdbc.sql("update merchant_application set delisting_reason = ? where application_number = ?")
        .params("多次投诉，联系人 " + CONTACT_PHONE, rejected).update();
    // Camunda keeps each failed send (job, job log, incident, stack trace): the 550 quoted the address, the delegate masked it
    List<String> failures = jdbc.sql("select JOB_EXCEPTION_MSG_ from ACT_HI_JOB_LOG where JOB_EXCEPTION_MSG_ like '%550 5.1.1%'")
        .query(String.class).list();
    assertThat(failures).as("refused sends are in Camunda's job log").isNotEmpty()
        .allSatisfy(m -> assertThat(m).contains("org.springframework.mail.MailSendException", "***@"));
    assertThat(traces(OLD_EMAIL)).as("the recipient is in no job, incident, job log or stack trace")
        .noneMatch(t -> t.startsWith("ACT_RU_JOB") || t.startsWith("ACT_HI_JOB_LOG") || t.contains("INCIDENT") || t.startsWith("ACT_GE_BYTEARRAY"));
    List<Long> oldNotices = jdbc.sql("select id from notification where case_ref = ?").param(oldComplaint).query(Long.class).list();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(NotificationService.DELIVERY_PROCESS_KEY).list())
        .as("the refused deliveries still run (incidents)").extracting(pi -> pi.getBusinessKey())
        .contains(oldNotices.stream().map(id -> NotificationService.DELIVERY_BUSINESS_KEY_PREFIX + id).toArray(String[]::new));

    // --- two years later: a complaint that closes, and one that stays open ---
    driver.advance(Duration.ofDays(2 * 365));
    String youngComplaint = created(http.post("/api/v1/complaints", complaint(YOUNG_NAME, YOUNG_PHONE, null, "清泉路1号"), "zh-CN"),
        "caseNumber");
    complaints.act(youngComplaint, QINGQUAN, ComplaintAction.RESOLVE, "已处理。");
    complaints.rate(youngComplaint, 4);
    assertThat(status("complaint", "case_number", youngComplaint)).isEqualTo("CLOSED");
    String openComplaint = created(http.post("/api/v1/complaints", complaint(OPEN_NAME, OPEN_PHONE, null, "清泉路2号"), "zh-CN"),
        "caseNumber");
    notifications.queue("digest:test-young", "SUPERVISION_DIGEST", null, "wanlian-sup@example.com", "【每日督办】万莲街道",
        "  " + openComplaint + " " + OPEN_NAME + "家门口路灯坏了 · 清泉社区 · 首次答复");

    // --- three years and a month after T0 ---
    driver.advance(Duration.ofDays(365 + 30));
    List<String> beforeTraces = new ArrayList<>();
    for (String v : List.of(OLD_NAME, OLD_PHONE, OLD_EMAIL, VOLUNTEER_NAME, VOLUNTEER_PHONE, AUTHOR_NAME, AUTHOR_PHONE, CONTACT_PHONE)) {
      beforeTraces.addAll(traces(v));
    }
    assertThat(beforeTraces).as("the old cases' data is there before the purge (so the scan can find it)").isNotEmpty();
    Object figures = figures();

    PersonalDataPurge.Result result = purge.purge();

    System.err.printf("[PersonalDataPurge] erased %s; traces of the old cases before: %d (%s)%n", result.erased(), beforeTraces.size(),
        beforeTraces.stream().distinct().sorted().toList());
    assertThat(result.erased()).isEqualTo(Map.of(CaseKind.COMPLAINT, List.of(oldComplaint), CaseKind.VOLUNTEER_ORDER, List.of(oldOrder),
        CaseKind.CONTENT, List.of(oldSubmission), CaseKind.MERCHANT, List.of(rejected, oldApplication))); // by closing time
    assertThat(result.failed()).isEmpty();
    assertThat(result.caselessNoticesErased()).as("the old digest").isEqualTo(1);
    assertThat(jdbc.sql("select dedupe_key from notification where coalesce(case_ref, '') = ''").query(String.class).list())
        .contains("digest:test-young").doesNotContain("digest:test-old");
    // the old case's deliveries that were still retrying or stuck in an incident are stopped, their notices never go out
    assertThat(jdbc.sql("select status from notification where case_ref = ?").param(oldComplaint).query(String.class).list())
        .isNotEmpty().containsOnly(Notification.ERASED);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(NotificationService.DELIVERY_PROCESS_KEY).list())
        .extracting(pi -> pi.getBusinessKey())
        .doesNotContain(oldNotices.stream().map(id -> NotificationService.DELIVERY_BUSINESS_KEY_PREFIX + id).toArray(String[]::new));
    // free-text reasons, notes, findings and document links
    assertThat(jdbc.sql("select reason || '|' || decision_note from sla_extension where case_ref = ?").param(oldComplaint)
        .query(String.class).list()).containsExactly(PersonalDataPurge.ERASED + "|" + PersonalDataPurge.ERASED);
    assertThat(jdbc.sql("select p.reason from sla_pause p join sla_deadline d on d.id = p.deadline_id where d.case_ref = ?")
        .param(oldComplaint).query(String.class).list()).isNotEmpty().containsOnly(PersonalDataPurge.ERASED);
    assertThat(jdbc.sql("select reason from content_review where submission_number = ? and reason is not null").param(oldSubmission)
        .query(String.class).list()).isNotEmpty().containsOnly(PersonalDataPurge.ERASED);
    assertThat(row("merchant_application", "application_number", rejected)).containsEntry("rejection_reason", PersonalDataPurge.ERASED)
        .containsEntry("delisting_reason", PersonalDataPurge.ERASED).containsEntry("name", "慕容面馆");
    assertThat(jdbc.sql("select url from merchant_document where application_number in (?, ?)").params(oldApplication, rejected)
        .query(String.class).list()).isNotEmpty().containsOnly(PersonalDataPurge.ERASED);

    // our tables: the personal fields are markers or gone, what statistics need is still there
    Map<String, Object> c = row("complaint", "case_number", oldComplaint);
    assertThat(c).containsEntry("reporter_name", PersonalDataPurge.ERASED).containsEntry("reporter_phone", PersonalDataPurge.ERASED)
        .containsEntry("description", PersonalDataPurge.ERASED).containsEntry("title", PersonalDataPurge.ERASED)
        .containsEntry("reporter_email", null).containsEntry("location_address", null)
        .containsEntry("community_code", QINGQUAN_COMMUNITY).containsEntry("category", "public-facilities")
        .containsEntry("channel", "wechat").containsEntry("status", "CLOSED").containsEntry("rating_score", 5)
        .containsEntry("resolved_tier", "COMMUNITY");
    assertThat(((Number) c.get("location_lat")).doubleValue()).as("rounded to about 1 km").isEqualTo(41.80);
    assertThat(c.get("first_replied_at")).isNotNull();
    assertThat(jdbc.sql("select message from complaint_timeline where case_number = ? and message is not null").param(oldComplaint)
        .query(String.class).list()).isNotEmpty().containsOnly(PersonalDataPurge.ERASED);
    assertThat(jdbc.sql("select recipient from notification where case_ref = ?").param(oldComplaint).query(String.class).list())
        .isNotEmpty().containsOnly(PersonalDataPurge.ERASED);
    assertThat(jdbc.sql("select channel, resident_ref from case_origin where case_ref = ?").param(oldComplaint)
        .query((rs, n) -> rs.getString(1) + "/" + rs.getString(2)).single()).isEqualTo("test-channel/null");
    assertThat(jdbc.sql("select payload from webhook_event where case_ref = ?").param(oldComplaint).query(String.class).list())
        .isNotEmpty().containsOnly("{\"erased\":true}");
    Map<String, Object> v = row("volunteer_order", "order_number", oldOrder);
    assertThat(v).containsEntry("reporter_name", PersonalDataPurge.ERASED).containsEntry("reporter_phone", null)
        .containsEntry("address", null).containsEntry("category", "free-haircut").containsEntry("status", "DECLINED");
    Map<String, Object> s = row("content_submission", "submission_number", oldSubmission);
    assertThat(s).containsEntry("author_name", PersonalDataPurge.ERASED).containsEntry("author_phone", null)
        .containsEntry("author_email", null).containsEntry("body", PersonalDataPurge.ERASED).containsEntry("status", "ABANDONED");
    Map<String, Object> m = row("merchant_application", "application_number", oldApplication);
    assertThat(m).containsEntry("contact_name", PersonalDataPurge.ERASED).containsEntry("contact_phone", PersonalDataPurge.ERASED)
        .containsEntry("contact_email", null).containsEntry("name", "慕容理发店").containsEntry("status", "EXPIRED");
    assertThat(jdbc.sql("select count(*) from personal_data_erasure where case_ref in (?, ?, ?, ?, ?)")
        .params(oldComplaint, oldOrder, oldSubmission, oldApplication, rejected).query(Long.class).single()).isEqualTo(5);

    // the whole database (every text column of every table, Camunda's byte arrays) holds no trace of the erased people
    for (String value : List.of(OLD_NAME, OLD_PHONE, OLD_EMAIL, OLD_ADDRESS, VOLUNTEER_NAME, VOLUNTEER_PHONE, AUTHOR_NAME, AUTHOR_PHONE,
        AUTHOR_EMAIL, CONTACT_NAME, CONTACT_PHONE, CONTACT_EMAIL)) {
      assertThat(traces(value)).as("traces of %s", value).isEmpty();
    }
    // the younger closed case and the open one keep everything
    assertThat(row("complaint", "case_number", youngComplaint)).containsEntry("reporter_name", YOUNG_NAME)
        .containsEntry("reporter_phone", YOUNG_PHONE);
    assertThat(row("complaint", "case_number", openComplaint)).containsEntry("reporter_name", OPEN_NAME)
        .containsEntry("reporter_phone", OPEN_PHONE).containsEntry("status", "IN_PROGRESS");
    assertThat(traces(YOUNG_PHONE)).contains("COMPLAINT.REPORTER_PHONE");
    // the supervisors' figures are the same
    assertThat(figures()).isEqualTo(figures);

    assertThat(purge.purge().total()).as("a second purge finds nothing left to do").isZero();
  }

  @Test
  @DisplayName("两个节点同时清理：每个案件只删除一次，不报错；不经租约的两次并发清理也只删除一次")
  void twoPurgesAtOnceEraseEachCaseOnce() throws Exception {
    driver.freezeAt(T0);
    List<String> first = closedComplaints(5);
    driver.advance(Duration.ofDays(60));
    List<String> second = closedComplaints(5);
    driver.advance(Duration.ofDays(3 * 365 - 30)); // the first five are past the retention (P3Y: 1,096 days here), the second not yet
    purge.batchSize = 2; // pages of two: the runs cross page borders

    List<PersonalDataPurge.Result> round1 = together(purge::purge, purge::purge);
    List<String> erased1 = erasedIn(round1);
    System.err.printf("[PersonalDataPurge] two purges at once: %s; other node running: %s%n", erased1,
        round1.stream().map(PersonalDataPurge.Result::otherNodeRunning).toList());
    assertThat(erased1).as("each case once").containsAll(first).doesNotHaveDuplicates().doesNotContainAnyElementsOf(second);
    assertThat(round1).allSatisfy(r -> assertThat(r.failed()).isEmpty());

    driver.advance(Duration.ofDays(61));
    // without the lease (what two nodes would do if the lease expired mid-run): the case's row lock and the second look
    List<PersonalDataPurge.Result> round2 = together(purge::purgeAll, purge::purgeAll);
    List<String> erased2 = erasedIn(round2);
    System.err.printf("[PersonalDataPurge] two unleased purges at once: %s%n", round2.stream().map(PersonalDataPurge.Result::erased).toList());
    assertThat(erased2).as("each case once").containsAll(second).doesNotHaveDuplicates();
    assertThat(round2).allSatisfy(r -> assertThat(r.failed()).isEmpty());
    assertThat(jdbc.sql("select count(*) from personal_data_erasure where case_ref in (:refs)")
        .param("refs", java.util.stream.Stream.concat(first.stream(), second.stream()).toList()).query(Long.class).single()).isEqualTo(10);
    for (String c : second) {
      assertThat(row("complaint", "case_number", c)).containsEntry("reporter_name", PersonalDataPurge.ERASED);
    }
  }

  private List<String> closedComplaints(int n) {
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String c = complaints.submitIn(QINGQUAN_COMMUNITY, "并发清理 " + i);
      complaints.act(c, QINGQUAN, ComplaintAction.RESOLVE, "已处理。");
      complaints.rate(c, 5);
      assertThat(status("complaint", "case_number", c)).isEqualTo("CLOSED");
      refs.add(c);
    }
    return refs;
  }

  /** Runs both at the same moment on two threads; an exception of either fails the test. */
  private static List<PersonalDataPurge.Result> together(Callable<PersonalDataPurge.Result> a, Callable<PersonalDataPurge.Result> b)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CyclicBarrier start = new CyclicBarrier(2);
    try {
      List<Future<PersonalDataPurge.Result>> runs = new ArrayList<>();
      for (Callable<PersonalDataPurge.Result> run : List.of(a, b)) {
        runs.add(pool.submit(() -> {
          start.await();
          return run.call();
        }));
      }
      List<PersonalDataPurge.Result> results = new ArrayList<>();
      for (Future<PersonalDataPurge.Result> f : runs) {
        results.add(f.get(5, java.util.concurrent.TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> erasedIn(List<PersonalDataPurge.Result> results) {
    List<String> all = new ArrayList<>();
    results.forEach(r -> r.erased().values().forEach(all::addAll));
    return all;
  }

  /** The dashboard's figures for 万莲街道 over the whole period: rates per community, open work, breaches. */
  private Object figures() {
    JurisdictionNode street = jurisdictions.require(WANLIAN_STREET);
    Instant from = LocalDate.of(2026, 1, 1).atStartOfDay().toInstant(ZoneOffset.ofHours(8));
    Instant to = driver.now().plus(Duration.ofDays(1));
    return List.of(supervision.ratesByCommunity(street, from, to), supervision.openTotals(street), supervision.openWork(street),
        supervision.breaches(street, from, to, null, null).size());
  }

  static String complaint(String name, String phone, String email, String address) {
    return """
        {"communityCode": "%s", "category": "public-facilities", "channel": "wechat", "title": "%s家门口路灯坏了",
         "description": "我是%s，电话%s，小区东门的路灯坏了一周。",
         "reporter": {"name": "%s", "phone": "%s"%s},
         "location": {"lat": 41.7968, "lng": 123.4510, "address": "%s"}}"""
        .formatted(QINGQUAN_COMMUNITY, name, name, phone, name, phone, email == null ? "" : ", \"email\": \"" + email + "\"", address);
  }

  private String created(HttpResponse<String> response, String field) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).get(field).asText();
  }

  private String status(String table, String key, String ref) {
    return jdbc.sql("select status from " + table + " where " + key + " = ?").param(ref).query(String.class).single();
  }

  private Map<String, Object> row(String table, String key, String ref) {
    return jdbc.sql("select * from " + table + " where " + key + " = ?").param(ref).query((rs, n) -> {
      Map<String, Object> r = new java.util.HashMap<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        r.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
      }
      return r;
    }).single();
  }

  /** Every "TABLE.COLUMN" (upper case) of the database whose text holds {@code value}, Camunda's byte arrays included. */
  List<String> traces(String value) {
    List<String> hits = new ArrayList<>();
    List<String[]> columns = jdbc.sql("""
            select table_name, column_name from information_schema.columns
            where table_schema = current_schema()
              and lower(data_type) in ('character varying', 'text', 'character', 'character large object', 'clob', 'varchar')""")
        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    assertThat(columns).as("text columns found").hasSizeGreaterThan(100);
    for (String[] tc : columns) {
      long n = jdbc.sql("select count(*) from \"" + tc[0] + "\" where \"" + tc[1] + "\" like ?").param("%" + value + "%")
          .query(Long.class).single();
      if (n > 0) {
        hits.add((tc[0] + "." + tc[1]).toUpperCase(java.util.Locale.ROOT));
      }
    }
    for (Map<String, Object> b : jdbc.sql("select ID_, NAME_, BYTES_ from ACT_GE_BYTEARRAY").query().listOfRows()) {
      Object bytes = b.values().stream().filter(x -> x instanceof byte[]).findFirst().orElse(null);
      if (bytes != null && new String((byte[]) bytes, StandardCharsets.UTF_8).contains(value)) {
        hits.add("ACT_GE_BYTEARRAY.BYTES_ " + b.values().iterator().next());
      }
    }
    return hits;
  }
}
