package org.gongzhi.content;

import static org.gongzhi.content.ContentApprovalProcess.*;
import static org.gongzhi.system.EngineVariables.currentUser;
import static org.gongzhi.system.EngineVariables.isMember;
import static org.gongzhi.system.EngineVariables.lines;
import static org.gongzhi.system.EngineVariables.longVar;
import static org.gongzhi.system.EngineVariables.refuse;
import static org.gongzhi.system.EngineVariables.unchanged;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.spin.json.SpinJsonNode;
import org.gongzhi.content.ContentSubmission.Origin;
import org.gongzhi.content.ContentSubmission.PublicationStatus;
import org.gongzhi.content.ContentSubmission.Review;
import org.gongzhi.content.ContentSubmission.Status;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.StaffRole;
import org.gongzhi.notification.NotificationService;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.sla.SlaAlerts;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaKind;
import org.gongzhi.sla.SlaService;
import org.gongzhi.system.CaseNumbers;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.webhook.WebhookOutbox;
import org.springframework.stereotype.Service;

/**
 * The rules of 三级审核 and publishing, called by the delegates and task listeners of
 * {@code content-approval} and {@code content-withdrawal}. Content is always read from the database:
 * process variables only display it, so a form cannot change what gets published.
 */
@Service
class ContentHandling {

  static final int MAX_REASON = 1000;
  static final ZoneId CHINA = org.gongzhi.system.Timestamps.CHINA;
  static final DateTimeFormatter MINUTE = org.gongzhi.system.Timestamps.MINUTE;

  private final ContentRepository repository;
  private final ContentRules rules;
  private final ContentProperties properties;
  private final ChannelAdapters adapters;
  private final Jurisdictions jurisdictions;
  private final org.gongzhi.jurisdiction.StaffDirectory staff;
  private final SlaService sla;
  private final SlaAlerts alerts;
  private final NotificationService notifications;
  private final CaseNumbers numbers;
  private final WebhookOutbox webhooks;

  ContentHandling(ContentRepository repository, ContentRules rules, ContentProperties properties, ChannelAdapters adapters,
                  Jurisdictions jurisdictions, org.gongzhi.jurisdiction.StaffDirectory staff, SlaService sla, SlaAlerts alerts,
                  NotificationService notifications, CaseNumbers numbers, WebhookOutbox webhooks) {
    this.webhooks = webhooks;
    this.repository = repository;
    this.rules = rules;
    this.properties = properties;
    this.adapters = adapters;
    this.jurisdictions = jurisdictions;
    this.staff = staff;
    this.sla = sla;
    this.alerts = alerts;
    this.notifications = notifications;
    this.numbers = numbers;
  }

