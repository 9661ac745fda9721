package org.gongzhi.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gongzhi.support.Staff.QINGQUAN;
import static org.gongzhi.support.Staff.QINGQUAN_COMMUNITY;
import static org.gongzhi.support.Staff.WANLIAN_STREET;

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
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.supervision.SupervisionQueries;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.ContentFixtures;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Http;
import org.gongzhi.support.VolunteerFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
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
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void cleanUp() {
    driver.reset();
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
    content.reject(oldSubmission, ContentFixtures.COMMUNITY_REVIEWER, "照片里有邻居的门牌号");

    String oldApplication = created(resident.post("/api/v1/merchant-applications", """
        {"communityCode": "%s", "name": "慕容理发店", "unifiedSocialCreditCode": "91210103MA0K8Y7L23", "category": "hair-beauty",
         "contact": {"name": "%s", "phone": "%s", "email": "%s"}, "address": "清泉路 20 号",
         "offers": [{"title": "老人理发", "discount": 50}],
         "documentUrls": [{"type": "business-licence", "url": "https://files.example.com/licence.pdf"}]}"""
        .formatted(QINGQUAN_COMMUNITY, CONTACT_NAME, CONTACT_PHONE, CONTACT_EMAIL), "zh-CN"), "applicationNumber");

    driver.advance(Duration.ofDays(15)); // the revision period and the documents period (P14D) run out
    assertThat(status("complaint", "case_number", oldComplaint)).isEqualTo("CLOSED");
    assertThat(status("volunteer_order", "order_number", oldOrder)).isEqualTo("DECLINED");
    assertThat(status("content_submission", "submission_number", oldSubmission)).isEqualTo("ABANDONED");
    assertThat(status("merchant_application", "application_number", oldApplication)).isEqualTo("EXPIRED");

    // --- two years later: a complaint that closes, and one that stays open ---
    driver.advance(Duration.ofDays(2 * 365));
    String youngComplaint = created(http.post("/api/v1/complaints", complaint(YOUNG_NAME, YOUNG_PHONE, null, "清泉路1号"), "zh-CN"),
        "caseNumber");
    complaints.act(youngComplaint, QINGQUAN, ComplaintAction.RESOLVE, "已处理。");
    complaints.rate(youngComplaint, 4);
    assertThat(status("complaint", "case_number", youngComplaint)).isEqualTo("CLOSED");
    String openComplaint = created(http.post("/api/v1/complaints", complaint(OPEN_NAME, OPEN_PHONE, null, "清泉路2号"), "zh-CN"),
        "caseNumber");

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
        CaseKind.CONTENT, List.of(oldSubmission), CaseKind.MERCHANT, List.of(oldApplication)));

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
    assertThat(jdbc.sql("select count(*) from personal_data_erasure").query(Long.class).single()).isEqualTo(4);

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
