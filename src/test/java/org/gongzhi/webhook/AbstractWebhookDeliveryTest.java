package org.gongzhi.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.camunda.bpm.engine.ProcessEngineException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.gongzhi.complaint.ComplaintStatus;
import java.util.Map;
import org.gongzhi.channel.ApiKeys;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.channel.CaseOrigin;
import org.gongzhi.channel.CaseOrigins;
import org.gongzhi.support.ContentFixtures;
import org.gongzhi.support.MerchantFixtures;
import org.gongzhi.support.VolunteerFixtures;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Http;
import org.gongzhi.support.Staff;
import org.gongzhi.volunteer.VolunteerOrders;
import org.gongzhi.webhook.WebhookReceiver.Delivery;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.test.context.ActiveProfiles;

/**
 * Signed webhooks from the outbox, against a real local HTTP server that verifies every signature and refuses the
 * first deliveries. The test profile has no poller: the tests move Camunda's clock and call
 * {@link WebhookDispatcher#deliverDue()} themselves (base delay 30 s, 4 attempts). Runs on H2 and PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class AbstractWebhookDeliveryTest {

  static final String COMPLAINT = """
      {"communityCode":"210103010001","category":"public-facilities","title":"路灯坏了",
       "description":"小区东门的路灯坏了一周。","reporter":{"name":"王芳","phone":"13812345678"},"channel":"wechat"}""";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired Complaints complaints;
  @Autowired EngineDriver driver;
  @Autowired WebhookDispatcher dispatcher;
  @Autowired ApiKeys keys;
  @Autowired CaseOrigins origins;
  @Autowired VolunteerFixtures volunteers;
  @Autowired ContentFixtures content;
  @Autowired MerchantFixtures merchants;
  @Autowired VolunteerOrders volunteerOrders;
  @Autowired ChannelWebhooks channelWebhooks;
  @Autowired WebhookProperties properties;
  @Autowired WebhookIncidents webhookIncidents;
  @Autowired ObjectMapper springJson;
  @Autowired WebhookUrlPolicy urlPolicy;
  @Autowired MessageSource messageSource;
  @Autowired PlatformTransactionManager transactions;
  final ObjectMapper json = new ObjectMapper();
  Http http;
  WebhookReceiver receiver;

  @BeforeEach
  void setUp() throws Exception {
    http = new Http(port);
    driver.freezeAt(Instant.parse("2026-03-02T01:00:00Z")); // Monday 09:00 in Shenyang
    jdbc.sql("delete from webhook_event").update();
    receiver = new WebhookReceiver();
  }

  @AfterEach
  void tearDown() throws Exception {
    receiver.close();
    http.send(http.request("/api/v1/webhook").DELETE().build());
    jdbc.sql("delete from channel_webhook").update();
    jdbc.sql("delete from webhook_event").update();
    driver.reset();
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("渠道回调前几次失败：按指数退避重试，同一诉求的事件按顺序各送达一次，签名全部有效")
  void retriedInOrderPerCase() throws Exception {
    register(receiver.url());
    String a = submit();
    String b = submit();
    complaints.act(a, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修，明天上午维修。");
    complaints.act(b, Staff.QINGQUAN, ComplaintAction.REPLY, "已转物业处理。");
    complaints.act(a, Staff.QINGQUAN, ComplaintAction.RESOLVE, "路灯已修好。");
    List<String> queuedA = typesOf(a);
    assertThat(queuedA).containsSubsequence("complaint.reply", "complaint.resolved");
    assertThat(typesOf(b)).contains("complaint.reply");

    receiver.failNext(2);
    dispatcher.deliverDue();
    assertThat(receiver.deliveries()).as("only the oldest event of each case is tried; both are refused")
        .hasSize(2).allMatch(d -> d.answered() == 503).extracting(Delivery::caseRef).containsExactlyInAnyOrder(a, b);

    driver.freezeAt(driver.now().plusSeconds(29));
    assertThat(dispatcher.deliverDue()).as("the first retry waits the base delay").isZero();
    assertThat(receiver.deliveries()).hasSize(2);

    driver.freezeAt(driver.now().plusSeconds(1));
    dispatcher.deliverDue();

    assertThat(receiver.deliveries()).allMatch(Delivery::signatureValid);
    assertThat(receiver.accepted()).extracting(Delivery::eventId).doesNotHaveDuplicates();
    assertThat(accepted(a)).as("case %s in order, each once", a).isEqualTo(queuedA);
    assertThat(accepted(b)).isEqualTo(typesOf(b));
    assertThat(receiver.accepted()).filteredOn(d -> d.caseRef().equals(a)).extracting(Delivery::sequence).isSorted();
    assertThat(jdbc.sql("select count(*) from webhook_event where status <> 'DELIVERED'").query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select attempts from webhook_event where case_ref = ? order by seq").param(a).query(Integer.class).list())
        .as("the first event took two attempts, the later ones one").startsWith(2).containsOnly(2, 1);

    JsonNode reply = receiver.accepted().stream().filter(d -> d.caseRef().equals(a) && d.type().equals("complaint.reply"))
        .findFirst().orElseThrow().body();
    assertThat(reply.path("eventId").asText()).isNotBlank();
    List<Delivery> ofA = receiver.accepted().stream().filter(d -> d.caseRef().equals(a)).toList();
    for (int i = 0; i < ofA.size(); i++) {
      assertThat(ofA.get(i).body().path("previousEventId").isTextual() ? ofA.get(i).body().path("previousEventId").asText() : null)
          .as("each event names the case's previous one: a receiver can tell one is missing")
          .isEqualTo(i == 0 ? null : ofA.get(i - 1).eventId());
    }
    assertThat(reply.path("caseKind").asText()).isEqualTo("COMPLAINT");
    assertThat(reply.path("occurredAt").asText()).endsWith("+08:00");
    assertThat(reply.at("/data/text").asText()).contains("已报修，明天上午维修。");
    assertThat(reply.toString()).as("no personal data").doesNotContain("王芳", "13812345678");

    assertThat(dispatcher.deliverDue()).as("nothing is sent twice").isZero();

    long all = jdbc.sql("select count(*) from webhook_event").query(Long.class).single();
    driver.freezeAt(driver.now().plus(Duration.ofDays(29)));
    assertThat(dispatcher.purgeDelivered()).as("kept for the retention period (30 days)").isZero();
    driver.freezeAt(driver.now().plus(Duration.ofDays(2)));
    assertThat(dispatcher.purgeDelivered()).isEqualTo((int) all);
  }

  @Test
  @DisplayName("重试用尽：事件标记为失败、在管理员列表中可见、不再阻塞同案后续事件；管理员重新投递后送达")
  void exhaustedThenRedelivered() throws Exception {
    register(receiver.url());
    String c = submit();
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.RESOLVE, "已修好。");
    receiver.failNext(100);

    // 4 attempts: now, +30 s, +60 s, +120 s (the test profile's base delay and maximum)
    for (int wait : new int[] {0, 30, 60, 120}) {
      driver.freezeAt(driver.now().plusSeconds(wait));
      assertThat(dispatcher.deliverDue()).as("attempt after %d s", wait).isEqualTo(1);
      driver.freezeAt(driver.now().plusSeconds(wait == 0 ? 29 : wait * 2L - 1));
      if (wait < 120) {
        assertThat(dispatcher.deliverDue()).as("no attempt before the backoff ran out").isZero();
        driver.freezeAt(driver.now().minusSeconds(wait == 0 ? 29 : wait * 2L - 1));
      }
    }
    String first = jdbc.sql("select id from webhook_event where case_ref = ? order by seq fetch first 1 rows only").param(c)
        .query(String.class).single();
    assertThat(jdbc.sql("select status from webhook_event where id = ?").param(first).query(String.class).single()).isEqualTo("FAILED");
    assertThat(receiver.deliveries()).hasSize(4).allMatch(d -> d.eventId().equals(first));

    JsonNode failed = json.readTree(admin("GET", "/api/v1/admin/webhook-events?status=FAILED&page=0&size=20", "demo").body());
    assertThat(failed.path("totalItems").asLong()).isEqualTo(1);
    assertThat(failed.path("totalPages").asLong()).isEqualTo(1);
    assertThat(failed.at("/items/0/id").asText()).isEqualTo(first);
    assertThat(failed.at("/items/0/attempts").asInt()).isEqualTo(4);
    assertThat(failed.at("/items/0/lastStatus").asInt()).isEqualTo(503);
    assertThat(admin("GET", "/api/v1/admin/webhook-events", null).statusCode()).as("no anonymous access").isEqualTo(401);
    assertThat(admin("GET", "/api/v1/admin/webhook-events", Staff.QINGQUAN).statusCode()).as("caseworkers are not admins").isEqualTo(403);
    assertThat(admin("GET", "/api/v1/admin/webhook-events?status=LOST", "demo").statusCode()).isEqualTo(400);

    receiver.failNext(0);
    dispatcher.deliverDue();
    assertThat(receiver.accepted()).as("a FAILED event no longer holds the case's later events")
        .extracting(Delivery::type).contains("complaint.resolved").doesNotContain("complaint.reply");

    assertThat(admin("POST", "/api/v1/admin/webhook-events/" + first + "/redeliver", "demo").statusCode()).isEqualTo(202);
    assertThat(admin("POST", "/api/v1/admin/webhook-events/no-such-event/redeliver", "demo").statusCode()).isEqualTo(404);
    dispatcher.deliverDue();
    assertThat(receiver.accepted()).extracting(Delivery::eventId).contains(first).doesNotHaveDuplicates();
    assertThat(jdbc.sql("select status from webhook_event where id = ?").param(first).query(String.class).single()).isEqualTo("DELIVERED");

    HttpResponse<String> again = admin("POST", "/api/v1/admin/webhook-events/" + first + "/redeliver", "demo");
    assertThat(again.statusCode()).as("only FAILED events can be redelivered").isEqualTo(409);
    assertThat(json.readTree(again.body()).path("type").asText()).contains("conflict");
    assertThat(admin("GET", "/api/v1/admin/webhook-events?page=2147483647&size=100", "demo").statusCode())
        .as("page × size cannot overflow").isEqualTo(400);
    assertThat(admin("GET", "/api/v1/admin/webhook-events?page=1&size=1", "demo").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("过时的列表：另一节点已尝试并设定退避，本节点按旧副本认领必须失败，不提前重发、不丢失尝试次数")
  void staleCopyIsNotClaimed() throws Exception {
    register(receiver.url());
    String c = submit();
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
    List<WebhookDispatcher.Due> stale = dispatcher.due(driver.now()); // node 1 reads the due events …
    assertThat(stale).hasSize(1);

    receiver.failNext(1);
    assertThat(dispatcher.deliverDue()).as("… node 2 tries the event and fails").isEqualTo(1);
    assertThat(dispatcher.attempt(stale.get(0))).as("node 1 works from its stale copy")
        .isEqualTo(WebhookDispatcher.Outcome.NOT_CLAIMED);
    assertThat(receiver.deliveries()).as("not resent before its backoff").hasSize(1);
    assertThat(jdbc.sql("select attempts from webhook_event where case_ref = ?").param(c).query(Integer.class).single()).isEqualTo(1);

    driver.freezeAt(driver.now().plusSeconds(30));
    assertThat(dispatcher.attempt(stale.get(0))).as("still stale: the attempts moved on").isEqualTo(WebhookDispatcher.Outcome.NOT_CLAIMED);
    dispatcher.deliverDue();
    assertThat(jdbc.sql("select attempts from webhook_event where case_ref = ?").param(c).query(Integer.class).single()).isEqualTo(2);
    assertThat(receiver.accepted()).hasSize(1);
  }

  @Test
  @DisplayName("投递超出认领期限：另一节点已接手并送达，迟到的结果不覆盖")
  void lateResultDoesNotOverwrite() throws Exception {
    register(receiver.url());
    String c = submit();
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
    WebhookDispatcher.Due event = dispatcher.due(driver.now()).get(0);
    String claim = dispatcher.claim(event);
    assertThat(claim).isNotNull();
    assertThat(dispatcher.claim(event)).as("held").isNull();

    driver.freezeAt(driver.now().plus(properties.timeout().multipliedBy(2)).plusSeconds(31)); // the claim ran out
    assertThat(dispatcher.deliverDue()).as("another node takes the event over").isEqualTo(1);
    receiver.failNext(1);
    assertThat(dispatcher.deliver(event, claim)).isEqualTo(WebhookDispatcher.Outcome.REFUSED);
    assertThat(jdbc.sql("select status || ' ' || attempts || ' ' || last_status from webhook_event where id = ?").param(event.id())
        .query(String.class).single()).as("the late attempt's 503 is not recorded").isEqualTo("DELIVERED 1 204");
  }

  @Test
  @DisplayName("回调方极慢地返回正文：整个交换受超时限制，不会卡住投递线程")
  void tricklingReceiverIsCutOff() throws Exception {
    try (ServerSocket slow = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread trickler = new Thread(() -> {
        long end = System.currentTimeMillis() + 15_000;
        try (Socket socket = slow.accept()) {
          InputStream in = socket.getInputStream();
          in.read(new byte[65536]); // the request (small: one read)
          OutputStream out = socket.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          while (System.currentTimeMillis() < end) { // one byte every 200 ms: never done within the timeout
            out.write('x');
            out.flush();
            Thread.sleep(200);
          }
        } catch (Exception closed) {
          // the dispatcher gave up on the exchange
        }
      });
      trickler.setDaemon(true);
      trickler.start();
      register("http://127.0.0.1:" + slow.getLocalPort() + "/slow");
      String c = submit();
      complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
      assertTimeoutPreemptively(properties.timeout().plusSeconds(5), () -> dispatcher.deliverDue());
      assertThat(jdbc.sql("select status || ' ' || attempts from webhook_event where case_ref = ?").param(c).query(String.class).single())
          .isEqualTo("PENDING 1");
      assertThat(jdbc.sql("select last_error from webhook_event where case_ref = ?").param(c).query(String.class).single())
          .contains("timeout");
    }
  }

  @Test
  @DisplayName("不可达的渠道：本轮只尝试一次，其余事件留待下次，不拖慢其他渠道")
  void deadChannelIsSkippedForTheRound() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    register("http://localhost:" + closedPort + "/down");
    String other = keys.create(new ApiKeys.NewApiKey("另一渠道", "other-channel", List.of("210100"), List.of("complaints", "webhooks"),
        false, null), "demo").key();
    Http otherHttp = http.withKey(other);
    HttpResponse<String> reg = put(otherHttp, "{\"url\":" + json.writeValueAsString(receiver.url()) + "}");
    assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
    receiver.secret = json.readTree(reg.body()).path("secret").asText();

    List<String> down = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String c = submit();
      complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修 " + i);
      down.add(c);
    }
    HttpResponse<String> r = otherHttp.post("/api/v1/complaints", COMPLAINT, "zh-CN");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String up = json.readTree(r.body()).path("caseNumber").asText();
    complaints.act(up, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");

    dispatcher.deliverDue();
    assertThat(jdbc.sql("select count(*) from webhook_event where channel = 'test-channel' and attempts > 0").query(Long.class).single())
        .as("one attempt at the dead channel per round").isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from webhook_event where channel = 'test-channel' and attempts = 0 and status = 'PENDING'")
        .query(Long.class).single()).as("the others stay due").isGreaterThanOrEqualTo(2);
    assertThat(accepted(up)).as("the other channel is served").isEqualTo(typesOf(up));
  }

  @Test
  @DisplayName("投递前地址检查（生产设置）：指向本机的回调不发送，记为一次失败并写明原因")
  void refusedBeforeSending() throws Exception {
    register(receiver.url());
    String c = submit();
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
    WebhookDispatcher strict = new WebhookDispatcher(jdbc, channelWebhooks, properties,
        new WebhookUrlPolicy(false, false, host -> List.of(InetAddress.getAllByName(host))), springJson, webhookIncidents);
    assertThat(strict.deliverDue()).isEqualTo(1);
    assertThat(receiver.deliveries()).isEmpty();
    assertThat(jdbc.sql("select status || ' ' || attempts from webhook_event where case_ref = ?").param(c).query(String.class).single())
        .isEqualTo("PENDING 1");
    assertThat(jdbc.sql("select last_error from webhook_event where case_ref = ?").param(c).query(String.class).single())
        .contains("refused", "non-public address");
  }

  @Test
  @DisplayName("居民身份的密钥不能登记、更换或删除渠道回调（403）")
  void residentKeysCannotTouchTheWebhook() throws Exception {
    register(receiver.url());
    String resident = keys.create(new ApiKeys.NewApiKey("居民端", "test-channel", List.of("210100"), List.of("complaints", "webhooks"),
        true, null), "demo").key();
    Http asResident = http.withKey(resident).asResident("resident-1");
    assertThat(put(asResident, "{\"url\":\"http://localhost:1/evil\"}").statusCode()).isEqualTo(403);
    assertThat(asResident.send(asResident.request("/api/v1/webhook").DELETE().build()).statusCode()).isEqualTo(403);
    assertThat(channelWebhooks.find("test-channel")).hasValueSatisfying(w -> assertThat(w.url()).isEqualTo(receiver.url()));
  }

  @Test
  @DisplayName("渠道宕机：办理照常，回复已存、可继续办结；事件留在发件箱等待重试")
  void outageNeverBlocksTheCase() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    register("http://localhost:" + closedPort + "/down");
    String c = submit();
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修，明天上午维修。");
    dispatcher.deliverDue();
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.RESOLVE, "已修好。");

    JsonNode view = json.readTree(http.get("/api/v1/complaints/" + c, "zh-CN").body());
    assertThat(view.path("status").asText()).isEqualTo("RESOLVED");
    assertThat(view.toString()).contains("已报修，明天上午维修。");
    assertThat(jdbc.sql("select count(*) from webhook_event where case_ref = ? and status = 'PENDING'").param(c).query(Long.class).single())
        .isEqualTo((long) typesOf(c).size());
    assertThat(jdbc.sql("select last_error from webhook_event where case_ref = ? and attempts = 1").param(c).query(String.class).single())
        .contains("ConnectException");
  }

  @Test
  @DisplayName("两个节点同时投递：每个事件只被认领、发送一次")
  void twoDispatchersClaimEachEventOnce() throws Exception {
    register(receiver.url());
    List<String> cases = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String c = submit();
      complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "回复 " + i);
      cases.add(c);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<Integer> run = dispatcher::deliverDue;
      List<Future<Integer>> runs = pool.invokeAll(List.of(run, run));
      int attempts = 0;
      for (Future<Integer> f : runs) {
        attempts += f.get();
      }
      long queued = jdbc.sql("select count(*) from webhook_event").query(Long.class).single();
      assertThat(queued).isGreaterThanOrEqualTo(cases.size());
      assertThat(attempts).as("one attempt per event, across both dispatchers").isEqualTo(queued);
    } finally {
      pool.shutdown();
    }
    assertThat(receiver.accepted()).hasSize(cases.size() * typesOf(cases.get(0)).size());
    assertThat(receiver.accepted()).extracting(Delivery::eventId).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("登记回调：网址须为 http(s) 且不超过 1000 字符；查询不显示密钥；删除后 404；无 webhooks 权限的密钥 403")
  void registration() throws Exception {
    for (String bad : List.of("ftp://example.com/hook", "not a url", "https://example.com/" + "x".repeat(1000))) {
      HttpResponse<String> r = put(http, "{\"url\":" + json.writeValueAsString(bad) + "}");
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(json.readTree(r.body()).at("/errors/0/field").asText()).isEqualTo("url");
    }
    HttpResponse<String> en = http.send(http.request("/api/v1/webhook").header("Content-Type", "application/json")
        .header("Accept-Language", "en").PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"gopher://x\"}")).build());
    assertThat(json.readTree(en.body()).at("/errors/0/message").asText()).contains("http");

    JsonNode first = json.readTree(put(http, "{\"url\":\"https://channel.example.com/hooks\"}").body());
    assertThat(first.path("channel").asText()).isEqualTo("test-channel");
    assertThat(first.path("secret").asText()).startsWith("whsec_").hasSizeGreaterThan(30);
    JsonNode rotated = json.readTree(put(http, "{\"url\":\"https://channel.example.com/hooks\"}").body());
    assertThat(rotated.path("secret").asText()).as("putting again rotates the secret").isNotEqualTo(first.path("secret").asText());

    HttpResponse<String> got = http.get("/api/v1/webhook", "zh-CN");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(json.readTree(got.body()).path("url").asText()).isEqualTo("https://channel.example.com/hooks");
    assertThat(got.body()).doesNotContain("secret", "whsec_");

    assertThat(http.send(http.request("/api/v1/webhook").DELETE().build()).statusCode()).isEqualTo(204);
    assertThat(http.get("/api/v1/webhook", "zh-CN").statusCode()).isEqualTo(404);

    String limited = keys.create(new ApiKeys.NewApiKey("只能提交诉求", "limited-channel", List.of("210100"), List.of("complaints"), false, null),
        "demo").key();
    assertThat(put(http.withKey(limited), "{\"url\":\"https://channel.example.com/hooks\"}").statusCode()).isEqualTo(403);
    assertThat(put(http.withKey(null), "{\"url\":\"https://channel.example.com/hooks\"}").statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("不经接口创建的案件、未登记回调的渠道：不产生回调事件")
  void onlyChannelsWithAWebhook() throws Exception {
    String viaStaff = complaints.submitIn(Staff.QINGQUAN_COMMUNITY, "井盖松动");
    complaints.act(viaStaff, Staff.QINGQUAN, ComplaintAction.REPLY, "已通知市政。");
    String noWebhook = submit(); // test-channel has no webhook registered yet
    complaints.act(noWebhook, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
    assertThat(jdbc.sql("select count(*) from webhook_event").query(Long.class).single()).isZero();
  }

  @Test
  @DisplayName("志愿服务（派单、接单、服务）、稿件退回、商户入驻的决定也按顺序送到渠道")
  void volunteerContentAndMerchantEvents() throws Exception {
    register(receiver.url());
    CaseOrigin origin = new CaseOrigin("test-channel", "test-key", null);

    String order = volunteers.order(Staff.QINGQUAN_COMMUNITY, "appliance-repair");
    origins.record(CaseKind.VOLUNTEER_ORDER, order, origin);
    volunteers.dispatch(order, VolunteerFixtures.WANLIAN_DISPATCHER, VolunteerFixtures.REPAIR_TEAM);
    volunteers.accept(order, VolunteerFixtures.REPAIR_LEADER);
    volunteers.recordService(order, VolunteerFixtures.REPAIR_LEADER, List.of(Map.of("volunteerId", "V001", "hours", 2)),
        "更换了排水泵。", "https://img.example.com/a.jpg");
    assertThat(typesOf(order)).containsExactly("volunteer.dispatched", "volunteer.accepted", "volunteer.served");

    String post = content.submit(List.of(ContentFixtures.WECHAT), null);
    origins.record(CaseKind.CONTENT, post, origin);
    content.reject(post, ContentFixtures.COMMUNITY_REVIEWER, "图片不清晰，请更换。");
    assertThat(typesOf(post)).containsExactly("content.rejected");

    String shop = merchants.applyComplete();
    origins.record(CaseKind.MERCHANT, shop, origin);
    merchants.approveInCommunity(shop);
    merchants.passInspection(shop);
    merchants.approveInStreet(shop);
    assertThat(typesOf(shop)).containsExactly("merchant.listed");

    dispatcher.deliverDue();
    assertThat(accepted(order)).containsExactly("volunteer.dispatched", "volunteer.accepted", "volunteer.served");
    assertThat(accepted(post)).containsExactly("content.rejected");
    assertThat(accepted(shop)).containsExactly("merchant.listed");
    assertThat(receiver.deliveries()).allMatch(Delivery::signatureValid);
    JsonNode served = receiver.accepted().stream().filter(d -> d.type().equals("volunteer.served")).findFirst().orElseThrow().body();
    assertThat(served.path("caseKind").asText()).isEqualTo("VOLUNTEER_ORDER");
    assertThat(served.at("/data/teamCode").asText()).isEqualTo(VolunteerFixtures.REPAIR_TEAM);
    assertThat(served.toString()).as("no personal data").doesNotContain("李大爷", "13912345678");
  }

  @Test
  @DisplayName("志愿服务：团队婉拒、接单超时、退回待派单、评价、媒体宣传也送到渠道")
  void volunteerReturnsRatingAndPublicity() throws Exception {
    register(receiver.url());
    CaseOrigin origin = new CaseOrigin("test-channel", "test-key", null);
    String order = volunteers.order(Staff.QINGQUAN_COMMUNITY, "appliance-repair");
    origins.record(CaseKind.VOLUNTEER_ORDER, order, origin);
    volunteers.dispatch(order, VolunteerFixtures.WANLIAN_DISPATCHER, VolunteerFixtures.REPAIR_TEAM);
    volunteers.teamDeclines(order, VolunteerFixtures.REPAIR_LEADER, "人手不足");
    volunteers.dispatch(order, VolunteerFixtures.WANLIAN_DISPATCHER, VolunteerFixtures.REPAIR_TEAM);
    driver.advance(Duration.ofHours(2).plusMinutes(1)); // the acceptance window runs out
    volunteers.dispatch(order, VolunteerFixtures.WANLIAN_DISPATCHER, VolunteerFixtures.REPAIR_TEAM);
    volunteers.accept(order, VolunteerFixtures.REPAIR_LEADER);
    volunteers.recordService(order, VolunteerFixtures.REPAIR_LEADER, List.of(Map.of("volunteerId", "V001", "hours", 2)),
        "更换了排水泵。", "https://img.example.com/a.jpg");
    volunteerOrders.rate(order, 5, "师傅很专业");
    volunteers.review(order, VolunteerFixtures.WANLIAN_DISPATCHER, true);
    assertThat(typesOf(order)).containsExactly("volunteer.dispatched", "volunteer.returned_to_dispatch", "volunteer.dispatched",
        "volunteer.accept_timed_out", "volunteer.returned_to_dispatch", "volunteer.dispatched", "volunteer.accepted",
        "volunteer.served", "volunteer.rated", "volunteer.closed", "volunteer.publicity");
    assertThat(typesOf(order)).doesNotContain("volunteer.team_declined");

    dispatcher.deliverDue();
    assertThat(accepted(order)).isEqualTo(typesOf(order));
    JsonNode returned = receiver.accepted().stream().filter(d -> d.type().equals("volunteer.returned_to_dispatch")).findFirst()
        .orElseThrow().body();
    assertThat(returned.toString()).as("the team's reason stays internal").doesNotContain("人手不足");
    JsonNode rated = receiver.accepted().stream().filter(d -> d.type().equals("volunteer.rated")).findFirst().orElseThrow().body();
    assertThat(rated.at("/data/score").asInt()).isEqualTo(5);
  }

  @Test
  @DisplayName("渠道回调宕机（连接被拒）期间 100 件诉求照常办理；恢复后每个事件按案件顺序各送达一次，无重复、无丢失")
  void outageAtVolume() throws Exception {
    register(receiver.url());
    receiver.stop();
    String[][] communities = {{Staff.QINGQUAN_COMMUNITY, Staff.QINGQUAN}, {Staff.ZHONGHAIXI_COMMUNITY, Staff.ZHONGHAIXI},
        {Staff.HEPAN_COMMUNITY, Staff.HEPAN}};
    List<String> cases = new ArrayList<>();
    int attemptsDuringOutage = 0;
    int volume = outageCases();
    for (int i = 0; i < volume; i++) { // in 10 batches, one poll (10 s) after each batch
      String[] where = communities[i % communities.length];
      String c = submit(where[0]);
      complaints.act(c, where[1], ComplaintAction.REPLY, "已报修 " + i);
      if (i % 2 == 0) {
        complaints.act(c, where[1], ComplaintAction.RESOLVE, "已修好 " + i);
      }
      cases.add(c);
      if (i % (volume / 10) == volume / 10 - 1) {
        driver.freezeAt(driver.now().plusSeconds(10));
        attemptsDuringOutage += dispatcher.deliverDue();
      }
    }
    for (int poll = 0; poll < 2; poll++) { // 2 minutes of outage in all: no event reaches its last (4th) attempt
      driver.freezeAt(driver.now().plusSeconds(10));
      attemptsDuringOutage += dispatcher.deliverDue();
    }
    for (int i = 0; i < cases.size(); i++) {
      assertThat(complaints.view(cases.get(i)).complaint().status()).as("case %s advanced normally", cases.get(i))
          .isEqualTo(i % 2 == 0 ? ComplaintStatus.RESOLVED : ComplaintStatus.IN_PROGRESS);
    }
    long events = count("select count(*) from webhook_event");
    assertThat(events).isEqualTo(volume + volume / 2);
    assertThat(count("select count(*) from webhook_event where status = 'PENDING'")).as("all queued, none given up").isEqualTo(events);
    assertThat(receiver.deliveries()).isEmpty();
    assertThat(attemptsDuringOutage).as("one attempt per poll while the channel is down").isEqualTo(12);

    receiver.start();
    for (int poll = 0; poll < 60 && count("select count(*) from webhook_event where status <> 'DELIVERED'") > 0; poll++) {
      driver.freezeAt(driver.now().plusSeconds(10)); // polls every 10 s: the backoffs run out, every event is due again
      dispatcher.deliverDue();
    }
    for (int poll = 0; poll < 12; poll++) { // two more minutes: nothing is sent again
      driver.freezeAt(driver.now().plusSeconds(10));
      dispatcher.deliverDue();
    }

    List<Delivery> accepted = receiver.accepted();
    long delivered = count("select count(*) from webhook_event where status = 'DELIVERED'");
    long distinct = accepted.stream().map(Delivery::eventId).distinct().count();
    List<String> ids = jdbc.sql("select id from webhook_event").query(String.class).list();
    long lost = ids.stream().filter(id -> accepted.stream().noneMatch(d -> d.eventId().equals(id))).count();
    long outOfOrder = cases.stream().filter(c -> !accepted.stream().filter(d -> d.caseRef().equals(c)).map(Delivery::eventId).toList()
        .equals(jdbc.sql("select id from webhook_event where case_ref = ? order by seq").param(c).query(String.class).list())).count();
    System.out.println("webhook outage [" + database() + "]: cases " + cases.size() + ", events " + events + ", attempts during outage "
        + attemptsDuringOutage + ", delivered " + delivered + ", duplicates " + (accepted.size() - distinct) + ", out of order "
        + outOfOrder + ", lost " + lost);
    assertThat(delivered).isEqualTo(events);
    assertThat(accepted).hasSize((int) events).allMatch(Delivery::signatureValid);
    assertThat(accepted.size() - distinct).as("duplicates").isZero();
    assertThat(lost).as("lost").isZero();
    assertThat(outOfOrder).as("cases received out of order").isZero();
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).count()).isZero();
  }

  @Test
  @DisplayName("重试用尽：事件失败并列给管理员，运行中的案件在 Cockpit 出现事件，案件的任务和定时器照常；已结束的案件只有失败列表；重新投递成功后事件解决")
  void exhaustedRaisesAnIncident() throws Exception {
    register(receiver.url());
    receiver.failNext(1_000_000); // the channel answers 503 to everything
    List<String> running = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      running.add(submit(Staff.QINGQUAN_COMMUNITY));
      complaints.act(running.get(i), Staff.QINGQUAN, ComplaintAction.REPLY, "已报修 " + i);
    }
    String byTimer = submit(Staff.QINGQUAN_COMMUNITY);
    complaints.act(byTimer, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
    String ended = submit(Staff.QINGQUAN_COMMUNITY);
    complaints.act(ended, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
    List<String> instanceIds = concat(running, byTimer, ended).stream().map(c -> complaints.instance(c).getId()).toList();
    complaints.act(ended, Staff.QINGQUAN, ComplaintAction.RESOLVE, "已修好。");
    complaints.rate(ended, 5);
    assertThat(complaints.view(ended).complaint().status()).isEqualTo(ComplaintStatus.CLOSED);
    assertThat(complaints.instance(ended)).as("the ended case has no instance").isNull();

    pollFor(Duration.ofMinutes(16)); // attempts at 0, 30, 90 and 210 s: the 4th fails for good; the ended case's 3 events one after another
    long failed = count("select count(*) from webhook_event where status = 'FAILED'");
    assertThat(count("select count(*) from webhook_event where status <> 'FAILED'")).isZero();
    List<Incident> incidents = runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).list();
    assertThat(incidents).as("one incident per failed event of a running case").hasSize(4);
    for (String c : concat(running, byTimer)) {
      Incident incident = incidents.stream().filter(i -> i.getProcessInstanceId().equals(complaints.instance(c).getId())).findFirst()
          .orElseThrow(() -> new AssertionError("no incident on " + c));
      String event = jdbc.sql("select id from webhook_event where case_ref = ?").param(c).query(String.class).single();
      assertThat(incident.getConfiguration()).isEqualTo(event);
      assertThat(incident.getIncidentMessage()).contains("test-channel", "complaint.reply", event, c, "回调投递失败", "Webhook delivery failed");
      assertThat(jdbc.sql("select incident_id from webhook_event where id = ?").param(event).query(String.class).single())
          .isEqualTo(incident.getId());
      assertThat(jdbc.sql("select incident_state from webhook_event where id = ?").param(event).query(String.class).single())
          .isEqualTo("RAISED");
    }
    assertThat(count("select count(*) from webhook_event where case_ref = '" + ended + "' and incident_id is null and incident_state is null"))
        .as("the ended case: FAILED, listed, no incident").isEqualTo(count("select count(*) from webhook_event where case_ref = '" + ended + "'"));
    JsonNode listed = json.readTree(admin("GET", "/api/v1/admin/webhook-events?status=FAILED&page=0&size=100", "demo").body());
    assertThat(listed.path("totalItems").asLong()).isEqualTo(failed);

    // the cases go on: a task completed on the very execution that carries the incident …
    complaints.act(byTimer, Staff.QINGQUAN, ComplaintAction.RESOLVE, "已修好。");
    dispatcher.deliverDue();
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).processInstanceId(complaints.instance(byTimer).getId())
        .count()).as("Camunda deleted the incident with the task's execution; the next poll raised it again").isEqualTo(1);
    // … and timers: the rating period (7 days) closes the resolved case; the others' SLA timers fire
    driver.advance(Duration.ofDays(7).plusHours(1));
    dispatcher.deliverDue();
    assertThat(complaints.view(byTimer).complaint().status()).as("closed by its timer").isEqualTo(ComplaintStatus.CLOSED);
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).count()).isEqualTo(3);
    complaints.act(running.get(0), Staff.QINGQUAN, ComplaintAction.RESOLVE, "已修好。");
    dispatcher.deliverDue();

    List<String> openBefore = runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).list().stream().map(Incident::getId).toList();
    long incidentsOpen = openBefore.size();
    long casesAffected = concat(running, byTimer, ended).stream().filter(c -> {
      var status = complaints.view(c).complaint().status();
      var expected = c.equals(running.get(0)) ? ComplaintStatus.RESOLVED
          : running.contains(c) ? ComplaintStatus.IN_PROGRESS : ComplaintStatus.CLOSED;
      var instance = complaints.instance(c);
      boolean stuck = instance != null && (runtime.createIncidentQuery().processInstanceId(instance.getId()).incidentType("failedJob").count() > 0
          || management.createJobQuery().processInstanceId(instance.getId()).withException().count() > 0
          || runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).suspended().count() > 0);
      boolean noTask = running.contains(c) && !c.equals(running.get(0)) && complaints.task(c) == null;
      return status != expected || stuck || noTask;
    }).count();
    assertThat(incidentsOpen).as("the running cases' failed events").isEqualTo(3);
    assertThat(casesAffected).as("cases affected").isZero();

    // the channel is back: the administrator redelivers every FAILED event; the incidents resolve themselves
    receiver.failNext(0);
    dispatcher.deliverDue();
    List<String> failedIds = jdbc.sql("select id from webhook_event where status = 'FAILED'").query(String.class).list();
    for (String id : failedIds) {
      assertThat(admin("POST", "/api/v1/admin/webhook-events/" + id + "/redeliver", "demo").statusCode()).isEqualTo(202);
    }
    pollFor(Duration.ofMinutes(5)); // the redelivered events at once, the others when their backoff runs out
    assertThat(count("select count(*) from webhook_event where status <> 'DELIVERED'")).isZero();
    assertThat(count("select count(*) from webhook_event where incident_id is not null or incident_state is not null")).isZero();
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).count()).as("resolved after redelivery").isZero();
    long resolved = openBefore.stream().filter(id -> history.createHistoricIncidentQuery().incidentId(id).singleResult().isResolved()).count();
    assertThat(resolved).isEqualTo(incidentsOpen);
    System.out.println("webhook retries exhausted [" + database() + "]: events FAILED " + failed + ", listed "
        + listed.path("totalItems").asLong() + ", incidents " + incidents.size() + " (1 per failed event of a running case; ended case: "
        + "listing only), cases affected " + casesAffected + ", incidents resolved by redelivery " + resolved + " of " + incidentsOpen
        + " (history on these cases: " + historic(instanceIds, true) + " resolved, " + historic(instanceIds, false)
        + " deleted with their execution and raised again or dropped with the ended case)");
  }

  @Test
  @DisplayName("事件未能创建（引擎拒绝）：失败时即记为 WANTED，下一次轮询补建；每个失败事件恰好一个")
  void incidentThatFailedToRiseIsRaisedByTheNextPoll() throws Exception {
    register(receiver.url());
    receiver.failNext(1_000_000);
    String c = submit(Staff.QINGQUAN_COMMUNITY);
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
    RuntimeService refusing = runtimeWith((real, args) -> {
      throw new ProcessEngineException("engine refused (test)");
    });
    WebhookDispatcher refusedNode = new WebhookDispatcher(jdbc, channelWebhooks, properties, urlPolicy, springJson,
        new WebhookIncidents(jdbc, refusing, messageSource, transactions));
    for (Instant end = driver.now().plus(Duration.ofMinutes(16)); driver.now().isBefore(end); ) { // every attempt on this node
      driver.freezeAt(driver.now().plusSeconds(10));
      refusedNode.deliverDue();
    }
    String event = jdbc.sql("select id from webhook_event where case_ref = ?").param(c).query(String.class).single();
    assertThat(jdbc.sql("select status || ' ' || incident_state || ' ' || coalesce(incident_id, '-') from webhook_event where id = ?")
        .param(event).query(String.class).single()).as("given up, its incident wanted and not raised").isEqualTo("FAILED WANTED -");
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).count()).isZero();

    dispatcher.deliverDue(); // any node's next poll
    List<Incident> raised = runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).configuration(event).list();
    assertThat(raised).as("raised by the next poll").hasSize(1);
    assertThat(raised.get(0).getProcessInstanceId()).isEqualTo(complaints.instance(c).getId());
    assertThat(jdbc.sql("select incident_state || ' ' || incident_id from webhook_event where id = ?").param(event).query(String.class)
        .single()).isEqualTo("RAISED " + raised.get(0).getId());
    dispatcher.deliverDue();
    refusedNode.deliverDue();
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).count()).as("still one").isEqualTo(1);
  }

  @Test
  @DisplayName("两个节点同时补建事件：每个失败事件恰好一个未解决的事件，历史中没有未经重新投递而“已解决”的事件")
  void twoNodesReconcileOneIncidentEach() throws Exception {
    register(receiver.url());
    receiver.failNext(1_000_000);
    List<String> cases = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      cases.add(submit(Staff.QINGQUAN_COMMUNITY));
      complaints.act(cases.get(i), Staff.QINGQUAN, ComplaintAction.REPLY, "已报修 " + i);
    }
    List<String> instanceIds = cases.stream().map(c -> complaints.instance(c).getId()).toList();
    pollFor(Duration.ofMinutes(16));
    List<String> failed = jdbc.sql("select id from webhook_event where status = 'FAILED'").query(String.class).list();
    assertThat(failed).hasSize(cases.size());
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).count()).isEqualTo(cases.size());

    String[] tiers = {Staff.QINGQUAN, Staff.WANLIAN, Staff.SHENHE}; // community → street → district → city
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int raisedAgain = 0;
    try {
      for (String tier : tiers) {
        for (String c : cases) { // the tier is left: Camunda deletes the incident with the tier's execution
          complaints.act(c, tier, ComplaintAction.ESCALATE, "需上级协调。");
        }
        assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).count()).as("deleted with the executions").isZero();
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Void> node = () -> {
          together.await(10, TimeUnit.SECONDS);
          webhookIncidents.reconcile();
          return null;
        };
        for (Future<Void> f : pool.invokeAll(List.of(node, node))) {
          f.get();
        }
        for (String event : failed) {
          List<Incident> open = runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).configuration(event).list();
          assertThat(open).as("exactly one open incident for event %s after two nodes reconciled", event).hasSize(1);
          assertThat(jdbc.sql("select incident_state || ' ' || incident_id from webhook_event where id = ?").param(event)
              .query(String.class).single()).isEqualTo("RAISED " + open.get(0).getId());
          raisedAgain++;
        }
      }
    } finally {
      pool.shutdown();
    }
    long resolved = historic(instanceIds, true);
    long deleted = historic(instanceIds, false);
    long all = instanceIds.stream().mapToLong(id -> history.createHistoricIncidentQuery().incidentType(WebhookIncidents.TYPE)
        .processInstanceId(id).count()).sum();
    System.out.println("webhook incidents, two nodes reconciling [" + database() + "]: FAILED events " + failed.size() + ", rounds "
        + tiers.length + ", raised again " + raisedAgain + ", open " + runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE)
        .count() + ", in history " + all + " (" + deleted + " deleted with their execution, " + resolved + " resolved)");
    assertThat(resolved).as("no incident resolved although its event was never redelivered").isZero();
    assertThat(all).as("one incident per event and round, no copies").isEqualTo((long) failed.size() * (tiers.length + 1));
    assertThat(deleted).isEqualTo((long) failed.size() * tiers.length);
  }

  @Test
  @DisplayName("事件创建与办理同时发生：Tasklist 完成任务、接口评价被拒（乐观锁），案件不变；再次提交成功")
  void completionRacingAnIncidentIsRefusedThenSucceeds() throws Exception {
    register(receiver.url());
    receiver.failNext(1_000_000);
    String c = submit(Staff.QINGQUAN_COMMUNITY);
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.REPLY, "已报修。");
    pollFor(Duration.ofMinutes(16));
    String event = jdbc.sql("select id from webhook_event where case_ref = ? and status = 'FAILED'").param(c).query(String.class).single();
    complaints.act(c, Staff.QINGQUAN, ComplaintAction.ESCALATE, "需街道协调。"); // the incident goes with the tier's execution
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).configuration(event).count()).isZero();

    // 1. Tasklist (engine REST, as its form submit does): the street's caseworker replies while node 2 raises the incident
    String task = complaints.task(c).getId();
    assertThat(engineRest("POST", "/engine-rest/task/" + task + "/claim", "{\"userId\":\"wanlian\"}").statusCode()).isEqualTo(204);
    String before = caseState(c);
    String reply = "{\"variables\":{\"action\":{\"value\":\"REPLY\"},\"message\":{\"value\":\"街道已派人查看。\"}}}";
    HttpResponse<String> refused = whileAnIncidentIsBeingRaised(() -> engineRest("POST", "/engine-rest/task/" + task + "/complete", reply));
    System.out.println("webhook incident racing a completion [" + database() + "]: Tasklist/engine REST " + refused.statusCode() + " "
        + refused.body());
    assertThat(refused.statusCode()).isEqualTo(500);
    assertThat(json.readTree(refused.body()).path("code").asInt()).as("Camunda's code for an optimistic locking failure").isEqualTo(1);
    assertThat(refused.body()).contains("updated by another transaction concurrently");
    assertThat(caseState(c)).as("the refused completion changed nothing").isEqualTo(before);
    assertThat(complaints.task(c).getId()).as("the same task is still open").isEqualTo(task);
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).configuration(event).count()).as("the incident is raised")
        .isEqualTo(1);
    HttpResponse<String> again = engineRest("POST", "/engine-rest/task/" + task + "/complete", reply);
    assertThat(again.statusCode()).as("submitted again: %s", again.body()).isEqualTo(204);
    assertThat(complaints.view(c).timeline()).filteredOn(t -> String.valueOf(t).contains("街道已派人查看。")).hasSize(1);
    assertThat(typesOf(c)).filteredOn("complaint.reply"::equals).as("the second reply queued once").hasSize(2);

    // 2. our API: the resident rates the resolved case while node 2 raises the incident on the waiting instance
    complaints.act(c, Staff.WANLIAN, ComplaintAction.RESOLVE, "已修好。");
    assertThat(runtime.createIncidentQuery().incidentType(WebhookIncidents.TYPE).configuration(event).count()).isZero();
    before = caseState(c);
    HttpResponse<String> conflict = whileAnIncidentIsBeingRaised(() -> http.post("/api/v1/complaints/" + c + "/rating", "{\"score\":4}", "zh-CN"));
    System.out.println("webhook incident racing a completion [" + database() + "]: /api/v1 rating " + conflict.statusCode() + " "
        + conflict.body());
    // the rating ends the instance: on H2 the stale delete is Camunda's optimistic-locking failure; on PostgreSQL the
    // batched delete of the instance's executions first hits a foreign key (the child's row was not deleted), which
    // Camunda reports as a plain ENGINE-03004 failure. Both are a lost race: 409 (not stored under an Idempotency-Key)
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(json.readTree(conflict.body()).path("type").asText()).contains("conflict");
    assertThat(caseState(c)).isEqualTo(before);
    HttpResponse<String> rated = http.post("/api/v1/complaints/" + c + "/rating", "{\"score\":4}", "zh-CN");
    assertThat(rated.statusCode()).as(rated.body()).isEqualTo(200);
    assertThat(complaints.view(c).complaint().status()).isEqualTo(ComplaintStatus.CLOSED);
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  /** Cases of {@link #outageAtVolume()}, a multiple of 10 (PostgreSQL runs fewer, to keep the test short). */
  int outageCases() {
    return 100;
  }

  private void pollFor(Duration d) {
    for (Instant end = driver.now().plus(d); driver.now().isBefore(end); ) {
      driver.freezeAt(driver.now().plusSeconds(10));
      dispatcher.deliverDue();
    }
  }

  private static List<String> concat(Object... parts) {
    List<String> all = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof List<?> l) {
        l.forEach(x -> all.add((String) x));
      } else {
        all.add((String) p);
      }
    }
    return all;
  }

  private long historic(List<String> processInstanceIds, boolean resolved) {
    return processInstanceIds.stream().mapToLong(id -> {
      var q = history.createHistoricIncidentQuery().incidentType(WebhookIncidents.TYPE).processInstanceId(id);
      return (resolved ? q.resolved() : q.deleted()).count();
    }).sum();
  }

  /**
   * Runs {@code request} (a completion) while "node 2" holds a transaction in which it has just created the incident on
   * the case's execution, not yet committed: the request reads the execution as it was, waits for that row, and fails
   * when node 2 commits. Deterministic: node 2 commits only once the request waits on a lock (or has ended).
   */
  private <T> T whileAnIncidentIsBeingRaised(Callable<T> request) throws Exception {
    CountDownLatch created = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    RuntimeService pausing = runtimeWith((real, args) -> {
      Incident incident = real.createIncident((String) args[0], (String) args[1], (String) args[2], (String) args[3]);
      created.countDown();
      commit.await(30, TimeUnit.SECONDS);
      return incident;
    });
    WebhookIncidents nodeTwo = new WebhookIncidents(jdbc, pausing, messageSource, transactions);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> raising = pool.submit(nodeTwo::reconcile);
      assertThat(created.await(30, TimeUnit.SECONDS)).as("node 2 created the incident").isTrue();
      Future<T> answer = pool.submit(request);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!answer.isDone() && waitingOnLocks() == 0) {
        assertThat(System.nanoTime()).as("the request neither waited nor ended").isLessThan(end);
        LockSupport.parkNanos(2_000_000); // a lock wait, not a timer
      }
      commit.countDown();
      raising.get(30, TimeUnit.SECONDS);
      return answer.get(30, TimeUnit.SECONDS);
    } finally {
      commit.countDown();
      pool.shutdown();
    }
  }

  private long waitingOnLocks() {
    return database().equals("PostgreSQL")
        ? count("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")
        : count("select count(*) from information_schema.sessions where blocker_id is not null");
  }

  private interface IncidentCreation {
    Incident create(RuntimeService real, Object[] args) throws Exception;
  }

  /** The engine's RuntimeService, with {@code createIncident} replaced. */
  private RuntimeService runtimeWith(IncidentCreation createIncident) {
    return (RuntimeService) Proxy.newProxyInstance(RuntimeService.class.getClassLoader(), new Class<?>[] {RuntimeService.class},
        (proxy, method, args) -> {
          if (method.getName().equals("createIncident") && args != null && args.length == 4) {
            return createIncident.create(runtime, args);
          }
          try {
            return method.invoke(runtime, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** What a completion changes in our tables: status, tier, timeline, queued events. */
  private String caseState(String c) {
    var view = complaints.view(c);
    return view.complaint().status() + " " + view.complaint().tier() + " timeline " + view.timeline().size() + " events "
        + typesOf(c) + " rating " + view.complaint().ratingScore();
  }

  private HttpResponse<String> engineRest(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(http.uri(path)).header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("wanlian:wanlian".getBytes(StandardCharsets.UTF_8)))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private String database() {
    return jdbc.sql("select 1").query((rs, n) -> rs.getStatement().getConnection().getMetaData().getDatabaseProductName()).single();
  }

  private String submit(String communityCode) throws Exception {
    HttpResponse<String> r = http.post("/api/v1/complaints", COMPLAINT.replace("210103010001", communityCode), "zh-CN");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json.readTree(r.body()).path("caseNumber").asText();
  }

  private void register(String url) throws Exception {
    HttpResponse<String> r = put(http, "{\"url\":" + json.writeValueAsString(url) + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    receiver.secret = json.readTree(r.body()).path("secret").asText();
  }

  private String submit() throws Exception {
    HttpResponse<String> r = http.post("/api/v1/complaints", COMPLAINT, "zh-CN");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json.readTree(r.body()).path("caseNumber").asText();
  }

  private List<String> typesOf(String caseRef) {
    return jdbc.sql("select event_type from webhook_event where case_ref = ? order by seq").param(caseRef).query(String.class).list();
  }

  private List<String> accepted(String caseRef) {
    return receiver.accepted().stream().filter(d -> d.caseRef().equals(caseRef)).map(Delivery::type).toList();
  }

  private static HttpResponse<String> put(Http client, String body) throws Exception {
    return client.send(client.request("/api/v1/webhook").header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** A staff call with HTTP Basic (the test users' password is their id; the admin is demo/demo); user null: anonymous. */
  private HttpResponse<String> admin(String method, String path, String user) throws Exception {
    HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(http.uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build());
  }
}
