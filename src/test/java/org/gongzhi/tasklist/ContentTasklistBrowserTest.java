package org.gongzhi.tasklist;

import static org.gongzhi.support.ContentFixtures.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.gongzhi.content.ContentApprovalProcess;
import org.gongzhi.content.ContentSubmission;
import org.gongzhi.content.ContentSubmission.Status;
import org.gongzhi.content.ContentSubmissions;
import org.gongzhi.content.NewContentSubmission;
import org.gongzhi.content.ReviewLevel;
import org.gongzhi.support.ChannelServer;
import org.gongzhi.support.ContentFixtures;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Mailbox;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 三级审核 in Camunda Tasklist, in a real headless Chromium: the community reviewer sees a body full of HTML as
 * plain text and returns it with a reason, the author revises it in their own filter (title, body and the channel
 * checklist), the community reviewer approves the revision, and after the other two levels and publishing a
 * district reviewer withdraws it from Tasklist's "Start process" dialog. Each step is checked through
 * {@link ContentSubmissions}; the channels are a real HTTP server ({@link ChannelServer}).
 */
class ContentTasklistBrowserTest extends AbstractTasklistBrowserTest {

  static final String COMMUNITY_FILTER = "清泉社区 · 待办 / To do";
  static final String AUTHOR_FILTER = "我的稿件 / My submissions · " + AUTHOR;
  static final String REVIEW_TASK = "审核稿件";
  static final String REVISE_TASK = "修改稿件";
  static final String WITHDRAWAL_PROCESS = "撤稿 Withdraw published content";

  static final String TITLE = "清泉社区邻里节预告";
  static final String HOSTILE_BODY = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script><b>邻里节</b>"
      + "本周六上午九点在社区广场举行。";
  static final String REJECT_REASON = "正文里有 HTML 代码 <script>，请改为纯文字。";
  static final String REVISED_TITLE = "清泉社区邻里节（修改稿）";
  static final String REVISED_BODY = "本周六上午九点，清泉社区广场举办邻里节，欢迎居民参加。";
  static final String WITHDRAWAL_REASON = "活动因天气取消。";

  /** The author's notifications are mailed by jobs: without a server they would fail and be retried. */
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  static ChannelServer channels;

  @Autowired ContentSubmissions submissions;
  @Autowired ContentFixtures fx;
  @Autowired EngineDriver driver;

  @BeforeAll
  static void startChannels() {
    channels = ChannelServer.start();
  }

  @AfterAll
  static void stopChannels() {
    if (channels != null) {
      channels.close();
    }
  }

  @BeforeEach
  void resetChannels() {
    channels.reset();
  }

  @AfterEach
  void clearEngineAuthentication() {
    driver.reset();
  }

