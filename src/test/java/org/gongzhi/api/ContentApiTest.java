package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.support.ChannelServer;
import org.gongzhi.support.ContentFixtures;
import org.gongzhi.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** The content-submission API over real HTTP: submit, follow every review, revise, and what is refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ContentApiTest {

  static final String SUBMISSION = """
      {"communityCode":"210103010001","title":"清泉社区举办邻里节","body":"本周六上午九点，社区广场邻里节。",
       "mediaUrls":["https://img.example.com/a.jpg"],"targetChannels":["wechat-official-account","district-app"],
       "author":{"userId":"qingquan-media"}}""";

  static ChannelServer channels;

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired ContentFixtures fx;
  @Autowired JdbcClient jdbc;
  final ObjectMapper json = new ObjectMapper();
  Http http;

  @BeforeAll
  static void startChannels() {
    channels = ChannelServer.start();
  }

  @AfterAll
  static void stopChannels() {
    channels.close();
  }

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @AfterEach
  void cleanUp() {
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("投稿 201；作者可见审核级别、退回原因；经 API 修改后从初审重新开始；不在待修改状态时 409；未知编号 404")
  void submitFollowAndRevise() throws Exception {
    HttpResponse<String> created = http.post("/api/v1/content-submissions", SUBMISSION, "zh-CN");
    assertThat(created.statusCode()).isEqualTo(201);
    String n = json.readTree(created.body()).get("submissionNumber").asText();
    assertThat(n).matches("NR-20\\d\\d-\\d{6}");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/content-submissions/" + n);

    JsonNode view = read(http.get("/api/v1/content-submissions/" + n, "zh-CN"));
    assertThat(view.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(view.get("reviewLevelLabel").asText()).isEqualTo("初审");
    assertThat(view.get("communityName").asText()).isEqualTo("清泉社区");
    assertThat(view.get("author").asText()).as("masked").isEqualTo("孙**");

    fx.reject(n, ContentFixtures.COMMUNITY_REVIEWER, "照片未经居民同意，请更换。");
    view = read(http.get("/api/v1/content-submissions/" + n, "en"));
    assertThat(view.get("status").asText()).isEqualTo("NEEDS_REVISION");
    assertThat(view.get("statusLabel").asText()).isEqualTo("Returned to the author for revision");
    JsonNode review = view.get("reviews").get(0);
    assertThat(review.get("levelLabel").asText()).isEqualTo("first review");
    assertThat(review.get("decision").asText()).isEqualTo("REJECT");
    assertThat(review.get("reason").asText()).isEqualTo("照片未经居民同意，请更换。");
    assertThat(review.has("reviewer")).as("who signed stays internal").isFalse();

    HttpResponse<String> bad = http.post("/api/v1/content-submissions/" + n + "/revisions",
        "{\"title\":\"\",\"body\":\"改过了\",\"targetChannels\":[\"wechat-official-account\"]}", "zh-CN");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(fields(bad)).containsExactly("title");
    HttpResponse<String> revised = http.post("/api/v1/content-submissions/" + n + "/revisions",
        "{\"title\":\"邻里节（修改稿）\",\"body\":\"改过了\",\"mediaUrls\":[],\"targetChannels\":[\"wechat-official-account\"]}", "zh-CN");
    assertThat(revised.statusCode()).isEqualTo(200);
    view = read(revised);
    assertThat(view.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(view.get("round").asInt()).isEqualTo(2);
    assertThat(view.get("reviewLevel").asText()).isEqualTo("FIRST");
    assertThat(view.get("title").asText()).isEqualTo("邻里节（修改稿）");

    HttpResponse<String> again = http.post("/api/v1/content-submissions/" + n + "/revisions",
        "{\"title\":\"再改\",\"body\":\"再改\",\"targetChannels\":[\"wechat-official-account\"]}", "zh-CN");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(http.get("/api/v1/content-submissions/NR-2026-999999", "zh-CN").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("坏输入逐项 400 并指明字段：空标题/正文、未知或未接通渠道、过去的发布时间、非 http(s) 媒体、正文超长、未知社区与作者；一条也不入库")
  void badInputNamesTheField() throws Exception {
    int before = count();
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.put("title", " "), "title"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.remove("body"), "body"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.putArray("targetChannels").add("weibo"), "targetChannels[0]"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.putArray("targetChannels").add("wechat-official-account").add("tv-interactive"),
        "targetChannels[1]"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.putArray("targetChannels"), "targetChannels"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.put("publishAt", "2020-01-01T09:00:00+08:00"), "publishAt"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.putArray("mediaUrls").add("https://ok.example.com/a.jpg").add("ftp://x/y.mp4"),
        "mediaUrls[1]"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.putArray("mediaUrls").add("javascript:alert(1)"), "mediaUrls[0]"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.put("body", "长".repeat(10_001)), "body"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.put("communityCode", "210103010"), "communityCode"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.putObject("author").put("userId", "qingquan-review"), "author.userId"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.put("communityCode", "210106008003"), "author.userId"}); // 清泉's volunteer, 河畔's page
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.putObject("author").put("phone", "13912345678"), "author.name"});
    cases.add(new Object[] {(Consumer<ObjectNode>) o -> o.remove("author"), "author"});
    for (Object[] c : cases) {
      ObjectNode body = (ObjectNode) json.readTree(SUBMISSION);
      @SuppressWarnings("unchecked") Consumer<ObjectNode> change = (Consumer<ObjectNode>) c[0];
      change.accept(body);
      HttpResponse<String> r = http.post("/api/v1/content-submissions", json.writeValueAsString(body), "zh-CN");
      assertThat(r.statusCode()).as(c[1] + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
      assertThat(fields(r)).as(r.body()).contains((String) c[1]);
    }
    ObjectNode badChannel = (ObjectNode) json.readTree(SUBMISSION);
    badChannel.putObject("author").put("name", "王芳").put("channel", "WeChat!");
    HttpResponse<String> channelCode = http.post("/api/v1/content-submissions", json.writeValueAsString(badChannel), "en");
    assertThat(read(channelCode).get("errors").get(0).get("field").asText()).isEqualTo("author.channel");
    assertThat(read(channelCode).get("errors").get(0).get("message").asText()).doesNotContainIgnoringCase("phone");
    HttpResponse<String> english = http.post("/api/v1/content-submissions", SUBMISSION.replace("wechat-official-account", "weibo"), "en");
    assertThat(read(english).get("errors").get(0).get("message").asText()).startsWith("Unknown target channel weibo");
    assertThat(count()).as("nothing refused was stored").isEqualTo(before);
  }

  @Test
  @DisplayName("正文里的 HTML 原样保存、原样返回（JSON 里是文本，不解释执行）")
  void htmlIsStoredAsGiven() throws Exception {
    String html = "<script>alert('x')</script><b>邻里节</b> & 更多";
    ObjectNode body = (ObjectNode) json.readTree(SUBMISSION);
    body.put("body", html);
    HttpResponse<String> created = http.post("/api/v1/content-submissions", json.writeValueAsString(body), "zh-CN");
    assertThat(created.statusCode()).isEqualTo(201);
    String n = read(created).get("submissionNumber").asText();
    HttpResponse<String> view = http.get("/api/v1/content-submissions/" + n, "zh-CN");
    assertThat(view.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(read(view).get("body").asText()).isEqualTo(html);
  }

  @Test
  @DisplayName("居民投稿：居民姓名在引擎里只以掩码出现")
  void residentNameStaysOutOfTheEngine() throws Exception {
    ObjectNode body = (ObjectNode) json.readTree(SUBMISSION);
    body.putObject("author").put("name", "王芳").put("phone", "13812345678").put("channel", "wechat");
    HttpResponse<String> created = http.post("/api/v1/content-submissions", json.writeValueAsString(body), "zh-CN");
    assertThat(created.statusCode()).isEqualTo(201);
    String n = read(created).get("submissionNumber").asText();
    String instance = jdbc.sql("select process_instance_id from content_submission where submission_number = ?").param(n)
        .query(String.class).single();
    assertThat(runtime.getVariables(instance).values()).map(String::valueOf).noneMatch(v -> v.contains("王芳") || v.contains("13812345678"));
    assertThat(runtime.getVariable(instance, "authorName")).isEqualTo("王*（居民 / resident）");
  }

  @Test
  @DisplayName("渠道列表：五个渠道，未接通的标明")
  void channelList() throws Exception {
    JsonNode list = read(http.get("/api/v1/content-channels", "zh-CN"));
    assertThat(StreamSupport.stream(list.spliterator(), false).map(c -> c.get("code").asText() + ":" + c.get("connected").asBoolean()))
        .containsExactly("wechat-official-account:true", "douyin:true", "district-app:true", "tv-interactive:false", "community-led:true");
    assertThat(list.get(0).get("label").asText()).isEqualTo("微信公众号");
  }

  private int count() {
    return jdbc.sql("select count(*) from content_submission").query(Integer.class).single();
  }

  private JsonNode read(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body());
  }

  private List<String> fields(HttpResponse<String> r) throws Exception {
    List<String> fields = new ArrayList<>();
    read(r).path("errors").forEach(e -> fields.add(e.get("field").asText()));
    return fields;
  }
}
