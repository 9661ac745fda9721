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
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.RuntimeService;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.gongzhi.complaint.ComplaintManagement;
import org.gongzhi.complaint.NewComplaint;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Mailbox;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.gongzhi.complaint.TimelineEntry;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * What a caseworker sees in Camunda Tasklist, in a real headless Chromium: their community's filter and
 * case only, the Camunda Form of the case, and a reply typed into that form reaching the case's public
 * timeline.
 */
class TasklistBrowserTest extends AbstractTasklistBrowserTest {

  static final String QINGQUAN_FILTER = "清泉社区 · 待办 / To do";
  static final String ZHONGHAIXI_FILTER = "中海西社区 · 待办 / To do";
  static final String TASK_NAME = "办理诉求（回复 / 办结 / 上报）";
  static final String QINGQUAN_TITLE = "清泉路灯坏了";
  static final String ZHONGHAIXI_TITLE = "中海西噪音扰民";
  static final String HOSTILE = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
  static final String RESIDENT = "resident@example.com";

  /** The resident's mails, on a free port (another test run on the machine may hold GreenMail's 3025). */
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
  @Autowired ComplaintManagement management;
  @Autowired EngineDriver driver;

  String qingquanCase;
  String zhonghaixiCase;

  @BeforeEach
  void twoSiblingCommunities() {
    qingquanCase = complaints.submitIn(Staff.QINGQUAN_COMMUNITY, QINGQUAN_TITLE);
    zhonghaixiCase = complaints.submitIn(Staff.ZHONGHAIXI_COMMUNITY, ZHONGHAIXI_TITLE);
  }

