package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gongzhi.support.Staff.QINGQUAN;
import static org.gongzhi.support.Staff.QINGQUAN_COMMUNITY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.channel.ApiKeys;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code GET /api/v1/admin/personal-data} over real HTTP: an administrator gets everything held about one resident (all
 * their cases, the fields, timelines, notices and channel origin), found by phone, e-mail or channel resident id; nobody
 * else gets anything; every export is recorded and logged without the identifiers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.mail.port=2")
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataExportApiTest {

  static final String PATH = "/api/v1/admin/personal-data";
  static final String NAME = "王芳", PHONE = "13812345678", EMAIL = "wang.fang@example.com", RESIDENT = "wx-openid-wangfang";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RuntimeService runtime;
  @Autowired Complaints complaints;
  @Autowired EngineDriver driver;
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void cleanUp() {
    driver.reset();
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("管理员按电话、邮箱或渠道居民标识导出一位居民的全部个人信息；非管理员 403，未登录 401，参数错误 400；每次导出都留痕且日志不含个人信息")
  void administratorExportsEverythingHeldAboutOneResident(CapturedOutput output) throws Exception {
    driver.freezeAt(Instant.parse("2026-03-02T01:00:00Z"));
    Http channel = new Http(port);
    HttpResponse<String> c = channel.asResident(RESIDENT).post("/api/v1/complaints", """
        {"communityCode": "%s", "category": "public-facilities", "channel": "wechat", "title": "路灯坏了",
         "description": "小区东门的路灯坏了一周。", "reporter": {"name": "%s", "phone": "%s", "email": "%s"},
         "location": {"lat": 41.7968, "lng": 123.4510, "address": "清泉路12号"}}""".formatted(QINGQUAN_COMMUNITY, NAME, PHONE, EMAIL),
        "zh-CN");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    String complaint = json.readTree(c.body()).get("caseNumber").asText();
    complaints.act(complaint, QINGQUAN, ComplaintAction.REPLY, "已派人维修。"); // a notice to the resident's e-mail
    HttpResponse<String> o = channel.post("/api/v1/volunteer-orders", """
        {"communityCode": "%s", "category": "free-haircut", "description": "行动不便，想请人上门理发",
         "reporter": {"name": "%s", "phone": "+86%s"}}""".formatted(QINGQUAN_COMMUNITY, NAME, PHONE), "zh-CN"); // stored as given
    assertThat(o.statusCode()).as(o.body()).isEqualTo(201);
    String order = json.readTree(o.body()).get("orderNumber").asText();
    HttpResponse<String> other = channel.post("/api/v1/complaints", """
        {"communityCode": "%s", "category": "noise", "channel": "wechat", "title": "夜里施工", "description": "夜里施工很吵。",
         "reporter": {"name": "李雷", "phone": "13700000000"}}""".formatted(QINGQUAN_COMMUNITY), "zh-CN");
    assertThat(other.statusCode()).isEqualTo(201);
    int logFrom = output.getOut().length();

    // who may ask
    assertThat(get("?phone=" + PHONE, null).statusCode()).as("anonymous").isEqualTo(401);
    HttpResponse<String> caseworker = get("?phone=" + PHONE, "qingquan:qingquan");
    assertThat(caseworker.statusCode()).as("a caseworker").isEqualTo(403);
    assertThat(caseworker.body()).doesNotContain(NAME);
    // what they must give
    assertThat(badField("", "zh-CN")).isEqualTo("phone");
    assertThat(badField("?phone=abc", "en")).isEqualTo("phone");
    assertThat(badField("?email=not-an-address", "zh-CN")).isEqualTo("email");
    assertThat(badField("?channel=test-channel", "zh-CN")).isEqualTo("residentId");
    assertThat(json.readTree(get("", "demo:demo").body()).get("errors").get(0).get("message").asText()).startsWith("请至少给出一项");

    // by phone: both cases, with the fields, the timeline, the notice and the origin
    HttpResponse<String> byPhone = get("?phone=" + PHONE, "demo:demo");
    assertThat(byPhone.statusCode()).as(byPhone.body()).isEqualTo(200);
    JsonNode export = json.readTree(byPhone.body());
    System.err.println("[PersonalDataExport] " + byPhone.body());
    assertThat(refs(export)).containsExactly(complaint, order);
    JsonNode cc = export.get("cases").get(0);
    assertThat(cc.get("kind").asText()).isEqualTo("COMPLAINT");
    assertThat(cc.get("personalData").get("reporterName").asText()).isEqualTo(NAME);
    assertThat(cc.get("personalData").get("reporterPhone").asText()).isEqualTo(PHONE);
    assertThat(cc.get("personalData").get("reporterEmail").asText()).isEqualTo(EMAIL);
    assertThat(cc.get("personalData").get("locationAddress").asText()).isEqualTo("清泉路12号");
    assertThat(StreamSupport.stream(cc.get("timeline").spliterator(), false).map(e -> e.get("kind").asText()).toList())
        .containsExactly("SUBMITTED", "REPLY");
    assertThat(cc.get("timeline").get(1).get("message").asText()).startsWith("已派人维修。");
    assertThat(cc.get("notifications")).hasSize(1);
    assertThat(cc.get("notifications").get(0).get("recipient").asText()).isEqualTo(EMAIL);
    assertThat(cc.get("origin").get("channel").asText()).isEqualTo("test-channel");
    assertThat(cc.get("origin").get("residentRef").asText()).isEqualTo(ApiKeys.residentRef("test-channel", RESIDENT));
    assertThat(export.get("cases").get(1).get("kind").asText()).isEqualTo("VOLUNTEER_ORDER");
    assertThat(export.get("cases").get(1).get("personalData").get("reporterName").asText()).isEqualTo(NAME);
    assertThat(export.get("cases").get(1).get("personalData").get("reporterPhone").asText()).as("as given, found by its digits")
        .isEqualTo("+86" + PHONE);

    // by the channel's resident id: the case that channel created for them; by e-mail: the case that holds it
    assertThat(refs(json.readTree(get("?channel=test-channel&residentId=" + RESIDENT, "demo:demo").body()))).containsExactly(complaint);
    assertThat(refs(json.readTree(get("?email=WANG.FANG@example.com", "demo:demo").body()))).containsExactly(complaint);
    assertThat(refs(json.readTree(get("?phone=13900009999", "demo:demo").body()))).isEmpty();
    // the preferred form: identifiers in a JSON body, never in a URL; a phone in another form finds the same cases
    HttpResponse<String> posted = post("{\"phone\": \"+86-" + PHONE + "\"}", "demo:demo");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(refs(json.readTree(posted.body()))).containsExactly(complaint, order);
    assertThat(post("{\"phone\": \"" + PHONE + "\"}", null).statusCode()).as("anonymous").isEqualTo(401);
    assertThat(post("{\"phone\": \"" + PHONE + "\"}", "qingquan:qingquan").statusCode()).as("a caseworker").isEqualTo(403);
    HttpResponse<String> noSubject = post("{}", "demo:demo");
    assertThat(noSubject.statusCode()).isEqualTo(400);
    assertThat(json.readTree(noSubject.body()).get("errors").get(0).get("field").asText()).isEqualTo("phone");

    // every export on record, without the identifiers
    List<String> audit = jdbc.sql("select accessed_by || ' ' || criteria || ' ' || case_refs from personal_data_access order by id")
        .query(String.class).list();
    assertThat(audit).containsExactly("demo phone " + complaint + "," + order, "demo channel+residentId " + complaint,
        "demo email " + complaint, "demo phone ", "demo phone " + complaint + "," + order);
    String log = output.getOut().substring(logFrom);
    assertThat(log).contains("Personal-data export").contains(complaint);
    assertThat(log).doesNotContain(PHONE, NAME, EMAIL, RESIDENT, "13900009999");
  }

  private String badField(String query, String language) throws Exception {
    HttpResponse<String> r = get(query, "demo:demo", language);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    return json.readTree(r.body()).get("errors").get(0).get("field").asText();
  }

  private static List<String> refs(JsonNode export) {
    return StreamSupport.stream(export.get("cases").spliterator(), false).map(c -> c.get("caseRef").asText()).toList();
  }

  private HttpResponse<String> post(String body, String credentials) throws Exception {
    Http http = new Http(port).withKey(null);
    HttpRequest.Builder b = http.request(PATH + "/queries").header("Accept-Language", "zh-CN").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (credentials != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build());
  }

  private HttpResponse<String> get(String query, String credentials) throws Exception {
    return get(query, credentials, "zh-CN");
  }

  private HttpResponse<String> get(String query, String credentials, String language) throws Exception {
    Http http = new Http(port).withKey(null);
    HttpRequest.Builder b = http.request(PATH + query).header("Accept-Language", language).GET();
    if (credentials != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build());
  }
}
