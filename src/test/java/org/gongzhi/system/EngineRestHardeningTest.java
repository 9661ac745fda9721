package org.gongzhi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Camunda's engine REST, attacked the way issue 8 lists: each refusal observed over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EngineRestHardeningTest {

  static final String HARMLESS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                   targetNamespace="https://gongzhi.org/test">
        <process id="Process_Uploaded%s" isExecutable="true" camunda:historyTimeToLive="P1D">
          <startEvent id="StartEvent_Uploaded"/>
        </process>
      </definitions>""";

  @LocalServerPort int port;
  @Autowired RepositoryService repository;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName("通过 REST 部署 BPMN：匿名 401、普通人员 403，什么都不部署；管理员可以")
  void deploymentOverRestIsForAdministratorsOnly() throws Exception {
    long before = repository.createDeploymentQuery().count();
    String bpmn = HARMLESS.formatted("A" + UUID.randomUUID().toString().substring(0, 8));
    assertThat(deploy(null, bpmn).statusCode()).isEqualTo(401);
    assertThat(deploy("qingquan:qingquan", bpmn).statusCode()).isEqualTo(403);
    assertThat(deploy("shenyang-sup:shenyang-sup", bpmn).statusCode()).isEqualTo(403);
    assertThat(repository.createDeploymentQuery().count()).isEqualTo(before);
    assertThat(deploy("demo:demo", bpmn).statusCode()).isEqualTo(200);
    assertThat(repository.createDeploymentQuery().count()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("上传含外部实体（XXE）的 BPMN：被拒绝，文件内容不外泄")
  void externalEntitiesInUploadedBpmnAreRefused() throws Exception {
    Path secret = Files.createTempFile("gongzhi-secret", ".txt");
    Files.writeString(secret, "TOP-SECRET-" + UUID.randomUUID());
    String xxe = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE definitions [ <!ENTITY leak SYSTEM "%s"> ]>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                     targetNamespace="https://gongzhi.org/test">
          <process id="Process_Xxe" name="&leak;" isExecutable="true" camunda:historyTimeToLive="P1D">
            <startEvent id="StartEvent_Xxe"/>
          </process>
        </definitions>""".formatted(secret.toUri());
    long before = repository.createDeploymentQuery().count();
    HttpResponse<String> r = deploy("demo:demo", xxe);
    assertThat(r.statusCode()).isBetween(400, 499);
    assertThat(r.body()).doesNotContain("TOP-SECRET");
    assertThat(repository.createDeploymentQuery().count()).isEqualTo(before);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("Process_Xxe").count()).isZero();
  }

  @Test
  @DisplayName("查询参数里的表达式（${…}）：400，不求值")
  void expressionsInQueriesAreRefused() throws Exception {
    HttpResponse<String> r = get("/engine-rest/task?assigneeExpression=%24%7BcurrentUser()%7D", "qingquan:qingquan");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).containsIgnoringCase("expression");
    assertThat(get("/engine-rest/task?assignee=qingquan", "qingquan:qingquan").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> deploy(String credentials, String bpmn) throws Exception {
    String boundary = "----gongzhi" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nuploaded\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"uploaded.bpmn\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(bpmn.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/deployment/create"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (credentials != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String credentials) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
