package org.gongzhi.complaint;

import static org.gongzhi.complaint.ComplaintEscalationProcess.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.channel.CaseOrigins;
import org.gongzhi.complaint.TimelineEntry.Kind;
import org.gongzhi.complaint.TimelineEntry.Visibility;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.merchant.MerchantApplication;
import org.gongzhi.merchant.MerchantApplications;
import org.gongzhi.merchant.MerchantOnboardingProcess;
import org.gongzhi.merchant.MerchantProperties;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaKind;
import org.gongzhi.sla.SlaService;
import org.gongzhi.system.CaseNumbers;
import org.gongzhi.system.ConflictException;
import org.gongzhi.system.InvalidInputException.FieldProblem;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.system.PersonalData;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one class of the complaint module that talks to the engine: submits complaints, takes
 * ratings, and reads cases back. Each call is one transaction: a complaint that got its case
 * number is in the database together with its running process before the caller hears of it.
 */
@Service
public class ComplaintManagement {

  private final CaseOrigins origins;

  private final ComplaintRepository complaints;
  private final CaseNumbers caseNumbers;
  private final Jurisdictions jurisdictions;
  private final ComplaintProperties properties;
  private final RuntimeService runtime;
  private final SlaService sla;
  private final MerchantApplications merchantApplications;
  private final MerchantProperties merchants;

  private final TransactionTemplate transaction;

  public ComplaintManagement(ComplaintRepository complaints, CaseNumbers caseNumbers, Jurisdictions jurisdictions,
                             ComplaintProperties properties, RuntimeService runtime, SlaService sla,
                             MerchantApplications merchantApplications, MerchantProperties merchants,
                             PlatformTransactionManager transactionManager, CaseOrigins origins) {
    this.origins = origins;
    this.merchantApplications = merchantApplications;
    this.merchants = merchants;
    this.transaction = new TransactionTemplate(transactionManager);
    this.complaints = complaints;
    this.caseNumbers = caseNumbers;
    this.jurisdictions = jurisdictions;
    this.properties = properties;
    this.runtime = runtime;
    this.sla = sla;
    // fail at start-up, naming the key, rather than at the first complaint that reaches a tier
    for (Tier tier : Tier.values()) {
      for (SlaKind kind : List.of(SlaKind.REPLY, SlaKind.RESOLVE)) {
        sla.durationOf(KEY, tier.configKey(), kind);
      }
    }
  }

  /**
   * Not one transaction from the start: the case number is drawn first, in its own short
   * transaction, so that a request never holds two pooled connections at once; then the complaint
   * and its process are stored together.
   */
  public ComplaintView submit(NewComplaint in) {
    // the resident's name in any log line this thread writes meanwhile (ours or a library's) is masked
    try (PersonalData.LogScope ignored = PersonalData.inLogScope(in.reporterName(), in.address())) {
      return submitMasked(in);
    }
  }

  private ComplaintView submitMasked(NewComplaint in) {
    JurisdictionNode community = checkRules(in);
    String caseNumber = caseNumbers.nextWithRetry(properties.caseNumberPrefix());
    return transaction.execute(tx -> store(caseNumber, community, in));
  }

  private ComplaintView store(String caseNumber, JurisdictionNode community, NewComplaint in) {
    var now = EngineTime.now();
    String locale = in.locale() == null ? "zh-CN" : in.locale();
    complaints.insert(new Complaint(caseNumber, community.code(), in.category(), in.title().strip(), in.description().strip(),
        in.reporterName().strip(), in.reporterPhone().strip(), blankToNull(in.reporterEmail()), locale, in.channel(),
        in.lat(), in.lng(), blankToNull(in.address()), ComplaintStatus.IN_PROGRESS, Tier.COMMUNITY, community.code(),
        null, 0, null, null, null, now, now, null, null, null, blankToNull(in.merchantNumber())));
    origins.record(CaseKind.COMPLAINT, caseNumber, in.origin());
    complaints.addTimeline(caseNumber, Kind.SUBMITTED, Visibility.PUBLIC, Tier.COMMUNITY, community.code(), null, null);

    Map<String, Object> vars = new HashMap<>();
    vars.put(VAR_CASE_NUMBER, caseNumber);
    vars.put(VAR_COMMUNITY_CODE, community.code());
    vars.put(VAR_COMMUNITY_NAME, community.name());
    vars.put(VAR_TIER, Tier.COMMUNITY.name());
    vars.put(VAR_HANDLING_NODE, community.code());
    vars.put(VAR_TITLE, in.title().strip());
    vars.put(VAR_DESCRIPTION, in.description().strip());
    vars.put(VAR_CATEGORY_LABEL, properties.categories().get(in.category()).bilingual());
    vars.put(VAR_CHANNEL_LABEL, properties.channels().get(in.channel()).bilingual());
    vars.put(VAR_LOCATION_ADDRESS, PersonalData.maskAddress(blankToNull(in.address())));
    vars.put(VAR_REPORTER_MASKED, PersonalData.maskName(in.reporterName()) + " " + PersonalData.maskPhone(in.reporterPhone()));
    if (blankToNull(in.merchantNumber()) != null) { // the process tells the merchant's own process (a merchant complaint counts)
      vars.put(MerchantOnboardingProcess.VAR_MERCHANT_NUMBER, in.merchantNumber().strip());
    }
    ProcessInstance pi = runtime.startProcessInstanceByKey(KEY, caseNumber, vars);
    complaints.attachProcessInstance(caseNumber, pi.getId());
    return view(caseNumber, false);
  }

