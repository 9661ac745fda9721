package org.gongzhi.content;

/** Names shared by {@code processes/content-approval.bpmn}, {@code content-withdrawal.bpmn}, their code and tests. */
public final class ContentApprovalProcess {
  private ContentApprovalProcess() {
  }

  public static final String KEY = "content-approval";
  public static final String WITHDRAWAL_KEY = "content-withdrawal";

  public static final String Task_ReviewContent = "Task_ReviewContent";
  public static final String Task_ReviseSubmission = "Task_ReviseSubmission";
  public static final String ServiceTask_PublishToChannel = "ServiceTask_PublishToChannel";
  public static final String ServiceTask_TakeDownFromChannel = "ServiceTask_TakeDownFromChannel";
  public static final String SubProcess_Publication = "SubProcess_Publication";

  /** Interrupts a publication that has not finished: the item was withdrawn. */
  public static final String MSG_CONTENT_WITHDRAWN = "Msg_ContentWithdrawn";

  public static final String VAR_SUBMISSION_NUMBER = "submissionNumber";
  public static final String VAR_COMMUNITY_CODE = "communityCode";
  public static final String VAR_COMMUNITY_NAME = "communityName";
  public static final String VAR_TITLE = "title";
  public static final String VAR_BODY = "body";
  public static final String VAR_MEDIA_URLS_TEXT = "mediaUrlsText";
  public static final String VAR_TARGET_CHANNELS = "targetChannels";
  public static final String VAR_CHANNELS_TEXT = "channelsText";
  public static final String VAR_PUBLISH_AT = "publishAt";
  public static final String VAR_PUBLISH_AT_TEXT = "publishAtText";
  public static final String VAR_AUTHOR_USER_ID = "authorUserId";
  public static final String VAR_AUTHOR_NAME = "authorName";
  /** The multi-instance element variable of the review levels (FIRST, SECOND, FINAL). */
  public static final String VAR_REVIEW_LEVEL = "reviewLevel";
  public static final String VAR_REVIEW_LEVEL_LABEL = "reviewLevelLabel";
  public static final String VAR_REVIEW_NODE = "reviewNode";
  public static final String VAR_CANDIDATE_GROUP = "candidateGroup";
  public static final String VAR_REVIEW_SLA_ID = "reviewSlaId";
  public static final String VAR_REVIEW_WARN_AT = "reviewWarnAt";
  public static final String VAR_REVIEW_DUE_AT = "reviewDueAt";
  public static final String VAR_REVIEW_HISTORY_TEXT = "reviewHistoryText";
  public static final String VAR_REVISE_DUE_AT = "reviseDueAt";
  public static final String VAR_DECISION = "decision";
  public static final String VAR_REASON = "reason";
  public static final String VAR_ACTOR = "actor";
  /** The multi-instance element variable of publishing and taking down. */
  public static final String VAR_CHANNEL = "channel";
  /** Set by {@code camunda:initiator} on the withdrawal's start event. */
  public static final String VAR_INITIATOR = "initiator";

  // publicity hand-over from a volunteer order (message start)
  public static final String VAR_SOURCE_ORDER_NUMBER = "sourceOrderNumber";
  public static final String VAR_SUMMARY = "summary";
  public static final String VAR_PHOTO_URLS = "photoUrls";
  /** The dispatcher who handed the service over: the author of the publicity submission. */
  public static final String VAR_REQUESTED_BY = "requestedBy";

  public static final String APPROVE = "APPROVE";
  public static final String REJECT = "REJECT";
}
