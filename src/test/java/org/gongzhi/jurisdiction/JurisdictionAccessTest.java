package org.gongzhi.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gongzhi.support.Staff.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A caseworker sees the cases of their node and below, never a sibling's: through the engine's Java API
 * with authorization checks on (as Tasklist uses it) and through the engine REST with HTTP Basic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// Camunda's webapps and engine REST find the engine by name in a JVM-wide registry, which the last
// Spring context to start or stop rewrites: give this class a context (and engine) of its own.
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.BEFORE_CLASS)
class JurisdictionAccessTest {

  @LocalServerPort int port;
  @Autowired Complaints complaints;
  @Autowired Staff staff;
  @Autowired TaskService tasks;
  @Autowired FilterService filters;
  @Autowired RuntimeService runtime;
  @Autowired org.camunda.bpm.engine.IdentityService identity;
  @Autowired org.camunda.bpm.engine.ProcessEngine processEngine;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  String qingquanCase;
  String zhonghaixiCase;

  @BeforeEach
  void twoSiblingCommunities() {
    qingquanCase = complaints.submitIn(QINGQUAN_COMMUNITY, "清泉：路灯坏了");
    zhonghaixiCase = complaints.submitIn(ZHONGHAIXI_COMMUNITY, "中海西：噪音扰民");
  }