  @Test
  @DisplayName("审核员看到的正文是纯文字并退回，作者在 Tasklist 修改（含渠道勾选），通过三级审核发布后，区级审核员从“Start process”撤稿 / "
      + "A reviewer sees hostile HTML as text and returns it, the author revises it in Tasklist, and after publishing a district reviewer withdraws it from Start process")
  void reviewReviseApprovePublishAndWithdrawThroughTasklist() {
    String n = submissions.submit(new NewContentSubmission(Staff.QINGQUAN_COMMUNITY, TITLE, HOSTILE_BODY, List.of(),
        List.of(DOUYIN), null, AUTHOR, null, null, null, null)).submission().submissionNumber();

    // 1. the community reviewer: the body is shown as the text it is, never as markup; return it with a reason
    logInToTasklist(COMMUNITY_REVIEWER);
    openTask(COMMUNITY_FILTER, REVIEW_TASK, n, true);
    Locator body = textbox("正文 / Body");
    PlaywrightAssertions.assertThat(body).hasValue(HOSTILE_BODY);
    PlaywrightAssertions.assertThat(body).isDisabled();
    PlaywrightAssertions.assertThat(page.locator(".fjs-form b")).hasCount(0);
    PlaywrightAssertions.assertThat(page.locator("img[src='x']")).hasCount(0);
    Assertions.assertThat(page.evaluate("() => typeof window.__xss")).as("no script from the body ran").isEqualTo("undefined");
    radio("退回修改 / Return for revision").check();
    Locator reason = textbox("退回原因（作者可见） / Reason (the author sees it)");
    reason.fill(REJECT_REASON);
    reason.blur(); // form-js debounces typing into its model; leaving the field flushes it
    complete();

    ContentSubmission returned = submissions.view(n).submission();
    Assertions.assertThat(returned.status()).isEqualTo(Status.NEEDS_REVISION);
    Assertions.assertThat(submissions.view(n).reviews()).singleElement().satisfies(r -> {
      Assertions.assertThat(r.decision()).isEqualTo(ContentApprovalProcess.REJECT);
      Assertions.assertThat(r.reason()).isEqualTo(REJECT_REASON);
      Assertions.assertThat(r.reviewer()).isEqualTo(COMMUNITY_REVIEWER);
    });

    // 2. the author, in their own filter: the reason (as text), a new title and body, other channels, no publish time
    logInToTasklist(AUTHOR);
    openTask(AUTHOR_FILTER, REVISE_TASK, n, false);
    PlaywrightAssertions.assertThat(textbox("审核意见 / Review opinions")).hasValue(Pattern.compile(literal(REJECT_REASON)));
    PlaywrightAssertions.assertThat(textbox("正文 / Body")).hasValue(HOSTILE_BODY);
    Assertions.assertThat(page.evaluate("() => typeof window.__xss")).as("no script from the body ran").isEqualTo("undefined");
    fillAndLeave(textbox("标题 / Title"), REVISED_TITLE);
    fillAndLeave(textbox("正文 / Body"), REVISED_BODY);
    PlaywrightAssertions.assertThat(checkbox("抖音 / Douyin")).isChecked();
    checkbox("抖音 / Douyin").uncheck();
    checkbox("微信公众号 / WeChat official account").check();
    checkbox("区级 App / District app").check();
    PlaywrightAssertions.assertThat(textbox("发布时间（yyyy-MM-dd HH:mm，留空即立即发布） / Publish at (yyyy-MM-dd HH:mm, empty = at once)"))
        .hasValue("");
    complete();

    ContentSubmission revised = submissions.view(n).submission();
    Assertions.assertThat(revised.round()).isEqualTo(2);
    Assertions.assertThat(revised.title()).isEqualTo(REVISED_TITLE);
    Assertions.assertThat(revised.body()).isEqualTo(REVISED_BODY);
    Assertions.assertThat(revised.targetChannels()).containsExactly(WECHAT, DISTRICT_APP);
    Assertions.assertThat(revised.publishAt()).isNull();
    Assertions.assertThat(revised.status()).isEqualTo(Status.IN_REVIEW);
    Assertions.assertThat(revised.reviewLevel()).isEqualTo(ReviewLevel.FIRST);

    // 3. the community reviewer approves the revision; the street and the district sign after them
    logInToTasklist(COMMUNITY_REVIEWER);
    openTask(COMMUNITY_FILTER, REVIEW_TASK, n, true);
    PlaywrightAssertions.assertThat(textbox("标题 / Title")).hasValue(REVISED_TITLE);
    PlaywrightAssertions.assertThat(textbox("正文 / Body")).hasValue(REVISED_BODY);
    radio("通过 / Approve").check();
    complete();
    Assertions.assertThat(submissions.view(n).submission().reviewLevel()).isEqualTo(ReviewLevel.SECOND);
    fx.approve(n, STREET_REVIEWER);
    fx.approve(n, DISTRICT_REVIEWER_2);
    Assertions.assertThat(driver.executeDueJobs()).as("publishing and the author's mails").isEmpty();
    Assertions.assertThat(submissions.view(n).submission().status()).isEqualTo(Status.PUBLISHED);
    Assertions.assertThat(channels.received("content.published", n)).extracting(ChannelServer.Received::channel)
        .containsExactlyInAnyOrder(WECHAT, DISTRICT_APP);
    Assertions.assertThat(channels.received("content.published", n)).extracting(r -> r.body().path("body").asText())
        .containsOnly(REVISED_BODY);

    // 4. a district reviewer withdraws it from Tasklist's "Start process" dialog
    logInToTasklist(DISTRICT_REVIEWER);
    // the link's accessible name begins with its glyphicon (a private-use character the icon font draws), so it is
    // not exactly "Start process"
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("Start process$"))).click();
    Locator dialog = page.locator(".modal-dialog");
    dialog.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(WITHDRAWAL_PROCESS).setExact(true)).click();
    Locator number = dialog.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName(labelled("稿件编号 / Submission number")));
    fillAndLeave(number, n);
    fillAndLeave(dialog.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName(labelled("撤稿原因 / Reason"))), WITHDRAWAL_REASON);
    Locator start = dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start").setExact(true));
    PlaywrightAssertions.assertThat(start).isEnabled();
    Response started = page.waitForResponse(
        r -> r.url().contains("/process-definition/") && r.url().contains("/submit-form") && "POST".equals(r.request().method()),
        start::click);
    Assertions.assertThat(started.status()).as("POST %s answered %s", started.url(), safeText(started)).isEqualTo(200);

    Assertions.assertThat(submissions.view(n).submission().status()).isEqualTo(Status.WITHDRAWN);
    Assertions.assertThat(driver.executeDueJobs()).as("taking down and the author's mail").isEmpty();
    ContentSubmission withdrawn = submissions.view(n).submission();
    Assertions.assertThat(withdrawn.withdrawnBy()).isEqualTo(DISTRICT_REVIEWER);
    Assertions.assertThat(withdrawn.withdrawalReason()).isEqualTo(WITHDRAWAL_REASON);
    Assertions.assertThat(channels.received("content.withdrawn", n)).extracting(ChannelServer.Received::channel)
        .containsExactlyInAnyOrder(WECHAT, DISTRICT_APP);
    Assertions.assertThat(channels.received("content.withdrawn", n))
        .allSatisfy(r -> Assertions.assertThat(r.body().path("reason").asText()).isEqualTo(WITHDRAWAL_REASON));
    Assertions.assertThat(submissions.view(n).channels()).extracting(c -> c.publication().status())
        .containsOnly(ContentSubmission.PublicationStatus.WITHDRAWN);
    Assertions.assertThat(Mailbox.to(greenMail, Staff.email(AUTHOR), n)).extracting(Mailbox::subject)
        .anyMatch(s -> s.contains("退回修改")).anyMatch(s -> s.contains("已发布")).anyMatch(s -> s.contains("已撤稿"));
    Assertions.assertThat(Mailbox.to(greenMail, Staff.email(AUTHOR), n)).filteredOn(m -> Mailbox.subject(m).contains("退回修改"))
        .singleElement().satisfies(m -> Assertions.assertThat(Mailbox.body(m)).contains(REJECT_REASON));
  }

  /** Selects the filter, opens the submission's task from it, claims it if asked and waits for its Camunda Form. */
  private void openTask(String filterName, String taskName, String submissionNumber, boolean claim) {
    Locator filter = page.locator(".task-filters .task-filter").filter(new Locator.FilterOptions().setHasText(filterName));
    PlaywrightAssertions.assertThat(filter).isVisible();
    filter.click();
    Locator task = page.locator("ol.tasks-list li.task").filter(new Locator.FilterOptions().setHasText(taskName));
    PlaywrightAssertions.assertThat(task).hasCount(1);
    PlaywrightAssertions.assertThat(task).containsText(submissionNumber);
    task.getByText(taskName).click();
    if (claim) {
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Claim").setExact(true)).click();
    }
    Locator number = textbox("稿件编号 / Submission");
    PlaywrightAssertions.assertThat(number).hasValue(submissionNumber);
    PlaywrightAssertions.assertThat(number).isDisabled();
  }

  private Locator textbox(String label) {
    return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName(labelled(label)));
  }

  private Locator radio(String label) {
    return page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(label).setExact(true));
  }

  private Locator checkbox(String label) {
    return page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName(label).setExact(true));
  }

  /** form-js debounces typing into its model; leaving the field flushes it. */
  private static void fillAndLeave(Locator field, String text) {
    field.fill(text);
    field.blur();
    PlaywrightAssertions.assertThat(field).hasValue(text);
  }
}
