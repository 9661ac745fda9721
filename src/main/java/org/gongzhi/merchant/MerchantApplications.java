package org.gongzhi.merchant;

import static org.gongzhi.merchant.MerchantOnboardingProcess.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.channel.CaseOrigins;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.ShareTaskWithJurisdictionListener;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.merchant.MerchantApplication.Document;
import org.gongzhi.merchant.MerchantApplication.Offer;
import org.gongzhi.merchant.MerchantApplication.Status;
import org.gongzhi.merchant.NewMerchantApplication.NewDocument;
import org.gongzhi.merchant.NewMerchantApplication.NewOffer;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.sla.SlaService;
import org.gongzhi.system.CaseNumbers;
import org.gongzhi.system.ConflictException;
import org.gongzhi.system.HttpUrls;
import org.gongzhi.system.InvalidInputException.FieldProblem;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.system.PersonalData;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one class of the merchant module that channels call: apply, supply documents, follow an application,
 * read the catalogue. An application that got its number is stored with its running process before the
 * caller hears of it.
 */
@Service
public class MerchantApplications {

  private final CaseOrigins origins;

  static final String FIELD_CREDIT_CODE = "unifiedSocialCreditCode";

  private final MerchantRepository repository;
  private final MerchantProperties properties;
  private final MerchantHandling handling;
  private final Jurisdictions jurisdictions;
  private final CaseNumbers numbers;
  private final RuntimeService runtime;
  private final TransactionTemplate transaction;

  public MerchantApplications(MerchantRepository repository, MerchantProperties properties, MerchantHandling handling,
                              Jurisdictions jurisdictions, CaseNumbers numbers, RuntimeService runtime, SlaService sla,
                              PlatformTransactionManager transactionManager, CaseOrigins origins) {
    this.origins = origins;
    this.repository = repository;
    this.properties = properties;
    this.handling = handling;
    this.jurisdictions = jurisdictions;
    this.numbers = numbers;
    this.runtime = runtime;
    this.transaction = new TransactionTemplate(transactionManager);
    for (MerchantStep step : MerchantStep.values()) {
      sla.durationOf(KEY, step.slaStep(), step.kind()); // fail at start-up, naming the missing key
    }
  }

  /**
   * The automatic checks (credit code, category, community, duplicates, blocklist, offers, documents),
   * then the application and its process are stored together. Missing documents do not refuse it: the
   * process asks for them.
   */
  public MerchantView apply(NewMerchantApplication in) {
    // the resident's name in any log line this thread writes meanwhile (ours or a library's) is masked
    try (PersonalData.LogScope ignored = PersonalData.inLogScope(in.contactName())) {
      return applyMasked(in);
    }
  }