  /** The node that holds a level of review for a community: the community, its street, its district. */
  JurisdictionNode reviewNode(String communityCode, ReviewLevel level) {
    return jurisdictions.ancestorsAndSelf(jurisdictions.require(communityCode)).stream()
        .filter(n -> n.tier() == level.tier()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + level.tier() + " above " + communityCode));
  }

  // ---- delegates: intake and review -----------------------------------------------------------------

  /**
   * 媒体宣传: a served volunteer order handed to the media team becomes a submission of the community,
   * authored by the dispatcher who handed it over, to the configured publicity channels.
   */
  void registerPublicityHandover(DelegateExecution ex) {
    String order = str(ex, VAR_SOURCE_ORDER_NUMBER);
    String summary = str(ex, VAR_SUMMARY);
    String community = str(ex, VAR_COMMUNITY_CODE);
    List<String> photos = lines(str(ex, VAR_PHOTO_URLS)).stream().filter(ContentRules::isHttpUrl).limit(properties.maxMediaUrls()).toList();
    List<String> channels = properties.publicityChannels().stream().filter(adapters::isConnected).toList();
    if (channels.isEmpty()) {
      channels = properties.channels().keySet().stream().filter(adapters::isConnected).limit(1).toList();
    }
    String dispatcher = str(ex, VAR_REQUESTED_BY);
    String number = numbers.nextWithRetry(properties.submissionNumberPrefix());
    String title = "志愿服务进社区：" + (summary.length() > 40 ? summary.substring(0, 40) + "…" : summary);
    repository.insert(new ContentSubmission(number, community, limit(title, properties.maxTitleLength()), limit(summary, properties.maxBodyLength()),
        photos, channels, null, Origin.PUBLICITY, dispatcher, dispatcher == null ? "志愿服务调度中心" : displayName(dispatcher),
        emailOf(dispatcher), null, null, order, Status.IN_REVIEW, null, 1, ex.getProcessInstanceId(), null, null, null, null, null, null));
    repository.attachProcessInstance(number, ex.getProcessInstanceId());
    ex.setProcessBusinessKey(number);
    startVariables(ex, repository.require(number));
  }

  /** The variables every instance carries from its start (the API sets the same ones). */
  void startVariables(DelegateExecution ex, ContentSubmission s) {
    ex.setVariable(VAR_SUBMISSION_NUMBER, s.submissionNumber());
    ex.setVariable("caseNumber", s.submissionNumber());
    ex.setVariable(VAR_COMMUNITY_CODE, s.communityCode());
    ex.setVariable(VAR_COMMUNITY_NAME, jurisdictions.require(s.communityCode()).name());
    ex.setVariable(VAR_AUTHOR_USER_ID, s.authorUserId());
    ex.setVariable(VAR_AUTHOR_NAME, authorShown(s));
  }

  /** Staff authors by name; a resident only masked — personal data stays out of the engine. */
  static String authorShown(ContentSubmission s) {
    return s.origin() == Origin.RESIDENT ? org.gongzhi.system.PersonalData.maskName(s.authorName()) + "（居民 / resident）" : s.authorName();
  }

  /** One level begins: its reviewers get the item, its deadline starts. */
  void openReviewDeadline(DelegateExecution ex) {
    ContentSubmission s = repository.require(number(ex));
    ReviewLevel level = level(ex);
    JurisdictionNode node = reviewNode(s.communityCode(), level);
    SlaDeadline d = sla.open(KEY, level.slaStep(), s.submissionNumber(), ex.getProcessInstanceId(), SlaKind.REVIEW, node.tier(), node.code());
    repository.inReview(s.submissionNumber(), level);
    ex.setVariable(VAR_REVIEW_SLA_ID, d.id());
    ex.setVariable(VAR_REVIEW_WARN_AT, Date.from(d.warnAt()));
    ex.setVariable(VAR_REVIEW_DUE_AT, Date.from(d.dueAt()));
    ex.setVariable(VAR_REVIEW_NODE, node.code());
    ex.setVariable("handlingNode", node.code());
    ex.setVariable("handlingNodeName", node.name());
    ex.setVariable(VAR_CANDIDATE_GROUP, StaffRole.REVIEWER.groupOf(node.code()));
    ex.setVariable(VAR_REVIEW_LEVEL_LABEL, level.bilingual() + " · " + node.name());
    showContent(ex, s);
    ex.setVariable(VAR_DECISION, null);
    ex.setVariable(VAR_REASON, null);
  }

  /** The signature is kept for ever; the level's deadline is met. */
  void recordReviewDecision(DelegateExecution ex) {
    ContentSubmission s = repository.require(number(ex));
    ReviewLevel level = level(ex);
    String decision = str(ex, VAR_DECISION);
    repository.addReview(s.submissionNumber(), s.round(), level, str(ex, VAR_REVIEW_NODE), str(ex, VAR_ACTOR), decision,
        REJECT.equals(decision) ? str(ex, VAR_REASON).strip() : null);
    sla.meet(longVar(ex, VAR_REVIEW_SLA_ID));
  }

  void warnOfReviewDeadline(DelegateExecution ex) {
    sla.recordWarning(longVar(ex, VAR_REVIEW_SLA_ID)).ifPresent(d ->
        alerts.warn(d, str(ex, VAR_TITLE), staff.emailsOf(d.nodeCode(), StaffRole.REVIEWER)));
  }

  /** Breached: recorded once, for ever, and mailed to the supervisors of the tier above the reviewing node. */
  void recordReviewBreach(DelegateExecution ex) {
    sla.recordBreach(longVar(ex, VAR_REVIEW_SLA_ID), str(ex, VAR_CANDIDATE_GROUP)).ifPresent(d -> alerts.breach(d, str(ex, VAR_TITLE)));
  }

  /** Rejected at some level: back to the author, with every reason so far. */
  void returnToAuthor(DelegateExecution ex) {
    ContentSubmission s = repository.require(number(ex));
    repository.setStatus(s.submissionNumber(), Status.NEEDS_REVISION);
    ex.setVariable(VAR_REVISE_DUE_AT, Date.from(EngineTime.now().plus(properties.revisionPeriod())));
    showContent(ex, s);
    ex.setVariable(VAR_TARGET_CHANNELS, org.camunda.spin.plugin.variable.SpinValues.jsonValue(
        org.camunda.spin.Spin.JSON(new ArrayList<>(s.targetChannels())).toString()).create());
    ex.setVariable(VAR_PUBLISH_AT_TEXT, s.publishAt() == null ? null : MINUTE.format(s.publishAt().atZone(CHINA)));
    Review last = repository.reviews(s.submissionNumber()).stream().reduce((a, b) -> b).orElseThrow();
    tellAuthor(s, "returned:" + s.round(), "【退回修改】" + s.submissionNumber() + " 《" + s.title() + "》" + " / Returned for revision",
        "您的稿件 " + s.submissionNumber() + "《" + s.title() + "》在" + last.level().label(Locale.SIMPLIFIED_CHINESE) + "阶段被退回：\n"
            + last.reason() + "\n\n请在 " + MINUTE.format(EngineTime.now().plus(properties.revisionPeriod()).atZone(CHINA))
            + " 前修改后重新提交，修改稿将从初审开始。\n\nYour submission was returned at the " + last.level().label(Locale.ENGLISH)
            + " with the reason above. Please revise it in time; the revised version starts again at the first review.");
  }

  /** The author's new version (already checked by {@link #checkRevision}) replaces the content. */
  void recordRevision(DelegateExecution ex) {
    ContentDraft draft = draftFrom(ex);
    repository.revise(number(ex), draft);
    ex.setVariable(VAR_DECISION, null);
  }

  void abandonSubmission(DelegateExecution ex) {
    ContentSubmission s = repository.require(number(ex));
    repository.setStatus(s.submissionNumber(), Status.ABANDONED);
    tellAuthor(s, "abandoned", "【已终止】" + s.submissionNumber() + " 《" + s.title() + "》" + " / Submission ended",
        "稿件 " + s.submissionNumber() + " 未在期限内修改，已终止。如需发布请重新提交。\n\nThe submission was not revised in time and has been ended.");
  }

  /** 终审通过: one scheduled publication per channel; the publish timer is set. */
  void approveForPublication(DelegateExecution ex) {
    ContentSubmission s = repository.require(number(ex));
    repository.approve(s.submissionNumber());
    repository.schedulePublications(s.submissionNumber(), s.targetChannels());
    Instant at = s.publishAt() == null || s.publishAt().isBefore(EngineTime.now()) ? EngineTime.now() : s.publishAt();
    ex.setVariable(VAR_PUBLISH_AT, Date.from(at));
    tellAuthor(s, "approved", "【审核通过】" + s.submissionNumber() + " 《" + s.title() + "》" + " / Approved",
        "稿件 " + s.submissionNumber() + "《" + s.title() + "》已通过三级审核，将于 " + MINUTE.format(at.atZone(CHINA)) + " 发布到："
            + channelLabels(s.targetChannels(), Locale.SIMPLIFIED_CHINESE) + "。\n\nYour submission passed all three reviews and will be published at "
            + MINUTE.format(at.atZone(CHINA)) + " to: " + channelLabels(s.targetChannels(), Locale.ENGLISH) + ".");
  }

  // ---- delegates: publishing and withdrawal -------------------------------------------------------

  /** One channel, one job: published once (a re-run after success does nothing). */
  void publishToChannel(DelegateExecution ex) throws Exception {
    String number = number(ex);
    String channel = str(ex, VAR_CHANNEL);
    var publication = repository.publication(number, channel).orElseThrow();
    if (publication.status() != PublicationStatus.SCHEDULED && publication.status() != PublicationStatus.FAILED) {
      return;
    }
    ContentItem item = item(repository.require(number));
    ChannelAdapter.Published result;
    try {
      result = adapters.require(channel).publish(item);
    } catch (Exception e) {
      repository.recordFailure(number, channel, true, e.getClass().getSimpleName() + ": " + e.getMessage());
      throw e;
    }
    repository.publishedTo(number, channel, result.externalId(), result.externalUrl());
  }

  void markPublished(DelegateExecution ex) {
    ContentSubmission s = repository.require(number(ex));
    repository.published(s.submissionNumber());
    List<String> where = repository.channelsIn(s.submissionNumber(), PublicationStatus.PUBLISHED);
    tellAuthor(s, "published", "【已发布】" + s.submissionNumber() + " 《" + s.title() + "》" + " / Published",
        "稿件 " + s.submissionNumber() + "《" + s.title() + "》已发布到：" + channelLabels(where, Locale.SIMPLIFIED_CHINESE)
            + "。\n\nPublished to: " + channelLabels(where, Locale.ENGLISH) + ".");
  }

  /** 撤稿 may be asked only by a final-review reviewer of the item's district, for an approved or published item. */
  void checkWithdrawal(DelegateExecution ex) {
    String by = str(ex, VAR_INITIATOR);
    if (by == null) {
      throw refuse("撤稿须由登录的终审审核员发起 / a withdrawal must be started by a signed-in final-level reviewer");
    }
    String number = str(ex, VAR_SUBMISSION_NUMBER);
    if (number == null || number.isBlank()) {
      throw refuse("请填写稿件编号 / the submission number is required (submissionNumber)");
    }
    number = number.strip();
    ContentSubmission s = repository.find(number).orElse(null);
    String finalGroup = s == null ? null : StaffRole.REVIEWER.groupOf(reviewNode(s.communityCode(), ReviewLevel.FINAL).code());
    if (s == null || !isMember(ex, by, finalGroup)) { // the same answer for "no such item" and "not yours": numbers cannot be probed
      throw refuse("没有您可撤回的稿件 " + number + " / no submission " + number + " that you may withdraw");
    }
    if (!s.isWithdrawable()) {
      throw refuse("稿件 " + number + " 当前状态为 " + s.status() + "，只有已通过或已发布的稿件可以撤回 / only approved or published content can be withdrawn");
    }
    Object reason = ex.getVariable(VAR_REASON);
    if (!(reason instanceof String r) || r.isBlank()) {
      throw refuse("请填写撤稿原因 / a reason is required (reason)");
    }
    if (r.length() > MAX_REASON) {
      throw refuse("撤稿原因不能超过 " + MAX_REASON + " 字 / reason must be at most " + MAX_REASON + " characters");
    }
    ex.setProcessBusinessKey(number);
    ex.setVariable(VAR_SUBMISSION_NUMBER, number);
    ex.setVariable("caseNumber", number);
    ex.setVariable(VAR_TITLE, s.title());
  }

  /** Publication still scheduled or retrying stops; the item is WITHDRAWN from now on. */
  void stopPublication(DelegateExecution ex) {
    String number = number(ex);
    Context.getCommandContext().runWithoutAuthorization(() -> {
      ex.getProcessEngineServices().getRuntimeService().createMessageCorrelation(MSG_CONTENT_WITHDRAWN)
          .processInstanceBusinessKey(number).correlateAll();
      return null;
    });
    repository.cancelUnpublished(number);
    repository.withdraw(number, str(ex, VAR_INITIATOR), str(ex, VAR_REASON).strip());
  }

  void takeDownFromChannel(DelegateExecution ex) throws Exception {
    String number = number(ex);
    String channel = str(ex, VAR_CHANNEL);
    var publication = repository.publication(number, channel).orElseThrow();
    if (publication.status() != PublicationStatus.PUBLISHED) {
      return;
    }
    ContentSubmission s = repository.require(number);
    try {
      adapters.require(channel).withdraw(item(s), publication.externalId(), s.withdrawalReason());
    } catch (Exception e) {
      repository.recordFailure(number, channel, false, e.getClass().getSimpleName() + ": " + e.getMessage());
      throw e;
    }
    repository.withdrawnFrom(number, channel);
  }

  void recordWithdrawalComplete(DelegateExecution ex) {
    ContentSubmission s = repository.require(number(ex));
    List<String> taken = repository.channelsIn(s.submissionNumber(), PublicationStatus.WITHDRAWN);
    tellAuthor(s, "withdrawn", "【已撤稿】" + s.submissionNumber() + " 《" + s.title() + "》" + " / Withdrawn",
        "稿件 " + s.submissionNumber() + "《" + s.title() + "》已被终审单位撤回，原因：" + s.withdrawalReason()
            + (taken.isEmpty() ? "" : "\n已从以下渠道撤下：" + channelLabels(taken, Locale.SIMPLIFIED_CHINESE))
            + "\n\nYour content was withdrawn by the final-review level. Reason: " + s.withdrawalReason()
            + (taken.isEmpty() ? "" : "\nTaken down from: " + channelLabels(taken, Locale.ENGLISH)));
  }

  // ---- task listeners ---------------------------------------------------------------------------------

  /**
   * Separation of duties, on claim and on completion: the signer is a reviewer of this level's node, is
   * not the author, and has not signed another level of this item (in any round).
   */
  void checkReviewer(DelegateTask task) {
    String actor;
    if ("assignment".equals(task.getEventName())) {
      actor = task.getAssignee();
      if (actor == null) {
        return;
      }
    } else {
      actor = currentUser(task);
      if (actor == null) {
        actor = task.getAssignee();
      }
      if (actor == null) {
        throw refuse("审核须由审核员本人签署 / a review must be signed by a reviewer");
      }
    }
    String number = task.getExecution().getProcessBusinessKey();
    ContentSubmission s = repository.require(number);
    ReviewLevel level = s.reviewLevel();
    JurisdictionNode node = reviewNode(s.communityCode(), level);
    if (!isMember(task.getExecution(), actor, StaffRole.REVIEWER.groupOf(node.code()))) {
      throw refuse(actor + " 不是" + node.name() + "的审核员 / " + actor + " is not a reviewer of " + node.displayName(Locale.ENGLISH));
    }
    if (actor.equals(s.authorUserId())) {
      throw refuse("不能审核自己提交的稿件 / nobody reviews their own submission");
    }
    List<ReviewLevel> other = repository.otherLevelsSignedBy(number, actor, level);
    if (!other.isEmpty()) {
      throw refuse(actor + " 已签署本稿件的" + other.get(0).label(Locale.SIMPLIFIED_CHINESE) + "，同一人不能签署两级 / "
          + actor + " signed the " + other.get(0).label(Locale.ENGLISH) + " of this item; one person never signs two levels");
    }
  }

  void checkReview(DelegateTask task) {
    String number = task.getExecution().getProcessBusinessKey();
    ContentSubmission s = repository.require(number);
    JurisdictionNode node = reviewNode(s.communityCode(), s.reviewLevel());
    unchanged(task, VAR_REVIEW_NODE, node.code());
    unchanged(task, VAR_CANDIDATE_GROUP, StaffRole.REVIEWER.groupOf(node.code()));
    unchanged(task, VAR_AUTHOR_USER_ID, s.authorUserId());
    unchanged(task, VAR_REVIEW_LEVEL, s.reviewLevel().name());
    Object id = task.getVariable(VAR_REVIEW_SLA_ID);
    if (!(id instanceof Number n && sla.find(n.longValue()).map(d -> d.caseRef().equals(number) && d.isOpen()).orElse(false))) {
      throw refuse("流程变量 " + VAR_REVIEW_SLA_ID + " 不可修改 / variable " + VAR_REVIEW_SLA_ID + " cannot be changed");
    }
    String decision = str(task.getVariable(VAR_DECISION));
    if (REJECT.equals(decision)) {
      Object reason = task.getVariable(VAR_REASON);
      if (!(reason instanceof String r) || r.isBlank()) {
        throw refuse("退回须写明原因（作者可见） / a rejection needs a reason the author sees (reason)");
      }
      if (r.length() > MAX_REASON) {
        throw refuse("原因不能超过 " + MAX_REASON + " 字 / reason must be at most " + MAX_REASON + " characters");
      }
    } else if (!APPROVE.equals(decision)) {
      throw refuse("请选择通过或退回 / choose APPROVE or REJECT (decision: " + decision + ")");
    }
    String actor = currentUser(task);
    task.getExecution().setVariable(VAR_ACTOR, actor != null ? actor : task.getAssignee());
  }

  /**
   * The revision is the author's (a resident's is relayed by their channel through the API, which
   * completes the task as the system); its content follows the same rules as a submission.
   */
  void checkRevision(DelegateTask task) {
    ContentSubmission s = repository.require(task.getExecution().getProcessBusinessKey());
    String actor = currentUser(task);
    if (actor != null && !actor.equals(s.authorUserId())) {
      throw refuse("只有作者本人可以修改稿件 / only the author can revise the submission");
    }
    unchanged(task, VAR_AUTHOR_USER_ID, s.authorUserId());
    draftFrom(task.getExecution());
  }

  /** Reads and checks the revised version from the variables the form (or the API) set. */
  private ContentDraft draftFrom(DelegateExecution ex) {
    Instant publishAt;
    try {
      publishAt = parseMinute(str(ex, VAR_PUBLISH_AT_TEXT));
    } catch (DateTimeParseException e) {
      throw refuse("publishAtText：发布时间格式应为 yyyy-MM-dd HH:mm / publish time must be yyyy-MM-dd HH:mm");
    }
    Instant now = EngineTime.now();
    if (publishAt != null && publishAt.isBefore(now) && publishAt.plusSeconds(60).isAfter(now)) {
      publishAt = now; // the form counts in minutes: "this minute" is now, not the past
    }
    try {
      return rules.check(str(ex, VAR_TITLE), str(ex, VAR_BODY), lines(str(ex, VAR_MEDIA_URLS_TEXT)), channelsOf(ex.getVariable(VAR_TARGET_CHANNELS)),
          publishAt);
    } catch (InvalidInputException e) {
      throw refuse(rules.describe(e));
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  /** The content and the earlier reviews, for the forms to show (the database stays the truth). */
  private void showContent(DelegateExecution ex, ContentSubmission s) {
    ex.setVariable(VAR_TITLE, s.title());
    ex.setVariable(VAR_BODY, s.body());
    ex.setVariable(VAR_MEDIA_URLS_TEXT, String.join("\n", s.mediaUrls()));
    ex.setVariable(VAR_CHANNELS_TEXT, channelLabels(s.targetChannels(), Locale.SIMPLIFIED_CHINESE));
    ex.setVariable(VAR_PUBLISH_AT_TEXT, s.publishAt() == null ? "终审通过后立即发布 / at once after the final review"
        : MINUTE.format(s.publishAt().atZone(CHINA)));
    ex.setVariable(VAR_REVIEW_HISTORY_TEXT, reviewHistory(s.submissionNumber()));
  }

  String reviewHistory(String number) {
    StringBuilder sb = new StringBuilder();
    for (Review r : repository.reviews(number)) {
      sb.append("第").append(r.round()).append("稿 · ").append(r.level().label(Locale.SIMPLIFIED_CHINESE)).append(" · ")
          .append(jurisdictions.require(r.nodeCode()).name()).append(" · ").append(r.reviewer()).append(" · ")
          .append(APPROVE.equals(r.decision()) ? "通过" : "退回").append(" · ").append(MINUTE.format(r.decidedAt().atZone(CHINA)));
      if (r.reason() != null) {
        sb.append("\n    ").append(r.reason());
      }
      sb.append('\n');
    }
    return sb.isEmpty() ? "（尚无 / none yet）" : sb.toString();
  }

  ContentItem item(ContentSubmission s) {
    return new ContentItem(s.submissionNumber(), s.communityCode(), jurisdictions.require(s.communityCode()).name(), s.title(), s.body(),
        s.mediaUrls(), s.publishAt());
  }

  String channelLabels(List<String> channels, Locale locale) {
    List<String> labels = new ArrayList<>();
    for (String c : channels) {
      var ch = properties.channels().get(c);
      labels.add(ch == null ? c : ch.label().in(locale));
    }
    return String.join(locale.getLanguage().equals("en") ? ", " : "、", labels);
  }

  private void tellAuthor(ContentSubmission s, String what, String subject, String body) {
    // the author's notices are the channel's events: returned → content.rejected; approved, published, withdrawn, abandoned
    webhooks.enqueue(s.submissionNumber(), "content." + (what.startsWith("returned") ? "rejected" : what.split(":")[0]), WebhookOutbox.data("round", s.round()));
    if (s.authorEmail() != null && !s.authorEmail().isBlank()) {
      notifications.queue("content:" + s.submissionNumber() + ":" + what, "CONTENT_" + what.split(":")[0].toUpperCase(Locale.ROOT),
          s.submissionNumber(), s.authorEmail(), subject, body);
    }
  }

  /** Looked up as the system: the hand-over runs under the dispatcher's authentication, who may not read users. */
  private String displayName(String userId) {
    return Context.getCommandContext().runWithoutAuthorization(() -> staff.displayNameOf(userId).orElse(userId));
  }

  private String emailOf(String userId) {
    return userId == null ? null : Context.getCommandContext().runWithoutAuthorization(() -> staff.emailOf(userId).orElse(null));
  }

  static List<String> channelsOf(Object raw) {
    if (raw == null) {
      return null;
    }
    if (raw instanceof SpinJsonNode node && node.isArray()) {
      return node.elements().stream().map(e -> e.isString() ? e.stringValue() : e.toString()).toList();
    }
    if (raw instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).toList();
    }
    String s = String.valueOf(raw).strip();
    if (s.startsWith("[")) {
      return org.camunda.spin.Spin.JSON(s).elements().stream().map(e -> e.isString() ? e.stringValue() : e.toString()).toList();
    }
    return Arrays.stream(s.split("[,，\\s]+")).filter(x -> !x.isBlank()).toList();
  }

  static Instant parseMinute(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return LocalDateTime.parse(text.strip().replace('T', ' '), MINUTE).atZone(CHINA).toInstant();
  }


  private static ReviewLevel level(DelegateExecution ex) {
    return ReviewLevel.valueOf(str(ex, VAR_REVIEW_LEVEL));
  }

  private static String limit(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static String number(DelegateExecution ex) {
    return ex.getProcessBusinessKey();
  }

  private static String str(DelegateExecution ex, String name) {
    return str(ex.getVariable(name));
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
