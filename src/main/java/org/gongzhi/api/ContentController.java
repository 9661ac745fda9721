package org.gongzhi.api;

import static org.gongzhi.api.ChinaTime.time;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.content.ChannelAdapters;
import org.gongzhi.content.ContentProperties;
import org.gongzhi.content.ContentSubmission;
import org.gongzhi.content.ContentSubmissionNotFoundException;
import org.gongzhi.content.ContentSubmissions;
import org.gongzhi.content.ContentView;
import org.gongzhi.content.NewContentSubmission;
import org.gongzhi.jurisdiction.Jurisdictions;
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

/** Content submissions for media volunteers' and residents' channels: submit, follow, revise; the channel list. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ContentController {

  private final ContentSubmissions submissions;
  private final ContentProperties properties;
  private final ChannelAdapters adapters;
  private final Jurisdictions jurisdictions;
  private final MessageSource messages;
  private final CaseAccess access;
  private final CaseListing listing;

  ContentController(ContentSubmissions submissions, ContentProperties properties, ChannelAdapters adapters, Jurisdictions jurisdictions,
                    MessageSource messages, CaseAccess access, CaseListing listing) {
    this.access = access;
    this.listing = listing;
    this.submissions = submissions;
    this.properties = properties;
    this.adapters = adapters;
    this.jurisdictions = jurisdictions;
    this.messages = messages;
  }

  record Channel(String code, String label, boolean connected) {
  }

  /** The configured target channels; only connected ones can be chosen. */
  @GetMapping("/api/v1/content-channels")
  List<Channel> channels() {
    Locale locale = LocaleContextHolder.getLocale();
    return properties.channels().entrySet().stream()
        .map(e -> new Channel(e.getKey(), e.getValue().label().in(locale), adapters.isConnected(e.getKey()))).toList();
  }

  record Created(String submissionNumber, String status) {
  }

  @PostMapping(path = "/api/v1/content-submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Created> submit(@Valid @RequestBody ContentSubmissionRequest r, ChannelCaller caller) {
    var a = r.author();
    ContentView v = access.createIn(caller, r.communityCode(), community -> submissions.submit(new NewContentSubmission(community, r.title(), r.body(), r.mediaUrls(), r.targetChannels(),
        instant(r.publishAt()), a.userId(), a.name(), a.email(), a.phone(), a.channel(), caller.origin())));
    String number = v.submission().submissionNumber();
    return ResponseEntity.created(URI.create("/api/v1/content-submissions/" + number)).body(new Created(number, v.submission().status().name()));
  }

  @PostMapping(path = "/api/v1/content-submissions/{submissionNumber}/revisions", consumes = MediaType.APPLICATION_JSON_VALUE)
  SubmissionResponse revise(@PathVariable String submissionNumber, @Valid @RequestBody ContentSubmissionRequest.Revision r,
                            ChannelCaller caller) {
    visible(submissionNumber, caller);
    return response(submissions.revise(submissionNumber, r.title(), r.body(), r.mediaUrls(), r.targetChannels(), instant(r.publishAt())));
  }

  static final CaseListing.CaseTable SUBMISSIONS = CaseListing.CaseTable.of("content_submission", "submission_number", "submissionNumber");

  record SubmissionSummary(String submissionNumber, String status, String statusLabel, String communityCode, String title,
                           OffsetDateTime submittedAt, OffsetDateTime updatedAt, OffsetDateTime publishedAt) {
  }

  /** The caller's submissions (the resident's own when it names one), newest first unless sorted otherwise. */
  @GetMapping("/api/v1/content-submissions")
  PageOf<SubmissionSummary> list(@RequestParam(required = false) String communityCode, @RequestParam(required = false) String status,
                    @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                    @RequestParam(required = false) String sort, ChannelCaller caller) {
    Locale locale = LocaleContextHolder.getLocale();
    return listing.cases(caller, SUBMISSIONS, ContentSubmission.Status.class, communityCode, status, page, size, sort, List.of(),
        (rs, n) -> new SubmissionSummary(rs.getString("submission_number"), rs.getString("status"),
            text("content.status." + rs.getString("status"), locale), rs.getString("community_code"), rs.getString("title"),
            time(org.gongzhi.system.Timestamps.instant(rs, "created_at")), time(org.gongzhi.system.Timestamps.instant(rs, "updated_at")),
            time(org.gongzhi.system.Timestamps.instant(rs, "published_at"))));
  }

  @GetMapping("/api/v1/content-submissions/{submissionNumber}")
  SubmissionResponse get(@PathVariable String submissionNumber, ChannelCaller caller) {
    return response(visible(submissionNumber, caller));
  }

  /** The submission, if this caller may see it; otherwise exactly what an unknown number gets. */
  private ContentView visible(String number, ChannelCaller caller) {
    ContentView v = submissions.view(number);
    access.requireVisible(caller, number, v.submission().communityCode(), () -> new ContentSubmissionNotFoundException(number));
    return v;
  }

  record Review(int round, String level, String levelLabel, String unit, String decision, String decisionLabel, String reason,
                OffsetDateTime decidedAt) {
  }

  record Publication(String channel, String channelLabel, String status, String statusLabel, boolean incident, String externalId,
                     String url, int attempts, OffsetDateTime lastAttemptAt, OffsetDateTime publishedAt, OffsetDateTime withdrawnAt) {
  }

  record Withdrawal(OffsetDateTime at, String reason) {
  }

  record SubmissionResponse(String submissionNumber, String status, String statusLabel, String reviewLevel, String reviewLevelLabel,
                            int round, String communityCode, String communityName, String title, String body, List<String> mediaUrls,
                            List<Channel> targetChannels, OffsetDateTime publishAt, String author, String origin,
                            String sourceOrderNumber, OffsetDateTime submittedAt, OffsetDateTime approvedAt, OffsetDateTime publishedAt,
                            Withdrawal withdrawal, List<Review> reviews, List<Publication> publications) {
  }

  private SubmissionResponse response(ContentView v) {
    Locale locale = LocaleContextHolder.getLocale();
    ContentSubmission s = v.submission();
    var community = jurisdictions.require(s.communityCode());
    return new SubmissionResponse(s.submissionNumber(), s.status().name(), text("content.status." + s.status().name(), locale),
        s.reviewLevel() == null ? null : s.reviewLevel().name(), s.reviewLevel() == null ? null : s.reviewLevel().label(locale),
        s.round(), s.communityCode(), community.displayName(locale), s.title(), s.body(), s.mediaUrls(),
        s.targetChannels().stream().map(c -> new Channel(c, label(c, locale), adapters.isConnected(c))).toList(),
        time(s.publishAt()), PersonalData.maskName(s.authorName()), s.origin().name(), s.sourceOrderNumber(), time(s.createdAt()),
        time(s.approvedAt()), time(s.publishedAt()),
        s.withdrawnAt() == null ? null : new Withdrawal(time(s.withdrawnAt()), s.withdrawalReason()),
        v.reviews().stream().map(r -> new Review(r.round(), r.level().name(), r.level().label(locale),
            jurisdictions.require(r.nodeCode()).displayName(locale), r.decision(), text("content.decision." + r.decision(), locale),
            r.reason(), time(r.decidedAt()))).toList(),
        v.channels().stream().map(c -> {
          var p = c.publication();
          return new Publication(p.channel(), label(p.channel(), locale), p.status().name(),
              text("content.publication." + p.status().name(), locale), c.incident(), p.externalId(), p.externalUrl(), p.attempts(),
              time(p.lastAttemptAt()), time(p.publishedAt()), time(p.withdrawnAt()));
        }).toList());
  }

  private String label(String channel, Locale locale) {
    var c = properties.channels().get(channel);
    return c == null ? channel : c.label().in(locale);
  }

  private String text(String code, Locale locale) {
    return messages.getMessage(code, null, code, locale);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