  private MerchantView applyMasked(NewMerchantApplication in) {
    List<FieldProblem> problems = new ArrayList<>();
    JurisdictionNode community = jurisdictions.find(in.communityCode()).filter(n -> n.tier() == Tier.COMMUNITY).orElse(null);
    if (community == null) {
      problems.add(new FieldProblem("communityCode", "field.unknownCommunity", in.communityCode()));
    }
    if (!properties.categories().containsKey(in.category())) {
      problems.add(new FieldProblem("category", "merchant.unknownCategory", in.category(),
          String.join(", ", properties.categories().keySet())));
    }
    String code = checkCreditCode(in.unifiedSocialCreditCode(), problems);
    if (in.offers() != null && in.offers().size() > properties.maxOffers()) {
      problems.add(new FieldProblem("offers", "merchant.tooManyOffers", properties.maxOffers()));
    }
    List<Offer> offers = new ArrayList<>();
    List<NewOffer> given = in.offers() == null ? List.of() : in.offers();
    for (int i = 0; i < given.size(); i++) {
      NewOffer o = given.get(i);
      BigDecimal d = o.discount();
      if (d != null && (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0)) {
        problems.add(new FieldProblem("offers[" + i + "].discount", "merchant.discountRange", d.toPlainString()));
      } else if (d != null && d.stripTrailingZeros().scale() > 2) { // stored as decimal(5,2): never round it silently
        problems.add(new FieldProblem("offers[" + i + "].discount", "merchant.discountPrecision"));
      }
      offers.add(new Offer(i + 1, o.title().strip(), blank(o.description()), d));
    }
    List<Document> documents = checkDocuments(in.documents(), 0, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    String number = numbers.nextWithRetry(properties.applicationNumberPrefix());
    MerchantApplication a = new MerchantApplication(number, community.code(), in.name().strip(), code, in.category(),
        in.contactName().strip(), in.contactPhone().strip(), blank(in.contactEmail()), in.address().strip(), Status.COMMUNITY_REVIEW,
        null, null, null, null, null, null, null, null, null, null, null, null, null);
    try {
      transaction.executeWithoutResult(tx -> {
        repository.insert(a, offers, documents);
        origins.record(CaseKind.MERCHANT, number, in.origin());
        Map<String, Object> vars = new HashMap<>();
        vars.put(VAR_APPLICATION_NUMBER, number);
        vars.put(VAR_CASE_NUMBER, number);
        vars.put(VAR_COMMUNITY_CODE, community.code());
        vars.put(VAR_COMMUNITY_NAME, community.name());
        vars.put(ShareTaskWithJurisdictionListener.VAR_HANDLING_NODE, community.code());
        vars.put(VAR_TITLE, a.name());
        vars.put(VAR_CREDIT_CODE, a.creditCode());
        vars.put(VAR_CATEGORY_LABEL, properties.categories().get(a.category()).label().bilingual());
        vars.put(VAR_ADDRESS, a.address());
        vars.put(VAR_CONTACT_MASKED, PersonalData.maskName(a.contactName()) + " " + PersonalData.maskPhone(a.contactPhone()));
        vars.put(VAR_OFFERS_TEXT, handling.offersText(offers));
        vars.put(VAR_DOCUMENTS_TEXT, handling.documentsText(documents));
        repository.attachProcessInstance(number, runtime.startProcessInstanceByKey(KEY, number, vars).getId());
      });
    } catch (DuplicateKeyException raced) { // another application with the same code got in first
      throw new InvalidInputException(FIELD_CREDIT_CODE, "merchant.duplicate", code);
    }
    return view(number);
  }

  /** Documents the merchant was asked for; the process checks them again at once. */
  @Transactional
  public MerchantView supplyDocuments(String number, List<NewDocument> given) {
    MerchantApplication a = repository.require(number);
    if (a.status() == Status.DELISTED) {
      throw new ConflictException("merchant.delisted", number);
    }
    if (a.status() != Status.NEEDS_INFORMATION) {
      throw new ConflictException("merchant.notAwaitingDocuments", number);
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (given == null || given.isEmpty()) {
      problems.add(new FieldProblem("documentUrls", "field.required"));
    }
    List<Document> documents = checkDocuments(given, repository.documents(number).size(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    repository.addDocuments(number, documents);
    try {
      runtime.createMessageCorrelation(MSG_DOCUMENTS_SUPPLIED).processInstanceBusinessKey(number).correlateWithResult();
    } catch (MismatchingMessageCorrelationException e) {
      throw new ConflictException("merchant.notAwaitingDocuments", number); // the deadline passed in the same moment
    }
    return view(number);
  }

  @Transactional(readOnly = true)
  public MerchantView view(String number) {
    MerchantApplication a = repository.require(number);
    List<Document> documents = repository.documents(number);
    List<String> missing = a.status() == Status.NEEDS_INFORMATION
        ? properties.missingDocuments(a.category(), documents.stream().map(Document::type).toList()) : List.of();
    return new MerchantView(a, repository.offers(number), documents, missing, repository.decisions(number));
  }

  /** What resident channels show: the listed merchants of a community with their offers. */
  @Transactional(readOnly = true)
  public List<MerchantView> catalogue(String communityCode) {
    if (communityCode == null || communityCode.isBlank()) {
      throw new InvalidInputException("communityCode", "field.required");
    }
    jurisdictions.find(communityCode).filter(n -> n.tier() == Tier.COMMUNITY)
        .orElseThrow(() -> new InvalidInputException("communityCode", "field.unknownCommunity", communityCode));
    Map<String, List<Offer>> offers = repository.offersOfListedIn(communityCode);
    return repository.listedIn(communityCode).stream()
        .map(a -> new MerchantView(a, offers.getOrDefault(a.applicationNumber(), List.of()), List.of(), List.of(), List.of())).toList();
  }

  /** For a complaint that names a merchant: its status, if there is such a merchant. */
  @Transactional(readOnly = true)
  public Optional<Status> statusOf(String number) {
    return repository.find(number).map(MerchantApplication::status);
  }

  private String checkCreditCode(String given, List<FieldProblem> problems) {
    Optional<UnifiedSocialCreditCode.Problem> problem = UnifiedSocialCreditCode.check(given);
    if (problem.isPresent()) {
      problems.add(new FieldProblem(FIELD_CREDIT_CODE, "merchant.creditCode." + problem.get().name(), given));
      return null;
    }
    String code = UnifiedSocialCreditCode.normalise(given);
    properties.blocklist().stream().filter(b -> b.code().equalsIgnoreCase(code)).findFirst()
        .ifPresent(b -> problems.add(new FieldProblem(FIELD_CREDIT_CODE, "merchant.blocked", code, b.reason())));
    if (repository.activeHolderOf(code).isPresent()) {
      problems.add(new FieldProblem(FIELD_CREDIT_CODE, "merchant.duplicate", code));
    }
    return code;
  }

  /** Known types, http(s) URLs, not too many in all. {@code already}: documents the application holds already. */
  private List<Document> checkDocuments(List<NewDocument> given, int already, List<FieldProblem> problems) {
    List<Document> documents = new ArrayList<>();
    if (given == null) {
      return documents;
    }
    if (already + given.size() > properties.maxDocuments()) {
      problems.add(new FieldProblem("documentUrls", "merchant.tooManyDocuments", properties.maxDocuments()));
    }
    for (int i = 0; i < given.size(); i++) {
      NewDocument d = given.get(i);
      String type = d.type() == null || d.type().isBlank() ? MerchantProperties.OTHER_DOCUMENT : d.type().strip();
      if (!properties.documentTypes().containsKey(type)) {
        problems.add(new FieldProblem("documentUrls[" + i + "].type", "merchant.unknownDocumentType", type,
            String.join(", ", properties.documentTypes().keySet())));
      }
      String url = d.url() == null ? null : d.url().strip();
      if (url == null || url.length() > 1000 || !HttpUrls.isHttpUrl(url)) {
        problems.add(new FieldProblem("documentUrls[" + i + "]", "merchant.documentUrl", String.valueOf(d.url())));
      }
      documents.add(new Document(type, url, EngineTime.now()));
    }
    return documents;
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
