package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.channel.ApiKeys;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.Http;
import org.gongzhi.support.MerchantFixtures;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Who may call what over {@code /api/v1}: every rule with a case that passes and one that is refused, for each resource.
 * Keys are made the way an administrator makes them, over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApiSecurityTest {

  static final String SHENHE = "210103";          // 沈河区
  static final String TIEXI = "210106";           // 铁西区
  static final String QINGQUAN = "210103010001";  // 清泉社区, 沈河区
  static final String HEPAN = "210106008003";     // 河畔社区, 铁西区

  static final String COMPLAINT = """
      {"communityCode":"%s","category":"public-facilities","title":"路灯坏了","description":"小区东门的路灯坏了一周。",
       "reporter":{"name":"王芳","phone":"13812345678"},"channel":"wechat"}""";
  static final String ORDER = """
      {"communityCode":"%s","category":"free-haircut","description":"老人行动不便，想请人上门理发",
       "reporter":{"name":"李大爷","phone":"13912345678"}}""";
  static final String SUBMISSION = """
      {"communityCode":"%s","title":"清泉社区举办邻里节","body":"本周六上午九点，社区广场邻里节。",
       "targetChannels":["district-app"],"author":{"name":"王芳","phone":"13812345678","channel":"wechat"}}""";
  static final String APPLICATION = """
      {"communityCode":"%s","name":"老边饺子馆（清泉店）","unifiedSocialCreditCode":"%s","category":"catering",
       "contact":{"name":"边志远","phone":"13840001234"},"address":"沈阳市沈河区清泉路 18 号",
       "offers":[{"title":"社区老人午餐","discount":20}],
       "documentUrls":[{"type":"business-licence","url":"https://files.example.com/licence.pdf"}]}""";

  /** Each resource: how to create a case of it in a community, and where it is read back. */
  record Resource(String name, String collection, String body, String numberField) {
    String create(String community) {
      return body.contains("unifiedSocialCreditCode") ? body.formatted(community, MerchantFixtures.freshCode()) : body.formatted(community);
    }
  }

  static final List<Resource> RESOURCES = List.of(
      new Resource("complaints", "/api/v1/complaints", COMPLAINT, "caseNumber"),
      new Resource("volunteer-orders", "/api/v1/volunteer-orders", ORDER, "orderNumber"),
      new Resource("content", "/api/v1/content-submissions", SUBMISSION, "submissionNumber"),
      new Resource("merchants", "/api/v1/merchant-applications", APPLICATION, "applicationNumber"));

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RuntimeService runtime;
  @Autowired Complaints complaints;
  final ObjectMapper json = new ObjectMapper();
  Http city;

  @BeforeEach
  void client() {
    city = new Http(port);
  }

  @AfterEach
  void cleanUp() {
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("没有或无效的 API 密钥：每个渠道接口都 401，problem+json，说明缺什么；有效密钥则通过")
  void everyChannelEndpointNeedsAKey() throws Exception {
    List<String> reads = List.of("/api/v1/complaints", "/api/v1/complaints/SY-2026-000001", "/api/v1/service-menu?communityCode=" + QINGQUAN,
        "/api/v1/volunteer-orders/ZY-2026-000001", "/api/v1/volunteer-teams/x/hours?from=2026-01-01&to=2026-01-31",
        "/api/v1/content-channels", "/api/v1/content-submissions/NR-2026-000001", "/api/v1/merchant-categories",
        "/api/v1/merchant-applications/SH-2026-000001", "/api/v1/catalogue?communityCode=" + QINGQUAN, "/api/v1/webhook");
    for (String path : reads) {
      HttpResponse<String> none = city.withKey(null).get(path, "zh-CN");
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(v -> assertThat(v).contains("X-API-Key"));
      assertThat(json.readTree(none.body()).get("detail").asText()).as(path).contains("X-API-Key");
      HttpResponse<String> wrong = city.withKey("gz_not_a_key").get(path, "en");
      assertThat(wrong.statusCode()).as(path).isEqualTo(401);
      assertThat(json.readTree(wrong.body()).get("detail").asText()).as(path).contains("not valid");
    }
    for (Resource r : RESOURCES) {
      assertThat(city.withKey(null).post(r.collection(), r.create(QINGQUAN), "zh-CN").statusCode()).as(r.name()).isEqualTo(401);
      assertThat(city.post(r.collection(), r.create(QINGQUAN), "zh-CN").statusCode()).as(r.name()).isEqualTo(201);
    }
    assertThat(city.get("/api/v1/merchant-categories", "zh-CN").statusCode()).isEqualTo(200);
    // health stays open to monitoring (503 here only because the test profile's mail server is not running)
    HttpResponse<String> health = city.withKey(null).get("/actuator/health", "zh-CN");
    assertThat(health.statusCode()).isIn(200, 503);
    assertThat(json.readTree(health.body()).get("status").asText()).isIn("UP", "DOWN");
  }

  @Test
  @DisplayName("密钥只能调用授予它的资源：未授予的 403，授予的通过")
  void keysAreScopedToResources() throws Exception {
    for (Resource r : RESOURCES) {
      String others = RESOURCES.stream().filter(o -> o != r).map(o -> "\"" + o.name() + "\"").reduce((a, b) -> a + "," + b).orElseThrow();
      Http without = city.withKey(createKey("无 " + r.name(), "[\"" + "210100" + "\"]", "[" + others + "]", false, null));
      HttpResponse<String> refused = without.post(r.collection(), r.create(QINGQUAN), "zh-CN");
      assertThat(refused.statusCode()).as(r.name()).isEqualTo(403);
      assertThat(json.readTree(refused.body()).get("detail").asText()).contains(r.name());
      Http with = city.withKey(createKey("仅 " + r.name(), "[\"210100\"]", "[\"" + r.name() + "\"]", false, null));
      HttpResponse<String> created = with.post(r.collection(), r.create(QINGQUAN), "zh-CN");
      assertThat(created.statusCode()).as(r.name()).isEqualTo(201);
      String number = json.readTree(created.body()).get(r.numberField()).asText();
      assertThat(with.get(r.collection() + "/" + number, "zh-CN").statusCode()).as(r.name()).isEqualTo(200);
      assertThat(without.get(r.collection() + "/" + number, "zh-CN").statusCode()).as(r.name()).isEqualTo(403);
    }
    // the resource is read from the path as Spring MVC matches it: encodings, path parameters and dot segments change nothing
    Http merchantsOnly = city.withKey(createKey("仅商户", "[\"210100\"]", "[\"merchants\"]", false, null));
    for (String disguised : List.of("/api/v1/complaints;x=1", "/api/v1/%63omplaints", "/api/v1;a=b/complaints",
        "/api/v1/merchant-categories/../complaints", "/api/v1/supervision/../complaints", "/api/v1/Complaints")) {
      int status = merchantsOnly.post(disguised, COMPLAINT.formatted(QINGQUAN), "zh-CN").statusCode();
      assertThat(status).as(disguised).isIn(400, 403, 404);
    }
    assertThat(jdbc.sql("select count(*) from case_origin o join api_key k on k.id = o.api_key_id where k.name = '仅商户' and o.case_kind = 'COMPLAINT'")
        .query(Long.class).single()).isZero();
    assertThat(city.get("/api/v1/no-such-resource", "zh-CN").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("一个区的密钥读写不了另一个区的案件：404 与不存在的编号一模一样；本区照常")
  void keysAreScopedToJurisdictions() throws Exception {
    Http shenhe = city.withKey(createKey("沈河区渠道", "[\"" + SHENHE + "\"]", allResources(), false, null));
    Http tiexi = city.withKey(createKey("铁西区渠道", "[\"" + TIEXI + "\"]", allResources(), false, null));
    for (Resource r : RESOURCES) {
      String number = json.readTree(city.post(r.collection(), r.create(QINGQUAN), "zh-CN").body()).get(r.numberField()).asText();
      assertThat(shenhe.get(r.collection() + "/" + number, "zh-CN").statusCode()).as(r.name()).isEqualTo(200);

      HttpResponse<String> foreign = tiexi.get(r.collection() + "/" + number, "zh-CN");
      String unknownNumber = number.substring(0, number.length() - 6) + "999999";
      HttpResponse<String> unknown = tiexi.get(r.collection() + "/" + unknownNumber, "zh-CN");
      assertThat(foreign.statusCode()).as(r.name()).isEqualTo(404);
      assertThat(unknown.statusCode()).as(r.name()).isEqualTo(404);
      assertThat(foreign.body().replace(number, "N")).as(r.name()).isEqualTo(unknown.body().replace(unknownNumber, "N"));

      // writing into another district: answered as for a community that does not exist
      HttpResponse<String> write = tiexi.post(r.collection(), r.create(QINGQUAN), "zh-CN");
      HttpResponse<String> nowhere = tiexi.post(r.collection(), r.create("210199999999"), "zh-CN");
      assertThat(write.statusCode()).as(r.name()).isEqualTo(400);
      assertThat(fields(write)).as(r.name()).containsExactly("communityCode");
      assertThat(write.body().replace(QINGQUAN, "C")).as(r.name()).isEqualTo(nowhere.body().replace("210199999999", "C"));
      assertThat(tiexi.post(r.collection(), r.create(HEPAN), "zh-CN").statusCode()).as(r.name()).isEqualTo(201);
    }
    // a foreign community with another mistake: both named, exactly as for an unknown community
    String badCategory = COMPLAINT.replace("public-facilities", "no-such-category");
    HttpResponse<String> foreignAndBad = tiexi.post("/api/v1/complaints", badCategory.formatted(QINGQUAN), "zh-CN");
    HttpResponse<String> unknownAndBad = tiexi.post("/api/v1/complaints", badCategory.formatted("210199999999"), "zh-CN");
    assertThat(fields(foreignAndBad)).containsExactlyInAnyOrder("communityCode", "category");
    assertThat(foreignAndBad.body().replace(QINGQUAN, "C")).isEqualTo(unknownAndBad.body().replace("210199999999", "C"));

    // rating a foreign resolved case: not found, and nothing changed; its own district's key can rate it
    String caseNumber = json.readTree(city.post("/api/v1/complaints", COMPLAINT.formatted(QINGQUAN), "zh-CN").body()).get("caseNumber").asText();
    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.RESOLVE, "已修好");
    assertThat(tiexi.post("/api/v1/complaints/" + caseNumber + "/rating", "{\"score\":1}", "zh-CN").statusCode()).isEqualTo(404);
    assertThat(ratingOf(caseNumber)).isNull();
    assertThat(shenhe.post("/api/v1/complaints/" + caseNumber + "/rating", "{\"score\":5}", "zh-CN").statusCode()).isEqualTo(200);
    assertThat(ratingOf(caseNumber)).isEqualTo(5);
    // lists and menus: only the key's own jurisdiction
    JsonNode list = json.readTree(tiexi.get("/api/v1/complaints?size=100", "zh-CN").body());
    assertThat(StreamSupport.stream(list.get("items").spliterator(), false).map(i -> i.get("communityCode").asText()))
        .isNotEmpty().allMatch(c -> c.startsWith(TIEXI));
    assertThat(tiexi.get("/api/v1/complaints?communityCode=" + QINGQUAN, "zh-CN").statusCode()).isEqualTo(400);
    assertThat(tiexi.get("/api/v1/catalogue?communityCode=" + QINGQUAN, "zh-CN").statusCode()).isEqualTo(400);
    assertThat(tiexi.get("/api/v1/service-menu?communityCode=" + QINGQUAN, "zh-CN").statusCode()).isEqualTo(400);
    assertThat(shenhe.get("/api/v1/service-menu?communityCode=" + QINGQUAN, "zh-CN").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("居民只能看自己的案件：别人的编号 404；居民渠道不报居民标识则 400")
  void residentsSeeOnlyTheirOwnCases() throws Exception {
    Http wechat = city.withKey(createKey("微信小程序", "[\"210100\"]", allResources(), true, null));
    assertThat(fields(wechat.post("/api/v1/complaints", COMPLAINT.formatted(QINGQUAN), "zh-CN"))).containsExactly("X-Resident-Id");
    Http alice = wechat.asResident("oWx-alice-openid");
    Http bob = wechat.asResident("oWx-bob-openid");
    for (Resource r : RESOURCES) {
      HttpResponse<String> created = alice.post(r.collection(), r.create(QINGQUAN), "zh-CN");
      assertThat(created.statusCode()).as(r.name()).isEqualTo(201);
      String number = json.readTree(created.body()).get(r.numberField()).asText();
      assertThat(alice.get(r.collection() + "/" + number, "zh-CN").statusCode()).as(r.name()).isEqualTo(200);
      assertThat(bob.get(r.collection() + "/" + number, "zh-CN").statusCode()).as(r.name()).isEqualTo(404);
      assertThat(wechat.get(r.collection() + "/" + number, "zh-CN").statusCode()).as(r.name()).isEqualTo(400);
      // the same resident id from another channel is another person
      Http app = city.withKey(createKey("区级 App", "[\"210100\"]", allResources(), true, null)).asResident("oWx-alice-openid");
      assertThat(app.get(r.collection() + "/" + number, "zh-CN").statusCode()).as(r.name()).isEqualTo(404);
    }
    String bobs = json.readTree(bob.post("/api/v1/complaints", COMPLAINT.formatted(QINGQUAN), "zh-CN").body()).get("caseNumber").asText();
    String alices = json.readTree(alice.post("/api/v1/complaints", COMPLAINT.formatted(QINGQUAN), "zh-CN").body()).get("caseNumber").asText();
    complaints.act(alices, Staff.QINGQUAN, ComplaintAction.RESOLVE, "已修好");
    assertThat(bob.post("/api/v1/complaints/" + alices + "/rating", "{\"score\":1}", "zh-CN").statusCode()).isEqualTo(404);
    assertThat(ratingOf(alices)).isNull();
    assertThat(alice.post("/api/v1/complaints/" + alices + "/rating", "{\"score\":4}", "zh-CN").statusCode()).isEqualTo(200);
    // a resident channel cannot speak for the centre
    assertThat(fields(alice.post("/api/v1/volunteer-orders", ORDER.formatted(QINGQUAN).replace("{\"communityCode\"",
        "{\"postedByCentre\":true,\"communityCode\""), "zh-CN"))).containsExactly("postedByCentre");
    JsonNode alicesList = json.readTree(alice.get("/api/v1/complaints", "zh-CN").body());
    assertThat(alicesList.get("totalItems").asLong()).isEqualTo(2);
    assertThat(alicesList.toString()).doesNotContain(bobs);
    // the resident id is never stored as given
    assertThat(jdbc.sql("select count(*) from case_origin where resident_ref like '%alice%'").query(Long.class).single()).isZero();
    assertThat(fields(city.asResident("bad id with spaces").get("/api/v1/complaints", "zh-CN"))).containsExactly("X-Resident-Id");
  }

  @Test
  @DisplayName("超过密钥的每分钟上限：429、Retry-After、problem+json；其他密钥不受影响")
  void rateLimitsPerKey() throws Exception {
    Http limited = city.withKey(createKey("限流测试", "[\"210100\"]", allResources(), false, 3));
    for (int i = 0; i < 3; i++) {
      assertThat(limited.get("/api/v1/merchant-categories", "zh-CN").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> refused = limited.get("/api/v1/merchant-categories", "en");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(s -> assertThat(s).isBetween(1L, 60L));
    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(json.readTree(refused.body()).get("detail").asText()).contains("3 requests a minute");
    assertThat(city.get("/api/v1/merchant-categories", "zh-CN").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("管理员创建、列出、吊销密钥：密钥只显示一次、只存哈希；非管理员 401/403；吊销后立即 401")
  void administratorsManageKeys() throws Exception {
    String body = """
        {"name":"12345 热线","channel":"hotline-12345","nodeCodes":["210103"],"resources":["complaints"],"rateLimitPerMinute":120}""";
    assertThat(send("POST", "/api/v1/admin/api-keys", body, null).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/api/v1/admin/api-keys", body, "qingquan:qingquan").statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/admin/api-keys", null, "shenhe-sup:shenhe-sup").statusCode()).isEqualTo(403);

    HttpResponse<String> created = send("POST", "/api/v1/admin/api-keys", body, "demo:demo");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode answer = json.readTree(created.body());
    String key = answer.get("key").asText();
    String id = answer.get("apiKey").get("id").asText();
    assertThat(key).startsWith(ApiKeys.PREFIX).hasSizeGreaterThan(40);
    assertThat(answer.get("apiKey").get("prefix").asText()).isEqualTo(key.substring(0, 10));
    assertThat(answer.get("apiKey").get("createdBy").asText()).isEqualTo("demo");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/admin/api-keys/" + id);
    assertThat(jdbc.sql("select count(*) from api_key where key_hash = ? or key_prefix = ?").params(key, key).query(Long.class).single()).isZero();

    HttpResponse<String> listed = send("GET", "/api/v1/admin/api-keys?size=100", null, "demo:demo");
    assertThat(listed.body()).contains(id).doesNotContain(key);
    assertThat(json.readTree(listed.body()).get("totalItems").asLong()).isGreaterThanOrEqualTo(2);

    Http hotline = city.withKey(key);
    assertThat(hotline.post("/api/v1/complaints", COMPLAINT.formatted(QINGQUAN), "zh-CN").statusCode()).isEqualTo(201);
    assertThat(send("DELETE", "/api/v1/admin/api-keys/" + id, null, "qingquan:qingquan").statusCode()).isEqualTo(403);
    assertThat(send("DELETE", "/api/v1/admin/api-keys/" + id, null, "demo:demo").statusCode()).isEqualTo(204);
    assertThat(hotline.post("/api/v1/complaints", COMPLAINT.formatted(QINGQUAN), "zh-CN").statusCode()).isEqualTo(401);
    assertThat(json.readTree(send("GET", "/api/v1/admin/api-keys/" + id, null, "demo:demo").body()).get("revokedBy").asText()).isEqualTo("demo");
    assertThat(send("DELETE", "/api/v1/admin/api-keys/no-such-key", null, "demo:demo").statusCode()).isEqualTo(404);

    HttpResponse<String> bad = send("POST", "/api/v1/admin/api-keys",
        "{\"name\":\"\",\"channel\":\"Bad Channel\",\"nodeCodes\":[\"999\"],\"resources\":[\"everything\"],\"rateLimitPerMinute\":0}", "demo:demo");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(fields(bad)).containsExactlyInAnyOrder("name", "channel", "nodeCodes[0]", "resources[0]", "rateLimitPerMinute");
  }

  @Test
  @DisplayName("列表分页、排序：page/size/总数；非法 size 或排序字段 400 并指明字段")
  void listsArePaginated() throws Exception {
    Http own = city.withKey(createKey("分页测试", "[\"" + TIEXI + "\"]", allResources(), false, null));
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      numbers.add(json.readTree(own.post("/api/v1/complaints", COMPLAINT.formatted(HEPAN), "zh-CN").body()).get("caseNumber").asText());
    }
    JsonNode first = json.readTree(own.get("/api/v1/complaints?size=2&sort=caseNumber,asc&communityCode=" + HEPAN, "zh-CN").body());
    assertThat(first.get("totalItems").asLong()).isGreaterThanOrEqualTo(5);
    assertThat(first.get("size").asInt()).isEqualTo(2);
    assertThat(first.get("totalPages").asLong()).isEqualTo((first.get("totalItems").asLong() + 1) / 2);
    JsonNode second = json.readTree(own.get("/api/v1/complaints?size=2&page=1&sort=caseNumber,asc&communityCode=" + HEPAN, "zh-CN").body());
    List<String> seen = new ArrayList<>();
    first.get("items").forEach(i -> seen.add(i.get("caseNumber").asText()));
    second.get("items").forEach(i -> seen.add(i.get("caseNumber").asText()));
    assertThat(seen).hasSize(4).doesNotHaveDuplicates().isSorted();
    JsonNode newest = json.readTree(own.get("/api/v1/complaints?size=1&sort=caseNumber,desc", "zh-CN").body());
    assertThat(newest.get("items").get(0).get("caseNumber").asText()).isEqualTo(numbers.get(4));
    assertThat(newest.get("items").get(0).toString()).doesNotContain("13812345678", "王芳");

    assertThat(fields(own.get("/api/v1/complaints?size=0", "zh-CN"))).containsExactly("size");
    assertThat(fields(own.get("/api/v1/complaints?size=101", "zh-CN"))).containsExactly("size");
    assertThat(fields(own.get("/api/v1/complaints?sort=reporter_phone", "zh-CN"))).containsExactly("sort");
    assertThat(fields(own.get("/api/v1/complaints?status=OPEN", "zh-CN"))).containsExactly("status");
    JsonNode catalogue = json.readTree(own.get("/api/v1/catalogue?communityCode=" + HEPAN + "&size=5&sort=name", "zh-CN").body());
    assertThat(catalogue.get("size").asInt()).isEqualTo(5);
    assertThat(catalogue.get("page").asInt()).isZero();
    assertThat(catalogue.get("merchants").size()).isLessThanOrEqualTo(5);
    assertThat(fields(own.get("/api/v1/catalogue?communityCode=" + HEPAN + "&sort=rating", "zh-CN"))).containsExactly("sort");
  }

  private String createKey(String name, String nodes, String resources, boolean residentScoped, Integer rate) throws Exception {
    String body = "{\"name\":\"%s\",\"channel\":\"ch-%s\",\"nodeCodes\":%s,\"resources\":%s,\"residentScoped\":%s%s}".formatted(name,
        java.util.UUID.randomUUID().toString().substring(0, 8), nodes, resources, residentScoped, rate == null ? "" : ",\"rateLimitPerMinute\":" + rate);
    HttpResponse<String> r = send("POST", "/api/v1/admin/api-keys", body, "demo:demo");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json.readTree(r.body()).get("key").asText();
  }

  private Integer ratingOf(String caseNumber) {
    return jdbc.sql("select rating_score from complaint where case_number = ?").param(caseNumber)
        .query((rs, n) -> (Integer) rs.getObject(1)).list().get(0);
  }

  private static String allResources() {
    return "[\"complaints\",\"volunteer-orders\",\"content\",\"merchants\",\"webhooks\"]";
  }

  private HttpResponse<String> send(String method, String path, String body, String basic) throws Exception {
    HttpRequest.Builder b = city.withKey(null).request(path).header("Accept-Language", "en")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (basic != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return city.send(b.build());
  }

  private List<String> fields(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return StreamSupport.stream(json.readTree(r.body()).get("errors").spliterator(), false).map(e -> e.get("field").asText()).toList();
  }
}
