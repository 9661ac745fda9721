package org.gongzhi.open311;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gongzhi.api.ComplaintRequest;
import org.gongzhi.api.Problems;
import org.gongzhi.api.RateLimits;
import org.gongzhi.channel.ApiKeys;
import org.gongzhi.channel.ApiResource;
import org.gongzhi.channel.CaseAlreadyCreatedException;
import org.gongzhi.channel.CaseOrigins;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.complaint.ComplaintManagement;
import org.gongzhi.complaint.ComplaintProperties;
import org.gongzhi.complaint.ComplaintStatus;
import org.gongzhi.complaint.ComplaintView;
import org.gongzhi.complaint.NewComplaint;
import org.gongzhi.complaint.TimelineEntry;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.system.Label;
import org.gongzhi.system.PersonalData;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Open311 GeoReport v2 for complaints at {@code /open311/v2/} (see docs/open311.md): discovery, services (complaint
 * categories), service definitions, POST/GET requests and mySociety's {@code servicerequestupdates}; each in XML or
 * JSON by the path's suffix ({@code .xml} / {@code .json}; none is XML).
 *
 * <p>Discovery, services and service definitions are public. Everything about requests needs an API key holding the
 * {@code complaints} resource ({@code api_key} parameter or {@code X-API-Key} header): 403 without one, as the spec says;
 * a request outside the key's jurisdiction is 404 on its own and absent from lists, so that case numbers cannot be probed.
 * Errors use the spec's format ({@code <errors><error><code/><description/></error></errors>}, a JSON array).
 */
@RestController
@RequestMapping("/open311/v2")
class Open311Controller {

  static final String CHANNEL = "open311";
  static final String KEY_HEADER = "X-API-Key";
  static final String RESIDENT_HEADER = "X-Resident-Id";
  static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
  /** When this endpoint's behaviour last changed (discovery's {@code changeset}). */
  static final String CHANGESET = "2026-11-23T00:00:00+08:00";
  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
  static final Duration DEFAULT_WINDOW = Duration.ofDays(90);
  static final int TITLE_LENGTH = 30;
  /** Decimals of the coordinates Open311 publishes (about 100 m). */
  static final int PUBLISHED_DECIMALS = 3;
  private static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private final ApiKeys keys;
  private final ComplaintManagement complaints;
  private final ComplaintProperties properties;
  private final Jurisdictions jurisdictions;
  private final Open311Queries queries;
  private final Problems problems;
  private final Validator validator;
  private final RateLimits rateLimits;

  private final CaseOrigins origins;

  Open311Controller(ApiKeys keys, ComplaintManagement complaints, ComplaintProperties properties, Jurisdictions jurisdictions,
                    Open311Queries queries, Problems problems, Validator validator, RateLimits rateLimits, CaseOrigins origins) {
    this.origins = origins;
    this.rateLimits = rateLimits;
    this.keys = keys;
    this.complaints = complaints;
    this.properties = properties;
    this.jurisdictions = jurisdictions;
    this.queries = queries;
    this.problems = problems;
    this.validator = validator;
  }

  // ---- public: discovery, services, service definitions ----

  @GetMapping({"/discovery", "/discovery.{format}"})
  ResponseEntity<String> discovery(@PathVariable(required = false) String format, HttpServletRequest request) {
    Open311Format f = format(format, request);
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("specification", SPECIFICATION);
    endpoint.put("url", ServletUriComponentsBuilder.fromCurrentContextPath().path("/open311/v2").toUriString());
    endpoint.put("changeset", CHANGESET);
    endpoint.put("type", "production");
    endpoint.put("formats", List.of(Open311Format.XML.mediaType().getType() + "/" + Open311Format.XML.mediaType().getSubtype(),
        Open311Format.JSON.mediaType().getType() + "/" + Open311Format.JSON.mediaType().getSubtype()));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("changeset", CHANGESET);
    d.put("contact", text(request, "open311.contact"));
    d.put("key_service", text(request, "open311.keyService"));
    d.put("endpoints", List.of(endpoint));
    return ok(f, "discovery", d);
  }