  /**
   * The resident rates a resolved case. A score of 1–2 reopens it (unless the resident says not
   * to) while it has been reopened fewer than {@code maxReopens} times; otherwise it closes.
   */
  @Transactional
  public ComplaintView rate(String caseNumber, int score, String comment, Boolean reopenRequested) {
    Complaint c = complaints.require(caseNumber);
    if (c.status() != ComplaintStatus.RESOLVED) {
      throw new ConflictException("complaint.notResolved", caseNumber);
    }
    if (c.ratedSinceResolution()) {
      throw new ConflictException("complaint.alreadyRated", caseNumber);
    }
    boolean reopen = score <= 2 && !Boolean.FALSE.equals(reopenRequested) && c.reopenCount() < properties.maxReopens();
    complaints.recordRating(caseNumber, score, blankToNull(comment));
    String text = score + "/5" + (comment == null || comment.isBlank() ? "" : " " + comment.strip());
    complaints.addTimeline(caseNumber, Kind.RATED, Visibility.PUBLIC, c.tier(), c.handlingNodeCode(), null, text);
    try {
      runtime.createMessageCorrelation(MSG_COMPLAINT_RATED)
          .processInstanceBusinessKey(caseNumber)
          .setVariable(VAR_RATING_SCORE, score)
          .setVariable(VAR_REOPEN, reopen)
          .correlateWithResult();
    } catch (MismatchingMessageCorrelationException e) {
      // the rating period ended in the same moment: the case is closing; refuse rather than half-record
      throw new ConflictException("complaint.notResolved", caseNumber);
    }
    return view(caseNumber, false);
  }

  @Transactional(readOnly = true)
  public ComplaintView view(String caseNumber, boolean includeInternal) {
    Complaint c = complaints.require(caseNumber);
    List<SlaDeadline> deadlines = sla.deadlinesOf(caseNumber);
    return new ComplaintView(c, jurisdictions.require(c.handlingNodeCode()), complaints.timeline(caseNumber, includeInternal),
        current(deadlines, SlaKind.REPLY, c), current(deadlines, SlaKind.RESOLVE, c));
  }

  /** The latest deadline of that kind at the case's current tier. */
  private static SlaDeadline current(List<SlaDeadline> deadlines, SlaKind kind, Complaint c) {
    return deadlines.stream().filter(d -> d.kind() == kind && d.nodeCode().equals(c.handlingNodeCode()))
        .max(Comparator.comparing(SlaDeadline::id)).orElse(null);
  }

  private JurisdictionNode checkRules(NewComplaint in) {
    List<FieldProblem> problems = new ArrayList<>();
    JurisdictionNode community = jurisdictions.find(in.communityCode()).filter(n -> n.tier() == Tier.COMMUNITY).orElse(null);
    if (community == null) {
      problems.add(new FieldProblem("communityCode", "field.unknownCommunity", in.communityCode()));
    }
    if (!properties.categories().containsKey(in.category())) {
      problems.add(new FieldProblem("category", "field.unknownCategory", in.category(), String.join(", ", properties.categories().keySet())));
    }
    if (!properties.channels().containsKey(in.channel())) {
      problems.add(new FieldProblem("channel", "field.unknownChannel", in.channel(), String.join(", ", properties.channels().keySet())));
    }
    String merchant = blankToNull(in.merchantNumber());
    if (merchant != null) {
      if (!merchants.complaintCategories().contains(in.category())) {
        problems.add(new FieldProblem("merchantNumber", "merchant.notMerchantComplaint", String.join(", ", merchants.complaintCategories())));
      } else {
        var status = merchantApplications.statusOf(merchant).orElse(null);
        if (status != MerchantApplication.Status.LISTED && status != MerchantApplication.Status.SUSPENDED) {
          problems.add(new FieldProblem("merchantNumber", "merchant.notListed", merchant));
        }
      }
    }
    if (in.locale() != null && !List.of("zh-CN", "en").contains(in.locale())) {
      problems.add(new FieldProblem("locale", "field.unknownLocale", in.locale()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return community;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

}
