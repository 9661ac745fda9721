package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.support.Http;
import org.gongzhi.support.MerchantFixtures;
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
 * The merchant-onboarding API over real HTTP, as a channel integrator uses it: apply, supply documents, follow,
 * the categories, the 智慧屋 catalogue, complaints naming a merchant, and everything that is refused (one RFC 9457
 * problem naming every offending field, nothing stored). The process itself is {@code AbstractMerchantOnboardingTest}'s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MerchantApiTest {

  static final String APPLICATIONS = "/api/v1/merchant-applications";
  static final String QINGQUAN = "210103010001";
  static final String ZHONGHAIXI = "210103010002";
  /** 腾讯科技（深圳）有限公司: a real, valid code — used here only in requests that are refused, so it is never taken. */
  static final String TENCENT = "91440300708461136T";
  static final String PHONE = "13840001234";
  static final String CONTACT = "边志远";
  static final String EMAIL = "merchant@shop.example";

  /** A noodle shop in 清泉社区 with every catering document (typed); %s is the credit code. */
  static final String APPLICATION = """
      {"communityCode":"210103010001","name":"老边饺子馆（清泉店）","unifiedSocialCreditCode":"%s","category":"catering",
       "contact":{"name":"边志远","phone":"13840001234","email":"merchant@shop.example"},"address":"沈阳市沈河区清泉路 18 号",
       "offers":[{"title":"社区老人午餐","description":"六十岁以上居民凭证就餐","discount":20},{"title":"免费送餐上门","description":"三公里内"}],
       "documentUrls":[{"type":"business-licence","url":"https://files.example.com/licence.pdf"},
                       {"type":"food-business-permit","url":"https://files.example.com/food-permit.pdf"},
                       {"type":"storefront-photo","url":"https://files.example.com/storefront.jpg"}]}""";

  static final String COMPLAINT = """
      {"communityCode":"210103010001","category":"%s","title":"饺子馆后厨油烟扰民","description":"每天晚上油烟直排进楼道。",
       "reporter":{"name":"王芳","phone":"13912345678"},"channel":"wechat","merchantNumber":"%s"}""";

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired MerchantFixtures fx;
  @Autowired JdbcClient jdbc;
  final ObjectMapper json = new ObjectMapper();
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @AfterEach
  void cleanUp() {
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("材料齐全的申请：201、Location、申请编号、社区审核中；联系人只以掩码返回；优惠带折扣；查询可中英文")
  void applyWithCompleteDocumentsAndFollow() throws Exception {
    String code = MerchantFixtures.freshCode();
    HttpResponse<String> created = http.post(APPLICATIONS, APPLICATION.formatted(code), "zh-CN");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    JsonNode body = read(created);
    String n = body.get("applicationNumber").asText();
    assertThat(n).matches("SH-20\\d\\d-\\d{6}");
    assertThat(created.headers().firstValue("Location")).hasValue(APPLICATIONS + "/" + n);
    assertThat(body.get("status").asText()).isEqualTo("COMMUNITY_REVIEW");
    assertThat(body.get("statusLabel").asText()).isEqualTo("社区审核中");
    assertThat(body.get("communityCode").asText()).isEqualTo(QINGQUAN);
    assertThat(body.get("communityName").asText()).isEqualTo("清泉社区");
    assertThat(body.get("name").asText()).isEqualTo("老边饺子馆（清泉店）");
    assertThat(body.get("unifiedSocialCreditCode").asText()).isEqualTo(code);
    assertThat(body.get("category").asText()).isEqualTo("catering");
    assertThat(body.get("categoryLabel").asText()).isEqualTo("餐饮");
    assertThat(body.get("address").asText()).isEqualTo("沈阳市沈河区清泉路 18 号");
    assertThat(body.get("submittedAt").asText()).endsWith("+08:00");
    assertThat(body.get("contact").get("name").asText()).isEqualTo("边**");
    assertThat(body.get("contact").get("phone").asText()).isEqualTo("138****1234");
    assertThat(created.body()).as("no personal data of the contact in the answer").doesNotContain(PHONE, CONTACT, EMAIL);
    assertOffers(body.get("offers"));
    assertThat(StreamSupport.stream(body.get("documents").spliterator(), false).map(d -> d.get("type").asText() + ":" + d.get("typeLabel").asText()))
        .containsExactly("business-licence:营业执照", "food-business-permit:食品经营许可证", "storefront-photo:门头照片");
    assertThat(body.get("documents").get(0).get("url").asText()).isEqualTo("https://files.example.com/licence.pdf");
    assertThat(body.get("missingDocuments")).isEmpty();
    assertThat(body.has("documentsDueAt")).as("nothing is awaited").isFalse();
    assertThat(body.get("decisions")).isEmpty();
    assertThat(body.has("listedAt")).isFalse();
    assertThat(body.has("rejectedAt")).isFalse();

    HttpResponse<String> got = http.get(APPLICATIONS + "/" + n, "zh-CN");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(read(got)).as("GET answers what POST answered").isEqualTo(body);

    JsonNode english = read(http.get(APPLICATIONS + "/" + n, "en"));
    assertThat(english.get("status").asText()).isEqualTo("COMMUNITY_REVIEW");
    assertThat(english.get("statusLabel").asText()).isEqualTo("In community review");
    assertThat(english.get("categoryLabel").asText()).isEqualTo("Catering");
    assertThat(english.get("communityName").asText()).isEqualTo("Qingquan Community");
    assertThat(english.get("documents").get(0).get("typeLabel").asText()).isEqualTo("Business licence");

    // the channel follows the steps: each decision appears with its step and unit
    fx.approveInCommunity(n);
    JsonNode inspection = read(http.get(APPLICATIONS + "/" + n, "zh-CN"));
    assertThat(inspection.get("status").asText()).isEqualTo("INSPECTION");
    assertThat(inspection.get("statusLabel").asText()).isEqualTo("现场核查中");
    assertThat(inspection.get("decisions")).singleElement().satisfies(d -> {
      assertThat(d.get("step").asText()).isEqualTo("COMMUNITY_REVIEW");
      assertThat(d.get("decision").asText()).isEqualTo("APPROVE");
      assertThat(d.get("decisionLabel").asText()).isEqualTo("通过");
      assertThat(d.get("unit").asText()).isEqualTo("清泉社区");
      assertThat(d.get("decidedAt").asText()).endsWith("+08:00");
      assertThat(d.has("decidedBy") || d.has("userId")).as("who signed stays internal").isFalse();
    });
    assertThat(inspection.toString()).doesNotContain(MerchantFixtures.COMMUNITY_CADRE + "\"");
  }

  @Test
  @DisplayName("材料只给了链接：201 待补充材料，列出缺少的材料和期限；补充有类型的材料后 200 进入社区审核；再补 409")
  void missingDocumentsThenSupplied() throws Exception {
    ObjectNode request = application(MerchantFixtures.freshCode());
    request.putArray("documentUrls").add("https://files.example.com/menu.jpg");
    OffsetDateTime before = OffsetDateTime.now();
    HttpResponse<String> created = http.post(APPLICATIONS, json.writeValueAsString(request), "zh-CN");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = read(created);
    String n = body.get("applicationNumber").asText();
    assertThat(body.get("status").asText()).isEqualTo("NEEDS_INFORMATION");
    assertThat(body.get("statusLabel").asText()).isEqualTo("待补充材料");
    assertThat(body.get("documents")).singleElement().satisfies(d -> {
      assertThat(d.get("type").asText()).isEqualTo("other");
      assertThat(d.get("typeLabel").asText()).isEqualTo("其他材料");
      assertThat(d.get("url").asText()).isEqualTo("https://files.example.com/menu.jpg");
    });
    assertThat(coded(body.get("missingDocuments")))
        .containsExactly("business-licence:营业执照", "food-business-permit:食品经营许可证", "storefront-photo:门头照片");
    assertThat(body.get("documentsDueAt").asText()).endsWith("+08:00");
    OffsetDateTime due = OffsetDateTime.parse(body.get("documentsDueAt").asText());
    assertThat(due).as("14 days to supply them").isBetween(before.plusDays(14).minusMinutes(1), OffsetDateTime.now().plusDays(14).plusMinutes(1));

    JsonNode english = read(http.get(APPLICATIONS + "/" + n, "en"));
    assertThat(english.get("statusLabel").asText()).isEqualTo("Documents needed");
    assertThat(coded(english.get("missingDocuments")))
        .containsExactly("business-licence:Business licence", "food-business-permit:Food business permit", "storefront-photo:Storefront photo");

    String documents = APPLICATIONS + "/" + n + "/documents";
    HttpResponse<String> ftp = http.post(documents, "{\"documentUrls\":[{\"type\":\"business-licence\",\"url\":\"ftp://files.example.com/licence.pdf\"}]}",
        "zh-CN");
    assertThat(ftp.statusCode()).isEqualTo(400);
    assertThat(errors(ftp)).containsExactly("documentUrls[0]:merchant.documentUrl");
    HttpResponse<String> none = http.post(documents, "{\"documentUrls\":[]}", "zh-CN");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(errors(none)).containsExactly("documentUrls:field.required");
    HttpResponse<String> unknownType = http.post(documents, "{\"documentUrls\":[{\"type\":\"tax-certificate\",\"url\":\"https://x.example.com/t.pdf\"}]}",
        "en");
    assertThat(unknownType.statusCode()).isEqualTo(400);
    assertThat(errors(unknownType)).containsExactly("documentUrls[0].type:merchant.unknownDocumentType");
    assertThat(message(unknownType, "documentUrls[0].type")).startsWith("Unknown document type tax-certificate; one of: business-licence");
    assertThat(read(http.get(APPLICATIONS + "/" + n, "zh-CN")).get("documents")).as("nothing refused was kept").hasSize(1);

    HttpResponse<String> supplied = http.post(documents, """
        {"documentUrls":[{"type":"business-licence","url":"https://files.example.com/licence.pdf"},
                         {"type":"food-business-permit","url":"https://files.example.com/food-permit.pdf"},
                         {"type":"storefront-photo","url":"https://files.example.com/storefront.jpg"}]}""", "zh-CN");
    assertThat(supplied.statusCode()).as(supplied.body()).isEqualTo(200);
    JsonNode after = read(supplied);
    assertThat(after.get("applicationNumber").asText()).isEqualTo(n);
    assertThat(after.get("status").asText()).isEqualTo("COMMUNITY_REVIEW");
    assertThat(after.get("statusLabel").asText()).isEqualTo("社区审核中");
    assertThat(after.get("missingDocuments")).isEmpty();
    assertThat(after.has("documentsDueAt")).isFalse();
    assertThat(StreamSupport.stream(after.get("documents").spliterator(), false).map(d -> d.get("type").asText()))
        .containsExactly("other", "business-licence", "food-business-permit", "storefront-photo");
    assertThat(read(http.get(APPLICATIONS + "/" + n, "zh-CN")).get("status").asText()).isEqualTo("COMMUNITY_REVIEW");

    HttpResponse<String> again = http.post(documents, "{\"documentUrls\":[\"https://files.example.com/more.jpg\"]}", "zh-CN");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(read(again).get("detail").asText()).isEqualTo("申请 " + n + " 当前不需要补充材料");
    assertThat(read(http.get(APPLICATIONS + "/" + n, "zh-CN")).get("documents")).hasSize(4);

    HttpResponse<String> unknown = http.post(APPLICATIONS + "/SH-2026-999999/documents", "{\"documentUrls\":[\"https://x.example.com/a.pdf\"]}",
        "zh-CN");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(read(unknown).get("detail").asText()).contains("SH-2026-999999");
  }

  @Test
  @DisplayName("商户类别：六个类别及各自必需的材料，中英文")
  void categories() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/merchant-categories", "zh-CN");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode list = read(r);
    assertThat(StreamSupport.stream(list.spliterator(), false).map(c -> c.get("code").asText()))
        .containsExactly("catering", "grocery", "hair-beauty", "housekeeping", "repair", "pharmacy");
    JsonNode catering = list.get(0);
    assertThat(catering.get("label").asText()).isEqualTo("餐饮");
    assertThat(coded(catering.get("requiredDocuments")))
        .containsExactly("business-licence:营业执照", "food-business-permit:食品经营许可证", "storefront-photo:门头照片");
    JsonNode pharmacy = list.get(5);
    assertThat(pharmacy.get("label").asText()).isEqualTo("药店");
    assertThat(coded(pharmacy.get("requiredDocuments"))).containsExactly("business-licence:营业执照", "drug-business-licence:药品经营许可证");
    assertThat(coded(list.get(3).get("requiredDocuments"))).containsExactly("business-licence:营业执照");

    JsonNode english = read(http.get("/api/v1/merchant-categories", "en"));
    assertThat(english.get(2).get("label").asText()).isEqualTo("Hair and beauty");
    assertThat(coded(english.get(2).get("requiredDocuments")))
        .containsExactly("business-licence:Business licence", "public-health-permit:Public-place hygiene permit");
  }

  @Test
  @DisplayName("智慧屋目录：入驻后的商户和优惠出现在本社区，无联系人信息；在审的不出现；缺少或未知社区 400")
  void catalogue() throws Exception {
    String listed = fx.listed();
    String pending = fx.applyComplete();
    HttpResponse<String> r = http.get("/api/v1/catalogue?communityCode=" + QINGQUAN, "zh-CN");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    JsonNode catalogue = read(r);
    assertThat(catalogue.get("communityCode").asText()).isEqualTo(QINGQUAN);
    assertThat(catalogue.get("communityName").asText()).isEqualTo("清泉社区");
    List<String> numbers = StreamSupport.stream(catalogue.get("merchants").spliterator(), false)
        .map(m -> m.get("merchantNumber").asText()).toList();
    assertThat(numbers).contains(listed).doesNotContain(pending);
    JsonNode merchant = StreamSupport.stream(catalogue.get("merchants").spliterator(), false)
        .filter(m -> m.get("merchantNumber").asText().equals(listed)).findFirst().orElseThrow();
    assertThat(merchant.get("name").asText()).isEqualTo("老边饺子馆（清泉店）");
    assertThat(merchant.get("category").asText()).isEqualTo("catering");
    assertThat(merchant.get("categoryLabel").asText()).isEqualTo("餐饮");
    assertThat(merchant.get("address").asText()).isEqualTo("沈阳市沈河区清泉路 18 号");
    assertThat(merchant.get("listedAt").asText()).endsWith("+08:00");
    assertOffers(merchant.get("offers"));
    assertThat(merchant.has("contact")).isFalse();
    assertThat(merchant.has("unifiedSocialCreditCode")).isFalse();
    assertThat(r.body()).as("no contact personal data in what residents see")
        .doesNotContain(PHONE, "138****1234", CONTACT, "边**", EMAIL);

    JsonNode english = read(http.get("/api/v1/catalogue?communityCode=" + QINGQUAN, "en"));
    assertThat(english.get("communityName").asText()).isEqualTo("Qingquan Community");
    assertThat(StreamSupport.stream(english.get("merchants").spliterator(), false)
        .filter(m -> m.get("merchantNumber").asText().equals(listed)).findFirst().orElseThrow().get("categoryLabel").asText()).isEqualTo("Catering");

    JsonNode sibling = read(http.get("/api/v1/catalogue?communityCode=" + ZHONGHAIXI, "zh-CN"));
    assertThat(sibling.get("communityName").asText()).isEqualTo("中海西社区");
    assertThat(sibling.get("merchants").toString()).as("another community's catalogue").doesNotContain(listed);

    HttpResponse<String> missing = http.get("/api/v1/catalogue", "zh-CN");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(errors(missing)).containsExactly("communityCode:field.required");
    assertThat(errors(http.get("/api/v1/catalogue?communityCode=", "zh-CN"))).containsExactly("communityCode:field.required");
    HttpResponse<String> unknown = http.get("/api/v1/catalogue?communityCode=999999999999", "en");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(errors(unknown)).containsExactly("communityCode:field.unknownCommunity");
    assertThat(message(unknown, "communityCode")).isEqualTo("there is no community with code 999999999999");
    HttpResponse<String> street = http.get("/api/v1/catalogue?communityCode=210103010", "zh-CN");
    assertThat(street.statusCode()).as("a street is not a community").isEqualTo(400);
    assertThat(errors(street)).containsExactly("communityCode:field.unknownCommunity");
  }

  @Test
  @DisplayName("坏输入逐项 400 并指明字段与错误码：信用代码（长度、字母、区划码、校验位）、类别、社区、折扣、材料链接与类型、电话、优惠；一条也不入库")
  void badInputNamesTheFieldAndCode() throws Exception {
    int before = count();
    int offersBefore = offerCount();
    String fresh = MerchantFixtures.freshCode();
    String wrongCheck = fresh.substring(0, 17) + otherCheckCharacter(fresh.charAt(17));
    record Case(String what, Consumer<ObjectNode> change, String field, String code) {
    }
    List<Case> cases = new ArrayList<>();
    String cc = "unifiedSocialCreditCode";
    cases.add(new Case("17 characters", o -> o.put(cc, TENCENT.substring(0, 17)), cc, "merchant.creditCode.LENGTH"));
    cases.add(new Case("19 characters", o -> o.put(cc, TENCENT + "1"), cc, "merchant.creditCode.LENGTH"));
    cases.add(new Case("blank", o -> o.put(cc, " "), cc, "field.required"));
    cases.add(new Case("with an I", o -> o.put(cc, "9144030070846I136T"), cc, "merchant.creditCode.CHARACTERS"));
    cases.add(new Case("with an O", o -> o.put(cc, "914403007O8461136T"), cc, "merchant.creditCode.CHARACTERS"));
    cases.add(new Case("full-width digit", o -> o.put(cc, "９1440300708461136T"), cc, "merchant.creditCode.CHARACTERS"));
    cases.add(new Case("letter in the division code", o -> o.put(cc, "9144A300708461136T"), cc, "merchant.creditCode.DIVISION"));
    cases.add(new Case("Tencent with a wrong check character", o -> o.put(cc, "91440300708461136X"), cc, "merchant.creditCode.CHECK_DIGIT"));
    cases.add(new Case("fresh code with a wrong check character", o -> o.put(cc, wrongCheck), cc, "merchant.creditCode.CHECK_DIGIT"));
    cases.add(new Case("unknown category", o -> o.put("category", "bakery"), "category", "merchant.unknownCategory"));
    cases.add(new Case("missing category", o -> o.remove("category"), "category", "field.required"));
    cases.add(new Case("unknown community", o -> o.put("communityCode", "999999999999"), "communityCode", "field.unknownCommunity"));
    cases.add(new Case("a street, not a community", o -> o.put("communityCode", "210103010"), "communityCode", "field.unknownCommunity"));
    cases.add(new Case("discount -5", o -> ((ObjectNode) o.get("offers").get(0)).put("discount", -5), "offers[0].discount", "field.min"));
    cases.add(new Case("discount 120", o -> ((ObjectNode) o.get("offers").get(0)).put("discount", 120), "offers[0].discount", "field.max"));
    cases.add(new Case("discount 100.01 on the second offer", o -> ((ObjectNode) o.get("offers").get(1)).put("discount", new BigDecimal("100.01")),
        "offers[1].discount", "field.max"));
    cases.add(new Case("ftp document", o -> o.putArray("documentUrls").add(doc("business-licence", "ftp://files.example.com/licence.pdf")),
        "documentUrls[0]", "merchant.documentUrl"));
    cases.add(new Case("javascript: document as a plain string",
        o -> o.putArray("documentUrls").add(doc("business-licence", "https://files.example.com/licence.pdf")).add("javascript:alert(1)"),
        "documentUrls[1]", "merchant.documentUrl"));
    cases.add(new Case("a URL without a host", o -> o.putArray("documentUrls").add("https:///licence.pdf"), "documentUrls[0]", "merchant.documentUrl"));
    cases.add(new Case("document without URL", o -> o.putArray("documentUrls").addObject().put("type", "business-licence"),
        "documentUrls[0].url", "field.required"));
    cases.add(new Case("unknown document type", o -> o.putArray("documentUrls").add(doc("tax-certificate", "https://files.example.com/tax.pdf")),
        "documentUrls[0].type", "merchant.unknownDocumentType"));
    cases.add(new Case("no contact phone", o -> ((ObjectNode) o.get("contact")).remove("phone"), "contact.phone", "field.required"));
    cases.add(new Case("malformed phone", o -> ((ObjectNode) o.get("contact")).put("phone", "12345"), "contact.phone", "field.phone"));
    cases.add(new Case("phone with letters", o -> ((ObjectNode) o.get("contact")).put("phone", "1384000123a"), "contact.phone", "field.phone"));
    cases.add(new Case("malformed e-mail", o -> ((ObjectNode) o.get("contact")).put("email", "not-a-mail"), "contact.email", "field.email"));
    cases.add(new Case("no contact", o -> o.remove("contact"), "contact", "field.required"));
    cases.add(new Case("no offers", o -> o.putArray("offers"), "offers", "field.required"));
    cases.add(new Case("offers missing", o -> o.remove("offers"), "offers", "field.required"));
    cases.add(new Case("offer without title", o -> ((ObjectNode) o.get("offers").get(0)).put("title", ""), "offers[0].title", "field.required"));
    cases.add(new Case("21 offers", o -> {
      ArrayNode offers = o.putArray("offers");
      for (int i = 1; i <= 21; i++) {
        offers.addObject().put("title", "优惠 " + i);
      }
    }, "offers", "merchant.tooManyOffers"));
    cases.add(new Case("21 documents", o -> {
      ArrayNode docs = o.putArray("documentUrls");
      for (int i = 1; i <= 21; i++) {
        docs.add("https://files.example.com/" + i + ".jpg");
      }
    }, "documentUrls", "merchant.tooManyDocuments"));
    cases.add(new Case("name too long", o -> o.put("name", "饺".repeat(201)), "name", "field.tooLong"));
    for (Case c : cases) {
      ObjectNode body = application(MerchantFixtures.freshCode());
      c.change().accept(body);
      HttpResponse<String> r = http.post(APPLICATIONS, json.writeValueAsString(body), "zh-CN");
      assertThat(r.statusCode()).as(c.what() + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(c.what()).startsWith("application/problem+json");
      JsonNode problem = read(r);
      assertThat(problem.get("type").asText()).as(c.what()).isEqualTo("https://gongzhi.org/problems/validation");
      assertThat(problem.get("title").asText()).as(c.what()).isEqualTo("请求内容有误");
      assertThat(errors(r)).as(c.what() + ": " + r.body()).containsExactly(c.field() + ":" + c.code());
      assertThat(message(r, c.field())).as(c.what()).isNotBlank().doesNotStartWith(c.code());
    }

    HttpResponse<String> check = http.post(APPLICATIONS, APPLICATION.formatted("91440300708461136X"), "zh-CN");
    assertThat(message(check, "unifiedSocialCreditCode")).isEqualTo("统一社会信用代码校验位不正确，请核对");
    HttpResponse<String> checkEn = http.post(APPLICATIONS, APPLICATION.formatted("91440300708461136X"), "en");
    assertThat(message(checkEn, "unifiedSocialCreditCode"))
        .isEqualTo("The check character of the unified social credit code is wrong; please check the code");
    HttpResponse<String> category = http.post(APPLICATIONS, APPLICATION.formatted(MerchantFixtures.freshCode()).replace("catering", "bakery"), "en");
    assertThat(message(category, "category"))
        .isEqualTo("Unknown merchant category bakery; one of: catering, grocery, hair-beauty, housekeeping, repair, pharmacy");
    HttpResponse<String> phone = http.post(APPLICATIONS, APPLICATION.formatted(MerchantFixtures.freshCode()).replace(PHONE, "12345"), "zh-CN");
    assertThat(message(phone, "contact.phone")).contains("电话号码");

    assertThat(count()).as("nothing refused was stored").isEqualTo(before);
    assertThat(offerCount()).isEqualTo(offersBefore);
  }

  @Test
  @DisplayName("重复的信用代码（大小写、空白不同也算）与黑名单上的代码：400，说明原因；不入库")
  void duplicateAndBlockedCodes() throws Exception {
    String code = MerchantFixtures.freshCode();
    HttpResponse<String> first = http.post(APPLICATIONS, APPLICATION.formatted(" " + code.toLowerCase() + " "), "zh-CN");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(read(first).get("unifiedSocialCreditCode").asText()).as("stored normalised").isEqualTo(code);
    int before = count();

    HttpResponse<String> twice = http.post(APPLICATIONS, APPLICATION.formatted(code), "zh-CN");
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(errors(twice)).containsExactly("unifiedSocialCreditCode:merchant.duplicate");
    assertThat(message(twice, "unifiedSocialCreditCode")).isEqualTo("统一社会信用代码 " + code + " 已有在审或在册的商户，不能重复申请");
    HttpResponse<String> lower = http.post(APPLICATIONS, APPLICATION.formatted(code.toLowerCase()), "en");
    assertThat(errors(lower)).containsExactly("unifiedSocialCreditCode:merchant.duplicate");
    assertThat(message(lower, "unifiedSocialCreditCode")).isEqualTo("A merchant with unified social credit code " + code + " is already pending or listed");

    HttpResponse<String> blocked = http.post(APPLICATIONS, APPLICATION.formatted(MerchantFixtures.BLOCKED_CODE), "zh-CN");
    assertThat(blocked.statusCode()).isEqualTo(400);
    assertThat(errors(blocked)).containsExactly("unifiedSocialCreditCode:merchant.blocked");
    assertThat(message(blocked, "unifiedSocialCreditCode"))
        .isEqualTo("统一社会信用代码 " + MerchantFixtures.BLOCKED_CODE + " 不能申请入驻：已列入严重违法失信名单 / on the list of serious violators");
    HttpResponse<String> blockedEn = http.post(APPLICATIONS, APPLICATION.formatted(MerchantFixtures.BLOCKED_CODE.toLowerCase()), "en");
    assertThat(errors(blockedEn)).containsExactly("unifiedSocialCreditCode:merchant.blocked");
    assertThat(message(blockedEn, "unifiedSocialCreditCode")).startsWith("Unified social credit code " + MerchantFixtures.BLOCKED_CODE + " may not apply: ")
        .contains("on the list of serious violators");

    assertThat(count()).as("nothing refused was stored").isEqualTo(before);
  }

  @Test
  @DisplayName("一次请求多处错误：一个回答里逐项列出（格式问题一起，业务检查一起）")
  void severalProblemsInOneAnswer() throws Exception {
    int before = count();
    ObjectNode references = application("91440300708461136X");
    references.put("communityCode", "999999999999").put("category", "bakery");
    references.putArray("documentUrls").add(doc("tax-certificate", "ftp://files.example.com/tax.pdf")).add("https://files.example.com/ok.jpg");
    HttpResponse<String> r = http.post(APPLICATIONS, json.writeValueAsString(references), "zh-CN");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errors(r)).containsExactlyInAnyOrder("communityCode:field.unknownCommunity", "category:merchant.unknownCategory",
        "unifiedSocialCreditCode:merchant.creditCode.CHECK_DIGIT", "documentUrls[0].type:merchant.unknownDocumentType",
        "documentUrls[0]:merchant.documentUrl");
    assertThat(read(r).get("detail").asText()).isEqualTo("请求有 5 处错误，请按字段修改后重试。");

    ObjectNode shape = application(MerchantFixtures.freshCode());
    shape.put("name", "");
    ((ObjectNode) shape.get("contact")).put("phone", "12345");
    ((ObjectNode) shape.get("offers").get(0)).put("discount", 120);
    ((ObjectNode) shape.get("offers").get(1)).put("discount", -5);
    HttpResponse<String> s = http.post(APPLICATIONS, json.writeValueAsString(shape), "en");
    assertThat(s.statusCode()).isEqualTo(400);
    assertThat(errors(s)).containsExactlyInAnyOrder("name:field.required", "contact.phone:field.phone", "offers[0].discount:field.max",
        "offers[1].discount:field.min");
    assertThat(message(s, "offers[0].discount")).isEqualTo("must be at most 100");
    assertThat(message(s, "offers[1].discount")).isEqualTo("must be at least 0");
    assertThat(read(s).get("detail").asText()).startsWith("The request has 4 problem(s)");
    assertThat(count()).isEqualTo(before);
  }

  @Test
  @DisplayName("格式错误：未知字段、非 JSON、错误的内容类型、未知申请编号")
  void malformedRequests() throws Exception {
    int before = count();
    ObjectNode unknownField = application(MerchantFixtures.freshCode());
    unknownField.put("website", "https://shop.example");
    HttpResponse<String> unknown = http.post(APPLICATIONS, json.writeValueAsString(unknownField), "en");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(errors(unknown)).containsExactly("website:field.unknown");
    ObjectNode nested = application(MerchantFixtures.freshCode());
    ((ObjectNode) nested.get("contact")).put("wechat", "laobian");
    assertThat(errors(http.post(APPLICATIONS, json.writeValueAsString(nested), "en"))).containsExactly("contact.wechat:field.unknown");
    ObjectNode wrongType = application(MerchantFixtures.freshCode());
    ((ObjectNode) wrongType.get("offers").get(0)).put("discount", "八折");
    HttpResponse<String> type = http.post(APPLICATIONS, json.writeValueAsString(wrongType), "en");
    assertThat(type.statusCode()).isEqualTo(400);
    assertThat(errors(type)).containsExactly("offers[0].discount:field.invalid");

    HttpResponse<String> notJson = http.post(APPLICATIONS, "{not json", "zh-CN");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(read(notJson).get("type").asText()).isEqualTo("https://gongzhi.org/problems/malformed");
    assertThat(http.post(APPLICATIONS, "", "zh-CN").statusCode()).isEqualTo(400);

    HttpResponse<String> text = http.send(http.request(APPLICATIONS).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(APPLICATION.formatted(MerchantFixtures.freshCode()))).build());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(read(text).get("title").asText()).isEqualTo("不支持的内容类型");

    HttpResponse<String> missing = http.get(APPLICATIONS + "/SH-2026-999999", "zh-CN");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(read(missing).get("detail").asText()).isEqualTo("商户申请 SH-2026-999999 不存在。");
    assertThat(read(http.get(APPLICATIONS + "/SH-2026-999999", "en")).get("detail").asText())
        .isEqualTo("There is no merchant application SH-2026-999999.");
    assertThat(count()).isEqualTo(before);
  }

  @Test
  @DisplayName("诉求指明商户：商户类诉求 + 在册商户 201 且可查到商户编号；噪音类、未知或未入驻的商户 400 指明 merchantNumber")
  void complaintNamingAMerchant() throws Exception {
    String listed = fx.listed();
    HttpResponse<String> created = http.post("/api/v1/complaints", COMPLAINT.formatted("merchant", listed), "zh-CN");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String caseNumber = read(created).get("caseNumber").asText();
    HttpResponse<String> view = http.get("/api/v1/complaints/" + caseNumber, "zh-CN");
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(read(view).get("merchantNumber").asText()).isEqualTo(listed);
    assertThat(read(view).get("category").asText()).isEqualTo("merchant");

    long complaints = jdbc.sql("select count(*) from complaint").query(Long.class).single();
    HttpResponse<String> noise = http.post("/api/v1/complaints", COMPLAINT.formatted("noise", listed), "zh-CN");
    assertThat(noise.statusCode()).isEqualTo(400);
    assertThat(errors(noise)).containsExactly("merchantNumber:merchant.notMerchantComplaint");
    assertThat(message(noise, "merchantNumber")).isEqualTo("只有商户类诉求（merchant）可以指明商户");

    HttpResponse<String> unknown = http.post("/api/v1/complaints", COMPLAINT.formatted("merchant", "SH-2026-999999"), "en");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(errors(unknown)).containsExactly("merchantNumber:merchant.notListed");
    assertThat(message(unknown, "merchantNumber")).isEqualTo("There is no listed merchant SH-2026-999999 in the smart-house catalogue");

    String pending = fx.applyComplete();
    HttpResponse<String> notYet = http.post("/api/v1/complaints", COMPLAINT.formatted("merchant", pending), "zh-CN");
    assertThat(notYet.statusCode()).as("an application under review is not a listed merchant").isEqualTo(400);
    assertThat(errors(notYet)).containsExactly("merchantNumber:merchant.notListed");
    assertThat(jdbc.sql("select count(*) from complaint").query(Long.class).single()).isEqualTo(complaints);

    HttpResponse<String> withoutMerchant = http.post("/api/v1/complaints", COMPLAINT.formatted("noise", "").replace(",\"merchantNumber\":\"\"", ""),
        "zh-CN");
    assertThat(withoutMerchant.statusCode()).isEqualTo(201);
    assertThat(read(http.get("/api/v1/complaints/" + read(withoutMerchant).get("caseNumber").asText(), "zh-CN")).has("merchantNumber")).isFalse();
  }

  @Test
  @DisplayName("同一信用代码的申请同时到达（重复点击提交）：只受理一份，其余 400 重复，不是 500")
  void simultaneousApplicationsWithOneCode() throws Exception {
    String code = MerchantFixtures.freshCode();
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(pool.submit(() -> new Http(port).post(APPLICATIONS, APPLICATION.formatted(code), "zh-CN")));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> a : answers) {
        HttpResponse<String> r = a.get(60, TimeUnit.SECONDS);
        statuses.add(r.statusCode());
        if (r.statusCode() == 400) {
          assertThat(errors(r)).containsExactly("unifiedSocialCreditCode:merchant.duplicate");
        }
      }
      assertThat(statuses).containsExactlyInAnyOrder(201, 400, 400, 400);
    } finally {
      pool.shutdownNow();
    }
    assertThat(jdbc.sql("select count(*) from merchant_application where credit_code = ?").param(code).query(Integer.class).single()).isOne();
  }

  @Test
  @DisplayName("折扣最多两位小数：多余的小数位或极端指数应 400 指明 offers[0].discount，而不是被悄悄四舍五入（99.999 → 100，即免费）或 500")
  void discountTheDatabaseCannotHoldIsRefused() throws Exception {
    ObjectNode ok = application(MerchantFixtures.freshCode());
    ((ObjectNode) ok.get("offers").get(0)).put("discount", new BigDecimal("12.5"));
    HttpResponse<String> accepted = http.post(APPLICATIONS, json.writeValueAsString(ok), "zh-CN");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    assertThat(read(accepted).get("offers").get(0).get("discount").decimalValue()).isEqualByComparingTo("12.5");

    int before = count();
    SoftAssertions soft = new SoftAssertions();
    for (String discount : new String[] {"99.999", "12.345", "1e-1000000"}) {
      String body = APPLICATION.formatted(MerchantFixtures.freshCode()).replace("\"discount\":20", "\"discount\":" + discount);
      HttpResponse<String> r = http.post(APPLICATIONS, body, "zh-CN");
      soft.assertThat(r.statusCode()).as("discount " + discount + ": " + r.body()).isEqualTo(400);
      if (r.statusCode() == 400) {
        soft.assertThat(StreamSupport.stream(read(r).path("errors").spliterator(), false).map(e -> e.get("field").asText()))
            .as("discount " + discount).containsExactly("offers[0].discount");
      }
    }
    soft.assertThat(count()).as("nothing refused was stored").isEqualTo(before);
    soft.assertAll();
  }

  // --- helpers

  private void assertOffers(JsonNode offers) {
    assertThat(offers).hasSize(2);
    assertThat(offers.get(0).get("title").asText()).isEqualTo("社区老人午餐");
    assertThat(offers.get(0).get("description").asText()).isEqualTo("六十岁以上居民凭证就餐");
    assertThat(offers.get(0).get("discount").decimalValue()).isEqualByComparingTo("20");
    assertThat(offers.get(1).get("title").asText()).isEqualTo("免费送餐上门");
    assertThat(offers.get(1).has("discount")).as("no discount given, none shown").isFalse();
  }

  private ObjectNode application(String code) throws Exception {
    return (ObjectNode) json.readTree(APPLICATION.formatted(code));
  }

  private ObjectNode doc(String type, String url) {
    return json.createObjectNode().put("type", type).put("url", url);
  }

  private static char otherCheckCharacter(char c) {
    return c == '0' ? '1' : '0';
  }

  private int count() {
    return jdbc.sql("select count(*) from merchant_application").query(Integer.class).single();
  }

  private int offerCount() {
    return jdbc.sql("select count(*) from merchant_offer").query(Integer.class).single();
  }

  private JsonNode read(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body());
  }

  /** {@code field:code} of every error of a problem. */
  private List<String> errors(HttpResponse<String> r) throws Exception {
    List<String> errors = new ArrayList<>();
    read(r).path("errors").forEach(e -> errors.add(e.get("field").asText() + ":" + e.get("code").asText()));
    return errors;
  }

  private String message(HttpResponse<String> r, String field) throws Exception {
    return StreamSupport.stream(read(r).path("errors").spliterator(), false).filter(e -> e.get("field").asText().equals(field))
        .map(e -> e.get("message").asText()).findFirst().orElseThrow(() -> new AssertionError("no error for " + field + ": " + r.body()));
  }

  private static List<String> coded(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false).map(c -> c.get("code").asText() + ":" + c.get("label").asText()).toList();
  }
}
