package org.gongzhi.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gongzhi.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Bad requests of every kind against every {@code /api/v1} and {@code /open311/v2} endpoint, over real HTTP: each must be
 * answered 4xx in the endpoint's error format (RFC 9457 problem details; Open311's error list), never 500, and change
 * nothing stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

  static final String KEY = Http.TEST_KEY;
  static final String JSON = "application/json";
  static final String FORM = "application/x-www-form-urlencoded";
  static final String COMPLAINT = """
      {"communityCode":"210103010001","category":"public-facilities","title":"路灯坏了","description":"小区东门的路灯坏了一周。",
       "reporter":{"name":"王芳","phone":"13812345678"},"channel":"wechat"}""";
  static final String ORDER = """
      {"communityCode":"210103010001","category":"free-haircut","description":"老人想请人上门理发","reporter":{"name":"李大爷","phone":"13912345678"}}""";
  static final String SUBMISSION = """
      {"communityCode":"210103010001","title":"邻里节","body":"本周六上午九点。","targetChannels":["district-app"],"author":{"userId":"qingquan-media"}}""";
  static final String APPLICATION = """
      {"communityCode":"210103010001","name":"老边饺子馆","unifiedSocialCreditCode":"91440300708461136T","category":"catering",
       "contact":{"name":"边志远","phone":"13840001234"},"address":"清泉路 18 号","offers":[{"title":"午餐","discount":20}]}""";
  static final String OPEN311 = "service_code=noise&attribute%5Bcommunity%5D=210103010001&lat=41.7968&long=123.451"
      + "&description=%E7%83%A7%E7%83%A4&first_name=%E8%8A%B3&last_name=%E7%8E%8B&phone=13812345678";

  /** Tables whose rows a bad request must never add, remove or change. */
  static final List<String> TABLES = List.of("complaint", "complaint_timeline", "volunteer_order", "content_submission",
      "merchant_application", "merchant_offer", "case_origin", "api_key", "channel_webhook", "webhook_event", "notification",
      "sla_deadline", "idempotency_record");

  record Hostile(String name, String method, String path, String contentType, byte[] body, Set<Integer> expected, String basic) {
    @Override
    public String toString() {
      return name;
    }
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  final HttpClient client = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();
  String existingComplaint;

  @BeforeAll
  void oneCaseToAimAt() throws Exception {
    existingComplaint = json.readTree(new Http(port).post("/api/v1/complaints", COMPLAINT, "zh-CN").body()).get("caseNumber").asText();
  }

  static Hostile bad(String name, String method, String path, String contentType, String body, int... expected) {
    return new Hostile(name, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), codes(expected), null);
  }

  static Hostile raw(String name, String method, String path, String contentType, byte[] body, int... expected) {
    return new Hostile(name, method, path, contentType, body, codes(expected), null);
  }

  static Hostile staff(String name, String basic, String method, String path, String contentType, String body, int... expected) {
    return new Hostile(name, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), codes(expected), basic);
  }

  static Set<Integer> codes(int... expected) {
    Set<Integer> s = new java.util.HashSet<>();
    for (int e : expected) {
      s.add(e);
    }
    return s;
  }

  static String deep(int depth) {
    return "{\"communityCode\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  static Stream<Hostile> requests() {
    List<Hostile> all = new ArrayList<>();
    String c = "/api/v1/complaints";
    // ---- complaints: missing, wrong-typed, too long, out of range, unknown, hostile text in codes, wrong shapes
    all.add(bad("complaint without communityCode", "POST", c, JSON, COMPLAINT.replace("\"communityCode\":\"210103010001\",", ""), 400));
    all.add(bad("complaint without reporter", "POST", c, JSON, COMPLAINT.replace("\"reporter\":{\"name\":\"王芳\",\"phone\":\"13812345678\"},", ""), 400));
    all.add(bad("complaint reporter as a string", "POST", c, JSON, COMPLAINT.replace("{\"name\":\"王芳\",\"phone\":\"13812345678\"}", "\"王芳\""), 400));
    all.add(bad("complaint latitude as text", "POST", c, JSON, COMPLAINT.replace("\"channel\"", "\"location\":{\"lat\":\"north\",\"lng\":1},\"channel\""), 400));
    all.add(bad("complaint latitude -91", "POST", c, JSON, COMPLAINT.replace("\"channel\"", "\"location\":{\"lat\":-91,\"lng\":1},\"channel\""), 400));
    all.add(bad("complaint latitude 1e309", "POST", c, JSON, COMPLAINT.replace("\"channel\"", "\"location\":{\"lat\":1e309,\"lng\":1},\"channel\""), 400));
    all.add(bad("complaint title of 201 characters", "POST", c, JSON, COMPLAINT.replace("路灯坏了", "灯".repeat(201)), 400));
    all.add(bad("complaint description of 4001 characters", "POST", c, JSON, COMPLAINT.replace("小区东门的路灯坏了一周。", "灯".repeat(4001)), 400));
    all.add(bad("complaint NUL in the title", "POST", c, JSON, COMPLAINT.replace("路灯坏了", "路灯\\u0000坏了"), 400));
    all.add(bad("complaint escape character in the description", "POST", c, JSON, COMPLAINT.replace("一周", "一周\\u001b[31m"), 400));
    all.add(bad("complaint script as community code", "POST", c, JSON, COMPLAINT.replace("210103010001", "<script>alert(1)</script>"), 400));
    all.add(bad("complaint SQL as category", "POST", c, JSON, COMPLAINT.replace("public-facilities", "' OR '1'='1"), 400));
    all.add(bad("complaint SQL as community code", "POST", c, JSON, COMPLAINT.replace("210103010001", "1; drop table complaint"), 400));
    all.add(bad("complaint unknown category", "POST", c, JSON, COMPLAINT.replace("public-facilities", "ufo-sighting"), 400));
    all.add(bad("complaint unknown channel", "POST", c, JSON, COMPLAINT.replace("wechat", "carrier-pigeon"), 400));
    all.add(bad("complaint unknown locale", "POST", c, JSON, COMPLAINT.replace("\"channel\"", "\"locale\":\"xx-YY\",\"channel\""), 400));
    all.add(bad("complaint invalid phone", "POST", c, JSON, COMPLAINT.replace("13812345678", "12345"), 400));
    all.add(bad("complaint invalid e-mail", "POST", c, JSON, COMPLAINT.replace("\"13812345678\"", "\"13812345678\",\"email\":\"not-an-address\""), 400));
    all.add(bad("complaint merchant number on a noise complaint", "POST", c, JSON, COMPLAINT.replace("\"channel\"", "\"merchantNumber\":\"SH-2026-000001\",\"channel\""), 400));
    all.add(bad("complaint unknown field", "POST", c, JSON, COMPLAINT.replace("\"channel\"", "\"isAdmin\":true,\"channel\""), 400));
    all.add(bad("complaint empty body", "POST", c, JSON, "", 400));
    all.add(bad("complaint JSON array", "POST", c, JSON, "[" + COMPLAINT + "]", 400));
    all.add(bad("complaint JSON null", "POST", c, JSON, "null", 400));
    all.add(bad("complaint truncated JSON", "POST", c, JSON, COMPLAINT.substring(0, 40), 400));
    all.add(bad("complaint nested 5000 deep", "POST", c, JSON, deep(5000), 400));
    all.add(raw("complaint invalid UTF-8", "POST", c, JSON, invalidUtf8(), 400));
    all.add(bad("complaint body over the limit", "POST", c, JSON, COMPLAINT.replace("小区东门的路灯坏了一周。", "x".repeat(300 * 1024)), 413));
    all.add(new Hostile("complaint chunked body over the limit", "POST", c, JSON, null, codes(413), "chunked"));
    all.add(bad("complaint as text/plain", "POST", c, "text/plain", COMPLAINT, 415));
    all.add(bad("complaint as a form", "POST", c, FORM, "communityCode=210103010001", 415));
    all.add(bad("complaint as XML", "POST", c, "application/xml", "<complaint/>", 415));
    all.add(bad("complaint PUT", "PUT", c, JSON, COMPLAINT, 405));
    all.add(bad("complaint DELETE a case", "DELETE", c + "/SY-2026-000001", null, null, 405));
    // ---- reading complaints
    all.add(bad("complaint number with SQL", "GET", c + "/SY-2026-000001'%20OR%20'1'='1", null, null, 404));
    all.add(bad("complaint number with a traversal", "GET", c + "/..%2F..%2Fetc%2Fpasswd", null, null, 400, 404));
    all.add(bad("complaint number with dot segments", "GET", c + "/../../../etc/passwd", null, null, 404));
    all.add(bad("complaint number of 10000 characters", "GET", c + "/" + "9".repeat(10000), null, null, 404, 414, 400));
    all.add(bad("complaint list size -1", "GET", c + "?size=-1", null, null, 400));
    all.add(bad("complaint list size 10^12", "GET", c + "?size=1000000000000", null, null, 400));
    all.add(bad("complaint list page as text", "GET", c + "?page=first", null, null, 400));
    all.add(bad("complaint list sort by SQL", "GET", c + "?sort=created_at;drop%20table%20complaint", null, null, 400));
    all.add(bad("complaint list unknown status", "GET", c + "?status=%3Cscript%3E", null, null, 400));
    all.add(bad("rating 0", "POST", c + "/SY-2026-000001/rating", JSON, "{\"score\":0}", 400, 404));
    all.add(bad("rating 6", "POST", c + "/SY-2026-000001/rating", JSON, "{\"score\":6}", 400, 404));
    all.add(bad("rating as text", "POST", c + "/SY-2026-000001/rating", JSON, "{\"score\":\"five\"}", 400, 404));
    all.add(bad("rating 10^10", "POST", c + "/SY-2026-000001/rating", JSON, "{\"score\":10000000000}", 400, 404));
    all.add(bad("rating of an unknown case", "POST", c + "/SY-2099-999999/rating", JSON, "{\"score\":5}", 404));
    // ---- volunteer orders
    String o = "/api/v1/volunteer-orders";
    all.add(bad("order without description", "POST", o, JSON, ORDER.replace("\"description\":\"老人想请人上门理发\",", ""), 400));
    all.add(bad("order unknown service", "POST", o, JSON, ORDER.replace("free-haircut", "space-travel"), 400));
    all.add(bad("order postedByCentre as text", "POST", o, JSON, ORDER.replace("{\"communityCode\"", "{\"postedByCentre\":\"yes\",\"communityCode\""), 400));
    all.add(bad("order script in the community code", "POST", o, JSON, ORDER.replace("210103010001", "\"><img src=x onerror=alert(1)>"), 400));
    all.add(bad("service menu without community", "GET", "/api/v1/service-menu", null, null, 400));
    all.add(bad("service menu with a traversal", "GET", "/api/v1/service-menu?communityCode=..%2F..%2F", null, null, 400));
    all.add(bad("team hours impossible date", "GET", "/api/v1/volunteer-teams/qq-repair/hours?from=2026-13-01&to=2026-12-31", null, null, 400));
    all.add(bad("team hours to before from", "GET", "/api/v1/volunteer-teams/qq-repair/hours?from=2026-12-01&to=2026-11-01", null, null, 400));
    all.add(bad("rating an unknown order", "POST", o + "/ZY-2099-999999/rating", JSON, "{\"score\":5}", 404));
    // ---- content
    String s = "/api/v1/content-submissions";
    all.add(bad("content publishAt as words", "POST", s, JSON, SUBMISSION.replace("\"author\"", "\"publishAt\":\"yesterday\",\"author\""), 400));
    all.add(bad("content javascript: media URL", "POST", s, JSON, SUBMISSION.replace("\"targetChannels\"", "\"mediaUrls\":[\"javascript:alert(1)\"],\"targetChannels\""), 400));
    all.add(bad("content unknown target channel", "POST", s, JSON, SUBMISSION.replace("district-app", "myspace"), 400));
    all.add(bad("content 101 media URLs", "POST", s, JSON, SUBMISSION.replace("\"targetChannels\"",
        "\"mediaUrls\":[" + String.join(",", java.util.Collections.nCopies(101, "\"https://img.example.com/a.jpg\"")) + "],\"targetChannels\""), 400));
    all.add(bad("content author is no media volunteer", "POST", s, JSON, SUBMISSION.replace("qingquan-media", "demo"), 400));
    all.add(bad("revision of an unknown submission", "POST", s + "/NR-2099-999999/revisions", JSON, "{\"title\":\"x\",\"body\":\"y\"}", 404));
    // ---- merchants
    String m = "/api/v1/merchant-applications";
    all.add(bad("merchant wrong check character", "POST", m, JSON, APPLICATION.replace("91440300708461136T", "91440300708461136A"), 400));
    all.add(bad("merchant discount -5", "POST", m, JSON, APPLICATION.replace("\"discount\":20", "\"discount\":-5"), 400));
    all.add(bad("merchant discount 100.001", "POST", m, JSON, APPLICATION.replace("\"discount\":20", "\"discount\":100.001"), 400));
    all.add(bad("merchant no offers", "POST", m, JSON, APPLICATION.replace("[{\"title\":\"午餐\",\"discount\":20}]", "[]"), 400));
    all.add(bad("merchant file: document", "POST", m, JSON, APPLICATION.replace("}]}", "}],\"documentUrls\":[\"file:///etc/passwd\"]}"), 400));
    all.add(bad("merchant unknown document type", "POST", m, JSON, APPLICATION.replace("}]}", "}],\"documentUrls\":[{\"type\":\"bribe\",\"url\":\"https://x.example/a\"}]}"), 400));
    all.add(bad("documents for an unknown application", "POST", m + "/SH-2099-999999/documents", JSON, "{\"documentUrls\":[\"https://x.example/a.pdf\"]}", 404));
    all.add(bad("catalogue NUL as community", "GET", "/api/v1/catalogue?communityCode=%00", null, null, 400));
    // ---- webhook registration
    all.add(bad("webhook javascript: URL", "PUT", "/api/v1/webhook", JSON, "{\"url\":\"javascript:alert(1)\"}", 400));
    all.add(bad("webhook URL of 2000 characters", "PUT", "/api/v1/webhook", JSON, "{\"url\":\"https://x.example/" + "a".repeat(2000) + "\"}", 400));
    all.add(bad("webhook URL as a number", "PUT", "/api/v1/webhook", JSON, "{\"url\":42}", 400));
    // ---- staff endpoints
    all.add(staff("api key: no name, unknown node", "demo:demo", "POST", "/api/v1/admin/api-keys", JSON,
        "{\"name\":\"\",\"channel\":\"x\",\"nodeCodes\":[\"<script>\"],\"resources\":[\"complaints\"]}", 400));
    all.add(staff("api key: null entries", "demo:demo", "POST", "/api/v1/admin/api-keys", JSON,
        "{\"name\":\"n\",\"channel\":\"x\",\"nodeCodes\":[null],\"resources\":[null]}", 400));
    all.add(staff("api key: anonymous", null, "POST", "/api/v1/admin/api-keys", JSON, "{\"name\":\"n\"}", 401));
    all.add(staff("supervision: 30 February", "wanlian-sup:wanlian-sup", "GET", "/api/v1/supervision/rates?from=2026-02-30&to=2026-03-01", null, null, 400));
    all.add(staff("supervision: at-risk limit -1", "wanlian-sup:wanlian-sup", "GET", "/api/v1/supervision/at-risk?limit=-1", null, null, 400));
    all.add(staff("supervision: unknown tier", "wanlian-sup:wanlian-sup", "GET", "/api/v1/supervision/breaches?tier=EMPEROR", null, null, 400));
    all.add(staff("supervision: case ref with SQL", "wanlian-sup:wanlian-sup", "GET", "/api/v1/supervision/cases/x'%20OR%201=1", null, null, 404));
    // ---- Open311
    String r = "/open311/v2/requests.json";
    all.add(bad("open311 without service_code", "POST", r, FORM, OPEN311.replace("service_code=noise&", "") + "&api_key=" + KEY, 400));
    all.add(bad("open311 unknown service_code", "POST", r, FORM, OPEN311.replace("noise", "ufo") + "&api_key=" + KEY, 400, 404));
    all.add(bad("open311 latitude as text", "POST", r, FORM, OPEN311.replace("lat=41.7968", "lat=north") + "&api_key=" + KEY, 400));
    all.add(bad("open311 latitude 91", "POST", r, FORM, OPEN311.replace("lat=41.7968", "lat=91") + "&api_key=" + KEY, 400));
    all.add(bad("open311 NUL in the description", "POST", r, FORM, OPEN311.replace("%E7%83%A7%E7%83%A4", "a%00b") + "&api_key=" + KEY, 400));
    all.add(bad("open311 script as community", "POST", r, FORM, OPEN311.replace("210103010001", "%3Cscript%3E") + "&api_key=" + KEY, 400));
    all.add(bad("open311 wrong api_key", "POST", r, FORM, OPEN311 + "&api_key=gz_wrong", 403));
    all.add(bad("open311 JSON body", "POST", r, JSON, "{\"service_code\":\"noise\"}", 400, 403, 415));
    all.add(bad("open311 form over the limit", "POST", r, FORM, OPEN311 + "&description=" + "x".repeat(300 * 1024), 413));
    all.add(bad("open311 unknown status", "GET", r + "?status=maybe&api_key=" + KEY, null, null, 400));
    all.add(bad("open311 garbage start_date", "GET", r + "?start_date=yesterday&api_key=" + KEY, null, null, 400));
    all.add(bad("open311 window of a year", "GET", r + "?start_date=2025-01-01&end_date=2026-01-01&api_key=" + KEY, null, null, 400));
    all.add(bad("open311 request id with SQL", "GET", "/open311/v2/requests/1'%20OR%20'1'='1.json?api_key=" + KEY, null, null, 404));
    all.add(bad("open311 unknown service definition", "GET", "/open311/v2/services/%3Cscript%3E.xml", null, null, 404));
    all.add(bad("open311 unknown format", "GET", "/open311/v2/services.csv", null, null, 400, 404));
    return all.stream();
  }

  /** Every answer's status code, and how many requests left all stored data as it was: the figure line. */
  private final Map<Integer, Integer> answered = new TreeMap<>();
  private int unchanged;

  @AfterAll
  void printFigures() {
    long total = requests().count();
    int fourXx = answered.entrySet().stream().filter(e -> e.getKey() / 100 == 4).mapToInt(Map.Entry::getValue).sum();
    int fiveXx = answered.entrySet().stream().filter(e -> e.getKey() / 100 == 5).mapToInt(Map.Entry::getValue).sum();
    System.out.println("hostile input: requests " + total + ", answered 4xx " + fourXx + " " + answered + ", 5xx " + fiveXx
        + ", stored data unchanged after " + unchanged + " (" + (TABLES.size() + 1) + " counts compared)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  @DisplayName("恶意或错误的请求：4xx、规定的错误格式、从不 500、数据不变")
  void refusedWithoutChange(Hostile h) throws Exception {
    Map<String, Long> before = snapshot();
    HttpResponse<String> answer = send(h);
    answered.merge(answer.statusCode(), 1, Integer::sum);
    assertThat(answer.statusCode()).as(h.name() + ": " + answer.body()).isIn(h.expected());
    String type = answer.headers().firstValue("Content-Type").orElse("");
    if (h.path().startsWith("/open311/")) {
      assertOpen311Errors(h, answer, type);
    } else {
      assertThat(type).as(h.name()).startsWith("application/problem+json");
      JsonNode problem = json.readTree(answer.body());
      assertThat(problem.get("status").asInt()).as(h.name()).isEqualTo(answer.statusCode());
      assertThat(problem.get("title").asText()).as(h.name()).isNotBlank();
      assertThat(problem.get("type").asText()).as(h.name()).startsWith("https://gongzhi.org/problems/");
      if (answer.statusCode() == 400 && "validation".equals(problem.get("type").asText().substring(29))) {
        assertThat(problem.get("errors")).as(h.name()).isNotEmpty();
      }
    }
    assertThat(answer.body()).as(h.name()).doesNotContain("Exception", "at org.");
    if (!type.contains("json")) { // JSON carries hostile text as a string; markup formats must escape it
      assertThat(answer.body()).as(h.name()).doesNotContain("<script>");
    }
    assertThat(snapshot()).as(h.name()).isEqualTo(before);
    unchanged++;
  }

  private void assertOpen311Errors(Hostile h, HttpResponse<String> answer, String type) throws Exception {
    if (type.startsWith("application/problem+json")) { // Idempotency and size refusals come from the shared filters
      assertThat(json.readTree(answer.body()).get("status").asInt()).isEqualTo(answer.statusCode());
    } else if (type.contains("xml")) {
      var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(answer.body().getBytes(StandardCharsets.UTF_8)));
      assertThat(doc.getDocumentElement().getTagName()).as(h.name()).isEqualTo("errors");
      assertThat(doc.getElementsByTagName("code").item(0).getTextContent()).as(h.name()).isEqualTo(String.valueOf(answer.statusCode()));
    } else {
      JsonNode errors = json.readTree(answer.body());
      assertThat(errors.isArray()).as(h.name() + ": " + answer.body()).isTrue();
      assertThat(errors.get(0).get("code").asInt()).as(h.name()).isEqualTo(answer.statusCode());
      assertThat(errors.get(0).get("description").asText()).as(h.name()).isNotBlank();
    }
  }

  private HttpResponse<String> send(Hostile h) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + h.path())).header("Accept-Language", "en");
    if (h.basic() == null || h.basic().equals("chunked")) {
      b.header("X-API-Key", KEY);
    } else {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(h.basic().getBytes(StandardCharsets.UTF_8)));
    }
    if (h.contentType() != null) {
      b.header("Content-Type", h.contentType());
    }
    HttpRequest.BodyPublisher body;
    if ("chunked".equals(h.basic())) { // no Content-Length: the limit must hold while reading
      byte[] big = COMPLAINT.replace("小区东门的路灯坏了一周。", "x".repeat(400 * 1024)).getBytes(StandardCharsets.UTF_8);
      body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));
    } else {
      body = h.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(h.body());
    }
    return client.send(b.method(h.method(), body).build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Long> snapshot() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String t : TABLES) {
      counts.put(t, jdbc.sql("select count(*) from " + t).query(Long.class).single());
    }
    counts.put("ratings", jdbc.sql("select count(*) from complaint where rating_score is not null").query(Long.class).single());
    return counts;
  }

  private static byte[] invalidUtf8() {
    byte[] head = COMPLAINT.substring(0, COMPLAINT.indexOf("路灯")).getBytes(StandardCharsets.UTF_8);
    byte[] tail = COMPLAINT.substring(COMPLAINT.indexOf("路灯")).getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    all[head.length] = (byte) 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
    all[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, all, head.length + 2, tail.length);
    return all;
  }
}
