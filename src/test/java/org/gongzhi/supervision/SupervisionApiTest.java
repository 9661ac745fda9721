package org.gongzhi.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.gongzhi.support.EngineDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The supervisors' dashboard API over real HTTP on a known data set written straight into the tables it reads:
 * the three rates checked against hand-worked figures, open work, breaches and the CSV, and the jurisdiction scope
 * of every endpoint (401 without log-in, 403 for non-supervisors, 404 outside the subtree).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
@TestPropertySource(properties = "gongzhi.test.context=supervision-api") // a context of its own: its figures assume no other test's cases
class SupervisionApiTest {

  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  /** Monday 30 November 2026, noon in Shenyang. */
  static final Instant NOW = at("2026-11-30T12:00");
  static final String QINGQUAN = "210103010001";
  static final String ZHONGHAIXI = "210103010002";
  static final String HEPAN = "210106008003";
  static final String NOVEMBER = "from=2026-11-01&to=2026-11-30";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired EngineDriver driver;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(CHINA).toInstant();
  }

  @BeforeEach
  void knownDataSet() {
    driver.freezeAt(NOW);
    jdbc.sql("delete from sla_deadline where case_ref like 'T-%'").update();
    jdbc.sql("delete from complaint where case_number like 'T-%'").update();
    // 清泉社区: 4 complaints in November
    complaint("T-Q1", QINGQUAN, "2026-11-03T10:00", "2026-11-04T10:00", "2026-11-03T15:00", "CLOSED", "2026-11-05T10:00", 5);
    complaint("T-Q2", QINGQUAN, "2026-11-04T10:00", "2026-11-05T10:00", "2026-11-06T09:00", "RESOLVED", "2026-11-07T10:00", 3);
    complaint("T-Q3", QINGQUAN, "2026-11-20T10:00", "2026-11-21T10:00", null, "IN_PROGRESS", null, null);        // reply overdue
    complaint("T-Q4", QINGQUAN, "2026-11-30T09:00", "2026-12-01T09:00", null, "IN_PROGRESS", null, null);        // reply not yet due
    // 中海西社区: 2 in November, 1 in October (outside the period)
    complaint("T-Z1", ZHONGHAIXI, "2026-11-10T08:00", "2026-11-11T08:00", "2026-11-10T09:00", "CLOSED", "2026-11-12T08:00", 4);
    complaint("T-Z2", ZHONGHAIXI, "2026-11-25T08:00", "2026-11-26T08:00", "2026-11-25T20:00", "IN_PROGRESS", null, null);
    complaint("T-Z3", ZHONGHAIXI, "2026-10-20T08:00", "2026-10-21T08:00", null, "IN_PROGRESS", null, null);
    // 河畔社区 (铁西区): another district
    complaint("T-H1", HEPAN, "2026-11-05T08:00", "2026-11-06T08:00", null, "IN_PROGRESS", null, null);

    // open work: Q3 breached (reply), Q4 at risk (reply), Z2 open and fine (resolve), H1 breached
    deadline("T-Q3", "REPLY", "COMMUNITY", QINGQUAN, "2026-11-20T10:00", "2026-11-21T04:00", "2026-11-21T10:00", "2026-11-21T10:00");
    deadline("T-Q4", "REPLY", "COMMUNITY", QINGQUAN, "2026-11-30T09:00", "2026-11-30T11:00", "2026-12-01T09:00", null);
    deadline("T-Z2", "RESOLVE", "COMMUNITY", ZHONGHAIXI, "2026-11-25T08:00", "2026-12-05T08:00", "2026-12-10T08:00", null);
    deadline("T-H1", "REPLY", "COMMUNITY", HEPAN, "2026-11-05T08:00", "2026-11-06T02:00", "2026-11-06T08:00", "2026-11-06T08:00");
    // a breach met late in 万莲街道, and one from October
    long metLate = deadline("T-Q2", "REPLY", "COMMUNITY", QINGQUAN, "2026-11-04T10:00", "2026-11-05T04:00", "2026-11-05T10:00",
        "2026-11-05T10:00");
    jdbc.sql("update sla_deadline set met_at = ?, closed_at = ?, outcome = 'MET_LATE' where id = ?")
        .params(Timestamp.from(at("2026-11-06T09:00")), Timestamp.from(at("2026-11-06T09:00")), metLate).update();
    long october = deadline("T-Z3", "REPLY", "COMMUNITY", ZHONGHAIXI, "2026-10-20T08:00", "2026-10-21T02:00", "2026-10-21T08:00",
        "2026-10-21T08:00");
    jdbc.sql("update sla_deadline set closed_at = ?, outcome = 'ESCALATED' where id = ?").params(ts("2026-10-22T08:00"), october).update();
    jdbc.sql("update complaint set title = '=HYPERLINK(\"x\"),路灯' where case_number = 'T-Q3'").update();
    jdbc.sql("update complaint set title = ? where case_number = 'T-Q2'").param("楼道\n=cmd|' /C calc'!A0\n漏水").update();
  }

  @AfterEach
  void resetClock() {
    driver.reset();
  }

  void complaint(String number, String community, String created, String firstDue, String firstReplied, String status, String resolved,
                 Integer rating) {
    jdbc.sql("""
            insert into complaint (case_number, community_code, category, title, description, reporter_name, reporter_phone,
              reporter_locale, channel, status, tier, handling_node_code, reopen_count, created_at, updated_at, resolved_at,
              rating_score, rated_at, first_reply_due_at, first_replied_at, closed_at)
            values (?, ?, 'public-facilities', ?, '测试', '王芳', '13812345678', 'zh-CN', 'wechat', ?, 'COMMUNITY', ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(number, community, "诉求 " + number, status, community, ts(created), ts(created), ts(resolved), rating,
            rating == null ? null : ts(resolved), ts(firstDue), ts(firstReplied), "CLOSED".equals(status) ? ts(resolved) : null)
        .update();
  }

  long deadline(String caseRef, String kind, String tier, String node, String started, String warn, String due, String breached) {
    var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql("""
            insert into sla_deadline (process_key, case_ref, kind, tier, node_code, started_at, warn_at, due_at, breached_at, holder)
            values ('complaint-escalation', ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(caseRef, kind, tier, node, ts(started), ts(warn), ts(due), ts(breached), breached == null ? null : "caseworker-" + node)
        .update(key, "id");
    return key.getKeyAs(Number.class).longValue();
  }

  static Timestamp ts(String local) {
    return local == null ? null : Timestamp.from(at(local));
  }

  HttpResponse<String> get(String path, String user) throws Exception {
    return get(path, user, "zh-CN");
  }

  HttpResponse<String> get(String path, String user, String language) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path)).header("Accept-Language", language);
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode ok(String path, String user) throws Exception {
    HttpResponse<String> r = get(path, user);
    assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  static List<String> texts(JsonNode array, String field) {
    return list(array).stream().map(n -> n.path(field).asText()).toList();
  }

  @Test
  @DisplayName("三率按社区：响应率、解决率、满意率与手工计算一致；红黑榜按三率均值排序；街道合计")
  void ratesPerCommunityMatchHandWorkedFigures() throws Exception {
    JsonNode rates = ok("/api/v1/supervision/rates?" + NOVEMBER + "&by=community", "wanlian-sup");
    assertThat(texts(rates.get("rows"), "code")).as("万莲街道's communities only, best first").containsExactly(ZHONGHAIXI, QINGQUAN);
    JsonNode zhx = rates.get("rows").get(0);
    assertThat(zhx.get("cases").asLong()).as("October's complaint is outside the period").isEqualTo(2);
    assertThat(zhx.get("responseRate").asDouble()).isEqualTo(1.0);
    assertThat(zhx.get("resolutionRate").asDouble()).isEqualTo(0.5);
    assertThat(zhx.get("satisfactionRate").asDouble()).isEqualTo(1.0);
    assertThat(zhx.get("rank").asInt()).isEqualTo(1);
    JsonNode qq = rates.get("rows").get(1);
    assertThat(qq.get("cases").asLong()).isEqualTo(4);
    assertThat(qq.get("responseDecided").asLong()).as("Q4's reply is not yet due").isEqualTo(3);
    assertThat(qq.get("respondedInTime").asLong()).as("Q1 only: Q2 replied late, Q3 not at all").isEqualTo(1);
    assertThat(qq.get("responseRate").asDouble()).isCloseTo(1 / 3.0, within(0.0001));
    assertThat(qq.get("resolutionRate").asDouble()).isEqualTo(0.5);
    assertThat(qq.get("satisfactionRate").asDouble()).as("a 5 counts, a 3 does not").isEqualTo(0.5);
    assertThat(qq.get("score").asDouble()).isCloseTo((1 / 3.0 + 0.5 + 0.5) / 3, within(0.0001));
    JsonNode total = rates.get("total");
    assertThat(total.get("cases").asLong()).isEqualTo(6);
    assertThat(total.get("responseRate").asDouble()).isEqualTo(0.6);
    assertThat(total.get("resolutionRate").asDouble()).isEqualTo(0.5);
    assertThat(total.get("satisfactionRate").asDouble()).isCloseTo(2 / 3.0, within(0.0001));

    JsonNode streets = ok("/api/v1/supervision/rates?" + NOVEMBER + "&by=street", "shenhe-sup");
    JsonNode wanlian = list(streets.get("rows")).stream().filter(r -> r.get("code").asText().equals("210103010")).findFirst().orElseThrow();
    assertThat(wanlian.get("cases").asLong()).isEqualTo(6);
    assertThat(wanlian.get("responseRate").asDouble()).isEqualTo(0.6);
    assertThat(texts(streets.get("rows"), "code")).as("沈河区's streets").containsExactlyInAnyOrder("210103010", "210103011");
    JsonNode daNan = list(streets.get("rows")).stream().filter(r -> r.get("code").asText().equals("210103011")).findFirst().orElseThrow();
    assertThat(daNan.get("responseRate").isNull()).as("no complaints: no rate, not 0%").isTrue();
    assertThat(daNan.get("rank").isNull()).isTrue();
  }

  @Test
  @DisplayName("周趋势：每个 ISO 周一行，空周也列出")
  void weeklyTrend() throws Exception {
    JsonNode weeks = ok("/api/v1/supervision/trend?" + NOVEMBER, "wanlian-sup").get("weeks");
    assertThat(texts(weeks, "weekStart")).containsExactly("2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30");
    assertThat(list(weeks).stream().map(w -> w.get("cases").asLong()).toList()).containsExactly(0L, 2L, 1L, 1L, 1L, 1L);
    assertThat(weeks.get(1).get("responseRate").asDouble()).as("Q1 in time, Q2 late").isEqualTo(0.5);
    assertThat(weeks.get(0).get("responseRate").isNull()).isTrue();
  }

  @Test
  @DisplayName("在办、临期、超时：按流程和层级计数；临期与超时清单可跳到案件；超时清单可筛选并导出带 BOM 的 CSV")
  void openWorkBreachesAndCsv() throws Exception {
    JsonNode overview = ok("/api/v1/supervision/overview", "wanlian-sup");
    assertThat(overview.at("/totals/open").asLong()).isEqualTo(3);
    assertThat(overview.at("/totals/atRisk").asLong()).isEqualTo(1);
    assertThat(overview.at("/totals/breached").asLong()).as("H1 is 铁西区's").isEqualTo(1);
    assertThat(overview.at("/byProcess/0/processLabel").asText()).isEqualTo("诉求办理");

    JsonNode atRisk = ok("/api/v1/supervision/at-risk", "wanlian-sup").get("items");
    assertThat(texts(atRisk, "caseRef")).as("breached first").containsExactly("T-Q3", "T-Q4");
    assertThat(atRisk.get(0).get("state").asText()).isEqualTo("BREACHED");
    assertThat(atRisk.get(0).get("lateMinutes").asLong()).isEqualTo(Duration.between(at("2026-11-21T10:00"), NOW).toMinutes());
    assertThat(atRisk.get(1).get("state").asText()).isEqualTo("AT_RISK");

    JsonNode breaches = ok("/api/v1/supervision/breaches?" + NOVEMBER, "wanlian-sup").get("items");
    assertThat(texts(breaches, "caseRef")).containsExactly("T-Q3", "T-Q2");
    JsonNode q2 = breaches.get(1);
    assertThat(q2.get("lateMinutes").asLong()).as("met 23 hours late").isEqualTo(23 * 60);
    assertThat(q2.get("holder").asText()).isEqualTo("caseworker-" + QINGQUAN);
    assertThat(ok("/api/v1/supervision/breaches?from=2026-10-01&to=2026-10-31", "wanlian-sup").get("items")).hasSize(1);
    JsonNode firstPage = ok("/api/v1/supervision/breaches?" + NOVEMBER + "&size=1", "wanlian-sup");
    assertThat(texts(firstPage.get("items"), "caseRef")).containsExactly("T-Q3");
    assertThat(firstPage.get("totalItems").asLong()).isEqualTo(2);
    assertThat(firstPage.get("totalPages").asLong()).isEqualTo(2);
    assertThat(texts(ok("/api/v1/supervision/breaches?" + NOVEMBER + "&size=1&page=1", "wanlian-sup").get("items"), "caseRef"))
        .containsExactly("T-Q2");
    assertThat(get("/api/v1/supervision/breaches?size=1000", "wanlian-sup").statusCode()).isEqualTo(400);
    assertThat(ok("/api/v1/supervision/breaches?" + NOVEMBER + "&tier=STREET", "wanlian-sup").get("items")).isEmpty();
    assertThat(get("/api/v1/supervision/breaches?tier=TOWN", "wanlian-sup").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/supervision/breaches?from=2026-13-01", "wanlian-sup").body()).contains("\"field\":\"from\"");

    HttpResponse<byte[]> csv = client.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
            + "/api/v1/supervision/breaches.csv?" + NOVEMBER)).header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString("wanlian-sup:wanlian-sup".getBytes(StandardCharsets.UTF_8))).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment").contains(".csv");
    byte[] bytes = csv.body();
    assertThat(new byte[] {bytes[0], bytes[1], bytes[2]}).as("UTF-8 byte-order mark for Excel").containsExactly(0xEF, 0xBB, 0xBF);
    List<String> lines = List.of(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n"));
    assertThat(lines.get(0)).startsWith("编号,流程,标题");
    assertThat(lines).as("a title with line breaks stays in its quoted cell").hasSize(3);
    assertThat(lines.get(1)).startsWith("T-Q3,诉求办理,\"'=HYPERLINK(\"\"x\"\"),路灯\"").as("a formula is defused and quoted");
    assertThat(lines.get(2)).contains("T-Q2").contains("\"楼道\n=cmd").contains(",1380,");

    JsonNode caseView = ok("/api/v1/supervision/cases/T-Q2", "wanlian-sup");
    assertThat(caseView.get("statusLabel").asText()).isEqualTo("已办结");
    assertThat(caseView.at("/community/code").asText()).isEqualTo(QINGQUAN);
    assertThat(caseView.get("deadlines")).hasSize(1);
  }

  @Test
  @DisplayName("辖区：未登录 401，非主管 403，街道主管看不到别的区（404，不暴露编号是否存在），区主管看到下辖街道，管理员看到全市")
  void everyEndpointIsScoped() throws Exception {
    List<String> endpoints = List.of("/api/v1/supervision/me", "/api/v1/supervision/overview", "/api/v1/supervision/at-risk",
        "/api/v1/supervision/rates", "/api/v1/supervision/trend", "/api/v1/supervision/breaches", "/api/v1/supervision/breaches.csv",
        "/api/v1/supervision/cases/T-Q3");
    for (String e : endpoints) {
      assertThat(get(e, null).statusCode()).as(e + " anonymous").isEqualTo(401);
      assertThat(get(e, "qingquan").statusCode()).as(e + " caseworker").isEqualTo(403);
      assertThat(get(e, "wanlian-sup").statusCode()).as(e + " street supervisor").isEqualTo(200);
      if (!e.endsWith("/me") && !e.contains("/cases/")) {
        String sep = e.contains("?") ? "&" : "?";
        assertThat(get(e + sep + "node=210106", "wanlian-sup").statusCode()).as(e + " another district").isEqualTo(404);
        assertThat(get(e + sep + "node=210103", "wanlian-sup").statusCode()).as(e + " the district above").isEqualTo(404);
        assertThat(get(e + sep + "node=" + QINGQUAN, "wanlian-sup").statusCode()).as(e + " own community").isEqualTo(200);
      }
    }
    assertThat(get("/api/v1/supervision/cases/T-H1", "wanlian-sup").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/supervision/cases/T-NOPE", "wanlian-sup").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/supervision/cases/T-H1", "shenyang-sup").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/supervision/breaches?" + NOVEMBER + "&node=" + HEPAN, "wanlian-sup").statusCode()).isEqualTo(404);
    assertThat(texts(ok("/api/v1/supervision/breaches?" + NOVEMBER, "shenyang-sup").get("items"), "caseRef"))
        .contains("T-H1", "T-Q3");
    assertThat(ok("/api/v1/supervision/me", "demo").at("/node/code").asText()).as("the administrator sees the city").isEqualTo("210100");

    JsonNode me = ok("/api/v1/supervision/me", "wanlian-sup");
    assertThat(me.get("name").asText()).isEqualTo("赵敏");
    assertThat(texts(me.get("nodes"), "code")).containsExactly("210103010", QINGQUAN, ZHONGHAIXI);
    assertThat(me.at("/calendar/missingYears").toString()).as("2026 and 2027 are checked; only 2026 is shipped").isEqualTo("[2027]");
    assertThat(me.at("/calendar/message").asText()).contains("2027");
    assertThat(json.readTree(get("/api/v1/supervision/me", "wanlian-sup", "en").body()).at("/node/tierLabel").asText())
        .isNotEqualTo(me.at("/node/tierLabel").asText());
  }

  @Test
  @DisplayName("看板登录：表单登录建立会话（同时登录 Camunda），密码错误回到登录页，退出后会话失效")
  void formLogInAndOut() throws Exception {
    HttpResponse<String> wrong = postForm("/supervision/login", "username=nobody&password=nope", null); // (a wrong password would hold wanlian-sup back for seconds: Camunda throttles)
    assertThat(wrong.statusCode()).isEqualTo(303);
    assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/supervision/?error=login");

    HttpResponse<String> login = postForm("/supervision/login", "username=wanlian-sup&password=wanlian-sup", null);
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/supervision/");
    String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow()
        .split(";")[0];
    HttpResponse<String> me = client.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/supervision/me"))
        .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(json.readTree(me.body()).get("userId").asText()).isEqualTo("wanlian-sup");
    HttpResponse<String> camunda = client.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
        + "/camunda/api/admin/auth/user/default")).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(camunda.body()).as("the same session is a Camunda webapp log-in").contains("wanlian-sup");

    assertThat(postForm("/supervision/logout", "", cookie).statusCode()).isEqualTo(303);
    assertThat(client.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/supervision/me"))
        .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    assertThat(get("/supervision/", null).statusCode()).as("the page itself is public; its data is not").isEqualTo(200);
  }

  HttpResponse<String> postForm(String path, String form, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static List<String> copy(List<String> l) {
    return new ArrayList<>(l);
  }
}
