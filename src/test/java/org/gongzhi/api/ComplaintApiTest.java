package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.Http;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** The resident channels' REST API over real HTTP: what a channel sends, what it gets back, what it is refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ComplaintApiTest {

  static final String VALID = """
      {"communityCode":"210103010001","category":"public-facilities","title":"路灯坏了",
       "description":"小区东门的路灯坏了一周。","reporter":{"name":"王芳","phone":"13812345678","email":"wang.fang@example.com"},
       "channel":"wechat","location":{"lat":41.7968,"lng":123.4510,"address":"清泉路12号"}}""";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RuntimeService runtime;
  @Autowired Complaints complaints;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void cleanUp() {
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("提交诉求：201、Location、可读编号与期限；应答时诉求和流程都已入库")
  void submitComplaint() throws Exception {
    HttpResponse<String> r = post("/api/v1/complaints", VALID, "zh-CN");
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode body = json.readTree(r.body());
    String caseNumber = body.get("caseNumber").asText();
    assertThat(caseNumber).matches("SY-20\\d\\d-\\d{6}");
    assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/complaints/" + caseNumber);
    assertThat(body.get("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(body.get("tier").asText()).isEqualTo("COMMUNITY");
    assertThat(body.get("replyDueAt").asText()).endsWith("+08:00");
    assertThat(body.get("resolveDueAt").asText()).isNotBlank();

    assertThat(jdbc.sql("select count(*) from complaint where case_number = ? and process_instance_id is not null")
        .param(caseNumber).query(Integer.class).single()).isEqualTo(1);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNumber).count()).isEqualTo(1);

    String second = json.readTree(post("/api/v1/complaints", VALID, "zh-CN").body()).get("caseNumber").asText();
    assertThat(second).isNotEqualTo(caseNumber);
  }

  @Test
  @DisplayName("查询诉求：只有居民可见的内容——无个人信息、无内部备注")
  void readBackWithoutPersonalDataOrInternalNotes() throws Exception {
    String caseNumber = json.readTree(post("/api/v1/complaints", VALID, "zh-CN").body()).get("caseNumber").asText();
    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.NOTE, "内部：居民情绪激动");
    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修，明天上午维修。");

    HttpResponse<String> r = get("/api/v1/complaints/" + caseNumber, "zh-CN");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("13812345678", "王芳", "wang.fang", "内部：居民情绪激动");
    JsonNode body = json.readTree(r.body());
    assertThat(body.get("handlingUnit").get("name").asText()).isEqualTo("清泉社区");
    assertThat(body.get("statusLabel").asText()).isEqualTo("办理中");
    List<String> kinds = StreamSupport.stream(body.get("timeline").spliterator(), false).map(e -> e.get("kind").asText()).toList();
    assertThat(kinds).containsExactly("SUBMITTED", "REPLY");
    assertThat(body.get("timeline").get(1).get("message").asText()).isEqualTo("已报修，明天上午维修。");

    JsonNode english = json.readTree(get("/api/v1/complaints/" + caseNumber, "en").body());
    assertThat(english.get("handlingUnit").get("name").asText()).isEqualTo("Qingquan Community");
    assertThat(english.get("statusLabel").asText()).isEqualTo("in progress");
  }

  @Test
  @DisplayName("错误输入：400，逐个字段说明问题，什么也没创建")
  void badInputNamesEveryField() throws Exception {
    long before = count();
    String bad = """
        {"communityCode":"999999","category":"unknown","title":"","description":"%s",
         "reporter":{"name":"王芳","phone":"12345","email":"not-a-mail"},"channel":"fax","location":{"lat":120,"lng":123.4}}"""
        .formatted("长".repeat(4001));
    HttpResponse<String> r = post("/api/v1/complaints", bad, "zh-CN");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode errors = json.readTree(r.body()).get("errors");
    assertThat(fields(errors)).contains("title", "description", "reporter.phone", "reporter.email", "location.lat");
    assertThat(message(errors, "reporter.phone")).contains("电话号码");
    assertThat(message(errors, "description")).contains("4000");

    // shape is fine, but the references are unknown: named as well
    String unknown = VALID.replace("210103010001", "999999").replace("public-facilities", "ufo").replace("\"wechat\"", "\"fax\"");
    JsonNode problems = json.readTree(post("/api/v1/complaints", unknown, "en").body());
    assertThat(fields(problems.get("errors"))).containsExactlyInAnyOrder("communityCode", "category", "channel");
    assertThat(message(problems.get("errors"), "communityCode")).isEqualTo("there is no community with code 999999");

    // a street is not a community
    JsonNode street = json.readTree(post("/api/v1/complaints", VALID.replace("210103010001", "210103010"), "en").body());
    assertThat(fields(street.get("errors"))).containsExactly("communityCode");

    assertThat(count()).as("nothing half-created").isEqualTo(before);
  }

  @Test
  @DisplayName("格式错误：非 JSON、类型不对、错误的内容类型、未知编号")
  void malformedRequests() throws Exception {
    assertThat(post("/api/v1/complaints", "{not json", "zh-CN").statusCode()).isEqualTo(400);
    HttpResponse<String> wrongType = post("/api/v1/complaints", VALID.replace("41.7968", "\"north\""), "en");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(fields(json.readTree(wrongType.body()).get("errors"))).containsExactly("location.lat");
    HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri("/api/v1/complaints")).header("X-API-Key", Http.TEST_KEY)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(VALID)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(text.statusCode()).isEqualTo(415);
    HttpResponse<String> missing = get("/api/v1/complaints/SY-2026-999999", "zh-CN");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json.readTree(missing.body()).get("detail").asText()).contains("SY-2026-999999");
  }

  @Test
  @DisplayName("评价：未办结 409；分数越界 400；办结后评价 5 分即关闭")
  void rating() throws Exception {
    String caseNumber = json.readTree(post("/api/v1/complaints", VALID, "zh-CN").body()).get("caseNumber").asText();
    String rate = "/api/v1/complaints/" + caseNumber + "/rating";
    HttpResponse<String> early = post(rate, "{\"score\":5}", "zh-CN");
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(json.readTree(early.body()).get("detail").asText()).contains("尚未办结");

    HttpResponse<String> outOfRange = post(rate, "{\"score\":6}", "en");
    assertThat(outOfRange.statusCode()).isEqualTo(400);
    assertThat(message(json.readTree(outOfRange.body()).get("errors"), "score")).isEqualTo("must be at most 5");
    assertThat(post(rate, "{}", "en").statusCode()).isEqualTo(400);
    assertThat(post("/api/v1/complaints/SY-2026-999999/rating", "{\"score\":5}", "en").statusCode()).isEqualTo(404);

    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.RESOLVE, "已修复。");
    HttpResponse<String> rated = post(rate, "{\"score\":5,\"comment\":\"很快，谢谢\"}", "zh-CN");
    assertThat(rated.statusCode()).isEqualTo(200);
    assertThat(json.readTree(rated.body()).get("status").asText()).isEqualTo("CLOSED");
    assertThat(post(rate, "{\"score\":4}", "zh-CN").statusCode()).as("rating twice").isEqualTo(409);
  }

  @Test
  @DisplayName("敌意输入：控制字符、极端数字、未知字段、错误内容类型、未知路径——都是带字段说明的 4xx")
  void hostileInput() throws Exception {
    long before = count();
    HttpResponse<String> nul = post("/api/v1/complaints", VALID.replace("路灯坏了", "路灯\\u0000坏了"), "en");
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(fields(json.readTree(nul.body()).get("errors"))).containsExactly("title");
    assertThat(message(json.readTree(nul.body()).get("errors"), "title")).isEqualTo("must not contain control characters");

    HttpResponse<String> tiny = post("/api/v1/complaints", VALID.replace("41.7968", "1e-999999999"), "en");
    assertThat(tiny.statusCode()).isEqualTo(400);
    assertThat(fields(json.readTree(tiny.body()).get("errors"))).containsExactly("location.lat");

    HttpResponse<String> unknown = post("/api/v1/complaints", VALID.replace("\"channel\"", "\"chanel\":\"x\",\"channel\""), "en");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(fields(json.readTree(unknown.body()).get("errors"))).containsExactly("chanel");

    HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri("/api/v1/complaints")).header("X-API-Key", Http.TEST_KEY).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(VALID)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(json.readTree(text.body()).get("title").asText()).isEqualTo("不支持的内容类型");

    HttpResponse<String> nowhere = get("/api/v1/nothing-here", "en");
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(post("/api/v1/complaints", "", "en").statusCode()).isEqualTo(400);
    assertThat(count()).isEqualTo(before);
  }

  @Test
  @DisplayName("并发提交：40 个同时到达的诉求全部受理，编号各不相同")
  void concurrentSubmissions() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
    try {
      List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        answers.add(pool.submit(() -> post("/api/v1/complaints", VALID, "zh-CN")));
      }
      java.util.Set<String> numbers = new java.util.HashSet<>();
      for (var a : answers) {
        HttpResponse<String> r = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(201);
        numbers.add(json.readTree(r.body()).get("caseNumber").asText());
      }
      assertThat(numbers).hasSize(40);
    } finally {
      pool.shutdownNow();
    }
  }

  private long count() {
    return jdbc.sql("select count(*) from complaint").query(Long.class).single();
  }

  private static List<String> fields(JsonNode errors) {
    return StreamSupport.stream(errors.spliterator(), false).map(e -> e.get("field").asText()).toList();
  }

  private static String message(JsonNode errors, String field) {
    return StreamSupport.stream(errors.spliterator(), false).filter(e -> e.get("field").asText().equals(field))
        .map(e -> e.get("message").asText()).findFirst().orElseThrow(() -> new AssertionError("no error for " + field));
  }

  private URI uri(String path) {
    return new Http(port).uri(path);
  }

  private HttpResponse<String> post(String path, String body, String language) throws Exception {
    return new Http(port).post(path, body, language);
  }

  private HttpResponse<String> get(String path, String language) throws Exception {
    return new Http(port).get(path, language);
  }

}
