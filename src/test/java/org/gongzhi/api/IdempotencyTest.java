package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.GongzhiApplication;
import org.gongzhi.channel.ApiKeys;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.unit.DataSize;

/** Idempotency-Key on POST over real HTTP: replays, refusals, concurrent duplicates, expiry and a restart. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "gongzhi.api.idempotency.max-body=4KB")
@ActiveProfiles("test")
class IdempotencyTest {

  static final String VALID = ComplaintApiTest.VALID;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RuntimeService runtime;
  @Autowired ApiKeys apiKeys;
  @Autowired IdempotencyRecords records;
  @Autowired Problems problems;
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void cleanUp() {
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("同一键、同一请求：原样重放 201、Location 和正文，不再新建诉求")
  void sameKeySameBodyReplays() throws Exception {
    String key = newKey();
    long before = complaints();
    HttpResponse<String> first = post(http(), key, VALID);
    HttpResponse<String> second = post(http(), key, VALID);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
    assertThat(second.headers().firstValue("Location")).isPresent().isEqualTo(first.headers().firstValue("Location"));
    assertThat(second.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(complaints()).isEqualTo(before + 1);

    String caseNumber = json.readTree(first.body()).get("caseNumber").asText();
    assertThat(jdbc.sql("select state, response_status, response_location from idempotency_record where idem_key = ?").param(key)
        .query((rs, n) -> rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3)).single())
        .isEqualTo("COMPLETE 201 /api/v1/complaints/" + caseNumber);
  }

  @Test
  @DisplayName("同一键、不同请求体：422，指明 Idempotency-Key，不新建")
  void sameKeyDifferentBodyIs422() throws Exception {
    String key = newKey();
    assertThat(post(http(), key, VALID).statusCode()).isEqualTo(201);
    long before = complaints();

    HttpResponse<String> other = post(http(), key, VALID.replace("路灯坏了", "路灯又坏了"));
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    JsonNode problem = json.readTree(other.body());
    assertThat(problem.get("type").asText()).endsWith("/idempotency-key-reused");
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(problem.get("title").asText()).contains("Idempotency-Key");

    HttpResponse<String> otherResident = post(http().asResident("resident-42"), key, VALID);
    assertThat(otherResident.statusCode()).as("another resident is another request").isEqualTo(422);
    assertThat(complaints()).isEqualTo(before);
  }

  @Test
  @DisplayName("不同 API 密钥的同名键互不相干")
  void keysAreScopedPerApiKey() throws Exception {
    String otherKey = apiKeys.create(new ApiKeys.NewApiKey("第二渠道", "second-channel", List.of("210100"), List.of("complaints"),
        false, null), "demo").key();
    String key = newKey();
    HttpResponse<String> mine = post(http(), key, VALID);
    HttpResponse<String> theirs = post(http().withKey(otherKey), key, VALID);

    assertThat(mine.statusCode()).isEqualTo(201);
    assertThat(theirs.statusCode()).isEqualTo(201);
    assertThat(theirs.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
    assertThat(json.readTree(theirs.body()).get("caseNumber").asText()).isNotEqualTo(json.readTree(mine.body()).get("caseNumber").asText());
    assertThat(jdbc.sql("select count(*) from idempotency_record where idem_key = ?").param(key).query(Integer.class).single()).isEqualTo(2);
  }

  @Test
  @DisplayName("8 个相同请求同时到达：只建一个诉求，8 个应答完全相同")
  void concurrentDuplicatesCreateOneCase() throws Exception {
    String key = newKey();
    long before = complaints();
    int n = 8;
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        answers.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return post(http(), key, VALID);
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (Future<HttpResponse<String>> f : answers) {
        responses.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
      assertThat(responses.stream().map(HttpResponse::body).distinct()).hasSize(1);
      assertThat(responses.stream().map(r -> r.headers().firstValue("Location").orElseThrow()).distinct()).hasSize(1);
      assertThat(responses.stream().filter(r -> r.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER).isEmpty()))
          .as("exactly one request ran").hasSize(1);
      assertThat(complaints()).isEqualTo(before + 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("400 也按原样重放，且不建诉求")
  void clientErrorsAreReplayedToo() throws Exception {
    String key = newKey();
    long before = complaints();
    String invalid = VALID.replace("\"title\":\"路灯坏了\",", "");
    HttpResponse<String> first = post(http(), key, invalid);
    HttpResponse<String> second = post(http(), key, invalid);

    assertThat(first.statusCode()).isEqualTo(400);
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(second.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
    assertThat(second.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(second.body()).isEqualTo(first.body()).contains("title");
    assertThat(complaints()).isEqualTo(before);
  }

  @Test
  @DisplayName("无效的 Idempotency-Key：400 指明该请求头；过大的请求体：413；都不建诉求")
  void invalidKeyAndOversizedBody() throws Exception {
    long before = complaints();
    for (String bad : List.of("a".repeat(256), "two words")) {
      HttpResponse<String> r = post(http(), bad, VALID);
      assertThat(r.statusCode()).isEqualTo(400);
      JsonNode problem = json.readTree(r.body());
      assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
      assertThat(problem.get("errors").get(0).get("message").asText()).contains("Idempotency-Key");
    }
    assertThat(post(http(), "a".repeat(255), VALID).statusCode()).isEqualTo(201);

    String huge = VALID.replace("小区东门的路灯坏了一周。", "很".repeat(2000));
    HttpResponse<String> tooLarge = send(http().request("/api/v1/complaints").header("Content-Type", "application/json")
        .header("Accept-Language", "en").header("Idempotency-Key", newKey()).POST(HttpRequest.BodyPublishers.ofString(huge)).build());
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(json.readTree(tooLarge.body()).get("detail").asText()).contains("4 KB");
    assertThat(complaints()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("没有 Idempotency-Key 的 POST 照常每次新建")
  void withoutKeyNothingChanges() throws Exception {
    long before = complaints();
    assertThat(http().post("/api/v1/complaints", VALID, "zh-CN").statusCode()).isEqualTo(201);
    assertThat(http().post("/api/v1/complaints", VALID, "zh-CN").statusCode()).isEqualTo(201);
    assertThat(complaints()).isEqualTo(before + 2);
  }

  @Test
  @DisplayName("保留期过后记录被清除，同一键可再次使用")
  void expiredRecordsArePurged() throws Exception {
    String key = newKey();
    String first = json.readTree(post(http(), key, VALID).body()).get("caseNumber").asText();
    assertThat(records.purgeCreatedBefore(Instant.now().minusSeconds(3600))).as("nothing is an hour old yet").isZero();
    assertThat(jdbc.sql("select count(*) from idempotency_record where idem_key = ?").param(key).query(Integer.class).single()).isOne();

    assertThat(records.purgeCreatedBefore(Instant.now().plusSeconds(1))).isPositive();
    HttpResponse<String> again = post(http(), key, VALID.replace("路灯坏了", "路灯又坏了"));
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
    assertThat(json.readTree(again.body()).get("caseNumber").asText()).isNotEqualTo(first);
  }

  @Test
  @DisplayName("重启后仍然重放：记录在数据库里，新启动的应用读到它")
  void survivesRestart() throws Exception {
    String url = "jdbc:h2:file:./target/idempotency-restart-" + UUID.randomUUID() + ";DB_CLOSE_ON_EXIT=FALSE";
    String key = newKey();
    HttpResponse<String> first;
    try (ConfigurableApplicationContext a = startApp(url, "sa", "")) {
      first = post(new Http(portOf(a)), key, VALID);
      assertThat(first.statusCode()).isEqualTo(201);
    }
    try (ConfigurableApplicationContext b = startApp(url, "sa", "")) {
      assertThat(b.getBean(JdbcClient.class).sql("select state from idempotency_record where idem_key = ?").param(key)
          .query(String.class).single()).isEqualTo("COMPLETE");
      HttpResponse<String> replayed = post(new Http(portOf(b)), key, VALID);
      assertThat(replayed.statusCode()).isEqualTo(201);
      assertThat(replayed.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
      assertThat(replayed.body()).isEqualTo(first.body());
      assertThat(replayed.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
      assertThat(b.getBean(JdbcClient.class).sql("select count(*) from complaint").query(Long.class).single()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("5xx 或异常不保存应答：键被释放，重试会真正再执行一次")
  void serverErrorsReleaseTheKey() throws Exception {
    IdempotencyFilter filter = filter(Duration.ofSeconds(10));
    String key = newKey();
    MockHttpServletResponse failed = new MockHttpServletResponse();
    filter.doFilter(request(key), failed, (req, res) -> ((HttpServletResponse) res).setStatus(503));
    assertThat(failed.getStatus()).isEqualTo(503);
    assertThat(stored(key)).isZero();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> filter.doFilter(request(key), new MockHttpServletResponse(),
        (req, res) -> { throw new IllegalStateException("boom"); })).hasMessageContaining("boom");
    assertThat(stored(key)).isZero();

    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < 2; i++) {
      MockHttpServletResponse ok = new MockHttpServletResponse();
      filter.doFilter(request(key), ok, (req, res) -> {
        runs.incrementAndGet();
        assertThat(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).as("the body is read again").isEqualTo("{\"a\":1}");
        ((HttpServletResponse) res).setStatus(201);
        res.setContentType("application/json");
        res.getWriter().write("{\"ok\":true}");
      });
      assertThat(ok.getStatus()).isEqualTo(201);
      assertThat(ok.getContentAsString()).isEqualTo("{\"ok\":true}");
    }
    assertThat(runs).as("the retry after 503 ran; the one after 201 was replayed").hasValue(1);
  }

  @Test
  @DisplayName("相同请求仍在处理：等待上限后 409；崩溃节点留下的过期占用被接管")
  void inProgressWaitsThenConflictsAndAbandonedClaimsAreTakenOver() throws Exception {
    IdempotencyFilter filter = filter(Duration.ofMillis(300));
    String key = newKey();
    MockHttpServletRequest first = request(key);
    String hash = claimLike(first, key);

    MockHttpServletResponse waiting = new MockHttpServletResponse();
    long started = System.nanoTime();
    filter.doFilter(request(key), waiting, (req, res) -> { throw new AssertionError("must not run"); });
    assertThat(waiting.getStatus()).isEqualTo(409);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(waiting.getContentAsString(StandardCharsets.UTF_8)).contains("Idempotency-Key");
    assertThat(waiting.getHeader("Retry-After")).isEqualTo("1");

    jdbc.sql("update idempotency_record set created_at = ? where idem_key = ?")
        .params(Timestamp.from(Instant.now().minus(Duration.ofMinutes(6))), key).update();
    MockHttpServletResponse takenOver = new MockHttpServletResponse();
    filter.doFilter(request(key), takenOver, (req, res) -> ((HttpServletResponse) res).setStatus(204));
    assertThat(takenOver.getStatus()).isEqualTo(204);
    assertThat(jdbc.sql("select state from idempotency_record where idem_key = ? and request_hash = ?").params(key, hash)
        .query(String.class).single()).isEqualTo("COMPLETE");
  }

  @Test
  @DisplayName("节点存下诉求后、存下应答前崩溃：接管占用的重试得到原来的诉求，不再新建")
  void aCrashBetweenCaseAndAnswerNeverMakesASecondCase() throws Exception {
    String key = newKey();
    HttpResponse<String> first = post(http(), key, VALID);
    assertThat(first.statusCode()).isEqualTo(201);
    String caseNumber = json.readTree(first.body()).get("caseNumber").asText();
    long before = complaints();
    // what a node killed right after committing the case leaves behind: its claim, unfinished, older than abandoned-after
    jdbc.sql("""
            update idempotency_record set state = 'IN_PROGRESS', response_status = null, response_content_type = null,
              response_location = null, response_body = null, completed_at = null, created_at = ?
            where idem_key = ?""")
        .params(Timestamp.from(Instant.now().minus(Duration.ofMinutes(6))), key).update();

    HttpResponse<String> retry = post(http(), key, VALID);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
    assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
    assertThat(json.readTree(retry.body()).get("caseNumber").asText()).isEqualTo(caseNumber);
    HttpResponse<String> again = post(http(), key, VALID);
    assertThat(json.readTree(again.body()).get("caseNumber").asText()).isEqualTo(caseNumber);
    assertThat(again.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
    assertThat(complaints()).as("no second case").isEqualTo(before);
  }

  @Test
  @DisplayName("“稍后再试”类的拒绝（409、429）不被重放：同一个键在情况变化后重试就能成功")
  void transientRefusalsAreNotReplayed() throws Exception {
    IdempotencyFilter filter = filter(Duration.ofSeconds(1));
    String key = newKey();
    MockHttpServletResponse busy = new MockHttpServletResponse();
    filter.doFilter(request(key), busy, (req, res) -> {
      ((HttpServletResponse) res).setStatus(409);
      res.getWriter().write("{\"status\":409}");
    });
    assertThat(busy.getStatus()).isEqualTo(409);
    assertThat(stored(key)).as("a 409 keeps nothing: the retry runs").isZero();
    MockHttpServletResponse later = new MockHttpServletResponse();
    filter.doFilter(request(key), later, (req, res) -> ((HttpServletResponse) res).setStatus(201));
    assertThat(later.getStatus()).isEqualTo(201);
    assertThat(later.getHeader(IdempotencyFilter.REPLAYED_HEADER)).isNull();
  }

  @Test
  @DisplayName("被当作崩溃而接管的请求事后完成：它既写不进、也删不掉接管者的占用")
  void aRequestTakenOverCannotTouchTheNewClaim() {
    String keyId = apiKeys.authenticate(Http.TEST_KEY, null).orElseThrow().key().id();
    String key = newKey();
    String slow = records.claim(keyId, key, "h").orElseThrow();
    jdbc.sql("update idempotency_record set created_at = ? where idem_key = ?")
        .params(Timestamp.from(Instant.now().minus(Duration.ofMinutes(6))), key).update();
    assertThat(records.dropAbandoned(keyId, key, Instant.now().minus(Duration.ofMinutes(5)))).isTrue();
    String retry = records.claim(keyId, key, "h").orElseThrow();

    assertThat(records.complete(keyId, key, slow, 201, "application/json", null, "{\"caseNumber\":\"slow\"}")).isFalse();
    records.release(keyId, key, slow);
    assertThat(stored(key)).as("the retry's claim is still there").isEqualTo(1);
    assertThat(records.complete(keyId, key, retry, 201, "application/json", null, "{\"caseNumber\":\"retry\"}")).isTrue();
    assertThat(records.find(keyId, key).orElseThrow().body()).isEqualTo("{\"caseNumber\":\"retry\"}");
  }

  /** A filter like the application's, waiting at most {@code waitLimit} for a request in progress. */
  IdempotencyFilter filter(Duration waitLimit) {
    return new IdempotencyFilter(records, new IdempotencyProperties(Duration.ofDays(1), waitLimit, Duration.ofMinutes(5),
        DataSize.ofKilobytes(4), Duration.ofHours(1)), problems, apiKeys);
  }

  MockHttpServletRequest request(String key) {
    MockHttpServletRequest r = new MockHttpServletRequest("POST", "/api/v1/complaints");
    r.addHeader("Idempotency-Key", key);
    r.setContentType("application/json");
    r.setContent("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    r.setAttribute(ChannelCaller.REQUEST_ATTRIBUTE, apiKeys.authenticate(Http.TEST_KEY, null).orElseThrow());
    return r;
  }

  /** Claims {@code key} for {@code request} as a request still running elsewhere would have; returns its hash. */
  String claimLike(MockHttpServletRequest request, String key) throws Exception {
    IdempotencyFilter filter = filter(Duration.ofSeconds(1));
    filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> ((HttpServletResponse) res).setStatus(200));
    String hash = jdbc.sql("select request_hash from idempotency_record where idem_key = ?").param(key).query(String.class).single();
    jdbc.sql("update idempotency_record set state = 'IN_PROGRESS', response_status = null, completed_at = null where idem_key = ?")
        .param(key).update();
    return hash;
  }

  int stored(String key) {
    return jdbc.sql("select count(*) from idempotency_record where idem_key = ?").param(key).query(Integer.class).single();
  }

  /** Another Gongzhi on the database at {@code url}, on a free port, with its own engine name in this JVM. */
  static ConfigurableApplicationContext startApp(String url, String user, String password) {
    // command-line arguments: they outrank application.yaml and the test profile (builder properties would not)
    return new SpringApplicationBuilder(GongzhiApplication.class).profiles("test")
        .run("--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
            "--spring.datasource.password=" + password,
            "--camunda.bpm.process-engine-name=restart" + UUID.randomUUID().toString().substring(0, 8));
  }

  static int portOf(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  Http http() {
    return new Http(port);
  }

  static String newKey() {
    return "test-" + UUID.randomUUID();
  }

  HttpResponse<String> post(Http client, String idempotencyKey, String body) throws Exception {
    return send(client.request("/api/v1/complaints").header("Content-Type", "application/json").header("Accept-Language", "zh-CN")
        .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return http().send(request);
  }

  long complaints() {
    return jdbc.sql("select count(*) from complaint").query(Long.class).single();
  }
}
