package org.gongzhi.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SelectOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The supervisors' dashboard ({@code /supervision/}) in a real headless Chromium: a street supervisor logs in through the
 * page's form, sees only her street's communities, follows an at-risk and a breached case to their deadlines, downloads
 * the breach list as CSV (UTF-8 with BOM), switches to English; hostile HTML in a title stays text. The data is made
 * through the app's own services with Camunda's clock moved so that reply deadlines are breached.
 */
class SupervisionDashboardBrowserTest extends AbstractTasklistBrowserTest {

  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  static final String HOSTILE_TITLE = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>清泉路灯坏了";
  static final String ZHONGHAIXI_LATE_TITLE = "中海西噪音扰民";
  static final String ZHONGHAIXI_IN_TIME_TITLE = "中海西停车难";
  static final String QINGQUAN_AT_RISK_TITLE = "清泉楼道堆放杂物";
  static final String HEPAN_TITLE = "河畔下水道堵塞";
  /** For docs/images/supervision-dashboard.png: copied there by hand when the page changes, so that a test run never edits the docs. */
  static final Path SCREENSHOT = Paths.get("target", "supervision-dashboard.png");

  /**
   * Warnings and breaches are mailed by jobs: without a server they would fail and be retried. This test's own server, on
   * a free port (another test run on the machine may hold GreenMail's 3025, and must not receive these mails).
   */
  static final GreenMail mailServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

  @DynamicPropertySource
  static void mailServerOnAFreePort(DynamicPropertyRegistry registry) {
    if (!mailServer.isRunning()) {
      mailServer.start();
    }
    registry.add("spring.mail.port", () -> mailServer.getSmtp().getPort());
  }

  @AfterAll
  static void stopMailServer() {
    mailServer.stop();
  }

  @Autowired Complaints complaints;
  @Autowired EngineDriver driver;

