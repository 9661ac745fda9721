package org.gongzhi.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
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
  @Autowired RuntimeService runtime;
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

  @Test
  @DisplayName("模型含脚本（脚本任务、监听器/输入输出中的 camunda:script、带 language 的条件、CMMN 与 DMN 的脚本）：部署被拒绝并指出元素；REST 上传得 400；自有流程不含脚本照常部署")
  void scriptsInDeployedModelsAreRefused() throws Exception {
    long before = repository.createDeploymentQuery().count();
    String bpmn = resource("scripted.bpmn");
    List<String> scripted = List.of("Task_Script (scriptTask)", "SequenceFlow_ScriptedCondition (conditionExpression language=juel)",
        "Task_InputOutput (camunda:script)", "Task_Listener (camunda:script)");

    assertThatThrownBy(() -> repository.createDeployment().name("scripted").addString("scripted.bpmn", bpmn).deploy())
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("gongzhi.engine.allow-scripts")
        .hasMessageContaining("模型含脚本")
        .satisfies(e -> assertThat(e.getMessage()).contains(scripted));
    HttpResponse<String> overRest = deploy("demo:demo", bpmn);
    assertThat(overRest.statusCode()).isEqualTo(400);
    assertThat(overRest.body()).contains(scripted).contains("Scripts are not allowed");

    assertThatThrownBy(() -> repository.createDeployment().addString("scripted.cmmn", resource("scripted.cmmn")).deploy())
        .isInstanceOf(ProcessEngineException.class).hasStackTraceContaining("CasePlanModel_Scripted")
        .hasStackTraceContaining("gongzhi.engine.allow-scripts");
    assertThatThrownBy(() -> repository.createDeployment().addString("scripted.dmn", resource("scripted.dmn")).deploy())
        .isInstanceOf(ProcessEngineException.class).hasStackTraceContaining("InputExpression_Scripted")
        .hasStackTraceContaining("gongzhi.engine.allow-scripts");

    assertThat(repository.createDeploymentQuery().count()).isEqualTo(before);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("Process_Scripted").count()).isZero();
    // our own models carry no script and are deployed
    assertThat(repository.createProcessDefinitionQuery().latestVersion().list())
        .extracting(d -> d.getKey())
        .contains("complaint-escalation", "volunteer-order", "content-approval", "content-withdrawal", "merchant-onboarding",
            "sla-extension", "supervision-digest", "notification-delivery");
  }

  @Test
  @DisplayName("以 Java 序列化格式提交流程变量（启动流程或修改变量）：400，不启动、不保存")
  void javaSerializedVariablesAreRefused() throws Exception {
    String key = "Process_Serialized" + UUID.randomUUID().toString().substring(0, 8);
    repository.createDeployment().addString("serialized.bpmn", WAITING.formatted(key)).deploy();
    String javaSerialized = """
        {"variables": {"payload": {"value": "%s", "type": "Object",
          "valueInfo": {"objectTypeName": "java.util.ArrayList", "serializationDataFormat": "application/x-java-serialized-object"}}}}"""
        .formatted(javaSerializedList());

    HttpResponse<String> start = send("POST", "/engine-rest/process-definition/key/" + key + "/start", "demo:demo", javaSerialized);
    assertThat(start.statusCode()).as(start.body()).isEqualTo(400);
    assertThat(start.body()).contains("Java", "JSON");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(key).count()).isZero();

    HttpResponse<String> plain = send("POST", "/engine-rest/process-definition/key/" + key + "/start", "demo:demo",
        "{\"variables\": {\"caseRef\": {\"value\": \"SY-2026-000001\", \"type\": \"String\"}}}");
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
    String id = runtime.createProcessInstanceQuery().processDefinitionKey(key).singleResult().getId();
    HttpResponse<String> put = send("PUT", "/engine-rest/process-instance/" + id + "/variables/payload", "demo:demo", """
        {"value": "%s", "type": "Object",
         "valueInfo": {"objectTypeName": "java.util.ArrayList", "serializationDataFormat": "application/x-java-serialized-object"}}"""
        .formatted(javaSerializedList()));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
    assertThat(runtime.getVariables(id)).containsOnlyKeys("caseRef");
    runtime.deleteProcessInstance(id, "test over");
  }

  /** A process that waits in a user task, so that variables can be set on it. */
  static final String WAITING = """
      <?xml version="1.0" encoding="UTF-8"?>
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                   targetNamespace="https://gongzhi.org/test">
        <process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
          <startEvent id="StartEvent_Serialized"/>
          <sequenceFlow id="SequenceFlow_ToWait" sourceRef="StartEvent_Serialized" targetRef="Task_Wait"/>
          <userTask id="Task_Wait"/>
          <sequenceFlow id="SequenceFlow_ToEnd" sourceRef="Task_Wait" targetRef="EndEvent_Serialized"/>
          <endEvent id="EndEvent_Serialized"/>
        </process>
      </definitions>""";

  static String javaSerializedList() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new ArrayList<>(List.of("harmless here; Java deserialization is how gadget chains run")));
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  static String resource(String name) throws Exception {
    try (InputStream in = EngineRestHardeningTest.class.getResourceAsStream("/hardening/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private HttpResponse<String> send(String method, String path, String credentials, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
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
