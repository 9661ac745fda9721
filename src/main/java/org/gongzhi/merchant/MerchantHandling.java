package org.gongzhi.merchant;

import static org.gongzhi.merchant.MerchantOnboardingProcess.*;
import static org.gongzhi.system.EngineVariables.currentUser;
import static org.gongzhi.system.EngineVariables.isMember;
import static org.gongzhi.system.EngineVariables.lines;
import static org.gongzhi.system.EngineVariables.longVar;
import static org.gongzhi.system.EngineVariables.refuse;
import static org.gongzhi.system.EngineVariables.str;
import static org.gongzhi.system.EngineVariables.text;
import static org.gongzhi.system.EngineVariables.unchanged;
import static org.gongzhi.system.Timestamps.CHINA;
import static org.gongzhi.system.Timestamps.minute;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.ShareTaskWithJurisdictionListener;
import org.gongzhi.jurisdiction.StaffDirectory;
import org.gongzhi.merchant.MerchantApplication.Decision;
import org.gongzhi.merchant.MerchantApplication.Document;
import org.gongzhi.merchant.MerchantApplication.Offer;
import org.gongzhi.merchant.MerchantApplication.Status;
import org.gongzhi.notification.NotificationService;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.sla.SlaAlerts;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaService;
import org.gongzhi.system.HttpUrls;
import org.gongzhi.webhook.WebhookOutbox;
import org.springframework.stereotype.Service;

/**
 * The rules of 商户入驻, called by the delegates and task listeners of {@code merchant-onboarding}. The
 * application is always read from the database; process variables only display it to the forms.
 */
@Service
class MerchantHandling {

  static final int MAX_REASON = 1000;
  static final int MAX_FINDINGS = 2000;
  static final int MAX_PHOTOS = 20;

  private final MerchantRepository repository;
  private final MerchantProperties properties;
  private final Jurisdictions jurisdictions;
  private final StaffDirectory staff;
  private final SlaService sla;
  private final SlaAlerts alerts;
  private final NotificationService notifications;
  private final WebhookOutbox webhooks;

  MerchantHandling(MerchantRepository repository, MerchantProperties properties, Jurisdictions jurisdictions, StaffDirectory staff,
                   SlaService sla, SlaAlerts alerts, NotificationService notifications, WebhookOutbox webhooks) {
    this.webhooks = webhooks;
    this.repository = repository;
    this.properties = properties;
    this.jurisdictions = jurisdictions;
    this.staff = staff;
    this.sla = sla;
    this.alerts = alerts;
    this.notifications = notifications;
  }

