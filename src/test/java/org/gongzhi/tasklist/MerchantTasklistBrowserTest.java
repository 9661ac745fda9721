package org.gongzhi.tasklist;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.gongzhi.merchant.MerchantApplication;
import org.gongzhi.merchant.MerchantApplication.Status;
import org.gongzhi.merchant.MerchantApplications;
import org.gongzhi.merchant.MerchantOnboardingProcess;
import org.gongzhi.merchant.MerchantStep;
import org.gongzhi.merchant.MerchantView;
import org.gongzhi.merchant.NewMerchantApplication;
import org.gongzhi.merchant.NewMerchantApplication.NewOffer;
import org.gongzhi.support.MerchantFixtures;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 商户入驻 in Camunda Tasklist, in a real headless Chromium: a merchant whose name carries HTML and script applies
 * (accepted as given), the community cadre sees the name, offers and documents as plain text, is stopped by the form
 * when rejecting without a reason and then approves (after typing in the reason: form-js in Tasklist 7.24 keeps the
 * error of a field its condition hides, so choosing 通过 right after the refusal leaves Complete disabled); the street's
 * inspector records findings and a photo link from the street's filter (the inspectors' groups are among its candidate
 * groups), and the street cadre approves, which lists the merchant in the smart-house catalogue. Each step is checked
 * through {@link MerchantApplications}.
 */
class MerchantTasklistBrowserTest extends AbstractTasklistBrowserTest {

  static final String COMMUNITY_FILTER = "清泉社区 · 待办 / To do";
  static final String STREET_FILTER = "万莲街道 · 待办 / To do";
  static final String REVIEW_TASK = "社区审核";
  static final String INSPECT_TASK = "现场核查";
  static final String APPROVE_TASK = "街道审批";

  static final String HOSTILE_NAME = "老边饺子馆<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
  static final String ADDRESS = "沈阳市沈河区清泉路 18 号";
  static final String OFFER_TITLE = "社区老人午餐";
  static final String OFFER_DESCRIPTION = "六十岁以上居民凭证就餐，<b>每天限量 30 份</b>";
  static final String REJECT_REASON_LABEL = "不予通过的理由（商户可见） / Reason (the merchant sees it)";
  static final String DRAFT_REASON = "同类餐饮已饱和。";
  static final String SUBMIT_ERROR = "An error happened while submitting the task form";
  static final String FINDINGS = "后厨整洁，证照原件与申请一致，灭火器在有效期内。";
  static final String PHOTO = "https://files.example.com/visit-1.jpg";

  @Autowired MerchantApplications applications;

  /** The task forms this page submitted (POST …/submit-form), to prove that a refused form sent nothing. */