  /** Accept-Language of every request the page made to the supervision API, in order. */
  final List<String> apiLanguages = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void resetClock() {
    driver.reset();
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  @DisplayName("万莲街道主管登录看板：只见本街道社区，从临近超时/超时清单进入案件期限，导出 CSV（带 BOM），切换英文，标题中的 HTML 只作文字 / "
      + "The Wanlian street supervisor sees only her communities, follows at-risk and breached cases to their deadlines, "
      + "exports the breaches as CSV with a BOM and switches to English; HTML in a title stays text")
  void streetSupervisorWatchesHerStreet() throws Exception {
    // ---- data: four complaints in 万莲街道, one in 铁西区's 河畔社区; Camunda's clock runs 25 hours
    // (ending two minutes before the real now, so that the browser's "today" and the engine's agree)
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(25).plusMinutes(2));
    driver.freezeAt(start);
    String qingquanLate = complaints.submitIn(Staff.QINGQUAN_COMMUNITY, HOSTILE_TITLE);
    String zhonghaixiLate = complaints.submitIn(Staff.ZHONGHAIXI_COMMUNITY, ZHONGHAIXI_LATE_TITLE);
    String zhonghaixiInTime = complaints.submitIn(Staff.ZHONGHAIXI_COMMUNITY, ZHONGHAIXI_IN_TIME_TITLE);
    String hepanLate = complaints.submitIn(Staff.HEPAN_COMMUNITY, HEPAN_TITLE);
    Assertions.assertThat(driver.advance(Duration.ofHours(1))).isEmpty();
    complaints.act(zhonghaixiInTime, Staff.ZHONGHAIXI, ComplaintAction.REPLY, "已联系物业协调车位。");
    Assertions.assertThat(driver.advance(Duration.ofHours(5))).isEmpty();
    String qingquanAtRisk = complaints.submitIn(Staff.QINGQUAN_COMMUNITY, QINGQUAN_AT_RISK_TITLE);
    // 25 h after the start: three reply deadlines (24 h) breached; the last case's reply (due at 30 h) warned, not yet due
    Assertions.assertThat(driver.advance(Duration.ofHours(19))).isEmpty();

    // ---- log in through the page's form
    openDashboardPage("zh-CN", 1280, 900);
    PlaywrightAssertions.assertThat(byId("login-form")).isVisible();
    PlaywrightAssertions.assertThat(byId("login-error")).isHidden();
    byId("login-username").fill(Staff.WANLIAN_SUP);
    byId("login-password").fill(Staff.WANLIAN_SUP);
    byId("login-submit").click();
    PlaywrightAssertions.assertThat(byId("dashboard-view")).isVisible();
    settled();

    // who, where, and the node picker: the street and its two communities, nothing of another district
    PlaywrightAssertions.assertThat(byId("user-name")).containsText(Staff.WANLIAN_SUP);
    PlaywrightAssertions.assertThat(byId("user-node")).containsText("万莲街道");
    Assertions.assertThat(byId("node-picker").locator("option").allTextContents())
        .extracting(text -> text.replaceAll("[\\s\\u00a0└]", ""))
        .containsExactly("万莲街道", "清泉社区", "中海西社区");
    PlaywrightAssertions.assertThat(byId("node-picker")).hasValue(Staff.WANLIAN_STREET);
    JsonNode me = getJson("/api/v1/supervision/me");
    if (me.path("calendar").path("message").isTextual()) {
      PlaywrightAssertions.assertThat(byId("calendar-warning")).isVisible();
      PlaywrightAssertions.assertThat(byId("calendar-warning")).containsText(me.path("calendar").path("message").asText());
    } else {
      PlaywrightAssertions.assertThat(byId("calendar-warning")).isHidden();
    }

    // the period: this month by default; the last 90 days cover the data even on the first day of a month
    LocalDate today = LocalDate.now(CHINA);
    PlaywrightAssertions.assertThat(byId("period-from")).hasValue(today.withDayOfMonth(1).toString());
    PlaywrightAssertions.assertThat(byId("period-to")).hasValue(today.toString());
    byId("period-90-days").click();
    PlaywrightAssertions.assertThat(byId("period-from")).hasValue(today.minusDays(89).toString());
    settled();

    // ---- cards and open work: four open cases, two breached, one at risk (河畔 is not counted)
    PlaywrightAssertions.assertThat(byId("total-open")).hasText("4");
    PlaywrightAssertions.assertThat(byId("total-breached")).hasText("2");
    PlaywrightAssertions.assertThat(byId("total-at-risk")).hasText("1");
    Locator byProcess = page.locator("[data-testid=by-process-row][data-process=complaint-escalation][data-tier=COMMUNITY]");
    PlaywrightAssertions.assertThat(byProcess).containsText("诉求办理");
    PlaywrightAssertions.assertThat(byProcess.locator("td").nth(2)).hasText("4");

    // ---- at risk and breached: breached first, the hostile title as plain text, nothing of 河畔
    Locator atRisk = page.locator("[data-testid=at-risk-row]");
    PlaywrightAssertions.assertThat(atRisk).hasCount(3);
    PlaywrightAssertions.assertThat(atRiskRow(qingquanLate)).hasAttribute("data-state", "BREACHED");
    PlaywrightAssertions.assertThat(atRiskRow(qingquanLate)).containsText(HOSTILE_TITLE);
    PlaywrightAssertions.assertThat(atRiskRow(qingquanLate)).containsText("首次回复");
    PlaywrightAssertions.assertThat(atRiskRow(zhonghaixiLate)).hasAttribute("data-state", "BREACHED");
    PlaywrightAssertions.assertThat(atRiskRow(qingquanAtRisk)).hasAttribute("data-state", "AT_RISK");
    PlaywrightAssertions.assertThat(atRisk.last()).hasAttribute("data-state", "AT_RISK");
    PlaywrightAssertions.assertThat(byId("at-risk-table")).not().containsText(hepanLate);
    Assertions.assertThat(byId("at-risk-table").locator("img").count()).as("no markup from a title").isZero();

    // ---- rates per community: only 万莲街道's; 中海西 replied once in time of two, 清泉 once late of one decided
    Locator rates = page.locator("[data-testid=rates-row]");
    PlaywrightAssertions.assertThat(rates).hasCount(2);
    Assertions.assertThat(rates.evaluateAll("rows => rows.map(r => r.dataset.code)").toString())
        .contains(Staff.QINGQUAN_COMMUNITY, Staff.ZHONGHAIXI_COMMUNITY);
    PlaywrightAssertions.assertThat(byId("rates-table")).not().containsText("河畔社区");
    PlaywrightAssertions.assertThat(ratesRow(Staff.ZHONGHAIXI_COMMUNITY).locator("td").nth(4)).hasText("50.0%");
    PlaywrightAssertions.assertThat(ratesRow(Staff.QINGQUAN_COMMUNITY).locator("td").nth(4)).hasText("0.0%");
    PlaywrightAssertions.assertThat(ratesRow(Staff.ZHONGHAIXI_COMMUNITY).locator("td").nth(6)).hasText("—"); // nobody rated
    PlaywrightAssertions.assertThat(ratesRow(Staff.ZHONGHAIXI_COMMUNITY)).hasAttribute("data-board", "red");
    PlaywrightAssertions.assertThat(ratesRow(Staff.QINGQUAN_COMMUNITY)).hasAttribute("data-board", "black");
    PlaywrightAssertions.assertThat(byId("red-list")).containsText("中海西社区");
    PlaywrightAssertions.assertThat(byId("black-list")).containsText("清泉社区");
    PlaywrightAssertions.assertThat(page.locator("[data-testid=rates-total]")).containsText("万莲街道");
    // per street: the one street
    byId("rates-by-street").click();
    settled();
    PlaywrightAssertions.assertThat(rates).hasCount(1);
    PlaywrightAssertions.assertThat(rates.first()).hasAttribute("data-code", Staff.WANLIAN_STREET);
    byId("rates-by-community").click();
    settled();
    PlaywrightAssertions.assertThat(rates).hasCount(2);

    // ---- the weekly trend: an SVG line chart with its legend
    PlaywrightAssertions.assertThat(page.locator("#trend-legend .legend-item")).hasCount(3);
    PlaywrightAssertions.assertThat(page.locator("#trend-svg g.series[data-series=responseRate] circle").first()).isAttached();
    Assertions.assertThat(page.locator("#trend-svg text.axis-label").count()).isGreaterThan(5);

    // ---- the screenshot for the docs: the logged-in dashboard at laptop width, from the top (the header is sticky)
    settled();
    page.evaluate("() => window.scrollTo(0, 0)");
    Files.createDirectories(SCREENSHOT.getParent());
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOT).setFullPage(true));

    // ---- breaches: the two of 万莲, filtered by tier and process; the CSV link carries the same query
    Locator breaches = page.locator("[data-testid=breach-row]");
    PlaywrightAssertions.assertThat(breachRow(qingquanLate)).containsText(HOSTILE_TITLE);
    PlaywrightAssertions.assertThat(breachRow(qingquanLate)).containsText("caseworker-" + Staff.QINGQUAN_COMMUNITY);
    PlaywrightAssertions.assertThat(breachRow(zhonghaixiLate)).isVisible();
    PlaywrightAssertions.assertThat(breaches).hasCount(2);
    PlaywrightAssertions.assertThat(byId("breaches-table")).not().containsText(hepanLate);
    byId("breach-tier").selectOption("STREET");
    settled();
    PlaywrightAssertions.assertThat(breaches).hasCount(0);
    PlaywrightAssertions.assertThat(byId("breaches-empty")).isVisible();
    PlaywrightAssertions.assertThat(byId("breaches-csv")).hasAttribute("href", Pattern.compile(".*[?&]tier=STREET(&|$).*"));
    byId("breach-tier").selectOption("COMMUNITY");
    byId("breach-process").selectOption(new SelectOption().setValue("complaint-escalation"));
    settled();
    PlaywrightAssertions.assertThat(breaches).hasCount(2);
    String csvHref = byId("breaches-csv").getAttribute("href");
    Assertions.assertThat(csvHref).startsWith("/api/v1/supervision/breaches.csv?")
        .contains("node=" + Staff.WANLIAN_STREET, "from=" + today.minusDays(89), "to=" + today,
            "process=complaint-escalation", "tier=COMMUNITY");

    // ---- the CSV: UTF-8 with a BOM, a header row, the breached case, nothing of 河畔
    Download download = page.waitForDownload(() -> byId("breaches-csv").click());
    Assertions.assertThat(download.suggestedFilename()).startsWith("breaches-").endsWith(".csv");
    byte[] csv = Files.readAllBytes(download.path());
    Assertions.assertThat(Arrays.copyOf(csv, 3)).as("UTF-8 byte order mark")
        .containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    String csvText = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
    List<String> lines = csvText.lines().filter(line -> !line.isBlank()).toList();
    Assertions.assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
    Assertions.assertThat(lines.get(0)).as("a header row, in Chinese").contains(",").doesNotContain(qingquanLate)
        .matches(".*\\p{IsHan}.*");
    Assertions.assertThat(csvText).contains(qingquanLate, zhonghaixiLate).doesNotContain(hepanLate);

    // ---- follow an at-risk case to its deadlines, and back
    atRiskRow(qingquanAtRisk).locator("[data-testid=case-link]").click();
    Assertions.assertThat(page.url()).endsWith("#/case/" + qingquanAtRisk);
    PlaywrightAssertions.assertThat(byId("case-view")).isVisible();
    PlaywrightAssertions.assertThat(byId("case-view")).hasAttribute("data-loaded", "true");
    PlaywrightAssertions.assertThat(byId("case-ref")).hasText(qingquanAtRisk);
    PlaywrightAssertions.assertThat(byId("case-title")).hasText(QINGQUAN_AT_RISK_TITLE);
    PlaywrightAssertions.assertThat(page.locator("[data-testid=deadline-row][data-kind=REPLY]")).hasCount(1);
    PlaywrightAssertions.assertThat(page.locator("[data-testid=deadline-row][data-kind=RESOLVE]")).hasCount(1);
    byId("case-back").click();
    PlaywrightAssertions.assertThat(byId("dashboard-view")).isVisible();
    PlaywrightAssertions.assertThat(byId("case-view")).isHidden();

    // ---- follow a breach to its case: the breached reply deadline, with the hostile title as text
    breachRow(qingquanLate).locator("[data-testid=case-link]").click();
    PlaywrightAssertions.assertThat(byId("case-ref")).hasText(qingquanLate);
    PlaywrightAssertions.assertThat(byId("case-view")).hasAttribute("data-loaded", "true");
    PlaywrightAssertions.assertThat(byId("case-title")).hasText(HOSTILE_TITLE);
    PlaywrightAssertions.assertThat(byId("case-community")).containsText("清泉社区");
    Locator reply = page.locator("[data-testid=deadline-row][data-kind=REPLY]");
    PlaywrightAssertions.assertThat(reply).hasCount(1);
    PlaywrightAssertions.assertThat(reply).hasClass(Pattern.compile(".*\\brow-breached\\b.*"));
    PlaywrightAssertions.assertThat(reply).containsText("caseworker-" + Staff.QINGQUAN_COMMUNITY);
    Assertions.assertThat(page.evaluate("() => typeof window.__xss")).isEqualTo("undefined");
    Assertions.assertThat(page.locator("img[src='x'], #case-view script").count()).as("no markup from a title").isZero();
    page.goBack();
    PlaywrightAssertions.assertThat(byId("dashboard-view")).isVisible();

    // ---- every API call so far asked for Chinese; switch to English (remembered across a reload)
    Assertions.assertThat(apiLanguages).isNotEmpty().allMatch("zh-CN"::equals);
    apiLanguages.clear();
    byId("lang-toggle").click();
    settled();
    PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("lang", "en");
    PlaywrightAssertions.assertThat(byId("app-title")).hasText("Gongzhi · Supervision dashboard");
    PlaywrightAssertions.assertThat(page.locator("#card-breached .card-label")).hasText("Breached");
    PlaywrightAssertions.assertThat(byId("rates-table").locator("th").nth(4)).hasText("Response rate");
    PlaywrightAssertions.assertThat(byId("breaches-csv")).hasText("Export CSV");
    PlaywrightAssertions.assertThat(byId("lang-toggle")).hasText("中文");
    PlaywrightAssertions.assertThat(atRiskRow(qingquanLate)).containsText("first reply"); // labels from the API, translated
    Assertions.assertThat(apiLanguages).isNotEmpty().allMatch("en"::equals);
    page.reload();
    PlaywrightAssertions.assertThat(byId("dashboard-view")).isVisible();
    PlaywrightAssertions.assertThat(byId("period-this-month")).hasText("This month");
    settled();

    // ---- on a phone: cards stacked, no sideways scrolling of the page (wide tables scroll inside their box)
    page.setViewportSize(390, 844);
    settled();
    BoundingBox open = byId("card-open").boundingBox();
    BoundingBox breached = byId("card-breached").boundingBox();
    Assertions.assertThat(breached.y).as("cards stack on a phone").isGreaterThan(open.y + open.height - 1);
    Assertions.assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")).intValue())
        .as("page wider than the phone").isLessThanOrEqualTo(0);
    Assertions.assertThat(page.evaluate("() => typeof window.__xss")).isEqualTo("undefined");

    // ---- the breach mail to the street's supervisors names the case by its title: plain text, the title as stored
    List<jakarta.mail.internet.MimeMessage> breachMails = Arrays.stream(mailServer.getReceivedMessages())
        .filter(m -> org.gongzhi.support.Mailbox.subject(m).contains(qingquanLate) && org.gongzhi.support.Mailbox.subject(m).contains("已超时"))
        .toList();
    Assertions.assertThat(breachMails).isNotEmpty().allSatisfy(m -> {
      Assertions.assertThat(m.getContentType()).startsWith("text/plain");
      Assertions.assertThat(org.gongzhi.support.Mailbox.body(m)).contains(HOSTILE_TITLE);
    });

    // ---- log out: back to the login form, and the API no longer answers
    byId("logout-button").click();
    PlaywrightAssertions.assertThat(byId("login-form")).isVisible();
    Assertions.assertThat(page.request().get(url("/api/v1/supervision/me")).status()).isEqualTo(401);
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  @DisplayName("密码错误时提示“用户名或密码不正确”，非主管登录提示无权查看 / A wrong password is refused with a message; a caseworker is told only supervisors may view")
  void wrongPasswordAndNonSupervisor() {
    openDashboardPage("zh-CN", 1280, 900);
    byId("login-username").fill(Staff.WANLIAN_SUP);
    byId("login-password").fill("not-the-password");
    byId("login-submit").click();
    page.waitForURL(Pattern.compile(".*/supervision/\\?error=login$"));
    PlaywrightAssertions.assertThat(byId("login-error")).isVisible();
    PlaywrightAssertions.assertThat(byId("login-error")).hasText("用户名或密码不正确");
    PlaywrightAssertions.assertThat(byId("dashboard-view")).isHidden();

    byId("lang-toggle").click();
    PlaywrightAssertions.assertThat(byId("login-error")).hasText("Wrong user name or password");
    byId("lang-toggle").click();

    byId("login-username").fill(Staff.QINGQUAN);
    byId("login-password").fill(Staff.QINGQUAN);
    byId("login-submit").click();
    PlaywrightAssertions.assertThat(byId("forbidden-message")).isVisible();
    PlaywrightAssertions.assertThat(byId("forbidden-message")).hasText("您不是主管，无权查看");
    PlaywrightAssertions.assertThat(byId("dashboard-view")).isHidden();
    PlaywrightAssertions.assertThat(byId("login-form")).isHidden();
  }

  // ------------------------------------------------------------------ helpers

  /** A fresh browser context (no session) on the dashboard, logging failed API answers and every call's language. */
  void openDashboardPage(String locale, int width, int height) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions()
        .setLocale(locale)
        .setTimezoneId("Asia/Shanghai")
        .setViewportSize(width, height)
        .setAcceptDownloads(true));
    context.setDefaultTimeout(15_000);
    contexts.add(context);
    page = context.newPage();
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type()) || "warning".equals(m.type())) {
        browserLog.add("console " + m.type() + ": " + m.text());
      }
    });
    page.onPageError(error -> browserLog.add("page error: " + error));
    page.onRequest(this::recordLanguage);
    page.onResponse(response -> {
      if (response.url().contains("/supervision") && response.status() >= 400) {
        browserLog.add("http " + response.status() + " " + response.request().method() + " " + response.url() + " -> "
            + abbreviate(safeText(response)));
      }
    });
    // the page learns that nobody is logged in from the API's 401; with a Basic challenge on it, a browser answers
    // with its own password dialog (headless Chromium stalls the request) and the page's login form never shows
    APIResponse anonymous = page.request().get(url("/api/v1/supervision/me"),
        RequestOptions.create().setHeader("X-Requested-With", "XMLHttpRequest").setHeader("Accept", "application/json"));
    Assertions.assertThat(anonymous.status()).as("GET /api/v1/supervision/me without a session").isEqualTo(401);
    Assertions.assertThat(anonymous.headers().getOrDefault("www-authenticate", ""))
        .as("the 401 the page's fetch receives must not carry a Basic challenge, or the browser shows its own login dialog"
            + " instead of the page's form")
        .doesNotContainIgnoringCase("basic");
    page.navigate(url("/supervision/"));
  }

  private void recordLanguage(Request request) {
    if (request.url().contains("/api/v1/supervision/")) {
      // the headers the page set (headers(), not headerValue(): that waits for the raw headers and can hang in a listener)
      apiLanguages.add(request.headers().get("accept-language"));
    }
  }

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  Locator byId(String id) {
    return page.locator("#" + id);
  }

  Locator atRiskRow(String caseRef) {
    return page.locator("[data-testid=at-risk-row][data-case-ref=\"" + caseRef + "\"]");
  }

  Locator breachRow(String caseRef) {
    return page.locator("[data-testid=breach-row][data-case-ref=\"" + caseRef + "\"]");
  }

  Locator ratesRow(String code) {
    return page.locator("[data-testid=rates-row][data-code=\"" + code + "\"]");
  }

  /** Waits until the page has no API request under way. */
  void settled() {
    PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("data-pending", "0");
  }

  /** A GET with the browser's session (the context's cookies). */
  JsonNode getJson(String path) throws Exception {
    APIResponse response = page.request().get(url(path));
    Assertions.assertThat(response.status()).as("GET %s answered %s", path, response.text()).isEqualTo(200);
    return json.readTree(response.text());
  }

  private static String abbreviate(String text) {
    return text.length() <= 600 ? text : text.substring(0, 600) + "…";
  }
}
