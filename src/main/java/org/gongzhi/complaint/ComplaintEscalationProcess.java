package org.gongzhi.complaint;

/** Names shared by {@code processes/complaint-escalation.bpmn}, its code and its tests. */
public final class ComplaintEscalationProcess {
  private ComplaintEscalationProcess() {
  }

  public static final String KEY = "complaint-escalation";

  // elements
  public static final String StartEvent_ComplaintReceived = "StartEvent_ComplaintReceived";
  public static final String ServiceTask_OpenTierDeadlines = "ServiceTask_OpenTierDeadlines";
  public static final String SubProcess_HandleAtTier = "SubProcess_HandleAtTier";
  public static final String Task_WorkOnComplaint = "Task_WorkOnComplaint";
  public static final String ServiceTask_RecordReplyOrNote = "ServiceTask_RecordReplyOrNote";
  public static final String BoundaryEvent_ReplySlaWarning = "BoundaryEvent_ReplySlaWarning";
  public static final String BoundaryEvent_ReplySlaBreached = "BoundaryEvent_ReplySlaBreached";
  public static final String BoundaryEvent_ResolveSlaWarning = "BoundaryEvent_ResolveSlaWarning";
  public static final String BoundaryEvent_ResolveSlaBreached = "BoundaryEvent_ResolveSlaBreached";
  public static final String ServiceTask_EscalateOneTier = "ServiceTask_EscalateOneTier";
  public static final String ServiceTask_HandToCityDepartment = "ServiceTask_HandToCityDepartment";
  public static final String ServiceTask_RecordResolution = "ServiceTask_RecordResolution";
  public static final String ReceiveTask_AwaitRating = "ReceiveTask_AwaitRating";
  public static final String BoundaryEvent_RatingPeriodOver = "BoundaryEvent_RatingPeriodOver";
  public static final String ServiceTask_ReopenCase = "ServiceTask_ReopenCase";
  public static final String EndEvent_ComplaintClosed = "EndEvent_ComplaintClosed";
  public static final String EndEvent_ClosedWithoutRating = "EndEvent_ClosedWithoutRating";

  // messages
  public static final String MSG_COMPLAINT_RATED = "Msg_ComplaintRated";

  // variables (process data = references and the flags the gateways need; no personal data)
  public static final String VAR_CASE_NUMBER = "caseNumber";
  public static final String VAR_COMMUNITY_CODE = "communityCode";
  public static final String VAR_TIER = "tier";
  public static final String VAR_HANDLING_NODE = "handlingNode";
  public static final String VAR_HANDLING_NODE_NAME = "handlingNodeName";
  public static final String VAR_CANDIDATE_GROUP = "candidateGroup";
  public static final String VAR_REPLY_SLA_ID = "replySlaId";
  public static final String VAR_RESOLVE_SLA_ID = "resolveSlaId";
  public static final String VAR_REPLY_WARN_AT = "replyWarnAt";
  public static final String VAR_REPLY_DUE_AT = "replyDueAt";
  public static final String VAR_RESOLVE_WARN_AT = "resolveWarnAt";
  public static final String VAR_RESOLVE_DUE_AT = "resolveDueAt";
  public static final String VAR_REPLIED = "replied";
  public static final String VAR_AVAILABLE_ACTIONS = "availableActions";
  public static final String VAR_DEPARTMENT_OPTIONS = "departmentOptions";
  public static final String VAR_ACTION = "action";
  public static final String VAR_MESSAGE = "message";
  public static final String VAR_DEPARTMENT_CODE = "departmentCode";
  public static final String VAR_ACTOR = "actor";
  public static final String VAR_RATING_SCORE = "ratingScore";
  public static final String VAR_REOPEN = "reopen";
  public static final String VAR_AUTO_CLOSE_AT = "autoCloseAt";
  // shown in the form (display only)
  public static final String VAR_TITLE = "title";
  public static final String VAR_DESCRIPTION = "description";
  public static final String VAR_CATEGORY_LABEL = "categoryLabel";
  public static final String VAR_CHANNEL_LABEL = "channelLabel";
  public static final String VAR_LOCATION_ADDRESS = "locationAddress";
  public static final String VAR_REPORTER_MASKED = "reporterMasked";
  public static final String VAR_COMMUNITY_NAME = "communityName";
  public static final String VAR_HISTORY_TEXT = "historyText";
}