  @GetMapping({"/services", "/services.{format}"})
  ResponseEntity<String> services(@PathVariable(required = false) String format, HttpServletRequest request) {
    Open311Format f = format(format, request);
    Locale locale = Problems.locale(request);
    List<Map<String, Object>> services = new ArrayList<>();
    properties.categories().forEach((code, label) -> {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("service_code", code);
      s.put("service_name", label.in(locale));
      s.put("description", text(request, "open311.service.description", label.in(locale)));
      s.put("metadata", true);
      s.put("type", "realtime");
      s.put("keywords", label.zh() + ", " + label.en());
      s.put("group", text(request, "open311.group"));
      services.add(s);
    });
    return ok(f, "services", services);
  }

  @GetMapping("/services/{code}.{format}")
  ResponseEntity<String> serviceDefinition(@PathVariable String code, @PathVariable String format, HttpServletRequest request) {
    return definition(code, format(format, request), request);
  }

  @GetMapping("/services/{code:[^.]+}")
  ResponseEntity<String> serviceDefinitionXml(@PathVariable String code, HttpServletRequest request) {
    return definition(code, Open311Format.XML, request);
  }

  private ResponseEntity<String> definition(String code, Open311Format f, HttpServletRequest request) {
    if (!properties.categories().containsKey(code)) {
      throw new Open311Exception(HttpStatus.NOT_FOUND, text(request, "open311.error.serviceNotFound", code));
    }
    Locale locale = Problems.locale(request);
    List<Map<String, Object>> values = jurisdictions.ofTier(Tier.COMMUNITY).stream()
        .sorted((a, b) -> a.code().compareTo(b.code()))
        .map(n -> {
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("key", n.code());
          v.put("name", n.displayName(locale));
          return v;
        }).toList();
    Map<String, Object> community = new LinkedHashMap<>();
    community.put("variable", true);
    community.put("code", "community");
    community.put("datatype", "singlevaluelist");
    community.put("required", true);
    community.put("datatype_description", text(request, "open311.community.datatypeDescription"));
    community.put("order", 1);
    community.put("description", text(request, "open311.community.description"));
    community.put("values", values);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("service_code", code);
    d.put("attributes", List.of(community));
    return ok(f, "service_definition", d);
  }

  // ---- requests: API key required ----