  @AfterEach
  void cleanUp() {
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("社区办事员只看到本社区的任务；街道、区、市看到下辖全部；其他区看不到")
  void visibilityFollowsTheTree() {
    assertThat(visibleCases(QINGQUAN)).containsExactly(qingquanCase);
    assertThat(visibleCases(ZHONGHAIXI)).containsExactly(zhonghaixiCase);
    assertThat(visibleCases(WANLIAN)).containsExactlyInAnyOrder(qingquanCase, zhonghaixiCase);
    assertThat(visibleCases(WANLIAN_SUP)).containsExactlyInAnyOrder(qingquanCase, zhonghaixiCase);
    assertThat(visibleCases(SHENHE_SUP)).containsExactlyInAnyOrder(qingquanCase, zhonghaixiCase);
    assertThat(visibleCases(SHENYANG)).containsExactlyInAnyOrder(qingquanCase, zhonghaixiCase);
    assertThat(visibleCases(HEPAN)).isEmpty();
    assertThat(visibleCases(CHENGGUAN)).isEmpty();
  }

  @Test
  @DisplayName("权限检查用用户的全部组，不再整表扫描有授权的组：多一个没有任何授权的组，看到的一样")
  void aGroupWithoutAuthorizationsChangesNothing() {
    // AuthorizedGroupsPlugin: the engine's authorization manager no longer narrows the caller's groups with a scan
    Object manager = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
        .getCommandExecutorTxRequired().execute(ctx -> ctx.getAuthorizationManager());
    assertThat(manager.getClass().getSimpleName()).isEqualTo("CallerGroupsAuthorizationManager");
    identity.setAuthentication(QINGQUAN, java.util.Arrays.asList("caseworker-" + QINGQUAN_COMMUNITY, "no-authorizations-at-all",
        "caseworker-" + QINGQUAN_COMMUNITY));
    try {
      assertThat(tasks.createTaskQuery().list()).extracting(Task::getProcessInstanceId)
          .containsExactly(complaints.instance(qingquanCase).getId());
      Filter filter = filters.createFilterQuery().filterName("清泉社区 · 待办 / To do").singleResult();
      assertThat(filters.<Task>list(filter.getId())).extracting(Task::getProcessInstanceId)
          .containsExactly(complaints.instance(qingquanCase).getId());
      assertThat(filters.count(filter.getId())).isEqualTo(1);
    } finally {
      identity.clearAuthentication();
    }
    identity.setAuthentication(QINGQUAN, List.of("no-authorizations-at-all"));
    try {
      assertThat(tasks.createTaskQuery().list()).as("only a group without authorizations: nothing").isEmpty();
    } finally {
      identity.clearAuthentication();
    }
  }

  @Test
  @DisplayName("不能认领或办理其他社区的任务；上级可看不可办")
  void cannotClaimOrCompleteOthersWork() {
    Task sibling = complaints.task(zhonghaixiCase);
    assertThatThrownBy(() -> staff.as(QINGQUAN, () -> tasks.claim(sibling.getId(), QINGQUAN))).isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> staff.as(QINGQUAN, () -> tasks.complete(sibling.getId()))).isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> staff.as(WANLIAN, () -> tasks.claim(sibling.getId(), WANLIAN)))
        .as("the street reads the community's work but does not take it over").isInstanceOf(AuthorizationException.class);
    staff.as(ZHONGHAIXI, () -> tasks.claim(sibling.getId(), ZHONGHAIXI));
    assertThat(complaints.task(zhonghaixiCase).getAssignee()).isEqualTo(ZHONGHAIXI);
  }

  @Test
  @DisplayName("Tasklist 过滤器：每个社区一个，只对本社区和上级开放，内容不越界")
  void tasklistFilterPerCommunity() {
    List<String> qingquanFilters = staff.as(QINGQUAN, () -> filters.createTaskFilterQuery().list().stream().map(Filter::getName).toList());
    assertThat(qingquanFilters).containsExactly("清泉社区 · 待办 / To do");
    Filter filter = filters.createFilterQuery().filterName("清泉社区 · 待办 / To do").singleResult();
    List<Task> listed = staff.as(QINGQUAN, () -> filters.<Task>list(filter.getId()));
    assertThat(listed).extracting(Task::getProcessInstanceId).containsExactly(complaints.instance(qingquanCase).getId());
    assertThatThrownBy(() -> staff.as(ZHONGHAIXI, () -> filters.list(filter.getId()))).isInstanceOf(AuthorizationException.class);
    Filter street = filters.createFilterQuery().filterName("万莲街道 · 待办 / To do").singleResult();
    assertThat(staff.as(WANLIAN, () -> filters.<Task>list(street.getId()))).hasSize(2);
  }

  @Test
  @DisplayName("引擎 REST：无凭证 401；凭证错 401；有凭证只看到本辖区；认领他人任务被拒")
  void engineRestHonoursJurisdiction() throws Exception {
    assertThat(rest("GET", "/engine-rest/task", null).statusCode()).isEqualTo(401);
    // (another user: a failed login delays that user's next attempt — Camunda's login throttling)
    assertThat(rest("GET", "/engine-rest/task", "hepan:wrong").statusCode()).isEqualTo(401);

    HttpResponse<String> mine = rest("GET", "/engine-rest/task", "qingquan:qingquan");
    assertThat(mine.statusCode()).isEqualTo(200);
    JsonNode list = json.readTree(mine.body());
    assertThat(StreamSupport.stream(list.spliterator(), false).map(t -> t.get("processInstanceId").asText()).toList())
        .containsExactly(complaints.instance(qingquanCase).getId());

    String siblingTask = complaints.task(zhonghaixiCase).getId();
    HttpResponse<String> claim = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/task/" + siblingTask + "/claim"))
        .header("Authorization", basic("qingquan:qingquan")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"qingquan\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(claim.statusCode()).isEqualTo(403);
    assertThat(complaints.task(zhonghaixiCase).getAssignee()).isNull();

    // a refused action is a bad request, named in the answer, and the task stays open
    String myTask = complaints.task(qingquanCase).getId();
    assertThat(post("/engine-rest/task/" + myTask + "/claim", "{\"userId\":\"qingquan\"}").statusCode()).isEqualTo(204);
    HttpResponse<String> refused = post("/engine-rest/task/" + myTask + "/complete",
        "{\"variables\":{\"action\":{\"value\":\"HAND_TO_DEPARTMENT\"},\"message\":{\"value\":\"转城管\"}}}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("HAND_TO_DEPARTMENT").contains("COMMUNITY");
    assertThat(complaints.task(qingquanCase)).isNotNull();
    HttpResponse<String> done = post("/engine-rest/task/" + myTask + "/complete",
        "{\"variables\":{\"action\":{\"value\":\"REPLY\"},\"message\":{\"value\":\"已受理\"}}}");
    assertThat(done.statusCode()).isEqualTo(204);

    HttpResponse<String> variables = rest("GET", "/engine-rest/task/" + siblingTask + "/variables", "qingquan:qingquan");
    assertThat(variables.statusCode()).isIn(403, 404);
    assertThat(variables.body()).doesNotContain("中海西：噪音扰民");
  }

  private List<String> visibleCases(String userId) {
    List<String> instances = staff.as(userId, () -> tasks.createTaskQuery().list().stream().map(Task::getProcessInstanceId).toList());
    return instances.stream()
        .map(id -> runtime.createProcessInstanceQuery().processInstanceId(id).singleResult().getBusinessKey()).toList();
  }

  private HttpResponse<String> rest(String method, String path, String credentials) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (credentials != null) {
      b.header("Authorization", basic(credentials));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", basic("qingquan:qingquan")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String credentials) {
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
