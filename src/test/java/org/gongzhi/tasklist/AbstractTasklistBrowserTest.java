package org.gongzhi.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Camunda Tasklist in a real headless Chromium, driven by Playwright. Needs Debian's chromium at
 * {@code /usr/bin/chromium} and {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1} (set by surefire in pom.xml); without
 * the browser the tests fail and say how to install it. On failure a screenshot goes to
 * {@code target/tasklist-browser/}, and the browser's console errors, the failing or telling REST answers and the
 * form fields showing an error are printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// Camunda's webapps and engine REST find the engine by name in a JVM-wide registry, which the last
// Spring context to start or stop rewrites: give each browser test class a context (and engine) of its own.
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
abstract class AbstractTasklistBrowserTest {

  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

  /** The form-js fields that show an error, as label: message (Tasklist disables Complete while any field has one). */
  static final String FORM_ERRORS = "() => [...document.querySelectorAll('.fjs-form-field')]"
      + ".filter(f => f.querySelector('.fjs-form-field-error') || f.classList.contains('fjs-has-errors'))"
      + ".map(f => (f.querySelector('label') || f).textContent.trim() + ': ' + [...f.querySelectorAll('.fjs-form-field-error')].map(e => e.textContent.trim()).join(' | '))";

  static Playwright playwright;
  static Browser browser;

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;

  final ObjectMapper json = new ObjectMapper();
  final List<String> browserLog = Collections.synchronizedList(new ArrayList<>());
  final List<BrowserContext> contexts = new ArrayList<>();
  Page page;

  /** On failure: a screenshot of the last page, the console errors and the REST answers that explain it. */
  @RegisterExtension
  final AfterTestExecutionCallback reportFailure = extension -> extension.getExecutionException().ifPresent(e -> {
    StringBuilder report = new StringBuilder("\n--- Tasklist browser log (" + extension.getDisplayName() + ") ---\n");
    synchronized (browserLog) {
      browserLog.forEach(line -> report.append(line).append('\n'));
    }
    if (page != null && !page.isClosed()) {
      report.append("form-js fields with errors: ").append(page.evaluate(FORM_ERRORS)).append('\n');
      Path shot = Paths.get("target", "tasklist-browser", extension.getRequiredTestMethod().getName() + ".png");
      page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
      report.append("screenshot: ").append(shot.toAbsolutePath()).append('\n');
    }
    System.err.println(report);
  });

  @BeforeAll
  static void launchChromium() {
    Assertions.assertThat(Files.isExecutable(CHROMIUM))
        .withFailMessage("No Chromium at %s: install it with `apt-get install -y chromium` (Debian) before running the browser tests", CHROMIUM)
        .isTrue();
    playwright = Playwright.create();
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
  }

  @AfterAll
  static void closeChromium() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @AfterEach
  void closeBrowserContextsAndCases() {
    contexts.forEach(BrowserContext::close);
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  /** A fresh browser context (no shared session) logged in to Tasklist as a demo user (password = user id). */
  void logInToTasklist(String userId) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions()
        .setLocale("en-US")
        .setTimezoneId("Asia/Shanghai")
        .setViewportSize(1400, 1000));
    context.setDefaultTimeout(15_000);
    contexts.add(context);
    page = context.newPage();
    String who = "[" + userId + "] ";
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type()) || "warning".equals(m.type())) {
        browserLog.add(who + "console " + m.type() + ": " + m.text());
      }
    });
    page.onPageError(error -> browserLog.add(who + "page error: " + error));
    page.onResponse(response -> logResponse(who, response));

    // Tasklist's AngularJS login form can take input before it is bound, and then silently submits nothing:
    // wait until the page has settled, and try again (at most three times) if the filters do not appear.
    for (int attempt = 1; ; attempt++) {
      page.navigate("http://localhost:" + port + "/camunda/app/tasklist/");
      page.waitForLoadState(LoadState.NETWORKIDLE);
      page.getByPlaceholder("Username").fill(userId);
      page.getByPlaceholder("Password").fill(userId);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in").setExact(true)).click();
      try {
        page.locator(".task-filters .task-filter").first() // logged in: the filters are listed
            .waitFor(new Locator.WaitForOptions().setTimeout(attempt < 3 ? 8_000 : 15_000));
        return;
      } catch (TimeoutError notYet) {
        browserLog.add(who + "login attempt " + attempt + " did not reach the task list");
        if (attempt == 3) {
          throw notYet;
        }
      }
    }
  }

  /** Failed REST answers in full; the filter's task list with its variables; the form variables and submissions. */
  private void logResponse(String who, Response response) {
    String url = response.url();
    if (!url.contains("/camunda/api/")) {
      return;
    }
    String call = response.status() + " " + response.request().method() + " " + url;
    if (response.status() >= 400) {
      browserLog.add(who + "http " + call + " -> " + abbreviate(safeText(response)));
    } else if (url.matches(".*/filter/[^/]+/list.*")) {
      try {
        JsonNode body = json.readTree(response.text());
        List<String> listed = new ArrayList<>();
        for (JsonNode t : body.path("_embedded").path("task")) {
          List<String> variables = new ArrayList<>();
          t.path("_embedded").path("variable").forEach(v -> variables.add(v.path("name").asText() + "=" + v.path("value").asText()));
          listed.add(t.path("name").asText() + " " + variables);
        }
        browserLog.add(who + "http " + call + " -> tasks with their filter variables: " + listed);
      } catch (Exception e) {
        browserLog.add(who + "http " + call + " -> (unreadable: " + e + ")");
      }
    } else if (url.contains("/form-variables") || url.contains("/submit-form")) {
      browserLog.add(who + "http " + call + " -> " + abbreviate(safeText(response)));
    }
  }

  static String safeText(Response response) {
    try {
      return response.text();
    } catch (RuntimeException e) {
      return "(no body: " + e.getMessage() + ")";
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 600 ? text : text.substring(0, 600) + "…";
  }

  /** A form-js label (or a field's accessible name): the label, then an asterisk if the field is required. */
  static java.util.regex.Pattern labelled(String label) {
    return java.util.regex.Pattern.compile("^" + literal(label) + "\\s*\\*?$");
  }

  /** Regex-escapes text; Playwright hands patterns to JavaScript, which knows no {@code \Q...\E} of Pattern.quote. */
  static String literal(String text) {
    return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}/]", "\\\\$0");
  }

  /**
   * Completes the open task's form and requires Tasklist's submission to be accepted. Tasklist enables Complete
   * only while form-js reports no error key at all ({@code Object.keys(errors).length == 0}).
   */
  void complete() {
    Locator completeButton = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Complete").setExact(true));
    com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(completeButton).isEnabled();
    Response submitted = page.waitForResponse(
        r -> r.url().contains("/submit-form") && "POST".equals(r.request().method()),
        completeButton::click);
    Assertions.assertThat(submitted.status()).as("POST %s answered %s", submitted.url(), safeText(submitted)).isEqualTo(204);
  }
}
