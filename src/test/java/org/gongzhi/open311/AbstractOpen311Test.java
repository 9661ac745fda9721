package org.gongzhi.open311;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.channel.ApiKeys;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.sla.EngineTime;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Open311 GeoReport v2 over real HTTP, checked element by element against the spec in XML and JSON (H2 and PostgreSQL subclasses). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class AbstractOpen311Test {

  static final String KEY = Http.TEST_KEY;
  static final String W3C = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RuntimeService runtime;
  @Autowired Complaints complaints;
  @Autowired ApiKeys keys;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void cleanUp() {
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  // ---- public parts ----

  @Test
  @DisplayName("discovery：无需密钥，XML 与 JSON 给出规范、地址、格式")
  void discovery() throws Exception {
    HttpResponse<String> x = get("/open311/v2/discovery.xml", null, "zh-CN");
    assertThat(x.statusCode()).isEqualTo(200);
    assertThat(x.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/xml");
    assertThat(x.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    Element root = xml(x).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("discovery");
    assertThat(childNames(root)).containsExactly("changeset", "contact", "key_service", "endpoints");
    Element endpoint = child(child(root, "endpoints"), "endpoint");
    assertThat(text(endpoint, "specification")).isEqualTo("http://wiki.open311.org/GeoReport_v2");
    assertThat(text(endpoint, "url")).isEqualTo("http://localhost:" + port + "/open311/v2");
    assertThat(text(endpoint, "type")).isEqualTo("production");
    assertThat(texts(child(endpoint, "formats"), "format")).containsExactly("text/xml", "application/json");

    JsonNode j = json.readTree(get("/open311/v2/discovery.json", null, "en").body());
    assertThat(j.get("changeset").asText()).matches(W3C);
    assertThat(j.get("endpoints").get(0).get("formats").toString()).isEqualTo("[\"text/xml\",\"application/json\"]");
    assertThat(j.get("contact").asText()).contains("Shenyang");
  }

  @Test
  @DisplayName("services：每个诉求类别一项服务，中文优先，英文按 Accept-Language")
  void services() throws Exception {
    HttpResponse<String> x = get("/open311/v2/services.xml", null, "zh-CN");
    assertThat(x.statusCode()).isEqualTo(200);
    Element root = xml(x).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("services");
    List<Element> services = children(root, "service");
    assertThat(services).extracting(s -> text(s, "service_code"))
        .containsExactly("public-facilities", "environment", "property-management", "traffic", "noise", "safety", "merchant", "suggestion", "other");
    Element noise = services.get(4);
    assertThat(childNames(noise)).containsExactly("service_code", "service_name", "description", "metadata", "type", "keywords", "group");
    assertThat(text(noise, "service_name")).isEqualTo("噪音扰民");
    assertThat(text(noise, "metadata")).isEqualTo("true");
    assertThat(text(noise, "type")).isEqualTo("realtime");
    assertThat(text(noise, "keywords")).isEqualTo("噪音扰民, Noise");
    assertThat(text(noise, "group")).isEqualTo("居民诉求");

    HttpResponse<String> j = get("/open311/v2/services.json", null, "en");
    assertThat(j.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    JsonNode list = json.readTree(j.body());
    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(9);
    JsonNode n = list.get(4);
    assertThat(n.get("service_code").asText()).isEqualTo("noise");
    assertThat(n.get("service_name").asText()).isEqualTo("Noise");
    assertThat(n.get("metadata").isBoolean()).isTrue();
    assertThat(n.get("metadata").asBoolean()).isTrue();
    assertThat(n.get("type").asText()).isEqualTo("realtime");
    assertThat(n.get("group").asText()).isEqualTo("Resident complaints");
  }

  @Test
  @DisplayName("services/{code}：必填属性 community，取值为辖区树的全部社区；未知服务 404")
  void serviceDefinition() throws Exception {
    HttpResponse<String> x = get("/open311/v2/services/noise.xml", null, "zh-CN");
    assertThat(x.statusCode()).isEqualTo(200);
    Element root = xml(x).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("service_definition");
    assertThat(text(root, "service_code")).isEqualTo("noise");
    Element attribute = child(child(root, "attributes"), "attribute");
    assertThat(childNames(attribute)).containsExactly("variable", "code", "datatype", "required", "datatype_description", "order",
        "description", "values");
    assertThat(text(attribute, "variable")).isEqualTo("true");
    assertThat(text(attribute, "code")).isEqualTo("community");
    assertThat(text(attribute, "datatype")).isEqualTo("singlevaluelist");
    assertThat(text(attribute, "required")).isEqualTo("true");
    assertThat(text(attribute, "order")).isEqualTo("1");
    List<Element> values = children(child(attribute, "values"), "value");
    assertThat(values).extracting(v -> text(v, "key")).contains(Staff.QINGQUAN_COMMUNITY, Staff.HEPAN_COMMUNITY).hasSize(7)
        .doesNotContain(Staff.WANLIAN_STREET, Staff.SHENHE_DISTRICT);
    assertThat(values).filteredOn(v -> text(v, "key").equals(Staff.QINGQUAN_COMMUNITY)).extracting(v -> text(v, "name"))
        .containsExactly("清泉社区");

    JsonNode j = json.readTree(get("/open311/v2/services/noise.json", null, "en").body());
    assertThat(j.get("service_code").asText()).isEqualTo("noise");
    JsonNode a = j.get("attributes").get(0);
    assertThat(a.get("required").asBoolean()).isTrue();
    assertThat(a.get("order").asInt()).isEqualTo(1);
    assertThat(a.get("values").findValuesAsText("name")).contains("Qingquan Community");

    HttpResponse<String> missing = get("/open311/v2/services/potholes.json", null, "en");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertError(missing, 404, "potholes");
    assertThat(get("/open311/v2/services/potholes.xml", null, "en").statusCode()).isEqualTo(404);
  }

  // ---- POST requests ----

  @Test
  @DisplayName("POST requests 带 Idempotency-Key：重试得到同一编号、不重复建案；同一键换了内容则 422；键可放在表单里")
  void postHonoursIdempotencyKey() throws Exception {
    long before = jdbc.sql("select count(*) from complaint").query(Long.class).single();
    String idem = java.util.UUID.randomUUID().toString();
    HttpResponse<String> first = send(HttpRequest.newBuilder(uri("/open311/v2/requests.json")).header("Idempotency-Key", idem)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encode(valid()))).build());
    HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/open311/v2/requests.json")).header("Idempotency-Key", idem)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encode(valid()))).build());
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Idempotency-Replayed")).hasValue("true");
    assertThat(jdbc.sql("select count(*) from complaint").query(Long.class).single()).isEqualTo(before + 1);

    Map<String, String> other = valid();
    other.put("description", "另一件事：楼道灯不亮");
    HttpResponse<String> changed = send(HttpRequest.newBuilder(uri("/open311/v2/requests.json")).header("Idempotency-Key", idem)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encode(other))).build());
    assertThat(changed.statusCode()).isEqualTo(422);
    assertThat(jdbc.sql("select count(*) from complaint").query(Long.class).single()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("POST requests：与 /api/v1 一样建案——诉求入库、流程启动、记录渠道；应答含编号与首次答复期限")
  void postCreatesComplaint() throws Exception {
    HttpResponse<String> r = post("/open311/v2/requests.xml", valid(), "zh-CN");
    assertThat(r.statusCode()).isEqualTo(201);
    Element request = child(xml(r).getDocumentElement(), "request");
    assertThat(xml(r).getDocumentElement().getTagName()).isEqualTo("service_requests");
    assertThat(childNames(request)).containsExactly("service_request_id", "service_notice", "account_id");
    String caseNumber = text(request, "service_request_id");
    assertThat(caseNumber).matches("SY-20\\d\\d-\\d{6}");
    assertThat(text(request, "service_notice")).startsWith("已受理，社区将在").contains("+08:00");
    assertThat(text(request, "account_id")).isEmpty();

    Map<String, Object> row = jdbc.sql("select * from complaint where case_number = ?").param(caseNumber).query().singleRow();
    assertThat(row.get("COMMUNITY_CODE")).isEqualTo(Staff.QINGQUAN_COMMUNITY);
    assertThat(row.get("CATEGORY")).isEqualTo("noise");
    assertThat(row.get("CHANNEL")).isEqualTo("open311");
    assertThat(row.get("REPORTER_NAME")).isEqualTo("王芳");
    assertThat(row.get("REPORTER_PHONE")).isEqualTo("13812345678");
    assertThat(row.get("REPORTER_EMAIL")).isEqualTo("wang.fang@example.com");
    assertThat(row.get("TITLE")).isEqualTo("楼下烧烤店每晚营业到凌晨两点，油烟和噪音严重影响休息，希望…");
    assertThat(row.get("DESCRIPTION").toString()).startsWith("楼下烧烤店每晚营业到凌晨两点").endsWith("附件：https://img.example.com/1.jpg");
    assertThat(row.get("LOCATION_LAT").toString()).isEqualTo("41.796800");
    assertThat(row.get("LOCATION_LNG").toString()).isEqualTo("123.451000");
    assertThat(row.get("LOCATION_ADDRESS")).isEqualTo("清泉路12号");
    assertThat(row.get("PROCESS_INSTANCE_ID")).isNotNull();
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNumber).count()).isEqualTo(1);
    assertThat(jdbc.sql("select channel from case_origin where case_ref = ? and case_kind = 'COMPLAINT'").param(caseNumber)
        .query(String.class).single()).isEqualTo("test-channel");

    // the key as a header, JSON answer, lon instead of long
    Map<String, String> form = valid();
    form.remove("api_key");
    form.remove("long");
    form.put("lon", "123.4567891");
    HttpResponse<String> j = send(HttpRequest.newBuilder(uri("/open311/v2/requests.json")).header("X-API-Key", KEY)
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept-Language", "en")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    assertThat(j.statusCode()).isEqualTo(201);
    JsonNode created = json.readTree(j.body());
    assertThat(created.isArray()).isTrue();
    String second = created.get(0).get("service_request_id").asText();
    assertThat(created.get(0).get("account_id").isNull()).isTrue();
    assertThat(created.get(0).get("service_notice").asText()).startsWith("Received");
    assertThat(jdbc.sql("select location_lng from complaint where case_number = ?").param(second).query(String.class).single())
        .isEqualTo("123.456789");

    // markup in a resident's text is escaped, never interpreted
    Map<String, String> markup = valid();
    markup.put("description", "<b>灯</b> & \"门\" 'x' ]]>");
    markup.remove("media_url");
    String third = json.readTree(post("/open311/v2/requests.json", markup, "zh-CN").body()).get(0).get("service_request_id").asText();
    HttpResponse<String> back = get("/open311/v2/requests/" + third + ".xml", KEY, "zh-CN");
    assertThat(back.body()).doesNotContain("<b>");
    assertThat(text(child(xml(back).getDocumentElement(), "request"), "description")).isEqualTo("<b>灯</b> & \"门\" 'x' ]]>");
  }

  @Test
  @DisplayName("POST requests 出错：按规范格式给出 400（指明参数）、403（密钥）")
  void postErrors() throws Exception {
    Map<String, String> noService = valid();
    noService.remove("service_code");
    noService.put("description", "never stored");
    HttpResponse<String> r = post("/open311/v2/requests.xml", noService, "zh-CN");
    assertThat(r.statusCode()).isEqualTo(400);
    Element error = child(xml(r).getDocumentElement(), "error");
    assertThat(xml(r).getDocumentElement().getTagName()).isEqualTo("errors");
    assertThat(childNames(error)).containsExactly("code", "description");
    assertThat(text(error, "code")).isEqualTo("400");
    assertThat(text(error, "description")).isEqualTo("service_code: 必填");

    Map<String, String> bad = valid();
    bad.put("service_code", "potholes");
    bad.put("phone", "12345");
    bad.remove("attribute[community]");
    bad.remove("lat");
    bad.put("description", "");
    HttpResponse<String> many = post("/open311/v2/requests.json", bad, "en");
    assertThat(many.statusCode()).isEqualTo(400);
    JsonNode errors = json.readTree(many.body());
    assertThat(errors.findValuesAsText("description")).anyMatch(d -> d.startsWith("service_code: "))
        .anyMatch(d -> d.startsWith("attribute[community]: ")).anyMatch(d -> d.startsWith("phone: "))
        .anyMatch(d -> d.startsWith("description: ")).anyMatch(d -> d.startsWith("lat: "));
    assertThat(errors.get(0).get("code").asInt()).isEqualTo(400);

    Map<String, String> control = valid();
    control.put("description", "never stored\u0000");
    HttpResponse<String> rejected = post("/open311/v2/requests.json", control, "en");
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertError(rejected, 400, "description: ");

    Map<String, String> wrongKey = valid();
    wrongKey.put("api_key", "gz_not_a_key");
    wrongKey.put("description", "never stored");
    HttpResponse<String> forbidden = post("/open311/v2/requests.json", wrongKey, "en");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertError(forbidden, 403, "Invalid api_key");
    Map<String, String> noKey = valid();
    noKey.remove("api_key");
    noKey.put("description", "never stored");
    assertThat(post("/open311/v2/requests.xml", noKey, "en").statusCode()).isEqualTo(403);

    String volunteersOnly = keys.create(new ApiKeys.NewApiKey("志愿渠道", "volunteer-app", List.of("210100"),
        List.of("volunteer-orders"), false, null), "demo").key();
    Map<String, String> noResource = valid();
    noResource.put("api_key", volunteersOnly);
    noResource.put("description", "never stored");
    HttpResponse<String> refused = post("/open311/v2/requests.json", noResource, "en");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertError(refused, 403, "complaints");
    assertThat(jdbc.sql("select count(*) from complaint where channel = 'open311' and description like '%never stored%'")
        .query(Integer.class).single()).isZero();
  }

  // ---- GET requests ----

  @Test
  @DisplayName("GET requests/{id}：逐项对照规范（XML、JSON）；答复、上报后状态说明、责任单位、期限随之变化；无个人信息")
  void requestFieldByField() throws Exception {
    String caseNumber = created();
    Element r = child(xml(get("/open311/v2/requests/" + caseNumber + ".xml", KEY, "zh-CN")).getDocumentElement(), "request");
    assertThat(childNames(r)).containsExactly("service_request_id", "status", "status_notes", "service_name", "service_code",
        "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
        "address", "address_id", "zipcode", "lat", "long", "media_url");
    var view = complaints.view(caseNumber);
    assertThat(text(r, "service_request_id")).isEqualTo(caseNumber);
    assertThat(text(r, "status")).isEqualTo("open");
    assertThat(text(r, "status_notes")).isEmpty();
    assertThat(text(r, "service_name")).isEqualTo("噪音扰民");
    assertThat(text(r, "service_code")).isEqualTo("noise");
    assertThat(text(r, "description")).startsWith("楼下烧烤店");
    assertThat(text(r, "agency_responsible")).isEqualTo("清泉社区（社区）");
    assertThat(text(r, "requested_datetime")).matches(W3C)
        .isEqualTo(Open311Controller.time(view.complaint().createdAt()));
    assertThat(text(r, "updated_datetime")).matches(W3C);
    assertThat(text(r, "expected_datetime")).isEqualTo(Open311Controller.time(view.currentResolve().dueAt()));
    assertThat(text(r, "address")).isEqualTo("清泉路**号");
    assertThat(text(r, "lat")).isEqualTo("41.797"); // rounded to about 100 m: a map pin, not the resident's door
    assertThat(text(r, "long")).isEqualTo("123.451");

    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.NOTE, "内部：居民情绪激动");
    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.REPLY, "已联系店主，今晚起十点后停止营业。");
    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.ESCALATE, "店主拒不整改，需街道协调执法");
    view = complaints.view(caseNumber);
    HttpResponse<String> jr = get("/open311/v2/requests/" + caseNumber + ".json", KEY, "en");
    assertThat(jr.statusCode()).isEqualTo(200);
    JsonNode j = json.readTree(jr.body());
    assertThat(j.isArray()).isTrue();
    JsonNode one = j.get(0);
    assertThat(one.get("status").asText()).isEqualTo("open");
    assertThat(one.get("status_notes").asText()).isEqualTo("已联系店主，今晚起十点后停止营业。");
    assertThat(one.get("agency_responsible").asText()).isEqualTo("Wanlian Subdistrict (street)");
    assertThat(one.get("service_name").asText()).isEqualTo("Noise");
    assertThat(one.get("expected_datetime").asText()).isEqualTo(Open311Controller.time(view.currentResolve().dueAt()));
    assertThat(view.currentResolve().nodeCode()).isEqualTo(Staff.WANLIAN_STREET);
    assertThat(one.get("lat").isNumber()).isTrue();
    assertThat(one.get("lat").decimalValue()).isEqualByComparingTo("41.797");
    assertThat(one.get("address_id").isNull()).isTrue();
    assertThat(one.get("updated_datetime").asText()).isGreaterThanOrEqualTo(one.get("requested_datetime").asText());

    complaints.act(caseNumber, Staff.WANLIAN, ComplaintAction.RESOLVE, "街道执法队已责令整改，已办结。");
    JsonNode resolved = json.readTree(get("/open311/v2/requests/" + caseNumber + ".json", KEY, "zh-CN").body()).get(0);
    assertThat(resolved.get("status").asText()).isEqualTo("closed");
    assertThat(resolved.get("status_notes").asText()).isEqualTo("街道执法队已责令整改，已办结。");
    assertThat(resolved.get("expected_datetime").isNull()).isTrue();

    for (String body : List.of(jr.body(), get("/open311/v2/requests.xml", KEY, "zh-CN").body(),
        get("/open311/v2/servicerequestupdates.json", KEY, "zh-CN").body())) {
      assertThat(body).doesNotContain("13812345678", "王芳", "wang.fang", "内部：居民情绪激动", "清泉路12号");
    }

    HttpResponse<String> unknown = get("/open311/v2/requests/SY-2000-999999.xml", KEY, "en");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertError(unknown, 404, "SY-2000-999999");
    assertThat(get("/open311/v2/requests/" + caseNumber + ".json", null, "en").statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("GET requests：按编号、服务、日期、状态筛选；默认近 90 天；需要密钥")
  void listFilters() throws Exception {
    String noise = created();
    Map<String, String> traffic = valid();
    traffic.put("service_code", "traffic");
    String trafficCase = json.readTree(post("/open311/v2/requests.json", traffic, "zh-CN").body()).get(0).get("service_request_id").asText();
    String old = created();
    jdbc.sql("update complaint set created_at = ? where case_number = ?")
        .params(java.sql.Timestamp.from(EngineTime.now().minus(Duration.ofDays(100))), old).update();
    complaints.act(trafficCase, Staff.QINGQUAN, ComplaintAction.RESOLVE, "已疏导。");

    assertThat(ids(get("/open311/v2/requests.json", KEY, "en"))).contains(noise, trafficCase).doesNotContain(old);
    Element root = xml(get("/open311/v2/requests.xml", KEY, "en")).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("service_requests");
    assertThat(children(root, "request")).extracting(e -> text(e, "service_request_id")).contains(noise, trafficCase);
    assertThat(ids(get("/open311/v2/requests.json?service_code=noise", KEY, "en"))).contains(noise).doesNotContain(trafficCase);
    assertThat(ids(get("/open311/v2/requests.json?status=closed", KEY, "en"))).contains(trafficCase).doesNotContain(noise);
    assertThat(ids(get("/open311/v2/requests.json?status=open", KEY, "en"))).contains(noise).doesNotContain(trafficCase);
    assertThat(ids(get("/open311/v2/requests.json?service_request_id=" + old + "," + noise, KEY, "en")))
        .containsExactlyInAnyOrder(old, noise);
    String from = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(120).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String to = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(50).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    assertThat(ids(get("/open311/v2/requests.json?start_date=" + enc(from) + "&end_date=" + enc(to), KEY, "en")))
        .contains(old).doesNotContain(noise);

    HttpResponse<String> badStatus = get("/open311/v2/requests.json?status=pending", KEY, "en");
    assertThat(badStatus.statusCode()).isEqualTo(400);
    assertError(badStatus, 400, "status: ");
    HttpResponse<String> badDate = get("/open311/v2/requests.xml?start_date=yesterday", KEY, "en");
    assertThat(badDate.statusCode()).isEqualTo(400);
    assertThat(text(child(xml(badDate).getDocumentElement(), "error"), "description")).startsWith("start_date: ");
    HttpResponse<String> tooLong = get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", KEY, "en");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(get("/open311/v2/requests.json", null, "en").statusCode()).isEqualTo(403);
    assertThat(get("/open311/v2/requests.json?api_key=gz_wrong", null, "en").statusCode()).isEqualTo(403);
    assertThat(get("/open311/v2/requests.json?api_key=" + KEY, null, "en").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("一个区的密钥看不到另一个区的诉求：单条 404，列表和更新中没有；也不能在辖区外建案")
  void keyScoping() throws Exception {
    String shenhe = created();
    Map<String, String> hepan = valid();
    hepan.put("attribute[community]", Staff.HEPAN_COMMUNITY);
    String tiexi = json.readTree(post("/open311/v2/requests.json", hepan, "zh-CN").body()).get(0).get("service_request_id").asText();

    String districtKey = keys.create(new ApiKeys.NewApiKey("沈河区 App", "district-app", List.of(Staff.SHENHE_DISTRICT),
        List.of("complaints"), false, null), "demo").key();
    assertThat(get("/open311/v2/requests/" + shenhe + ".json", districtKey, "en").statusCode()).isEqualTo(200);
    HttpResponse<String> other = get("/open311/v2/requests/" + tiexi + ".json", districtKey, "en");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).isEqualTo(get("/open311/v2/requests/SY-2000-999999.json", districtKey, "en").body()
        .replace("SY-2000-999999", tiexi));
    assertThat(ids(get("/open311/v2/requests.json", districtKey, "en"))).contains(shenhe).doesNotContain(tiexi);
    assertThat(ids(get("/open311/v2/requests.json?service_request_id=" + tiexi, districtKey, "en"))).isEmpty();
    assertThat(json.readTree(get("/open311/v2/servicerequestupdates.json", districtKey, "en").body())
        .findValuesAsText("service_request_id")).contains(shenhe).doesNotContain(tiexi);

    Map<String, String> outside = valid();
    outside.put("api_key", districtKey);
    outside.put("attribute[community]", Staff.HEPAN_COMMUNITY);
    HttpResponse<String> refused = post("/open311/v2/requests.json", outside, "zh-CN");
    assertThat(refused.statusCode()).isEqualTo(400);
    outside.put("attribute[community]", "999999999999");
    HttpResponse<String> unknown = post("/open311/v2/requests.json", outside, "zh-CN");
    assertThat(json.readTree(refused.body()).get(0).get("description").asText())
        .isEqualTo(json.readTree(unknown.body()).get(0).get("description").asText().replace("999999999999", Staff.HEPAN_COMMUNITY));
  }

  @Test
  @DisplayName("居民渠道的密钥：须给出居民标识，只看到该居民的诉求；超出频率 429；未知路径 404（规范格式）")
  void residentKeysRateLimitsAndUnknownPaths() throws Exception {
    String residentKey = keys.create(new ApiKeys.NewApiKey("小程序", "wechat-mini", List.of(Staff.SHENHE_DISTRICT),
        List.of("complaints"), true, null), "demo").key();
    Map<String, String> form = valid();
    form.remove("api_key");
    HttpResponse<String> mine = send(HttpRequest.newBuilder(uri("/open311/v2/requests.json")).header("X-API-Key", residentKey)
        .header("X-Resident-Id", "resident-a").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
    String caseNumber = json.readTree(mine.body()).get(0).get("service_request_id").asText();
    String other = created(); // made with the city-wide key, no resident

    assertThat(send(HttpRequest.newBuilder(uri("/open311/v2/requests/" + caseNumber + ".json")).header("X-API-Key", residentKey)
        .header("X-Resident-Id", "resident-a").build()).statusCode()).isEqualTo(200);
    assertThat(send(HttpRequest.newBuilder(uri("/open311/v2/requests/" + caseNumber + ".json")).header("X-API-Key", residentKey)
        .header("X-Resident-Id", "resident-b").build()).statusCode()).isEqualTo(404);
    HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/open311/v2/requests.json")).header("X-API-Key", residentKey)
        .header("X-Resident-Id", "resident-a").build());
    assertThat(ids(list)).containsExactly(caseNumber).doesNotContain(other);
    HttpResponse<String> nobody = get("/open311/v2/requests.json", residentKey, "en");
    assertThat(nobody.statusCode()).isEqualTo(400);
    assertError(nobody, 400, "X-Resident-Id");

    String slowKey = keys.create(new ApiKeys.NewApiKey("慢渠道", "slow", List.of("210100"), List.of("complaints"), false, 1), "demo").key();
    assertThat(get("/open311/v2/requests.json", slowKey, "en").statusCode()).isEqualTo(200);
    HttpResponse<String> limited = get("/open311/v2/requests.xml", slowKey, "en");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertError(limited, 429, "1");

    HttpResponse<String> unknown = get("/open311/v2/tokens/abc.json", KEY, "en");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertError(unknown, 404, "/open311/v2/tokens/abc.json");
    HttpResponse<String> badFormat = get("/open311/v2/services.csv", null, "en");
    assertThat(badFormat.statusCode()).isEqualTo(400);
    assertError(badFormat, 400, "format");
  }

  @Test
  @DisplayName("servicerequestupdates：只有公开进展，状态用 mySociety 的大写值，按时间先后")
  void serviceRequestUpdates() throws Exception {
    String caseNumber = created();
    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.NOTE, "内部：居民情绪激动");
    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.REPLY, "已联系店主。");
    complaints.act(caseNumber, Staff.QINGQUAN, ComplaintAction.RESOLVE, "已整改。");

    HttpResponse<String> x = get("/open311/v2/servicerequestupdates.xml", KEY, "zh-CN");
    assertThat(x.statusCode()).isEqualTo(200);
    Element root = xml(x).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("service_requests_updates");
    List<Element> mine = children(root, "request_update").stream()
        .filter(e -> text(e, "service_request_id").equals(caseNumber)).toList();
    assertThat(mine).hasSize(3);
    assertThat(childNames(mine.get(0))).containsExactly("update_id", "service_request_id", "status", "updated_datetime",
        "description", "media_url");
    assertThat(mine).extracting(e -> text(e, "status")).containsExactly("OPEN", "IN_PROGRESS", "FIXED");
    assertThat(mine).extracting(e -> text(e, "description")).containsExactly("已受理", "已联系店主。", "已整改。");
    assertThat(text(mine.get(1), "updated_datetime")).matches(W3C);
    assertThat(Long.parseLong(text(mine.get(2), "update_id"))).isGreaterThan(Long.parseLong(text(mine.get(1), "update_id")));

    JsonNode j = json.readTree(get("/open311/v2/servicerequestupdates.json?start_date="
        + enc(OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)), KEY, "en").body());
    assertThat(j.isArray()).isTrue();
    assertThat(j.findValuesAsText("status")).contains("OPEN", "IN_PROGRESS", "FIXED");
    String future = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    assertThat(json.readTree(get("/open311/v2/servicerequestupdates.json?start_date=" + enc(future), KEY, "en").body())).isEmpty();
    assertThat(get("/open311/v2/servicerequestupdates.xml", null, "en").statusCode()).isEqualTo(403);
    // an offset sent unencoded ("+" arrives as a space), and a local date-time (China time), are understood
    String hourAgo = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusHours(1).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    assertThat(get("/open311/v2/servicerequestupdates.json?start_date=" + hourAgo, KEY, "en").statusCode()).isEqualTo(200);
    assertThat(json.readTree(get("/open311/v2/servicerequestupdates.json?start_date=" + hourAgo.substring(0, 19), KEY, "en").body())
        .findValuesAsText("status")).contains("OPEN");
  }

  @Test
  @DisplayName("GET requests：描述里居民写下的电话、身份证号被遮蔽")
  void numbersInDescriptionsAreMasked() throws Exception {
    Map<String, String> form = valid();
    form.put("description", "烧烤店油烟扰民，请回电13912345678或024-23456789，我的身份证号210103199001011234。");
    HttpResponse<String> created = post("/open311/v2/requests.json", form, "zh-CN");
    String caseNumber = json.readTree(created.body()).get(0).get("service_request_id").asText();
    String description = json.readTree(get("/open311/v2/requests/" + caseNumber + ".json", KEY, "zh-CN").body()).get(0)
        .get("description").asText();
    assertThat(description).startsWith("烧烤店油烟扰民，请回电139****5678或").doesNotContain("13912345678", "23456789", "199001011234")
        .contains("身份证号210*");
  }

  // ---- helpers ----

  String created() throws Exception {
    HttpResponse<String> r = post("/open311/v2/requests.json", valid(), "zh-CN");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json.readTree(r.body()).get(0).get("service_request_id").asText();
  }

  static Map<String, String> valid() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("api_key", KEY);
    m.put("service_code", "noise");
    m.put("attribute[community]", Staff.QINGQUAN_COMMUNITY);
    m.put("lat", "41.7968");
    m.put("long", "123.451");
    m.put("address_string", "清泉路12号");
    m.put("description", "楼下烧烤店每晚营业到凌晨两点，油烟和噪音严重影响休息，希望社区协调处理。");
    m.put("first_name", "芳");
    m.put("last_name", "王");
    m.put("phone", "13812345678");
    m.put("email", "wang.fang@example.com");
    m.put("media_url", "https://img.example.com/1.jpg");
    return m;
  }

  List<String> ids(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).findValuesAsText("service_request_id");
  }

  void assertError(HttpResponse<String> r, int code, String descriptionPart) throws Exception {
    if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      JsonNode e = json.readTree(r.body());
      assertThat(e.isArray()).isTrue();
      assertThat(e.get(0).get("code").asInt()).isEqualTo(code);
      assertThat(e.get(0).get("description").asText()).contains(descriptionPart);
    } else {
      Element e = child(xml(r).getDocumentElement(), "error");
      assertThat(text(e, "code")).isEqualTo(Integer.toString(code));
      assertThat(text(e, "description")).contains(descriptionPart);
    }
  }

  HttpResponse<String> get(String path, String apiKey, String language) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept-Language", language).GET();
    if (apiKey != null) {
      b.header("X-API-Key", apiKey);
    }
    return send(b.build());
  }

  HttpResponse<String> post(String path, Map<String, String> form, String language) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept-Language", language).POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
  }

  HttpResponse<String> send(HttpRequest r) throws Exception {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  java.net.URI uri(String path) {
    return java.net.URI.create("http://localhost:" + port + path);
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Document xml(HttpResponse<String> r) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
        out.add(e);
      }
    }
    return out;
  }

  static List<String> childNames(Element parent) {
    return children(parent, null).stream().map(Element::getTagName).toList();
  }

  static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    assertThat(found).as("<%s> in <%s>", name, parent.getTagName()).hasSize(1);
    return found.get(0);
  }

  static String text(Element parent, String name) {
    return child(parent, name).getTextContent();
  }

  static List<String> texts(Element parent, String name) {
    return children(parent, name).stream().map(Element::getTextContent).toList();
  }
}