  @Test
  @DisplayName("商户名称含 HTML 仍按原文受理并以纯文字显示；社区审核不写理由不能驳回、随后通过，街道核查员在街道待办里核查通过，街道审批后列入智慧屋目录 / "
      + "A hostile merchant name is shown as text; the form refuses a rejection without a reason; inspection and street approval in Tasklist list the merchant")
  void reviewInspectAndApproveThroughTasklist() {
    // 1. the merchant applies with markup in its name and offer: accepted as given, stored as given
    MerchantView applied = applications.apply(new NewMerchantApplication(Staff.QINGQUAN_COMMUNITY, HOSTILE_NAME, MerchantFixtures.freshCode(),
        "catering", "边志远", "13840001234", "merchant@shop.example", ADDRESS,
        List.of(new NewOffer(OFFER_TITLE, OFFER_DESCRIPTION, new BigDecimal("20"))), MerchantFixtures.CATERING_DOCUMENTS));
    String n = applied.application().applicationNumber();
    Assertions.assertThat(applied.application().name()).isEqualTo(HOSTILE_NAME);
    Assertions.assertThat(applied.application().status()).isEqualTo(Status.COMMUNITY_REVIEW);
    Assertions.assertThat(applied.offers()).singleElement().satisfies(o -> Assertions.assertThat(o.description()).isEqualTo(OFFER_DESCRIPTION));

    // 2. the community cadre: everything the merchant wrote is text; a rejection needs a reason; then approve
    logInToTasklist(MerchantFixtures.COMMUNITY_CADRE);
    openAndClaim(COMMUNITY_FILTER, REVIEW_TASK, n);
    Locator name = textbox("商户名称 / Merchant");
    PlaywrightAssertions.assertThat(name).hasValue(HOSTILE_NAME);
    PlaywrightAssertions.assertThat(name).isDisabled();
    PlaywrightAssertions.assertThat(textbox("环节 / Step")).hasValue("社区审核 / community review · 清泉社区");
    PlaywrightAssertions.assertThat(textbox("经营类别 / Category")).hasValue("餐饮 / Catering");
    PlaywrightAssertions.assertThat(textbox("社区 / Community")).hasValue("清泉社区");
    PlaywrightAssertions.assertThat(textbox("经营地址 / Address")).hasValue(ADDRESS);
    PlaywrightAssertions.assertThat(textbox("联系人 / Contact")).hasValue("边** 138****1234");
    Locator offers = textbox("服务与优惠 / Offers");
    PlaywrightAssertions.assertThat(offers).hasValue(Pattern.compile("^1\\. " + literal(OFFER_TITLE) + ".*20% off"));
    PlaywrightAssertions.assertThat(offers).hasValue(Pattern.compile(literal(OFFER_DESCRIPTION)));
    PlaywrightAssertions.assertThat(offers).isDisabled();
    Locator documents = textbox("申请材料 / Documents");
    PlaywrightAssertions.assertThat(documents).hasValue(Pattern.compile(literal("营业执照 / Business licence：https://files.example.com/licence.pdf")));
    PlaywrightAssertions.assertThat(documents).hasValue(Pattern.compile(literal("食品经营许可证 / Food business permit：https://files.example.com/food-permit.pdf")));
    PlaywrightAssertions.assertThat(documents).hasValue(Pattern.compile(literal("门头照片 / Storefront photo：https://files.example.com/storefront.jpg")));
    PlaywrightAssertions.assertThat(textbox("此前的审核意见 / Earlier decisions")).hasValue("（无 / none）");
    assertNothingRendered();

    // a rejection needs a reason the merchant sees: the field appears with 不予通过; completing without one is refused
    // on completion (MerchantHandling.decide), and nothing is recorded
    PlaywrightAssertions.assertThat(textbox(REJECT_REASON_LABEL)).isHidden();
    radio("不予通过 / Reject").check();
    Locator reason = textbox(REJECT_REASON_LABEL);
    PlaywrightAssertions.assertThat(reason).isVisible();
    PlaywrightAssertions.assertThat(reason).isEditable();
    PlaywrightAssertions.assertThat(reason).hasValue("");
    completeButton().click();
    Locator refused = page.locator(".page-notifications .alert").filter(new Locator.FilterOptions().setHasText(SUBMIT_ERROR));
    PlaywrightAssertions.assertThat(refused).isVisible();
    Assertions.assertThat(applications.view(n).application().status()).isEqualTo(Status.COMMUNITY_REVIEW);
    Assertions.assertThat(applications.view(n).decisions()).isEmpty();
    // the notification lies over the Complete button: close it, as the reviewer would
    refused.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("×").setExact(true)).click();
    PlaywrightAssertions.assertThat(refused).hasCount(0);

    // the reviewer starts a reason, then decides to approve: the hidden draft reason is not sent (and, since the form
    // leaves the check to the server, no stale form error keeps Complete disabled)
    fillAndLeave(reason, DRAFT_REASON);
    radio("通过 / Approve").check();
    PlaywrightAssertions.assertThat(textbox(REJECT_REASON_LABEL)).isHidden();
    PlaywrightAssertions.assertThat(completeButton()).isEnabled();
    complete();

