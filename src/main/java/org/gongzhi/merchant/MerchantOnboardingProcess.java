package org.gongzhi.merchant;

/** Names shared by {@code processes/merchant-onboarding.bpmn}, its code and tests. */
public final class MerchantOnboardingProcess {
  private MerchantOnboardingProcess() {
  }

  public static final String KEY = "merchant-onboarding";

  public static final String ReceiveTask_AwaitDocuments = "ReceiveTask_AwaitDocuments";
  public static final String Task_ReviewInCommunity = "Task_ReviewInCommunity";
  public static final String Task_InspectPremises = "Task_InspectPremises";
  public static final String Task_ApproveInStreet = "Task_ApproveInStreet";
  public static final String Task_ReReviewInCommunity = "Task_ReReviewInCommunity";
  public static final String Task_DecideOnSuspension = "Task_DecideOnSuspension";
  public static final String SubProcess_Listing = "SubProcess_Listing";
  public static final String IntermediateCatchEvent_ReReviewDue = "IntermediateCatchEvent_ReReviewDue";

  /** The merchant supplied documents through the API: check them again. */
  public static final String MSG_DOCUMENTS_SUPPLIED = "Msg_MerchantDocumentsSupplied";
  /** Thrown by the complaint process when a merchant complaint names this merchant. */
  public static final String MSG_COMPLAINT_RECEIVED = "Msg_MerchantComplaintReceived";
  /** Error-free way out of the listing: enough complaints within the window suspend it. */
  public static final String ESCALATION_SUSPEND_LISTING = "suspend-listing";

  // ---- variables ----------------------------------------------------------------------------------
  public static final String VAR_APPLICATION_NUMBER = "applicationNumber";
  public static final String VAR_CASE_NUMBER = "caseNumber";
  public static final String VAR_COMMUNITY_CODE = "communityCode";
  public static final String VAR_COMMUNITY_NAME = "communityName";
  /** The merchant's name; {@code title} so that Tasklist filters show it next to the number. */
  public static final String VAR_TITLE = "title";
  public static final String VAR_CREDIT_CODE = "unifiedSocialCreditCode";
  public static final String VAR_CATEGORY_LABEL = "categoryLabel";
  public static final String VAR_ADDRESS = "address";
  public static final String VAR_CONTACT_MASKED = "contactMasked";
  public static final String VAR_OFFERS_TEXT = "offersText";
  public static final String VAR_DOCUMENTS_TEXT = "documentsText";
  public static final String VAR_HISTORY_TEXT = "historyText";
  public static final String VAR_DOCUMENTS_COMPLETE = "documentsComplete";
  public static final String VAR_DOCUMENTS_DUE_AT = "documentsDueAt";
  public static final String VAR_RE_REVIEW_AT = "reReviewAt";
  public static final String VAR_THRESHOLD_REACHED = "suspensionThresholdReached";
  /** Input parameter of each ServiceTask_Open…Deadline: which step opens its deadline. */
  public static final String VAR_STEP = "merchantStep";
  public static final String VAR_STEP_LABEL = "stepLabel";
  /** The MerchantStep whose task is open (its name), for the warning and breach of its deadline. */
  public static final String VAR_CURRENT_STEP = "currentStep";
  public static final String VAR_COMPLAINTS_TEXT = "complaintsText";
  public static final String VAR_CANDIDATE_GROUP = "candidateGroup";
  public static final String VAR_STEP_SLA_ID = "stepSlaId";
  public static final String VAR_STEP_WARN_AT = "stepWarnAt";
  public static final String VAR_STEP_DUE_AT = "stepDueAt";
  /** Form fields. */
  public static final String VAR_DECISION = "decision";
  public static final String VAR_REASON = "reason";
  public static final String VAR_FINDINGS = "findings";
  public static final String VAR_PHOTO_URLS = "photoUrls";
  /** Set by the decision listener from the form's decision; the gateways read it. */
  public static final String VAR_APPROVED = "approved";

  public static final String APPROVE = "APPROVE";
  public static final String REJECT = "REJECT";
  public static final String PASS = "PASS";
  public static final String FAIL = "FAIL";
  public static final String REINSTATE = "REINSTATE";
  public static final String DELIST = "DELIST";

  /** The complaint process: the merchant a complaint names. */
  public static final String VAR_MERCHANT_NUMBER = "merchantNumber";
}
