package org.gongzhi.api;

import static org.gongzhi.api.ChinaTime.time;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gongzhi.channel.CaseAlreadyCreatedException;
import org.gongzhi.channel.CaseOrigins;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.complaint.Complaint;
import org.gongzhi.complaint.ComplaintManagement;
import org.gongzhi.complaint.ComplaintNotFoundException;
import org.gongzhi.complaint.ComplaintProperties;
import org.gongzhi.complaint.ComplaintStatus;
import org.gongzhi.complaint.ComplaintView;
import org.gongzhi.complaint.NewComplaint;
import org.gongzhi.complaint.TimelineEntry;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.merchant.MerchantApplicationNotFoundException;
import org.gongzhi.merchant.MerchantApplications;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.system.Timestamps;
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

/** The resident channels' complaint API: submit, follow, rate. */
@RestController
@RequestMapping(path = "/api/v1/complaints", produces = MediaType.APPLICATION_JSON_VALUE)
class ComplaintController {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ComplaintController.class);

  private final ComplaintManagement complaints;
  private final ComplaintProperties properties;
  private final Jurisdictions jurisdictions;
  private final MessageSource messages;
  private final CaseAccess access;
  private final CaseListing listing;
  private final MerchantApplications merchants;
  private final CaseOrigins origins;

  ComplaintController(ComplaintManagement complaints, ComplaintProperties properties, Jurisdictions jurisdictions,
                      MessageSource messages, CaseAccess access, CaseListing listing, MerchantApplications merchants,
                      CaseOrigins origins) {
    this.origins = origins;
    this.merchants = merchants;
    this.access = access;
    this.listing = listing;
    this.complaints = complaints;
    this.properties = properties;
    this.jurisdictions = jurisdictions;
    this.messages = messages;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ComplaintCreated> submit(@Valid @RequestBody ComplaintRequest r, ChannelCaller caller) {
    access.requireMerchant(caller, r.merchantNumber(), number -> {
      try {
        return Optional.of(merchants.view(number).application().communityCode());
      } catch (MerchantApplicationNotFoundException unknown) {
        return Optional.empty(); // the complaint rules say "not listed"
      }
    });
    var loc = r.location();
    ComplaintView v;
    boolean replayed = false;
    try {
      v = access.createIn(caller, r.communityCode(), community -> complaints.submit(new NewComplaint(community, r.category(), r.title(), r.description(),
          r.reporter().name(), r.reporter().phone(), r.reporter().email(), r.locale(), r.channel(),
          loc == null ? null : loc.lat(), loc == null ? null : loc.lng(), loc == null ? null : loc.address(), r.merchantNumber(),
          caller.origin())));
    } catch (CaseAlreadyCreatedException e) { // the key's first request stored its case and died before its answer was stored
      v = complaints.view(origins.createdWith(e.apiKeyId(), e.idempotencyKey()).orElseThrow(() -> e), false);
      replayed = true;
      log.warn("Idempotency-Key of key id {} had already created {} (its answer was lost): answered with that case",
          e.apiKeyId(), v.complaint().caseNumber());
    }
    Complaint c = v.complaint();
    var created = ResponseEntity.created(URI.create("/api/v1/complaints/" + c.caseNumber()));
    if (replayed) {
      created.header(IdempotencyFilter.REPLAYED_HEADER, "true");
    }
    return created.body(new ComplaintCreated(c.caseNumber(), c.status().name(), c.tier().name(), due(v.currentReply()),
        due(v.currentResolve())));
  }

  @GetMapping("/{caseNumber}")
  ComplaintResponse get(@PathVariable String caseNumber, ChannelCaller caller) {
    return toResponse(visible(caseNumber, caller));
  }

  @PostMapping(path = "/{caseNumber}/rating", consumes = MediaType.APPLICATION_JSON_VALUE)
  ComplaintResponse rate(@PathVariable String caseNumber, @Valid @RequestBody RatingRequest r, ChannelCaller caller) {
    visible(caseNumber, caller);
    return toResponse(complaints.rate(caseNumber, r.score(), r.comment(), r.reopen()));
  }

  static final CaseListing.CaseTable CASES = CaseListing.CaseTable.of("complaint", "case_number", "caseNumber");

  record Summary(String caseNumber, String status, String statusLabel, String tier, String communityCode, String category,
                 String categoryLabel, String title, String channel, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
  }

  /** The caller's complaints (the resident's own when it names one), newest first unless sorted otherwise. */
  @GetMapping
  PageOf<Summary> list(@RequestParam(required = false) String communityCode, @RequestParam(required = false) String status,
                       @RequestParam(required = false) String category, @RequestParam(required = false) Integer page,
                       @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort, ChannelCaller caller) {
    List<CaseListing.Condition> conditions = new ArrayList<>();
    if (category != null && !category.isBlank()) {
      conditions.add(new CaseListing.Condition("c.category = ?", category.strip()));
    }
    Locale locale = LocaleContextHolder.getLocale();
    return listing.cases(caller, CASES, ComplaintStatus.class, communityCode, status, page, size, sort, conditions, (rs, n) -> {
      String st = rs.getString("status");
      String cat = rs.getString("category");
      var label = properties.categories().get(cat);
      return new Summary(rs.getString("case_number"), st, messages.getMessage("status." + st, null, st, locale), rs.getString("tier"),
          rs.getString("community_code"), cat, label == null ? cat : label.in(locale), rs.getString("title"), rs.getString("channel"),
          time(Timestamps.instant(rs, "created_at")), time(Timestamps.instant(rs, "updated_at")));
    });
  }

  /** The complaint, if this caller may see it; otherwise exactly what an unknown number gets. */
  private ComplaintView visible(String caseNumber, ChannelCaller caller) {
    ComplaintView v = complaints.view(caseNumber, false);
    access.requireVisible(caller, caseNumber, v.complaint().communityCode(), () -> new ComplaintNotFoundException(caseNumber));
    return v;
  }

  private ComplaintResponse toResponse(ComplaintView v) {
    Locale locale = LocaleContextHolder.getLocale();
    Complaint c = v.complaint();
    var category = properties.categories().get(c.category());
    return new ComplaintResponse(c.caseNumber(), c.status().name(),
        messages.getMessage("status." + c.status().name(), null, c.status().name(), locale),
        c.tier().name(), c.tier().label(locale), unit(v.handlingNode(), locale), c.communityCode(), c.category(),
        category == null ? c.category() : category.in(locale), c.title(), c.channel(), time(c.createdAt()),
        due(v.currentReply()), due(v.currentResolve()), time(c.resolvedAt()), time(c.closedAt()), c.ratingScore(),
        c.reopenCount(), c.merchantNumber(), v.timeline().stream().map(e -> event(e, locale)).toList());
  }

  private ComplaintResponse.Event event(TimelineEntry e, Locale locale) {
    JurisdictionNode node = e.nodeCode() == null ? null : jurisdictions.find(e.nodeCode()).orElse(null);
    return new ComplaintResponse.Event(time(e.occurredAt()), e.kind().name(),
        messages.getMessage("timeline.kind." + e.kind().name(), null, e.kind().name(), locale),
        e.tier() == null ? null : e.tier().name(), node == null ? null : unit(node, locale), e.message());
  }

  private static ComplaintResponse.Unit unit(JurisdictionNode node, Locale locale) {
    return new ComplaintResponse.Unit(node.code(), node.displayName(locale));
  }

  /** The deadline while it is open; a met or closed deadline is no longer "due". */
  private static OffsetDateTime due(SlaDeadline d) {
    return d == null || !d.isOpen() ? null : time(d.dueAt());
  }
}