    MerchantView reviewed = applications.view(n);
    Assertions.assertThat(reviewed.application().status()).isEqualTo(Status.INSPECTION);
    Assertions.assertThat(reviewed.decisions()).singleElement().satisfies(d -> {
      Assertions.assertThat(d.step()).isEqualTo(MerchantStep.COMMUNITY_REVIEW);
      Assertions.assertThat(d.decision()).isEqualTo(MerchantOnboardingProcess.APPROVE);
      Assertions.assertThat(d.decidedBy()).isEqualTo(MerchantFixtures.COMMUNITY_CADRE);
      Assertions.assertThat(d.nodeCode()).isEqualTo(Staff.QINGQUAN_COMMUNITY);
      Assertions.assertThat(d.reason()).isNull();
    });

    // 3. the street's inspector, in the street's filter: findings, a photo link, passed
    logInToTasklist(MerchantFixtures.INSPECTOR);
    openAndClaim(STREET_FILTER, INSPECT_TASK, n);
    PlaywrightAssertions.assertThat(textbox("商户名称 / Merchant")).hasValue(HOSTILE_NAME);
    PlaywrightAssertions.assertThat(textbox("环节 / Step")).hasValue("现场核查 / on-site inspection · 万莲街道");
    PlaywrightAssertions.assertThat(textbox("服务与优惠 / Offers")).hasValue(Pattern.compile(literal(OFFER_DESCRIPTION)));
    PlaywrightAssertions.assertThat(textbox("此前的审核意见 / Earlier decisions"))
        .hasValue(Pattern.compile(literal("社区审核 / community review  APPROVE  " + MerchantFixtures.COMMUNITY_CADRE)));
    assertNothingRendered();
    radio("核查通过 / Passed").check();
    PlaywrightAssertions.assertThat(textbox("不通过的原因（商户可见） / Reason (the merchant sees it)")).isHidden();
    fillAndLeave(textbox("核查记录 / Findings"), FINDINGS);
    fillAndLeave(textbox("现场照片链接，每行一个 / Photo links, one per line"), PHOTO);
    complete();

    MerchantView inspected = applications.view(n);
    Assertions.assertThat(inspected.application().status()).isEqualTo(Status.STREET_APPROVAL);
    Assertions.assertThat(inspected.decisions()).hasSize(2);
    Assertions.assertThat(inspected.decisions().get(1)).satisfies(d -> {
      Assertions.assertThat(d.step()).isEqualTo(MerchantStep.INSPECTION);
      Assertions.assertThat(d.decision()).isEqualTo(MerchantOnboardingProcess.PASS);
      Assertions.assertThat(d.decidedBy()).isEqualTo(MerchantFixtures.INSPECTOR);
      Assertions.assertThat(d.nodeCode()).isEqualTo(Staff.WANLIAN_STREET);
      Assertions.assertThat(d.findings()).isEqualTo(FINDINGS);
      Assertions.assertThat(d.photoUrls()).containsExactly(PHOTO);
      Assertions.assertThat(d.reason()).isNull();
    });

    // 4. the street cadre sees the inspection in the history and approves: listed
    logInToTasklist(MerchantFixtures.STREET_CADRE);
    openAndClaim(STREET_FILTER, APPROVE_TASK, n);
    PlaywrightAssertions.assertThat(textbox("商户名称 / Merchant")).hasValue(HOSTILE_NAME);
    PlaywrightAssertions.assertThat(textbox("环节 / Step")).hasValue("街道审批 / street approval · 万莲街道");
    Locator history = textbox("此前的审核意见 / Earlier decisions");
    PlaywrightAssertions.assertThat(history).hasValue(Pattern.compile(literal("现场核查 / on-site inspection  PASS  " + MerchantFixtures.INSPECTOR)));
    PlaywrightAssertions.assertThat(history).hasValue(Pattern.compile(literal(FINDINGS)));
    assertNothingRendered();
    radio("通过 / Approve").check();
    complete();

