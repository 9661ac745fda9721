package org.gongzhi.api;

import static org.gongzhi.api.ChinaTime.time;

import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.merchant.MerchantApplication;
import org.gongzhi.merchant.MerchantApplicationNotFoundException;
import org.gongzhi.merchant.MerchantApplications;
import org.gongzhi.merchant.MerchantProperties;
import org.gongzhi.merchant.MerchantView;
import org.gongzhi.merchant.NewMerchantApplication;
import org.gongzhi.system.PersonalData;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Merchant onboarding for merchants' channels (apply, supply documents, follow) and the catalogue residents see. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class MerchantController {

  private final MerchantApplications applications;
  private final MerchantProperties properties;
  private final Jurisdictions jurisdictions;
  private final MessageSource messages;
  private final CaseAccess access;
  private final CaseListing listing;

  MerchantController(MerchantApplications applications, MerchantProperties properties, Jurisdictions jurisdictions, MessageSource messages,
                     CaseAccess access, CaseListing listing) {
    this.access = access;
    this.listing = listing;
    this.applications = applications;
    this.properties = properties;
    this.jurisdictions = jurisdictions;
    this.messages = messages;
  }

  record Coded(String code, String label) {
  }

  record Category(String code, String label, List<Coded> requiredDocuments) {
  }

  /** The merchant categories and the documents each requires. */
  @GetMapping("/api/v1/merchant-categories")
  List<Category> categories() {
    Locale locale = LocaleContextHolder.getLocale();
    return properties.categories().entrySet().stream()
        .map(e -> new Category(e.getKey(), e.getValue().label().in(locale), documentTypes(e.getValue().documents(), locale))).toList();
  }

  @PostMapping(path = "/api/v1/merchant-applications", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ApplicationResponse> apply(@Valid @RequestBody MerchantApplicationRequest r, ChannelCaller caller) {
    var c = r.contact();
    MerchantView v = access.createIn(caller, r.communityCode(), community -> applications.apply(new NewMerchantApplication(community, r.name(), r.unifiedSocialCreditCode(), r.category(),
        c.name(), c.phone(), c.email(), r.address(),
        r.offers().stream().map(o -> new NewMerchantApplication.NewOffer(o.title(), o.description(), o.discount())).toList(),
        documents(r.documentUrls()), caller.origin())));
    String number = v.application().applicationNumber();
    return ResponseEntity.created(URI.create("/api/v1/merchant-applications/" + number)).body(response(v));
  }

  @PostMapping(path = "/api/v1/merchant-applications/{applicationNumber}/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
  ApplicationResponse supplyDocuments(@PathVariable String applicationNumber, @Valid @RequestBody MerchantApplicationRequest.Documents r,
                                      ChannelCaller caller) {
    visible(applicationNumber, caller);
    return response(applications.supplyDocuments(applicationNumber, documents(r.documentUrls())));
  }

  static final CaseListing.CaseTable APPLICATIONS = CaseListing.CaseTable.of("merchant_application", "application_number",
      "applicationNumber");

  record ApplicationSummary(String applicationNumber, String status, String statusLabel, String communityCode, String name,
                            String category, String categoryLabel, OffsetDateTime submittedAt, OffsetDateTime updatedAt) {
  }

  /** The caller's applications (the resident's own when it names one), newest first unless sorted otherwise. */
  @GetMapping("/api/v1/merchant-applications")
  PageOf<ApplicationSummary> list(@RequestParam(required = false) String communityCode, @RequestParam(required = false) String status,
                    @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                    @RequestParam(required = false) String sort, ChannelCaller caller) {
    Locale locale = LocaleContextHolder.getLocale();
    return listing.cases(caller, APPLICATIONS, MerchantApplication.Status.class, communityCode, status, page, size, sort, List.of(),
        (rs, n) -> new ApplicationSummary(rs.getString("application_number"), rs.getString("status"),
            text("merchant.status." + rs.getString("status"), locale), rs.getString("community_code"), rs.getString("name"),
            rs.getString("category"), categoryLabel(rs.getString("category"), locale),
            time(org.gongzhi.system.Timestamps.instant(rs, "created_at")), time(org.gongzhi.system.Timestamps.instant(rs, "updated_at"))));
  }

  @GetMapping("/api/v1/merchant-applications/{applicationNumber}")
  ApplicationResponse get(@PathVariable String applicationNumber, ChannelCaller caller) {
    return response(visible(applicationNumber, caller));
  }

  /** The application, if this caller may see it; otherwise exactly what an unknown number gets. */
  private MerchantView visible(String number, ChannelCaller caller) {
    MerchantView v = applications.view(number);
    access.requireVisible(caller, number, v.application().communityCode(), () -> new MerchantApplicationNotFoundException(number));
    return v;
  }

  record Offer(String title, String description, BigDecimal discount) {
  }

  record Listing(String merchantNumber, String name, String category, String categoryLabel, String address, List<Offer> offers,
                 OffsetDateTime listedAt) {
  }

  /** One page of a community's catalogue ({@code merchants}), in the shape of {@link PageOf} otherwise. */
  record Catalogue(String communityCode, String communityName, List<Listing> merchants, int page, int size, long totalItems,
                   long totalPages) {
  }

  /** Sort fields of the catalogue: newest listing first by default. */
  static final Map<String, Comparator<Listing>> CATALOGUE_SORT = Map.of(
      "listedAt", Comparator.comparing(Listing::listedAt, Comparator.nullsFirst(Comparator.naturalOrder())),
      "name", Comparator.comparing(Listing::name, java.text.Collator.getInstance(Locale.SIMPLIFIED_CHINESE)));

  /** 智慧屋: what resident channels show for a community — the listed merchants and their offers. */
  @GetMapping("/api/v1/catalogue")
  Catalogue catalogue(@RequestParam(required = false) String communityCode, @RequestParam(required = false) Integer page,
                      @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort, ChannelCaller caller) {
    Map<String, String> sortable = new java.util.LinkedHashMap<>();
    CATALOGUE_SORT.keySet().stream().sorted().forEach(k -> sortable.put(k, k));
    Paging paging = Paging.of(page, size, sort, sortable, "listedAt,desc", "merchantNumber");
    access.requireCommunity(caller, communityCode);
    Locale locale = LocaleContextHolder.getLocale();
    List<Listing> merchants = applications.catalogue(communityCode).stream().map(v -> {
      MerchantApplication a = v.application();
      return new Listing(a.applicationNumber(), a.name(), a.category(), categoryLabel(a.category(), locale), a.address(), offers(v),
          time(a.listedAt()));
    }).toList();
    String[] order = paging.orderBy().split("[ ,]+"); // "listedAt desc, merchantNumber desc"
    Comparator<Listing> by = CATALOGUE_SORT.get(order[0]).thenComparing(Listing::merchantNumber);
    List<Listing> sorted = merchants.stream().sorted("desc".equals(order[1]) ? by.reversed() : by).toList();
    List<Listing> slice = sorted.subList(Math.min(paging.offset(), sorted.size()), Math.min(paging.offset() + paging.size(), sorted.size()));
    PageOf<Listing> p = PageOf.of(slice, paging, sorted.size());
    return new Catalogue(communityCode, jurisdictions.require(communityCode).displayName(locale), p.items(), p.page(), p.size(),
        p.totalItems(), p.totalPages());
  }

  record Contact(String name, String phone) {
  }

  record DocumentEntry(String type, String typeLabel, String url, OffsetDateTime suppliedAt) {
  }

  record DecisionEntry(String step, String stepLabel, String unit, String decision, String decisionLabel, String reason,
                       OffsetDateTime decidedAt) {
  }

  record ApplicationResponse(String applicationNumber, String status, String statusLabel, String communityCode, String communityName,
                             String name, String unifiedSocialCreditCode, String category, String categoryLabel, String address,
                             Contact contact, List<Offer> offers, List<DocumentEntry> documents, List<Coded> missingDocuments,
                             OffsetDateTime documentsDueAt, List<DecisionEntry> decisions, Coded rejectedAt, String rejectionReason,
                             OffsetDateTime listedAt, OffsetDateTime nextReReviewAt, OffsetDateTime suspendedAt,
                             OffsetDateTime delistedAt, String delistingReason, OffsetDateTime submittedAt) {
  }

  private ApplicationResponse response(MerchantView v) {
    Locale locale = LocaleContextHolder.getLocale();
    MerchantApplication a = v.application();
    boolean waiting = a.status() == MerchantApplication.Status.NEEDS_INFORMATION;
    return new ApplicationResponse(a.applicationNumber(), a.status().name(), text("merchant.status." + a.status().name(), locale),
        a.communityCode(), jurisdictions.require(a.communityCode()).displayName(locale), a.name(), a.creditCode(), a.category(),
        categoryLabel(a.category(), locale), a.address(),
        new Contact(PersonalData.maskName(a.contactName()), PersonalData.maskPhone(a.contactPhone())), offers(v),
        v.documents().stream().map(d -> new DocumentEntry(d.type(), documentLabel(d.type(), locale), d.url(), time(d.suppliedAt()))).toList(),
        documentTypes(v.missingDocuments(), locale), waiting ? time(a.documentsDueAt()) : null,
        v.decisions().stream().map(d -> new DecisionEntry(d.step().name(), d.step().label(locale),
            jurisdictions.require(d.nodeCode()).displayName(locale), d.decision(), text("merchant.decision." + d.decision(), locale),
            d.reason(), time(d.decidedAt()))).toList(),
        a.rejectionStep() == null ? null : new Coded(a.rejectionStep().name(), a.rejectionStep().label(locale)), a.rejectionReason(),
        time(a.listedAt()), a.status() == MerchantApplication.Status.LISTED ? time(a.reReviewAt()) : null, time(a.suspendedAt()),
        time(a.delistedAt()), a.delistingReason(), time(a.createdAt()));
  }

  private static List<NewMerchantApplication.NewDocument> documents(List<MerchantApplicationRequest.DocumentRef> refs) {
    return refs == null ? List.of() : refs.stream().map(d -> new NewMerchantApplication.NewDocument(d.type(), d.url())).toList();
  }

  private static List<Offer> offers(MerchantView v) {
    return v.offers().stream().map(o -> new Offer(o.title(), o.description(), o.discountPercent())).toList();
  }

  private List<Coded> documentTypes(List<String> types, Locale locale) {
    return types.stream().map(t -> new Coded(t, documentLabel(t, locale))).toList();
  }

  private String documentLabel(String type, Locale locale) {
    var label = properties.documentTypes().get(type);
    return label == null ? type : label.in(locale);
  }

  private String categoryLabel(String category, Locale locale) {
    var c = properties.categories().get(category);
    return c == null ? category : c.label().in(locale);
  }

  private String text(String code, Locale locale) {
    return messages.getMessage(code, null, code, locale);
  }
}