  @PostMapping({"/requests", "/requests.{format}"})
  ResponseEntity<String> create(@PathVariable(required = false) String format, HttpServletRequest request) {
    Open311Format f = format(format, request);
    ChannelCaller caller = authenticate(request);
    Locale locale = Problems.locale(request);
    List<String> errors = new ArrayList<>();
    // the JSON API's rule for every text (JsonInputRules): no control characters but tab and line breaks
    request.getParameterMap().forEach((name, values) -> {
      if (Arrays.stream(values).anyMatch(v -> v.chars().anyMatch(Open311Controller::forbidden))) {
        errors.add(problem(locale, name, "field.controlCharacters"));
      }
    });

    String serviceCode = param(request, "service_code");
    if (serviceCode == null) {
      errors.add(problem(locale, "service_code", "field.required"));
    } else if (!properties.categories().containsKey(serviceCode)) {
      errors.add(problem(locale, "service_code", "field.unknownCategory", serviceCode, String.join(", ", properties.categories().keySet())));
    }
    String communityCode = param(request, "attribute[community]");
    JurisdictionNode community = null;
    if (communityCode == null) {
      errors.add(problem(locale, "attribute[community]", "field.required"));
    } else {
      // outside the key's jurisdiction reads exactly like an unknown community: nothing to probe
      community = jurisdictions.find(communityCode).filter(n -> n.tier() == Tier.COMMUNITY).filter(caller::covers).orElse(null);
      if (community == null) {
        errors.add(problem(locale, "attribute[community]", "field.unknownCommunity", communityCode));
      }
    }
    BigDecimal lat = coordinate(request, locale, errors, "lat", param(request, "lat"), 90);
    String longName = param(request, "long") != null ? "long" : "lon";
    BigDecimal lng = coordinate(request, locale, errors, longName, param(request, longName), 180);
    String address = param(request, "address_string");
    if ((lat == null) != (lng == null) && !hasProblemWith(errors, "lat", "long", "lon")) {
      errors.add(problem(locale, lat == null ? "lat" : "long", "field.required"));
    }
    if (lat == null && lng == null && address == null && !hasProblemWith(errors, "lat", "long", "lon")) {
      errors.add(problem(locale, "lat", "open311.field.location"));
    }
    check(errors, locale, ComplaintRequest.Location.class, "address", "address_string", address);

    String description = param(request, "description");
    String mediaUrl = param(request, "media_url");
    if (mediaUrl != null && (!mediaUrl.matches("(?i)https?://\\S+") || mediaUrl.length() > 500)) {
      errors.add(problem(locale, "media_url", "open311.field.url"));
    }
    String fullDescription = description == null || mediaUrl == null ? description
        : description + "\n" + text(request, "open311.media") + mediaUrl;
    check(errors, locale, ComplaintRequest.class, "description", "description", fullDescription);

    String name = name(param(request, "first_name"), param(request, "last_name"));
    check(errors, locale, ComplaintRequest.Reporter.class, "name", "first_name", name);
    check(errors, locale, ComplaintRequest.Reporter.class, "phone", "phone", param(request, "phone"));
    check(errors, locale, ComplaintRequest.Reporter.class, "email", "email", param(request, "email"));
    if (!errors.isEmpty()) {
      throw new Open311Exception(HttpStatus.BAD_REQUEST, errors);
    }

    ComplaintView v;
    Object idempotencyKey = request.getAttribute(ChannelCaller.IDEMPOTENCY_KEY_ATTRIBUTE);
    try {
      v = complaints.submit(new NewComplaint(community.code(), serviceCode, title(description), fullDescription, name,
          param(request, "phone"), param(request, "email"), "en".equals(locale.getLanguage()) ? "en" : "zh-CN", CHANNEL,
          lat, lng, address, null, caller.withIdempotencyKey(idempotencyKey instanceof String k ? k : null).origin()));
    } catch (InvalidInputException e) {
      throw new Open311Exception(HttpStatus.BAD_REQUEST, e.problems().stream()
          .map(p -> problem(locale, openField(p.field()), p.code(), p.args())).toList());
    } catch (CaseAlreadyCreatedException e) { // the key's first request stored its case and died before its answer was stored
      v = complaints.view(origins.createdWith(e.apiKeyId(), e.idempotencyKey()).orElseThrow(() -> e), false);
    }
    Map<String, Object> created = new LinkedHashMap<>();
    created.put("service_request_id", v.complaint().caseNumber());
    created.put("service_notice", v.currentReply() == null ? null
        : text(request, "open311.serviceNotice", time(v.currentReply().dueAt())));
    created.put("account_id", null);
    return ResponseEntity.status(HttpStatus.CREATED).contentType(f.mediaType()).body(f.write("service_requests", List.of(created)));
  }