  @Test
  @DisplayName("清泉办事员在 Tasklist 只看到本社区诉求，认领后用表单回复居民 / A Qingquan caseworker sees only her community's case in Tasklist, claims it and replies to the resident through the form")
  void caseworkerSeesHerCaseAndRepliesThroughTheForm() {
    logInToTasklist(Staff.QINGQUAN);

    // the filter of her community, and only that one
    Locator filters = page.locator(".task-filters .task-filter");
    PlaywrightAssertions.assertThat(filters.filter(new Locator.FilterOptions().setHasText(QINGQUAN_FILTER))).isVisible();
    PlaywrightAssertions.assertThat(filters).hasCount(1);

    // her case, with the filter's variables (case number, title); never the sibling community's.
    // Tasklist fetches those variables with a variable-instance query under her authorizations: process
    // variables need READ on the process instance (READ on the task covers only task-local variables).
    Locator tasks = page.locator("ol.tasks-list li.task");
    PlaywrightAssertions.assertThat(tasks).hasCount(1);
    Locator task = tasks.first();
    PlaywrightAssertions.assertThat(task).containsText(TASK_NAME);
    PlaywrightAssertions.assertThat(task).containsText(qingquanCase);
    PlaywrightAssertions.assertThat(task).containsText(QINGQUAN_TITLE);
    PlaywrightAssertions.assertThat(page.locator("ol.tasks-list")).not().containsText(ZHONGHAIXI_TITLE);
    PlaywrightAssertions.assertThat(page.locator("ol.tasks-list")).not().containsText(zhonghaixiCase);

    // open, claim, and the Camunda Form shows the case
    task.getByText(TASK_NAME).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Claim").setExact(true)).click();
    Locator title = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("标题 / Title").setExact(true));
    PlaywrightAssertions.assertThat(title).hasValue(QINGQUAN_TITLE);
    PlaywrightAssertions.assertThat(title).isDisabled();
    PlaywrightAssertions.assertThat(page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("诉求编号 / Case number").setExact(true))).hasValue(qingquanCase);

    // reply to the resident and complete
    String reply = "您好，路灯已报修，维修师傅明天上午到场。(" + qingquanCase + ")";
    page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("回复居民 / Reply to resident").setExact(true)).check();
    page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("回复内容、备注或原因 / Reply, note or reason").setExact(true)).fill(reply);
    Response submitted = page.waitForResponse(
        r -> r.url().contains("/submit-form") && "POST".equals(r.request().method()),
        () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Complete").setExact(true)).click());
    Assertions.assertThat(submitted.status()).as("POST %s answered %s", submitted.url(), submitted.text()).isEqualTo(204);

    // the form really submitted action and message: the resident sees the reply
    List<TimelineEntry> timeline = management.view(qingquanCase, false).timeline();
    Assertions.assertThat(timeline)
        .filteredOn(entry -> entry.kind() == TimelineEntry.Kind.REPLY)
        .singleElement()
        .satisfies(entry -> {
          Assertions.assertThat(entry.message()).isEqualTo(reply);
          Assertions.assertThat(entry.actor()).isEqualTo(Staff.QINGQUAN);
          Assertions.assertThat(entry.visibility()).isEqualTo(TimelineEntry.Visibility.PUBLIC);
        });
  }

  @Test
  @DisplayName("中海西办事员在 Tasklist 看不到清泉的诉求 / A Zhonghaixi caseworker does not see Qingquan's case in Tasklist")
  void siblingCommunityDoesNotSeeIt() {
    logInToTasklist(Staff.ZHONGHAIXI);

    Locator filters = page.locator(".task-filters .task-filter");
    PlaywrightAssertions.assertThat(filters.filter(new Locator.FilterOptions().setHasText(ZHONGHAIXI_FILTER))).isVisible();
    PlaywrightAssertions.assertThat(filters).hasCount(1);
    PlaywrightAssertions.assertThat(page.locator(".task-filters")).not().containsText(QINGQUAN_FILTER);

    Locator tasks = page.locator("ol.tasks-list li.task");
    PlaywrightAssertions.assertThat(tasks).hasCount(1);
    // their own case is listed (so the list is really loaded) ...
    PlaywrightAssertions.assertThat(tasks.first()).containsText(zhonghaixiCase);
    PlaywrightAssertions.assertThat(tasks.first()).containsText(ZHONGHAIXI_TITLE);
    // ... and Qingquan's is not
    PlaywrightAssertions.assertThat(page.locator("ol.tasks-list")).not().containsText(QINGQUAN_TITLE);
    PlaywrightAssertions.assertThat(page.locator("ol.tasks-list")).not().containsText(qingquanCase);
  }

  @Test
  @DisplayName("标题、内容、反映人含 HTML 和 <script> 的诉求：Tasklist 列表与表单只显示文字、不执行；回复居民的邮件是纯文本、原样包含 / "
      + "HTML and <script> in a complaint's title, description and reporter stay text in Tasklist's list and form; the resident's mail is plain text")
  void hostileTextStaysText() throws Exception {
    String title = "路灯坏了" + HOSTILE;
    String description = "小区门口" + HOSTILE;
    String hostileCase = management.submit(new NewComplaint(Staff.QINGQUAN_COMMUNITY, "public-facilities", title, description,
        "王芳" + HOSTILE, Complaints.PHONE, RESIDENT, "zh-CN", "wechat", null, null, "清泉路 12 号", null)).complaint().caseNumber();
    logInToTasklist(Staff.QINGQUAN);

    Locator task = page.locator("ol.tasks-list li.task").filter(new Locator.FilterOptions().setHasText(hostileCase));
    PlaywrightAssertions.assertThat(task).containsText(title);
    task.getByText(TASK_NAME).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Claim").setExact(true)).click();
    PlaywrightAssertions.assertThat(textbox("标题 / Title")).hasValue(title);
    PlaywrightAssertions.assertThat(textbox("诉求内容 / What the resident says")).hasValue(description);
    // the form gets only the masked reporter: the name's first character, then stars
    PlaywrightAssertions.assertThat(textbox("反映人 / Reporter")).hasValue(Pattern.compile("^王\\*+ 138\\*{4}5678$"));

    String reply = "已派人维修。" + HOSTILE;
    page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("回复居民 / Reply to resident").setExact(true)).check();
    textbox("回复内容、备注或原因 / Reply, note or reason").fill(reply);
    complete();
    Assertions.assertThat(page.locator("img[src='x']").count()).as("no markup from stored text").isZero();
    Assertions.assertThat(page.evaluate("() => typeof window.__xss")).isEqualTo("undefined");

    // the reply reaches the resident by mail: text/plain, the text as typed (a mail client shows it, never runs it)
    driver.executeDueJobs();
    List<MimeMessage> mails = Arrays.stream(mailServer.getReceivedMessages())
        .filter(m -> Mailbox.subject(m).contains(hostileCase) && Mailbox.body(m).contains(reply)).toList();
    Assertions.assertThat(mails).hasSize(1);
    Assertions.assertThat(mails.get(0).getContentType()).startsWith("text/plain");
    Assertions.assertThat(mails.get(0).getAllRecipients()[0].toString()).isEqualTo(RESIDENT);
  }

  Locator textbox(String label) {
    return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName(labelled(label)));
  }
}
