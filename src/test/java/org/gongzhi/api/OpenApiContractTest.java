package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gongzhi.support.Http;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The contract: the OpenAPI description the running application generates equals the committed {@code docs/openapi.yaml}.
 * After changing the API, regenerate the file with {@value #REGENERATE} and commit it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OpenApiContractTest {

  static final String REGENERATE = "./mvnw -q test -Dtest=OpenApiContractTest -Dopenapi.update=true";
  static final Path COMMITTED = Path.of("docs", "openapi.yaml");

  @LocalServerPort int port;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
  final ObjectMapper yaml = new YAMLMapper();

  @Test
  @DisplayName("生成的 OpenAPI 描述与 docs/openapi.yaml 一致（-Dopenapi.update=true 时改写该文件）")
  void generatedDescriptionEqualsCommittedFile() throws Exception {
    String generated = asStaff("/v3/api-docs.yaml").body();
    if (Boolean.getBoolean("openapi.update")) {
      Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(COMMITTED)) {
      fail(COMMITTED + " is missing. Generate it with: " + REGENERATE);
    }
    String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
    if (!committed.equals(generated)) {
      fail("""
          The OpenAPI description generated from the code differs from %s (first difference at line %d).
          If the API change is intended, regenerate the file and commit it:
              %s""".formatted(COMMITTED, firstDifferentLine(committed, generated), REGENERATE));
    }
  }

  @Test
  @DisplayName("OpenAPI 3.1，两种认证方式，每个 /api/v1 控制器路径都在描述中")
  void describesEveryApiPathInOpenApi31() throws Exception {
    JsonNode doc = yaml.readTree(asStaff("/v3/api-docs.yaml").body());
    assertThat(doc.get("openapi").asText()).startsWith("3.1.");
    assertThat(doc.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo("X-API-Key");
    assertThat(doc.at("/components/securitySchemes/staffBasic/scheme").asText()).isEqualTo("basic");
    assertThat(doc.at("/servers/0/url").asText()).isEqualTo("/");

    Set<String> documented = new TreeSet<>();
    doc.get("paths").fieldNames().forEachRemaining(documented::add);
    Set<String> mapped = new TreeSet<>();
    mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
        .filter(p -> p.startsWith("/api/v1/")).forEach(mapped::add));
    assertThat(mapped).isNotEmpty();
    assertThat(documented).containsAll(mapped).allMatch(p -> p.startsWith("/api/v1/"));

    JsonNode submit = doc.at("/paths/~1api~1v1~1complaints/post");
    assertThat(submit.at("/security/0").has("apiKey")).isTrue();
    assertThat(names(submit.get("parameters"))).contains("Idempotency-Key", "X-Resident-Id");
    assertThat(submit.at("/responses/422/content/application~1problem+json/schema/$ref").asText()).isEqualTo("#/components/schemas/Problem");
    assertThat(doc.at("/components/schemas/Problem/properties/errors/items/properties/field/type").asText()).isEqualTo("string");
    assertThat(doc.at("/paths/~1api~1v1~1complaints~1{caseNumber}/get/parameters").toString()).doesNotContain("Idempotency-Key");
    JsonNode staff = doc.at("/paths/~1api~1v1~1supervision~1overview/get");
    assertThat(staff.at("/security/0").has("staffBasic")).isTrue();
    assertThat(names(staff.get("parameters"))).doesNotContain("X-Resident-Id", "X-API-Key");
    assertThat(doc.toString()).as("the caller is never a parameter").doesNotContain("ChannelCaller");
  }

  @Test
  @DisplayName("文档和 Swagger UI 只对已登录员工开放：匿名和渠道密钥 401，demo 可以")
  void docsAreForStaffOnly() throws Exception {
    Http anonymous = new Http(port).withKey(null);
    for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/index.html")) {
      HttpResponse<String> refused = anonymous.get(path, "en");
      assertThat(refused.statusCode()).as(path).isEqualTo(401);
      assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
      assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
    }
    assertThat(new Http(port).get("/v3/api-docs", "zh-CN").statusCode()).as("an API key is not a staff login").isEqualTo(401);
    // a wrong password (not demo's: Camunda then throttles demo's next log-ins for a while)
    assertThat(send(anonymous.request("/v3/api-docs").header("Authorization", basic("qingquan", "wrong")).GET().build()).statusCode())
        .isEqualTo(401);

    assertThat(asStaff("/v3/api-docs").statusCode()).isEqualTo(200);
    HttpResponse<String> ui = send(anonymous.request("/swagger-ui/index.html").header("Authorization", basic("demo", "demo")).GET().build());
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui");
  }

  private HttpResponse<String> asStaff(String path) throws Exception {
    HttpResponse<String> r = send(new Http(port).withKey(null).request(path).header("Authorization", basic("demo", "demo")).GET().build());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r;
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return new Http(port).send(request);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> names(JsonNode parameters) {
    return parameters == null ? List.of() : java.util.stream.StreamSupport.stream(parameters.spliterator(), false)
        .map(p -> p.get("name").asText()).toList();
  }

  private static int firstDifferentLine(String a, String b) {
    String[] x = a.split("\n", -1);
    String[] y = b.split("\n", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (!x[i].equals(y[i])) {
        return i + 1;
      }
    }
    return Math.min(x.length, y.length) + 1;
  }
}
