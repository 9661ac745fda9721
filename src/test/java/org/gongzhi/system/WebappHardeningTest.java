package org.gongzhi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Camunda's webapps (Tasklist, Cockpit, Admin under {@code /camunda}) as a browser meets them, over real HTTP: security
 * headers and cookie flags on the pages, the CSRF token on every state-changing request, and login throttling per user
 * with Camunda's clock moved instead of waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// Camunda's webapps find the engine by name in a JVM-wide registry, which the last Spring context to start or stop
// rewrites: lock state must be read from the engine the webapps use, so this class gets a context of its own.
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class WebappHardeningTest {

  static final String TASKLIST = "/camunda/app/tasklist/";
  static final String LOGIN = "/camunda/api/admin/auth/user/default/login/tasklist";
  static final String WHO_AM_I = "/camunda/api/admin/auth/user/default";
  static final String ADMIN = "demo";
  /** Longer than the longest delay (login-delay-max-time 300 s): the next wrong password counts again. */
  static final Duration PAST_ANY_DELAY = Duration.ofSeconds(301);

  @LocalServerPort int port;
  @Autowired IdentityService identity;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired EngineDriver driver;
  @Autowired Complaints complaints;
  @Autowired AdministratorGuard guard;

  @BeforeEach
  void freezeClock() {
    driver.freezeAt(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  @AfterEach
  void cleanUp() {
    driver.reset();
    for (String user : new String[] {Staff.QINGQUAN, Staff.ZHONGHAIXI, ADMIN}) {
      identity.unlockUser(user);
    }
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("Tasklist、Cockpit、Admin 页面带 CSP（nonce、禁止嵌入）、nosniff、HSTS；会话 Cookie HttpOnly + SameSite=Strict，CSRF Cookie SameSite=Strict")
  void pagesCarryTheSecurityHeadersAndCookieFlags() throws Exception {
    for (String app : new String[] {TASKLIST + "default/", "/camunda/app/cockpit/default/", "/camunda/app/admin/default/"}) {
      Browser browser = new Browser();
      HttpResponse<String> page = browser.get(app);
      assertThat(page.statusCode()).as(app).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");

      String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).as(app).contains("frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "connect-src 'self'",
          "form-action 'self'");
      Matcher scripts = Pattern.compile("script-src ([^;]*);").matcher(csp);
      assertThat(scripts.find()).as(csp).isTrue();
      assertThat(scripts.group(1)).as("only scripts with this response's nonce, or loaded by them")
          .matches("'nonce-[A-Za-z0-9_-]+' 'strict-dynamic' 'unsafe-eval' 'self'")
          .doesNotContain("https:", "'unsafe-inline'");
      String nonce = scripts.group(1).replaceAll(".*'nonce-([A-Za-z0-9_-]+)'.*", "$1");
      assertThat(page.body()).as("the page's own scripts carry the nonce, so it still works").contains("nonce=\"" + nonce + "\"");

      assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(page.headers().firstValue("X-XSS-Protection")).hasValue("1; mode=block");
      assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");

      String session = setCookie(page, "JSESSIONID");
      assertThat(session).as("the session cookie").containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
      String csrf = setCookie(page, "XSRF-TOKEN");
      assertThat(csrf).as("the CSRF cookie (read by the page's script, so not HttpOnly)")
          .contains("SameSite=Strict", "Path=/camunda").doesNotContainIgnoringCase("HttpOnly");
    }
    HttpResponse<String> api = new Browser().get(WHO_AM_I);
    assertThat(api.headers().firstValue("X-Content-Type-Options")).as("the webapps' API answers too").hasValue("nosniff");

    // the supervisors' dashboard, our own page: its own script file only, no framing
    HttpResponse<String> dashboard = new Browser().get("/supervision/");
    assertThat(dashboard.statusCode()).isEqualTo(200);
    assertThat(dashboard.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self';", "frame-ancestors 'none'", "object-src 'none'").doesNotContain("unsafe");
    assertThat(dashboard.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  @DisplayName("Webapp 的修改请求没有 CSRF 令牌：403（登录、认领任务都不生效，会话作废）；带上令牌：成功")
  void stateChangingRequestsNeedTheCsrfToken() throws Exception {
    String caseNumber = complaints.submitIn(Staff.QINGQUAN_COMMUNITY, "路灯坏了");
    String taskId = complaints.task(caseNumber).getId();

    // a log-in posted without the token (what a forged form on another site would send) is refused
    Browser browser = new Browser();
    browser.get(TASKLIST);
    assertThat(browser.token()).isNotBlank();
    HttpResponse<String> noToken = browser.postForm(LOGIN, credentials(Staff.QINGQUAN, Staff.QINGQUAN), null);
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.headers().firstValue("X-XSRF-TOKEN")).hasValue("Required");
    browser.get(TASKLIST);
    assertThat(browser.postForm(LOGIN, credentials(Staff.QINGQUAN, Staff.QINGQUAN), "0123456789ABCDEF0123456789ABCDEF").statusCode())
        .as("a guessed token").isEqualTo(403);
    assertThat(browser.get(WHO_AM_I).body()).doesNotContain(Staff.QINGQUAN);

    // with the session's token: logged in
    browser.get(TASKLIST);
    HttpResponse<String> login = browser.postForm(LOGIN, credentials(Staff.QINGQUAN, Staff.QINGQUAN), browser.token());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    assertThat(login.body()).contains("\"userId\":\"qingquan\"");

    // claiming her task without the token: refused, the task stays unclaimed, and the session is over
    assertThat(browser.get(WHO_AM_I).statusCode()).isEqualTo(200); // the new session's token
    String claim = "/camunda/api/engine/engine/default/task/" + taskId + "/claim";
    assertThat(browser.postJson(claim, "{\"userId\":\"qingquan\"}", null).statusCode()).isEqualTo(403);
    assertThat(tasks.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isNull();
    assertThat(browser.get(WHO_AM_I).body()).as("logged out").doesNotContain(Staff.QINGQUAN);

    // logged in again, with the token: claimed
    browser.get(TASKLIST);
    assertThat(browser.postForm(LOGIN, credentials(Staff.QINGQUAN, Staff.QINGQUAN), browser.token()).statusCode()).isEqualTo(200);
    browser.get(WHO_AM_I);
    HttpResponse<String> claimed = browser.postJson(claim, "{\"userId\":\"qingquan\"}", browser.token());
    assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(204);
    assertThat(tasks.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isEqualTo(Staff.QINGQUAN);
  }

  @Test
  @DisplayName("连续输错密码：等待时间按 3、6、12… 秒增长、最长 5 分钟，期间正确密码也被拒（Tasklist 与引擎 REST）；只影响该用户；时钟走过等待后可登录")
  void wrongPasswordsDelayTheNextLogIn() throws Exception {
    wrongPasswords(Staff.QINGQUAN, 7); // the 7th wrong password in a row: the next attempt waits 3 s × 2^6 = 192 s
    assertThat(logIn(Staff.QINGQUAN, Staff.QINGQUAN)).as("the right password, while delayed").isEqualTo(401);
    assertThat(engineRest(Staff.QINGQUAN, Staff.QINGQUAN)).as("the engine REST is throttled alike").isEqualTo(401);
    assertThat(logIn(Staff.ZHONGHAIXI, Staff.ZHONGHAIXI)).as("another caseworker").isEqualTo(200);
    assertThat(logIn(ADMIN, ADMIN)).as("the administrator").isEqualTo(200);

    driver.freezeAt(driver.now().plusSeconds(61)); // past Camunda's default cap of 60 s: still delayed
    assertThat(logIn(Staff.QINGQUAN, Staff.QINGQUAN)).isEqualTo(401);
    driver.freezeAt(driver.now().plusSeconds(192 - 61 + 1));
    assertThat(logIn(Staff.QINGQUAN, Staff.QINGQUAN)).isEqualTo(200);
    assertThat(engineRest(Staff.QINGQUAN, Staff.QINGQUAN)).isEqualTo(200);
  }

  @Test
  @DisplayName("第 10 次输错：账号锁定，一天后仍不能登录；管理员在 Admin 里解锁后恢复，管理员本人不受影响")
  void tenWrongPasswordsLockUntilAnAdministratorUnlocks() throws Exception {
    wrongPasswords(Staff.QINGQUAN, 10);
    driver.freezeAt(driver.now().plus(Duration.ofDays(1)));
    assertThat(logIn(Staff.QINGQUAN, Staff.QINGQUAN)).as("locked, however long one waits").isEqualTo(401);

    // the administrator logs in (her own account is not touched) and unlocks her, as Admin → Users → Unlock does
    Browser admin = new Browser();
    admin.get(TASKLIST);
    assertThat(admin.postForm("/camunda/api/admin/auth/user/default/login/admin", credentials(ADMIN, ADMIN), admin.token()).statusCode())
        .isEqualTo(200);
    admin.get(WHO_AM_I);
    HttpResponse<String> unlock = admin.postJson("/camunda/api/engine/engine/default/user/" + Staff.QINGQUAN + "/unlock", "", admin.token());
    assertThat(unlock.statusCode()).as(unlock.body()).isEqualTo(204);
    assertThat(logIn(Staff.QINGQUAN, Staff.QINGQUAN)).isEqualTo(200);
  }

  @Test
  @DisplayName("有人把管理员账号输错锁定：重启（配置了 camunda.bpm.admin-user）即解锁，管理员不会被永久锁在外面")
  void aLockedAdministratorIsUnlockedByAStart() throws Exception {
    wrongPasswords(ADMIN, 10);
    driver.freezeAt(driver.now().plus(Duration.ofDays(1)));
    assertThat(logIn(ADMIN, ADMIN)).isEqualTo(401);

    guard.unlockConfiguredAdministrator(); // what the next start does
    assertThat(logIn(ADMIN, ADMIN)).isEqualTo(200);
  }

  // ------------------------------------------------------------------ helpers

  /** {@code n} wrong passwords in a row, each after the previous delay is over (so that each one counts). */
  void wrongPasswords(String userId, int n) throws Exception {
    for (int i = 1; i <= n; i++) {
      driver.freezeAt(driver.now().plus(PAST_ANY_DELAY));
      assertThat(logIn(userId, "not-" + userId)).as("wrong password %d", i).isEqualTo(401);
    }
  }

  /** A fresh browser opens Tasklist and logs in: the answer's status. */
  int logIn(String userId, String password) throws Exception {
    Browser browser = new Browser();
    browser.get(TASKLIST);
    return browser.postForm(LOGIN, credentials(userId, password), browser.token()).statusCode();
  }

  int engineRest(String userId, String password) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/task"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((userId + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  static String credentials(String userId, String password) {
    return "username=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
  }

  static String setCookie(HttpResponse<String> response, String name) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no Set-Cookie " + name + " in " + response.headers().allValues("Set-Cookie")));
  }

  /** A browser's cookie jar, reduced to what these requests need: one path, no expiry. */
  final class Browser {
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    HttpResponse<String> get(String path) throws Exception {
      return send(request(path).GET());
    }

    HttpResponse<String> postForm(String path, String form, String csrfToken) throws Exception {
      return post(path, "application/x-www-form-urlencoded", form, csrfToken);
    }

    HttpResponse<String> postJson(String path, String json, String csrfToken) throws Exception {
      return post(path, "application/json", json, csrfToken);
    }

    private HttpResponse<String> post(String path, String type, String body, String csrfToken) throws Exception {
      HttpRequest.Builder b = request(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
      if (csrfToken != null) {
        b.header("X-XSRF-TOKEN", csrfToken);
      }
      return send(b);
    }

    /** The CSRF token the page's script would read from its cookie. */
    String token() {
      return cookies.get("XSRF-TOKEN");
    }

    private HttpRequest.Builder request(String path) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "*/*");
      if (!cookies.isEmpty()) {
        b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
      }
      return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.split(";", 2)[0];
        cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
      return r;
    }
  }
}