  @GetMapping({"/requests", "/requests.{format}"})
  ResponseEntity<String> list(@PathVariable(required = false) String format, HttpServletRequest request) {
    Open311Format f = format(format, request);
    ChannelCaller caller = authenticate(request);
    Locale locale = Problems.locale(request);
    List<String> errors = new ArrayList<>();
    List<String> ids = commaList(param(request, "service_request_id"));
    List<String> codes = commaList(param(request, "service_code"));
    codes.stream().filter(c -> !properties.categories().containsKey(c)).findFirst().ifPresent(c -> errors.add(
        problem(locale, "service_code", "field.unknownCategory", c, String.join(", ", properties.categories().keySet()))));
    List<ComplaintStatus> statuses = new ArrayList<>();
    for (String s : commaList(param(request, "status"))) {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "open" -> statuses.add(ComplaintStatus.IN_PROGRESS);
        case "closed" -> statuses.addAll(List.of(ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED));
        default -> errors.add(problem(locale, "status", "open311.field.status", s));
      }
    }
    Instant[] window = window(request, locale, errors);
    if (!errors.isEmpty()) {
      throw new Open311Exception(HttpStatus.BAD_REQUEST, errors);
    }
    List<Open311Queries.Row> rows = queries.requests(caller,
        new Open311Queries.Filter(ids, codes, window[0], window[1], statuses));
    return ok(f, "service_requests", rows.stream().map(r -> request(r, locale, request)).toList());
  }

  @GetMapping("/requests/{id}.{format}")
  ResponseEntity<String> one(@PathVariable String id, @PathVariable String format, HttpServletRequest request) {
    return single(id, format(format, request), request);
  }

  @GetMapping("/requests/{id:[^.]+}")
  ResponseEntity<String> oneXml(@PathVariable String id, HttpServletRequest request) {
    return single(id, Open311Format.XML, request);
  }

  private ResponseEntity<String> single(String id, Open311Format f, HttpServletRequest request) {
    ChannelCaller caller = authenticate(request);
    Locale locale = Problems.locale(request);
    List<Open311Queries.Row> rows = queries.requests(caller, new Open311Queries.Filter(List.of(id), List.of(), null, null, List.of()));
    if (rows.isEmpty()) {
      throw new Open311Exception(HttpStatus.NOT_FOUND, text(request, "open311.error.requestNotFound", id));
    }
    return ok(f, "service_requests", List.of(request(rows.get(0), locale, request)));
  }

  /** mySociety's extension: the public timeline entries of the key's cases, oldest first. */
  @GetMapping({"/servicerequestupdates", "/servicerequestupdates.{format}"})
  ResponseEntity<String> updates(@PathVariable(required = false) String format, HttpServletRequest request) {
    Open311Format f = format(format, request);
    ChannelCaller caller = authenticate(request);
    Locale locale = Problems.locale(request);
    List<String> errors = new ArrayList<>();
    Instant[] window = window(request, locale, errors);
    if (!errors.isEmpty()) {
      throw new Open311Exception(HttpStatus.BAD_REQUEST, errors);
    }
    List<Map<String, Object>> updates = queries.updates(caller, window[0], window[1]).stream().map(u -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("update_id", Long.toString(u.id()));
      m.put("service_request_id", u.caseNumber());
      m.put("status", updateStatus(u.kind()));
      m.put("updated_datetime", time(u.occurredAt()));
      m.put("description", u.message() != null ? u.message() : text(request, "timeline.kind." + u.kind().name()));
      m.put("media_url", "");
      return m;
    }).toList();
    return ok(f, "service_requests_updates", updates);
  }

  @ExceptionHandler(Open311Exception.class)
  ResponseEntity<String> error(Open311Exception e, HttpServletRequest request) {
    Open311Format f = Open311Format.ofPath(request.getRequestURI());
    List<Map<String, Object>> errors = e.descriptions().stream().map(d -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("code", e.status().value());
      m.put("description", d);
      return m;
    }).toList();
    var answer = ResponseEntity.status(e.status()).contentType(f.mediaType());
    if (e.retryAfterSeconds() > 0) {
      answer.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    return answer.body(f.write("errors", errors));
  }

  /**
   * Everything else that goes wrong answers in the spec's format too: the framework's own refusals (wrong method, media
   * type) with their status, a case changed by two requests at once with 409, anything unexpected with 500 (logged).
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<String> unexpected(Exception e, HttpServletRequest request) {
    if (e instanceof org.springframework.web.ErrorResponse spring && spring.getStatusCode().is4xxClientError()) {
      return error(new Open311Exception(HttpStatus.valueOf(spring.getStatusCode().value()),
          HttpStatus.valueOf(spring.getStatusCode().value()).getReasonPhrase()), request);
    }
    if (e instanceof org.camunda.bpm.engine.OptimisticLockingException || e instanceof org.gongzhi.system.ConflictException) {
      return error(new Open311Exception(HttpStatus.CONFLICT, text(request, "error.conflict.concurrent")), request);
    }
    LOG.error("Unexpected error in Open311", e);
    return error(new Open311Exception(HttpStatus.INTERNAL_SERVER_ERROR, text(request, "error.internal.detail")), request);
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Open311Controller.class);

  /** Any other path under {@code /open311/v2}: 404 in the spec's format rather than the framework's. */
  @RequestMapping("/**")
  ResponseEntity<String> notFound(HttpServletRequest request) {
    throw new Open311Exception(HttpStatus.NOT_FOUND, text(request, "open311.error.notFound", request.getRequestURI()));
  }

  // ---- mapping ----

  /** Open311 {@code status}: open while someone works on it; a resolved (awaiting the rating) or closed case is closed. */
  static String status(ComplaintStatus s) {
    return s == ComplaintStatus.IN_PROGRESS ? "open" : "closed";
  }

  /** mySociety's status after an update: what the resident sees happen at that step. */
  static String updateStatus(TimelineEntry.Kind kind) {
    return switch (kind) {
      case SUBMITTED, REOPENED -> "OPEN";
      case RESOLVED, RATED -> "FIXED";
      case CLOSED -> "CLOSED";
      case REPLY, NOTE, ESCALATED, HANDED_TO_DEPARTMENT, PAUSED, RESUMED -> "IN_PROGRESS";
    };
  }

  private Map<String, Object> request(Open311Queries.Row r, Locale locale, HttpServletRequest request) {
    Label category = properties.categories().get(r.category());
    JurisdictionNode unit = jurisdictions.find(r.handlingNodeCode()).orElse(null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service_request_id", r.caseNumber());
    m.put("status", status(r.status()));
    m.put("status_notes", r.statusNotes());
    m.put("service_name", category == null ? r.category() : category.in(locale));
    m.put("service_code", r.category());
    m.put("description", PersonalData.maskNumbersInText(r.description()));
    m.put("agency_responsible", unit == null ? null : text(request, "open311.agency", unit.displayName(locale), r.tier().label(locale)));
    m.put("service_notice", null);
    m.put("requested_datetime", time(r.createdAt()));
    m.put("updated_datetime", time(r.lastChange()));
    Instant expected = r.resolveDueAt() != null ? r.resolveDueAt() : r.replyDueAt();
    m.put("expected_datetime", r.status() == ComplaintStatus.IN_PROGRESS ? time(expected) : null);
    m.put("address", PersonalData.maskAddress(r.address()));
    m.put("address_id", null);
    m.put("zipcode", null);
    // about 100 m: enough for a map pin, not enough to find the resident's door (the address is masked as well)
    m.put("lat", r.lat() == null ? null : r.lat().setScale(PUBLISHED_DECIMALS, java.math.RoundingMode.HALF_UP));
    m.put("long", r.lng() == null ? null : r.lng().setScale(PUBLISHED_DECIMALS, java.math.RoundingMode.HALF_UP));
    m.put("media_url", null);
    return m;
  }

  static String time(Instant i) {
    return i == null ? null : W3C.format(i.atOffset(CHINA));
  }

  /** The title a case needs: the description's first line, at most 30 characters (an ellipsis when cut). */
  static String title(String description) {
    String first = description.strip().lines().findFirst().orElse("").strip();
    if (first.codePointCount(0, first.length()) <= TITLE_LENGTH) {
      return first;
    }
    return first.substring(0, first.offsetByCodePoints(0, TITLE_LENGTH - 1)) + "…";
  }

  /** 王 + 芳 → 王芳 (Chinese names: family name first, no space); Lei + Li → Lei Li. */
  static String name(String first, String last) {
    if (first == null || last == null) {
      return first == null ? last : first;
    }
    boolean han = (first + last).codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    return han ? last + first : first + " " + last;
  }

  private static String openField(String field) {
    return switch (field) {
      case "communityCode" -> "attribute[community]";
      case "category" -> "service_code";
      case "reporter.name" -> "first_name";
      default -> field;
    };
  }

  /** The same checks as {@code ApiKeyFilter} on {@code /api/v1}, answered in the spec's codes (403 for a bad key). */
  private ChannelCaller authenticate(HttpServletRequest request) {
    String key = param(request, "api_key");
    if (key == null) {
      key = request.getHeader(KEY_HEADER);
    }
    String resident = request.getHeader(RESIDENT_HEADER);
    if (resident != null && (resident.isBlank() || resident.length() > 128 || !resident.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw new Open311Exception(HttpStatus.BAD_REQUEST, RESIDENT_HEADER + ": " + text(request, "apiKey.residentId"));
    }
    Optional<ChannelCaller> found = keys.authenticate(key, resident);
    if (found.isEmpty()) {
      throw new Open311Exception(HttpStatus.FORBIDDEN, text(request, "open311.error.apiKey"));
    }
    ChannelCaller caller = found.get();
    if (!caller.mayUse(ApiResource.COMPLAINTS)) {
      throw new Open311Exception(HttpStatus.FORBIDDEN, text(request, "open311.error.resource"));
    }
    if (caller.key().residentScoped() && caller.residentRef() == null) {
      throw new Open311Exception(HttpStatus.BAD_REQUEST, RESIDENT_HEADER + ": " + text(request, "apiKey.residentRequired"));
    }
    long retryAfter = rateLimits.acquire(caller.key().id(), caller.key().rateLimitPerMinute());
    if (retryAfter > 0) {
      throw new Open311Exception(HttpStatus.TOO_MANY_REQUESTS,
          text(request, "error.rateLimited.detail", caller.key().rateLimitPerMinute(), retryAfter), retryAfter);
    }
    return caller;
  }

  /** start_date / end_date in W3C format; none: the last 90 days; at most 90 days apart. */
  private Instant[] window(HttpServletRequest request, Locale locale, List<String> errors) {
    Instant from = dateTime(request, locale, errors, "start_date");
    Instant to = dateTime(request, locale, errors, "end_date");
    if (to == null) {
      to = from == null ? EngineTime.now() : from.plus(DEFAULT_WINDOW);
    }
    if (from == null) {
      from = to.minus(DEFAULT_WINDOW);
    }
    if (from.isAfter(to)) {
      errors.add(problem(locale, "end_date", "open311.field.endBeforeStart"));
    } else if (Duration.between(from, to).compareTo(DEFAULT_WINDOW) > 0) {
      errors.add(problem(locale, "end_date", "open311.field.window", DEFAULT_WINDOW.toDays()));
    }
    return new Instant[] {from, to};
  }

  private Instant dateTime(HttpServletRequest request, Locale locale, List<String> errors, String name) {
    String raw = param(request, name);
    if (raw == null) {
      return null;
    }
    String value = raw.replace(' ', '+'); // "+08:00" sent unencoded in a query string arrives as " 08:00"
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try { // a date and time without offset is China time
        return java.time.LocalDateTime.parse(value).atZone(CHINA).toInstant();
      } catch (DateTimeParseException notLocal) {
        // a bare date, below
      }
      try { // a bare date is that day in China
        LocalDate day = LocalDate.parse(value);
        return ("end_date".equals(name) ? day.plusDays(1) : day).atStartOfDay(CHINA).toInstant().minusNanos("end_date".equals(name) ? 1 : 0);
      } catch (DateTimeParseException e2) {
        errors.add(problem(locale, name, "open311.field.dateTime", value));
        return null;
      }
    }
  }

  private BigDecimal coordinate(HttpServletRequest request, Locale locale, List<String> errors, String name, String value, int max) {
    if (value == null) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(value.strip());
      if (d.abs().compareTo(BigDecimal.valueOf(max)) > 0) {
        errors.add(problem(locale, name, "field.range", -max, max));
        return null;
      }
      return d.setScale(Math.min(6, Math.max(d.scale(), 0)), RoundingMode.HALF_UP);
    } catch (NumberFormatException e) {
      errors.add(problem(locale, name, "field.invalid"));
      return null;
    }
  }

  /** The same rule as {@code /api/v1/complaints} for that value, reported under the Open311 parameter's name. */
  private void check(List<String> errors, Locale locale, Class<?> type, String property, String parameter, String value) {
    validator.validateValue(type, property, value).stream().findFirst().ifPresent(v -> {
      var annotation = v.getConstraintDescriptor().getAnnotation();
      String p = switch (annotation.annotationType().getSimpleName()) {
        case "NotBlank", "NotNull" -> problem(locale, parameter, "field.required");
        case "Size" -> problem(locale, parameter, "field.tooLong", ((jakarta.validation.constraints.Size) annotation).max());
        case "Pattern" -> problem(locale, parameter, "phone".equals(property) ? "field.phone" : "field.invalid");
        case "Email" -> problem(locale, parameter, "field.email");
        default -> problem(locale, parameter, "field.invalid");
      };
      errors.add(p);
    });
  }

  private boolean hasProblemWith(List<String> errors, String... names) {
    return errors.stream().anyMatch(e -> Arrays.stream(names).anyMatch(n -> e.startsWith(n + ":")));
  }

  private String problem(Locale locale, String parameter, String code, Object... args) {
    return parameter + ": " + problems.text(locale, code, args);
  }

  private String text(HttpServletRequest request, String code, Object... args) {
    return problems.text(Problems.locale(request), code, args);
  }

  private static String param(HttpServletRequest request, String name) {
    String v = request.getParameter(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  static boolean forbidden(int c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
  }

  private static List<String> commaList(String value) {
    return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
  }

  private static Open311Format format(String suffix, HttpServletRequest request) {
    return Open311Format.of(suffix).orElseThrow(() -> new Open311Exception(HttpStatus.BAD_REQUEST,
        "format: " + suffix + " (xml, json)"));
  }

  private static ResponseEntity<String> ok(Open311Format f, String root, Object content) {
    return ResponseEntity.ok().contentType(f.mediaType()).body(f.write(root, content));
  }
}
