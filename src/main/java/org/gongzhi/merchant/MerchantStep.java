package org.gongzhi.merchant;

import java.util.Arrays;
import java.util.Locale;
import org.gongzhi.jurisdiction.StaffRole;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.merchant.MerchantApplication.Status;
import org.gongzhi.sla.SlaKind;

/**
 * The human steps of merchant onboarding: who decides (role at which tier above the merchant's community),
 * the deadline that runs (gongzhi.sla.deadlines.merchant-onboarding.&lt;slaStep&gt;.&lt;kind&gt;), and the two answers.
 */
public enum MerchantStep {
  COMMUNITY_REVIEW("community-review", MerchantOnboardingProcess.Task_ReviewInCommunity, Tier.COMMUNITY, StaffRole.CASEWORKER,
      SlaKind.REVIEW, Status.COMMUNITY_REVIEW, "APPROVE", "REJECT", "社区审核", "community review"),
  INSPECTION("inspection", MerchantOnboardingProcess.Task_InspectPremises, Tier.STREET, StaffRole.INSPECTOR,
      SlaKind.INSPECT, Status.INSPECTION, "PASS", "FAIL", "现场核查", "on-site inspection"),
  STREET_APPROVAL("street-approval", MerchantOnboardingProcess.Task_ApproveInStreet, Tier.STREET, StaffRole.CASEWORKER,
      SlaKind.REVIEW, Status.STREET_APPROVAL, "APPROVE", "REJECT", "街道审批", "street approval"),
  RE_REVIEW("re-review", MerchantOnboardingProcess.Task_ReReviewInCommunity, Tier.COMMUNITY, StaffRole.CASEWORKER,
      SlaKind.REVIEW, null, "APPROVE", "REJECT", "年度复核", "yearly re-review"),
  SUSPENSION_DECISION("suspension-decision", MerchantOnboardingProcess.Task_DecideOnSuspension, Tier.STREET, StaffRole.CASEWORKER,
      SlaKind.REVIEW, null, "REINSTATE", "DELIST", "暂停后处理", "decision on a suspension");

  private final String slaStep;
  private final String taskId;
  private final Tier tier;
  private final StaffRole role;
  private final SlaKind kind;
  private final Status status;
  private final String yes;
  private final String no;
  private final String zh;
  private final String en;

  MerchantStep(String slaStep, String taskId, Tier tier, StaffRole role, SlaKind kind, Status status, String yes, String no,
               String zh, String en) {
    this.slaStep = slaStep;
    this.taskId = taskId;
    this.tier = tier;
    this.role = role;
    this.kind = kind;
    this.status = status;
    this.yes = yes;
    this.no = no;
    this.zh = zh;
    this.en = en;
  }

  /** The step named by a ServiceTask_Open…Deadline's {@code merchantStep} input, e.g. {@code community-review}. */
  public static MerchantStep ofSlaStep(String slaStep) {
    return Arrays.stream(values()).filter(s -> s.slaStep.equals(slaStep)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no merchant step " + slaStep));
  }

  public static MerchantStep ofTask(String taskDefinitionKey) {
    return Arrays.stream(values()).filter(s -> s.taskId.equals(taskDefinitionKey)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no merchant step for task " + taskDefinitionKey));
  }

  public String slaStep() {
    return slaStep;
  }

  public Tier tier() {
    return tier;
  }

  public StaffRole role() {
    return role;
  }

  public SlaKind kind() {
    return kind;
  }

  /** The application's status while this step runs; null where the listing keeps its own (LISTED, SUSPENDED). */
  public Status status() {
    return status;
  }

  /** The answer that lets the merchant through (APPROVE, PASS, REINSTATE). */
  public String yes() {
    return yes;
  }

  /** The answer that stops it (REJECT, FAIL, DELIST). */
  public String no() {
    return no;
  }

  public String label(Locale locale) {
    return "en".equals(locale.getLanguage()) ? en : zh;
  }

  public String bilingual() {
    return zh + " / " + en;
  }
}