  /** The node that takes a step for a merchant of this community: the community itself, or its street. */
  JurisdictionNode stepNode(String communityCode, MerchantStep step) {
    return jurisdictions.ancestorsAndSelf(jurisdictions.require(communityCode)).stream()
        .filter(n -> n.tier() == step.tier()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + step.tier() + " above " + communityCode));
  }

  // ---- documents --------------------------------------------------------------------------------------

  /** Whether the documents the category requires are all there. */
  void checkDocuments(DelegateExecution ex) {
    MerchantApplication a = repository.require(number(ex));
    List<Document> documents = repository.documents(a.applicationNumber());
    List<String> missing = properties.missingDocuments(a.category(), documents.stream().map(Document::type).toList());
    ex.setVariable(VAR_DOCUMENTS_COMPLETE, missing.isEmpty());
    ex.setVariable(VAR_DOCUMENTS_TEXT, documentsText(documents));
  }

  /** 补充材料: the merchant is told what is missing and until when; the deadline is set once, at the first request. */
  void requestDocuments(DelegateExecution ex) {
    MerchantApplication a = repository.require(number(ex));
    Instant due = ex.getVariable(VAR_DOCUMENTS_DUE_AT) instanceof Date d ? d.toInstant() : EngineTime.now().plus(properties.documentsPeriod());
    ex.setVariable(VAR_DOCUMENTS_DUE_AT, Date.from(due));
    repository.needsInformation(a.applicationNumber(), due);
    List<Document> documents = repository.documents(a.applicationNumber());
    List<String> missing = properties.missingDocuments(a.category(), documents.stream().map(Document::type).toList());
    tellMerchant(a, "documents:" + documents.size(), "【请补充材料】" + a.applicationNumber() + " " + a.name() + " / Documents needed",
        "您的入驻申请 " + a.applicationNumber() + "（" + a.name() + "）还缺少以下材料：\n" + documentLabels(missing, Locale.SIMPLIFIED_CHINESE)
            + "\n请在 " + minute(due) + " 前补充，逾期申请将终止。\n\nYour application still lacks: " + documentLabels(missing, Locale.ENGLISH)
            + ". Please supply them by " + minute(due) + " (China time); after that the application ends.");
  }

  void expireApplication(DelegateExecution ex) {
    MerchantApplication a = repository.require(number(ex));
    repository.reject(a.applicationNumber(), Status.EXPIRED, null, "逾期未补充材料 / the missing documents did not arrive in time");
    repository.releaseCode(a.applicationNumber());
    tellMerchant(a, "expired", "【申请已终止】" + a.applicationNumber() + " / Application ended",
        "入驻申请 " + a.applicationNumber() + " 未在期限内补充材料，已终止。材料齐全后可重新申请。\n\n"
            + "The missing documents did not arrive in time and the application has ended. You may apply again with complete documents.");
  }

  // ---- the human steps --------------------------------------------------------------------------------

  /** A step begins: who takes it, its deadline, and what the form shows. */
  void openStepDeadline(DelegateExecution ex) {
    MerchantStep step = MerchantStep.ofSlaStep(str(ex, VAR_STEP));
    MerchantApplication a = repository.require(number(ex));
    JurisdictionNode node = stepNode(a.communityCode(), step);
    SlaDeadline d = sla.open(KEY, step.slaStep(), a.applicationNumber(), ex.getProcessInstanceId(), step.kind(), node.tier(), node.code());
    if (step.status() != null) {
      repository.setStatus(a.applicationNumber(), step.status());
    }
    ex.setVariable(VAR_CURRENT_STEP, step.name());
    ex.setVariable(VAR_STEP_SLA_ID, d.id());
    ex.setVariable(VAR_STEP_WARN_AT, Date.from(d.warnAt()));
    ex.setVariable(VAR_STEP_DUE_AT, Date.from(d.dueAt()));
    ex.setVariable(VAR_CANDIDATE_GROUP, step.role().groupOf(node.code()));
    ex.setVariable(ShareTaskWithJurisdictionListener.VAR_HANDLING_NODE, node.code());
    ex.setVariable("handlingNodeName", node.name());
    ex.setVariable(VAR_STEP_LABEL, step.bilingual() + " · " + node.name());
    ex.setVariable(VAR_OFFERS_TEXT, offersText(repository.offers(a.applicationNumber())));
    ex.setVariable(VAR_DOCUMENTS_TEXT, documentsText(repository.documents(a.applicationNumber())));
    ex.setVariable(VAR_HISTORY_TEXT, historyText(repository.decisions(a.applicationNumber())));
    if (step == MerchantStep.SUSPENSION_DECISION) {
      ex.setVariable(VAR_COMPLAINTS_TEXT, String.join("\n", repository.complaintLinesSince(a.applicationNumber(), countingStart(a))));
    }
    for (String name : List.of(VAR_DECISION, VAR_REASON, VAR_FINDINGS, VAR_PHOTO_URLS, VAR_APPROVED)) {
      ex.setVariable(name, null);
    }
  }

  /**
   * On completion of every step's task: the signer is of the step's group, the answer is one of the two,
   * a refusal (and any suspension decision) says why, an inspection records its findings. The decision
   * is kept for ever and the step's deadline is met.
   */
  void decide(DelegateTask task) {
    MerchantStep step = MerchantStep.ofTask(task.getTaskDefinitionKey());
    String number = task.getExecution().getProcessBusinessKey();
    MerchantApplication a = repository.require(number);
    JurisdictionNode node = stepNode(a.communityCode(), step);
    String group = step.role().groupOf(node.code());
    String actor = currentUser(task) != null ? currentUser(task) : task.getAssignee();
    if (actor == null) {
      throw refuse("须由经办人本人签署 / the decision must be signed by the person who takes it");
    }
    if (!isMember(task.getExecution(), actor, group)) {
      throw refuse(actor + " 不是" + node.name() + "的" + step.role().label(Locale.SIMPLIFIED_CHINESE) + " / " + actor + " is not one of the "
          + step.role().label(Locale.ENGLISH) + " of " + node.displayName(Locale.ENGLISH));
    }
    unchanged(task, VAR_CANDIDATE_GROUP, group);
    unchanged(task, VAR_CURRENT_STEP, step.name());
    Object id = task.getVariable(VAR_STEP_SLA_ID);
    if (!(id instanceof Number n && sla.find(n.longValue()).map(d -> d.caseRef().equals(number) && d.isOpen()).orElse(false))) {
      throw refuse("流程变量 " + VAR_STEP_SLA_ID + " 不可修改 / variable " + VAR_STEP_SLA_ID + " cannot be changed");
    }
    String decision = text(task, VAR_DECISION);
    if (!step.yes().equals(decision) && !step.no().equals(decision)) {
      throw refuse("请选择 " + step.yes() + " 或 " + step.no() + " / choose " + step.yes() + " or " + step.no() + " (decision: " + decision + ")");
    }
    boolean yes = step.yes().equals(decision);
    String reason = text(task, VAR_REASON);
    if (reason == null && (!yes || step == MerchantStep.SUSPENSION_DECISION)) {
      throw refuse("须写明原因（商户可见） / a reason the merchant sees is required (reason)");
    }
    if (reason != null && reason.length() > MAX_REASON) {
      throw refuse("原因不能超过 " + MAX_REASON + " 字 / reason must be at most " + MAX_REASON + " characters");
    }
    String findings = null;
    List<String> photos = List.of();
    if (step == MerchantStep.INSPECTION) {
      findings = text(task, VAR_FINDINGS);
      if (findings == null) {
        throw refuse("须填写核查记录 / the inspection findings are required (findings)");
      }
      if (findings.length() > MAX_FINDINGS) {
        throw refuse("核查记录不能超过 " + MAX_FINDINGS + " 字 / findings must be at most " + MAX_FINDINGS + " characters");
      }
      photos = lines(str(task, VAR_PHOTO_URLS));
      if (photos.size() > MAX_PHOTOS) {
        throw refuse("最多 " + MAX_PHOTOS + " 张照片 / at most " + MAX_PHOTOS + " photos");
      }
      for (String p : photos) {
        if (p.length() > 1000 || !HttpUrls.isHttpUrl(p)) {
          throw refuse("照片链接须为 http(s) 地址：" + p + " / photo links must be http(s) URLs");
        }
      }
    }
    repository.addDecision(number, new Decision(step, node.code(), actor, decision, reason, findings, photos, EngineTime.now()));
    sla.meet(n(id));
    task.getExecution().setVariable(VAR_APPROVED, yes);
  }

  void warnOfStepDeadline(DelegateExecution ex) {
    MerchantStep step = MerchantStep.valueOf(str(ex, VAR_CURRENT_STEP));
    sla.recordWarning(longVar(ex, VAR_STEP_SLA_ID)).ifPresent(d ->
        alerts.warn(d, str(ex, VAR_TITLE), staff.emailsOf(d.nodeCode(), step.role())));
  }

  /** Breached: recorded once, for ever, and mailed to the supervisors of the tier above the node that holds it. */
  void recordStepBreach(DelegateExecution ex) {
    sla.recordBreach(longVar(ex, VAR_STEP_SLA_ID), str(ex, VAR_CANDIDATE_GROUP)).ifPresent(d -> alerts.breach(d, str(ex, VAR_TITLE)));
  }

  /** 不予入驻: at community review, inspection or street approval; the merchant sees the step and the reason. */
  void rejectApplication(DelegateExecution ex) {
    MerchantApplication a = repository.require(number(ex));
    Decision last = lastDecision(a.applicationNumber());
    repository.reject(a.applicationNumber(), Status.REJECTED, last.step(), last.reason());
    repository.releaseCode(a.applicationNumber());
    tellMerchant(a, "rejected", "【未通过】" + a.applicationNumber() + " " + a.name() + " / Application not approved",
        "您的入驻申请 " + a.applicationNumber() + " 在" + last.step().label(Locale.SIMPLIFIED_CHINESE) + "阶段未通过，原因：\n" + last.reason()
            + "\n\nYour application was not approved at the " + last.step().label(Locale.ENGLISH) + ". Reason: see above.");
  }

  // ---- the listing ------------------------------------------------------------------------------------

  /** 入驻: in the catalogue from now; the yearly re-review is set. */
  void listMerchant(DelegateExecution ex) {
    MerchantApplication a = repository.require(number(ex));
    Instant next = nextReReview();
    repository.list(a.applicationNumber(), next);
    ex.setVariable(VAR_RE_REVIEW_AT, Date.from(next));
    tellMerchant(a, "listed", "【已入驻】" + a.applicationNumber() + " " + a.name() + " / Listed in the smart-house catalogue",
        a.name() + " 已列入" + jurisdictions.require(a.communityCode()).name() + "智慧屋目录，居民可在各渠道看到您的优惠。下次年度复核：" + minute(next)
            + "\n\n" + a.name() + " is now listed in the community's smart-house catalogue. Next yearly re-review: " + minute(next) + ".");
  }

  /** The yearly re-review passed: the next one is a year (the configured interval) from now. */
  void renewListing(DelegateExecution ex) {
    Instant next = nextReReview();
    repository.renew(number(ex), next);
    ex.setVariable(VAR_RE_REVIEW_AT, Date.from(next));
  }

  /**
   * A merchant complaint arrived (message from the complaint process): counts the complaints naming this
   * merchant within the window, since listing or the last reinstatement; enough of them suspend the listing.
   */
  void countComplaints(DelegateExecution ex) {
    MerchantApplication a = repository.require(number(ex));
    int count = repository.complaintsSince(a.applicationNumber(), countingStart(a));
    ex.setVariable(VAR_THRESHOLD_REACHED, a.status() == Status.LISTED && count >= properties.suspension().complaints());
  }

  void suspendListing(DelegateExecution ex) {
    MerchantApplication a = repository.require(number(ex));
    // a re-review cut short by the suspension: its deadline ends without an outcome of its own
    sla.deadlinesOf(a.applicationNumber()).stream().filter(SlaDeadline::isOpen).forEach(d -> sla.close(d.id(), "CANCELLED"));
    repository.suspend(a.applicationNumber());
    int count = repository.complaintsSince(a.applicationNumber(), countingStart(a));
    tellMerchant(a, "suspended:" + EngineTime.now().toEpochMilli(), "【暂停展示】" + a.applicationNumber() + " " + a.name() + " / Listing suspended",
        a.name() + " 近期收到 " + count + " 件居民投诉，已暂停在智慧屋目录中展示，待街道核实后决定恢复或退出。\n\n"
            + "After " + count + " complaints from residents, your listing is suspended until the street decides to reinstate or delist it.");
  }

  void reinstateListing(DelegateExecution ex) {
    MerchantApplication a = repository.require(number(ex));
    repository.reinstate(a.applicationNumber());
    tellMerchant(a, "reinstated:" + EngineTime.now().toEpochMilli(), "【恢复展示】" + a.applicationNumber() + " " + a.name() + " / Listing reinstated",
        a.name() + " 已恢复在智慧屋目录中展示。街道意见：" + lastDecision(a.applicationNumber()).reason()
            + "\n\nYour listing is shown again. The street's note is above.");
  }

  /** 退出目录: after a failed re-review or a suspension; the credit code may apply again later. */
  void delistMerchant(DelegateExecution ex) {
    MerchantApplication a = repository.require(number(ex));
    Decision last = lastDecision(a.applicationNumber());
    repository.delist(a.applicationNumber(), last.reason());
    repository.releaseCode(a.applicationNumber());
    tellMerchant(a, "delisted", "【已退出目录】" + a.applicationNumber() + " " + a.name() + " / Delisted",
        a.name() + " 已退出智慧屋目录（" + last.step().label(Locale.SIMPLIFIED_CHINESE) + "），原因：\n" + last.reason()
            + "\n\nYou have been removed from the smart-house catalogue (" + last.step().label(Locale.ENGLISH) + "). Reason: see above.");
  }

  // ---- texts for the forms ----------------------------------------------------------------------------

  String offersText(List<Offer> offers) {
    if (offers.isEmpty()) {
      return "（无 / none）";
    }
    List<String> lines = new ArrayList<>();
    for (Offer o : offers) {
      lines.add(o.position() + ". " + o.title() + (o.discountPercent() == null ? "" : "  优惠 " + percent(o.discountPercent()) + "% / "
          + percent(o.discountPercent()) + "% off") + (o.description() == null ? "" : "\n   " + o.description()));
    }
    return String.join("\n", lines);
  }

  String documentsText(List<Document> documents) {
    if (documents.isEmpty()) {
      return "（无 / none）";
    }
    List<String> lines = new ArrayList<>();
    for (Document d : documents) {
      var label = properties.documentTypes().get(d.type());
      lines.add((label == null ? d.type() : label.bilingual()) + "：" + d.url());
    }
    return String.join("\n", lines);
  }

  private String historyText(List<Decision> decisions) {
    if (decisions.isEmpty()) {
      return "（无 / none）";
    }
    List<String> lines = new ArrayList<>();
    for (Decision d : decisions) {
      lines.add(minute(d.decidedAt()) + "  " + d.step().bilingual() + "  " + d.decision() + "  " + d.decidedBy()
          + (d.reason() == null ? "" : "：" + d.reason()) + (d.findings() == null ? "" : "\n   核查记录 / findings: " + d.findings()));
    }
    return String.join("\n", lines);
  }

  private String documentLabels(List<String> types, Locale locale) {
    return String.join(locale.getLanguage().equals("en") ? ", " : "、",
        types.stream().map(t -> properties.documentTypes().get(t).in(locale)).toList());
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  /** Complaints count from the later of listing, the last reinstatement and the start of the window. */
  private Instant countingStart(MerchantApplication a) {
    Instant start = EngineTime.now().minus(properties.suspension().window());
    for (Instant i : Arrays.asList(a.listedAt(), a.reinstatedAt())) {
      if (i != null && i.isAfter(start)) {
        start = i;
      }
    }
    return start;
  }

  private Instant nextReReview() {
    return EngineTime.now().atZone(CHINA).plus(properties.reReviewInterval()).toInstant();
  }

  private Decision lastDecision(String number) {
    return repository.decisions(number).stream().reduce((x, y) -> y)
        .orElseThrow(() -> new IllegalStateException("no decision recorded for " + number));
  }

  private void tellMerchant(MerchantApplication a, String what, String subject, String body) {
    // every decision the merchant is told of is the channel's event: documents, expired, rejected, listed, suspended …
    webhooks.enqueue(a.applicationNumber(), "merchant." + what.split(":")[0], WebhookOutbox.data());
    if (a.contactEmail() != null) {
      notifications.queue("merchant:" + a.applicationNumber() + ":" + what, "MERCHANT_" + what.split(":")[0].toUpperCase(Locale.ROOT),
          a.applicationNumber(), a.contactEmail(), subject, body);
    }
  }

  private static String percent(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  private static long n(Object id) {
    return ((Number) id).longValue();
  }


  private static String number(DelegateExecution ex) {
    return ex.getProcessBusinessKey();
  }
}
