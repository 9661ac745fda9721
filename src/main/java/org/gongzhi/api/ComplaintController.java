package org.gongzhi.api;

import static org.gongzhi.api.ChinaTime.time;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.gongzhi.complaint.Complaint;
import org.gongzhi.complaint.ComplaintManagement;
import org.gongzhi.complaint.ComplaintProperties;
import org.gongzhi.complaint.ComplaintView;
import org.gongzhi.complaint.NewComplaint;
import org.gongzhi.complaint.TimelineEntry;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.sla.SlaDeadline;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The resident channels' complaint API: submit, follow, rate. */
@RestController
@RequestMapping(path = "/api/v1/complaints", produces = MediaType.APPLICATION_JSON_VALUE)
class ComplaintController {

  private final ComplaintManagement complaints;
  private final ComplaintProperties properties;
  private final Jurisdictions jurisdictions;
  private final MessageSource messages;

  ComplaintController(ComplaintManagement complaints, ComplaintProperties properties, Jurisdictions jurisdictions,
                      MessageSource messages) {
    this.complaints = complaints;
    this.properties = properties;
    this.jurisdictions = jurisdictions;
    this.messages = messages;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ComplaintCreated> submit(org.gongzhi.channel.ChannelCaller caller, @Valid @RequestBody ComplaintRequest r) {
    var loc = r.location();
    ComplaintView v = complaints.submit(new NewComplaint(r.communityCode(), r.category(), r.title(), r.description(),
        r.reporter().name(), r.reporter().phone(), r.reporter().email(), r.locale(), r.channel(),
        loc == null ? null : loc.lat(), loc == null ? null : loc.lng(), loc == null ? null : loc.address(), r.merchantNumber(), caller.origin()));
    Complaint c = v.complaint();
    return ResponseEntity.created(URI.create("/api/v1/complaints/" + c.caseNumber()))
        .body(new ComplaintCreated(c.caseNumber(), c.status().name(), c.tier().name(), due(v.currentReply()), due(v.currentResolve())));
  }

  @GetMapping("/{caseNumber}")
  ComplaintResponse get(@PathVariable String caseNumber) {
    return toResponse(complaints.view(caseNumber, false));
  }

  @PostMapping(path = "/{caseNumber}/rating", consumes = MediaType.APPLICATION_JSON_VALUE)
  ComplaintResponse rate(@PathVariable String caseNumber, @Valid @RequestBody RatingRequest r) {
    return toResponse(complaints.rate(caseNumber, r.score(), r.comment(), r.reopen()));
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
