package org.gongzhi.volunteer;

/** Names shared by {@code processes/volunteer-order.bpmn}, its code and its tests. */
public final class VolunteerOrderProcess {
  private VolunteerOrderProcess() {
  }

  public static final String KEY = "volunteer-order";
  /** Step name of all its deadlines in {@code gongzhi.sla.deadlines.volunteer-order.<step>}. */
  public static final String SLA_STEP = "order";

  public static final String Task_DispatchOrder = "Task_DispatchOrder";
  public static final String Task_AcceptOrder = "Task_AcceptOrder";
  public static final String Task_RecordService = "Task_RecordService";
  public static final String Task_ReviewForPublicity = "Task_ReviewForPublicity";
  public static final String ReceiveTask_AwaitConfirmation = "ReceiveTask_AwaitConfirmation";

  public static final String MSG_ORDER_RATED = "Msg_VolunteerOrderRated";
  /** What the content-approval process will catch to start a publicity case. */
  public static final String MSG_PUBLICITY_REQUESTED = "Msg_PublicityRequested";

  public static final String VAR_ORDER_NUMBER = "orderNumber";
  public static final String VAR_COMMUNITY_CODE = "communityCode";
  public static final String VAR_COMMUNITY_NAME = "communityName";
  public static final String VAR_CATEGORY = "category";
  public static final String VAR_CATEGORY_LABEL = "categoryLabel";
  public static final String VAR_DESCRIPTION = "description";
  public static final String VAR_PREFERRED_TIME = "preferredTime";
  public static final String VAR_DISPATCHER_NODE = "dispatcherNode";
  public static final String VAR_HANDLING_NODE = "handlingNode";
  public static final String VAR_CANDIDATE_GROUP = "candidateGroup";
  public static final String VAR_TEAM_OPTIONS = "teamOptions";
  public static final String VAR_MEMBER_LIST = "memberList";
  public static final String VAR_DECISION = "decision";
  public static final String VAR_REASON = "reason";
  public static final String VAR_SCHEDULED_FOR = "scheduledFor";
  public static final String VAR_TEAM_CODE = "teamCode";
  public static final String VAR_TEAM_NAME = "teamName";
  public static final String VAR_ACTOR = "actor";
  public static final String VAR_DISPATCH_SLA_ID = "dispatchSlaId";
  public static final String VAR_DISPATCH_WARN_AT = "dispatchWarnAt";
  public static final String VAR_DISPATCH_DUE_AT = "dispatchDueAt";
  public static final String VAR_ACCEPT_SLA_ID = "acceptSlaId";
  public static final String VAR_ACCEPT_WARN_AT = "acceptWarnAt";
  public static final String VAR_ACCEPT_DUE_AT = "acceptDueAt";
  public static final String VAR_SERVE_SLA_ID = "serveSlaId";
  public static final String VAR_SERVE_WARN_AT = "serveWarnAt";
  public static final String VAR_SERVE_DUE_AT = "serveDueAt";
  public static final String VAR_REDISPATCH_COUNT = "redispatchCount";
  public static final String VAR_HISTORY_TEXT = "historyText";
  public static final String VAR_VOLUNTEER_HOURS = "volunteerHours";
  public static final String VAR_SERVICE_NOTE = "serviceNote";
  public static final String VAR_PHOTO_URLS = "photoUrls";
  public static final String VAR_CONFIRM_CLOSE_AT = "confirmCloseAt";
  public static final String VAR_RATING_SCORE = "ratingScore";
  public static final String VAR_PUBLICIZE = "publicize";
  public static final String VAR_PUBLICITY_SUMMARY = "publicitySummary";

  public static final String DISPATCH = "DISPATCH";
  public static final String DECLINE = "DECLINE";
  public static final String ACCEPT = "ACCEPT";
}