    MerchantView listed = applications.view(n);
    Assertions.assertThat(listed.application().status()).isEqualTo(Status.LISTED);
    Assertions.assertThat(listed.application().listedAt()).isNotNull();
    Assertions.assertThat(listed.decisions()).extracting(d -> d.step() + ":" + d.decision() + ":" + d.decidedBy()).containsExactly(
        "COMMUNITY_REVIEW:APPROVE:" + MerchantFixtures.COMMUNITY_CADRE,
        "INSPECTION:PASS:" + MerchantFixtures.INSPECTOR,
        "STREET_APPROVAL:APPROVE:" + MerchantFixtures.STREET_CADRE);
    Assertions.assertThat(applications.catalogue(Staff.QINGQUAN_COMMUNITY)).filteredOn(v -> v.application().applicationNumber().equals(n))
        .singleElement().satisfies(v -> {
          Assertions.assertThat(v.application().name()).isEqualTo(HOSTILE_NAME);
          Assertions.assertThat(v.offers()).extracting(MerchantApplication.Offer::description).containsExactly(OFFER_DESCRIPTION);
        });
  }

  /**
   * Selects the filter, opens the application's task from it (the list shows the merchant's name as text), claims it
   * and waits for its Camunda Form.
   */
  private void openAndClaim(String filterName, String taskName, String applicationNumber) {
    Locator filter = page.locator(".task-filters .task-filter").filter(new Locator.FilterOptions().setHasText(filterName));
    PlaywrightAssertions.assertThat(filter).isVisible();
    filter.click();
    Locator task = page.locator("ol.tasks-list li.task").filter(new Locator.FilterOptions().setHasText(taskName));
    PlaywrightAssertions.assertThat(task).hasCount(1);
    PlaywrightAssertions.assertThat(task).containsText(applicationNumber);
    PlaywrightAssertions.assertThat(task).containsText(HOSTILE_NAME);
    task.getByText(taskName, new Locator.GetByTextOptions().setExact(true)).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Claim").setExact(true)).click();
    Locator number = textbox("申请编号 / Application");
    PlaywrightAssertions.assertThat(number).hasValue(applicationNumber);
    PlaywrightAssertions.assertThat(number).isDisabled();
  }

  /** Neither the name nor the offer became markup anywhere on the page (task list, header, form), and no script ran. */
  private void assertNothingRendered() {
    PlaywrightAssertions.assertThat(page.locator("img[src='x']")).hasCount(0);
    PlaywrightAssertions.assertThat(page.locator(".fjs-form b")).hasCount(0);
    PlaywrightAssertions.assertThat(page.locator("script:has-text('window.__xss')")).hasCount(0);
    Assertions.assertThat(page.evaluate("() => typeof window.__xss")).as("no script from the merchant's name ran").isEqualTo("undefined");
  }

  private Locator completeButton() {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Complete").setExact(true));
  }

  /** The form-js field (label, control, description, errors) whose label is this one. */
  private Locator formField(String label) {
    // the inner locator of setHas is resolved inside each candidate field, so it starts from the page
    Locator fieldLabel = page.locator("label.fjs-form-field-label").filter(new Locator.FilterOptions().setHasText(labelled(label)));
    Locator field = page.locator(".fjs-form .fjs-form-field").filter(new Locator.FilterOptions().setHas(fieldLabel));
    PlaywrightAssertions.assertThat(field).hasCount(1);
    return field;
  }

  private Locator textbox(String label) {
    return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName(labelled(label)));
  }

  private Locator radio(String label) {
    return page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(label).setExact(true));
  }

  /** form-js debounces typing into its model; leaving the field flushes it. */
  private static void fillAndLeave(Locator field, String text) {
    field.fill(text);
    field.blur();
    PlaywrightAssertions.assertThat(field).hasValue(text);
  }
}
