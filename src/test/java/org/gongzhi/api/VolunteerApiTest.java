package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.RuntimeService;
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

/** The volunteer API over real HTTP: menu, ordering, following, rating, hours, and what is refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class VolunteerApiTest {

  static final String ORDER = """
      {"communityCode":"210103010001","category":"appliance-repair","description":"洗衣机不转了",
       "preferredTime":"周六上午","address":"清泉路12号3单元","reporter":{"name":"李大爷","phone":"13912345678"}}""";

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired VolunteerFixtures fx;
  @Autowired EngineDriver driver;
  @Autowired JdbcClient jdbc;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void cleanUp() {
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("服务菜单：每个项目及在本社区提供它的队伍；无人提供的标为不可用")
  void serviceMenu() throws Exception {
    JsonNode menu = json.readTree(get("/api/v1/service-menu?communityCode=210103010001", "zh-CN").body());
    assertThat(menu.get("communityName").asText()).isEqualTo("清泉社区");
    Map<String, JsonNode> byCode = new java.util.HashMap<>();
    menu.get("services").forEach(s -> byCode.put(s.get("category").asText(), s));
    assertThat(byCode).containsKeys("free-haircut", "appliance-repair", "elderly-companionship", "legal-advice", "health-clinic");
    assertThat(byCode.get("appliance-repair").get("label").asText()).isEqualTo("家电维修");
    assertThat(StreamSupport.stream(byCode.get("elderly-companionship").get("teams").spliterator(), false)
        .map(t -> t.get("code").asText()).toList()).containsExactly("wl-companion", "wl-barber");

    JsonNode hepan = json.readTree(get("/api/v1/service-menu?communityCode=210106008003", "en").body());
    JsonNode repair = StreamSupport.stream(hepan.get("services").spliterator(), false)
        .filter(s -> s.get("category").asText().equals("appliance-repair")).findFirst().orElseThrow();
    assertThat(repair.get("available").asBoolean()).isFalse();
    assertThat(repair.get("label").asText()).isEqualTo("Appliance repair");

    assertThat(get("/api/v1/service-menu?communityCode=999", "en").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/service-menu", "en").statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("点单 201；无人提供的服务 422 说明原因；未知项目 400；服务后评价，不能评两次")
  void orderFollowAndRate() throws Exception {
    HttpResponse<String> created = post("/api/v1/volunteer-orders", ORDER, "zh-CN");
    assertThat(created.statusCode()).isEqualTo(201);
    String number = json.readTree(created.body()).get("orderNumber").asText();
    assertThat(number).matches("ZY-20\\d\\d-\\d{6}");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/volunteer-orders/" + number);

    JsonNode view = json.readTree(get("/api/v1/volunteer-orders/" + number, "zh-CN").body());
    assertThat(view.get("statusLabel").asText()).isEqualTo("待派单");
    assertThat(view.toString()).doesNotContain("13912345678", "李大爷", "清泉路12号");

    String rate = "/api/v1/volunteer-orders/" + number + "/rating";
    assertThat(post(rate, "{\"score\":5}", "zh-CN").statusCode()).as("not served yet").isEqualTo(409);
    fx.dispatch(number, VolunteerFixtures.WANLIAN_DISPATCHER, VolunteerFixtures.REPAIR_TEAM);
    fx.accept(number, VolunteerFixtures.REPAIR_LEADER);
    fx.recordService(number, VolunteerFixtures.REPAIR_LEADER, List.of(Map.of("volunteerId", "V001", "hours", 2)), "修好了", null);
    assertThat(post(rate, "{\"score\":9}", "en").statusCode()).isEqualTo(400);
    HttpResponse<String> rated = post(rate, "{\"score\":5,\"comment\":\"谢谢\"}", "zh-CN");
    assertThat(rated.statusCode()).isEqualTo(200);
    JsonNode after = json.readTree(rated.body());
    assertThat(after.get("status").asText()).isEqualTo("CLOSED");
    assertThat(after.get("team").get("name").asText()).isEqualTo("清泉社区家电维修队");
    assertThat(after.get("scheduledFor").asText()).isEqualTo("周六上午9点");
    assertThat(after.get("service").get("volunteers").get(0).get("hours").decimalValue()).isEqualByComparingTo("2");
    assertThat(after.toString()).as("volunteers by id only").contains("V001").doesNotContain("刘建华");
    assertThat(post(rate, "{\"score\":4}", "zh-CN").statusCode()).as("rating twice").isEqualTo(409);

    HttpResponse<String> noTeam = post("/api/v1/volunteer-orders", ORDER.replace("210103010001", "210106008003"), "zh-CN");
    assertThat(noTeam.statusCode()).isEqualTo(422);
    JsonNode problem = json.readTree(noTeam.body());
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("category");
    assertThat(problem.get("detail").asText()).contains("河畔社区").contains("家电维修");

    HttpResponse<String> unknown = post("/api/v1/volunteer-orders", ORDER.replace("appliance-repair", "space-travel"), "en");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json.readTree(unknown.body()).get("errors").get(0).get("field").asText()).isEqualTo("category");
    HttpResponse<String> noReporter = post("/api/v1/volunteer-orders",
        ORDER.replace(",\"reporter\":{\"name\":\"李大爷\",\"phone\":\"13912345678\"}", ""), "en");
    assertThat(noReporter.statusCode()).isEqualTo(400);
    assertThat(post("/api/v1/volunteer-orders", ORDER.replace(",\"reporter\":{\"name\":\"李大爷\",\"phone\":\"13912345678\"}",
        ",\"postedByCentre\":true"), "en").statusCode()).as("a need the centre posts itself").isEqualTo(201);
    assertThat(get("/api/v1/volunteer-orders/ZY-2026-999999", "en").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("服务时长查询：按队、按日期区间；参数错误 400；未知队 404")
  void teamHours() throws Exception {
    String number = json.readTree(post("/api/v1/volunteer-orders", ORDER, "zh-CN").body()).get("orderNumber").asText();
    fx.dispatch(number, VolunteerFixtures.WANLIAN_DISPATCHER, VolunteerFixtures.REPAIR_TEAM);
    fx.accept(number, VolunteerFixtures.REPAIR_LEADER);
    fx.recordService(number, VolunteerFixtures.REPAIR_LEADER,
        List.of(Map.of("volunteerId", "V001", "hours", 2), Map.of("volunteerId", "V002", "hours", 0.5)), "修好了", null);
    String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
    JsonNode hours = json.readTree(get("/api/v1/volunteer-teams/qq-repair/hours?from=2026-01-01&to=" + today, "zh-CN").body());
    assertThat(hours.get("totalHours").decimalValue()).isGreaterThanOrEqualTo(new java.math.BigDecimal("2.5"));
    assertThat(hours.get("volunteers").size()).isEqualTo(2);
    assertThat(get("/api/v1/volunteer-teams/qq-repair/hours?from=2026-02-01&to=2026-01-01", "en").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/volunteer-teams/qq-repair/hours?from=yesterday&to=2026-01-01", "en").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/volunteer-teams/qq-repair/hours?from=2026-01-01", "en").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/volunteer-teams/nobody/hours?from=2026-01-01&to=2026-02-01", "en").statusCode()).isEqualTo(404);
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
