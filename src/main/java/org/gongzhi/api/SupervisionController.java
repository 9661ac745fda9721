package org.gongzhi.api;

import static org.gongzhi.api.ChinaTime.time;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.WorkingCalendar;
import org.gongzhi.supervision.SupervisionAccessException;
import org.gongzhi.supervision.SupervisionQueries.Item;
import org.gongzhi.supervision.SupervisionQueries.Rates;
import org.gongzhi.supervision.SupervisionQueries;
import org.gongzhi.supervision.Supervisor;
import org.gongzhi.supervision.SupervisorAccess;
import org.gongzhi.system.InvalidInputException.FieldProblem;
import org.gongzhi.system.InvalidInputException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The supervisors' dashboard as JSON (and the breach list as CSV), each answer limited to the caller's subtree.
 * The page at /supervision/ reads exactly these; integrators may too, with HTTP Basic.
 */
@RestController
@RequestMapping(path = "/api/v1/supervision", produces = MediaType.APPLICATION_JSON_VALUE)
class SupervisionController {

  private final SupervisorAccess access;
  private final SupervisionQueries queries;
  private final Jurisdictions jurisdictions;
  private final WorkingCalendar calendar;
  private final MessageSource messages;

  SupervisionController(SupervisorAccess access, SupervisionQueries queries, Jurisdictions jurisdictions, WorkingCalendar calendar,
                        MessageSource messages) {
    this.access = access;
    this.queries = queries;
    this.jurisdictions = jurisdictions;
    this.calendar = calendar;
    this.messages = messages;
  }

  record Node(String code, String name, String tier, String tierLabel, Integer depth) {
  }

  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
  record Calendar(List<Integer> missingYears, String message) {
  }

  record Me(String userId, String name, Node node, List<Node> nodes, Calendar calendar) {
  }

  @GetMapping("/me")
  Me me(HttpServletRequest request) {
    Supervisor s = access.require(request);
    Locale locale = LocaleContextHolder.getLocale();
    int base = jurisdictions.ancestorsAndSelf(s.node()).size();
    List<Node> nodes = jurisdictions.subtree(s.node()).stream()
        .map(n -> new Node(n.code(), n.displayName(locale), n.tier().name(), n.tier().label(locale),
            jurisdictions.ancestorsAndSelf(n).size() - base))
        .toList();
    int year = EngineTime.now().atZone(org.gongzhi.system.Timestamps.CHINA).getYear();
    List<Integer> missing = new ArrayList<>();
    for (int y : List.of(year, year + 1)) {
      if (!calendar.yearsWithHolidayFile().contains(y)) {
        missing.add(y);
      }
    }
    String message = missing.isEmpty() ? null
        : text("supervision.calendarMissing", String.join("、", missing.stream().map(String::valueOf).toList()));
    return new Me(s.userId(), s.name(), node(s.node(), locale), nodes, new Calendar(missing, message));
  }

  record Counts(long open, long atRisk, long breached) {
  }

  record ByProcess(String process, String processLabel, String tier, String tierLabel, long open, long atRisk, long breached) {
  }

  record Overview(Node node, OffsetDateTime asOf, Counts totals, List<ByProcess> byProcess) {
  }

  @GetMapping("/overview")
  Overview overview(HttpServletRequest request, @RequestParam(required = false) String node) {
    JurisdictionNode scope = scope(request, node);
    Locale locale = LocaleContextHolder.getLocale();
    var totals = queries.openTotals(scope);
    return new Overview(node(scope, locale), time(EngineTime.now()), new Counts(totals.open(), totals.atRisk(), totals.breached()),
        queries.openWork(scope).stream().map(w -> new ByProcess(w.process(), processLabel(w.process()), w.tier().name(),
            w.tier().label(locale), w.open(), w.atRisk(), w.breached())).toList());
  }

  record Unit(String code, String name) {
  }

  record Deadline(String caseRef, String process, String processLabel, String title, String kind, String kindLabel, String tier,
                  String tierLabel, Unit node, OffsetDateTime startedAt, OffsetDateTime warnAt, OffsetDateTime dueAt,
                  OffsetDateTime metAt, OffsetDateTime breachedAt, OffsetDateTime closedAt, String state, long lateMinutes,
                  String holder, String outcome, OffsetDateTime originalDueAt, long pausedMinutes) {
  }

  record Items(List<Deadline> items) {
  }

  @GetMapping("/at-risk")
  Items atRisk(HttpServletRequest request, @RequestParam(required = false) String node,
               @RequestParam(required = false, defaultValue = "100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit", "field.range", 1, 1000);
    }
    return new Items(deadlines(queries.atRisk(scope(request, node), limit)));
  }

  @GetMapping("/breaches")
  PageOf<Deadline> breaches(HttpServletRequest request, @RequestParam(required = false) String node,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(required = false) String process, @RequestParam(required = false) String tier,
                            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    JurisdictionNode scope = scope(request, node);
    LocalDate[] period = period(from, to);
    // latest first, always: the one order a supervisor reads breaches in (the CSV has them all for any other)
    Paging paging = Paging.of(page, size, null, Paging.fields("breachedAt", "breached_at"), "breachedAt,desc", "id");
    SupervisionQueries.BreachPage p = queries.breaches(scope, SupervisionQueries.startOf(period[0]),
        SupervisionQueries.startOf(period[1].plusDays(1)), blank(process), tier(tier), paging.offset(), paging.size());
    return PageOf.of(deadlines(p.items()), paging, p.total());
  }

  /** The breach list as a spreadsheet: UTF-8 with a byte-order mark, so that Excel shows the Chinese text. */
  @GetMapping(path = "/breaches.csv", produces = "text/csv")
  ResponseEntity<byte[]> breachesCsv(HttpServletRequest request, @RequestParam(required = false) String node,
                                     @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                     @RequestParam(required = false) String process, @RequestParam(required = false) String tier) {
    JurisdictionNode scope = scope(request, node);
    LocalDate[] period = period(from, to);
    List<Deadline> rows = deadlines(queries.breaches(scope, SupervisionQueries.startOf(period[0]),
        SupervisionQueries.startOf(period[1].plusDays(1)), blank(process), tier(tier)));
    StringBuilder csv = new StringBuilder("\uFEFF");
    csv.append(String.join(",", text("supervision.csv.header").split("\\|"))).append("\r\n");
    for (Deadline d : rows) {
      csv.append(String.join(",", List.of(cell(d.caseRef()), cell(d.processLabel()), cell(d.title()), cell(d.kindLabel()),
          cell(d.tierLabel()), cell(d.node().name()), cell(stamp(d.dueAt())), cell(stamp(d.breachedAt())), cell(stamp(d.metAt())),
          String.valueOf(d.lateMinutes()), cell(d.holder()), cell(d.outcome())))).append("\r\n");
    }
    String filename = "breaches-" + scope.code() + "-" + period[0] + "-" + period[1] + ".csv";
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
        .body(csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Rates are null (and shown, not left out) while their denominator is 0: "no data" is not 0%. */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
  record RateRow(String code, String name, String parentName, long cases, long responseDecided, long respondedInTime,
                 Double responseRate, long resolved, Double resolutionRate, long rated, long satisfied, Double satisfactionRate,
                 Double score, Integer rank) {
  }

  record RatesAnswer(LocalDate from, LocalDate to, String by, List<RateRow> rows, RateRow total) {
  }

  @GetMapping("/rates")
  RatesAnswer rates(HttpServletRequest request, @RequestParam(required = false) String node, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to, @RequestParam(required = false, defaultValue = "community") String by) {
    JurisdictionNode scope = scope(request, node);
    LocalDate[] period = period(from, to);
    Instant start = SupervisionQueries.startOf(period[0]);
    Instant end = SupervisionQueries.startOf(period[1].plusDays(1));
    List<Rates> rows = switch (by) {
      case "community" -> queries.ratesByCommunity(scope, start, end);
      case "street" -> queries.ratesByStreet(scope, start, end);
      default -> throw new InvalidInputException("by", "supervision.by", by);
    };
    Locale locale = LocaleContextHolder.getLocale();
    List<RateRow> ranked = new ArrayList<>();
    int rank = 0;
    for (Rates r : SupervisionQueries.ranked(rows)) {
      ranked.add(row(r, r.score() == null ? null : ++rank, locale));
    }
    return new RatesAnswer(period[0], period[1], by, ranked, row(queries.total(scope, rows), null, locale));
  }

  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
  record WeekRow(LocalDate weekStart, long cases, Double responseRate, Double resolutionRate, Double satisfactionRate) {
  }

  record Trend(List<WeekRow> weeks) {
  }

  @GetMapping("/trend")
  Trend trend(HttpServletRequest request, @RequestParam(required = false) String node, @RequestParam(required = false) String from,
              @RequestParam(required = false) String to) {
    JurisdictionNode scope = scope(request, node);
    LocalDate[] period = period(from, to);
    return new Trend(queries.trend(scope, period[0], period[1]).stream().map(w -> new WeekRow(w.weekStart(), w.rates().cases(),
        w.rates().responseRate(), w.rates().resolutionRate(), w.rates().satisfactionRate())).toList());
  }

  record CaseView(String caseRef, String process, String processLabel, String title, String status, String statusLabel,
                  Unit community, List<Deadline> deadlines) {
  }

  @GetMapping("/cases/{caseRef}")
  CaseView caseView(HttpServletRequest request, @PathVariable String caseRef, @RequestParam(required = false) String node) {
    JurisdictionNode scope = scope(request, node);
    List<Item> items = queries.caseDeadlines(scope, caseRef)
        .orElseThrow(() -> new SupervisionAccessException(SupervisionAccessException.Reason.NOT_VISIBLE, caseRef));
    String process = items.isEmpty() ? "complaint-escalation" : items.get(0).deadline().processKey();
    String status = queries.caseStatus(process, caseRef).orElse(null);
    Unit community = queries.communityOf(process, caseRef).flatMap(jurisdictions::find)
        .map(n -> new Unit(n.code(), n.displayName(LocaleContextHolder.getLocale()))).orElse(null);
    return new CaseView(caseRef, process, processLabel(process), items.isEmpty() ? null : items.get(0).title(), status,
        status == null ? null : messages.getMessage(statusKey(process) + status, null, status, LocaleContextHolder.getLocale()),
        community, deadlines(items));
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  private JurisdictionNode scope(HttpServletRequest request, String node) {
    return access.scope(access.require(request), node);
  }

  private List<Deadline> deadlines(List<Item> items) {
    Locale locale = LocaleContextHolder.getLocale();
    Instant now = EngineTime.now();
    return items.stream().map(i -> {
      SlaDeadline d = i.deadline();
      JurisdictionNode n = jurisdictions.require(d.nodeCode());
      String state = !d.isOpen() ? (d.isBreached() ? "BREACHED" : "CLOSED")
          : i.paused() ? "PAUSED" : !d.dueAt().isAfter(now) ? "BREACHED" : !d.warnAt().isAfter(now) ? "AT_RISK" : "OPEN";
      return new Deadline(d.caseRef(), d.processKey(), processLabel(d.processKey()), i.title(), d.kind().name(), d.kind().label(locale),
          d.tier().name(), d.tier().label(locale), new Unit(n.code(), n.displayName(locale)), time(d.startedAt()), time(d.warnAt()),
          time(d.dueAt()), time(d.metAt()), time(d.breachedAt()), time(d.closedAt()), state,
          i.paused() ? 0L : d.lateness(now).map(Duration::toMinutes).orElse(0L), d.holder(), d.outcome(), time(d.originalDueAt()),
          d.pausedSeconds() / 60);
    }).toList();
  }

  private RateRow row(Rates r, Integer rank, Locale locale) {
    JurisdictionNode n = r.node();
    String parent = jurisdictions.parentOf(n).map(p -> p.displayName(locale)).orElse(null);
    return new RateRow(n.code(), n.displayName(locale), parent, r.cases(),
        r.responseDecided(), r.respondedInTime(), round(r.responseRate()), r.resolved(), round(r.resolutionRate()), r.rated(),
        r.satisfied(), round(r.satisfactionRate()), round(r.score()), rank);
  }

  /** From and to (China dates, inclusive); by default the current month so far. */
  private static LocalDate[] period(String from, String to) {
    LocalDate today = EngineTime.now().atZone(org.gongzhi.system.Timestamps.CHINA).toLocalDate();
    List<FieldProblem> problems = new ArrayList<>();
    LocalDate f = date("from", from, today.withDayOfMonth(1), problems);
    LocalDate t = date("to", to, today, problems);
    if (problems.isEmpty() && t.isBefore(f)) {
      problems.add(new FieldProblem("to", "field.toBeforeFrom", f));
    }
    if (problems.isEmpty() && f.plusYears(3).isBefore(t)) {
      problems.add(new FieldProblem("to", "supervision.periodTooLong"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new LocalDate[] {f, t};
  }

  private static LocalDate date(String field, String value, LocalDate fallback, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      LocalDate d = LocalDate.parse(value.strip());
      if (d.getYear() < 2000 || d.getYear() > 2100) {
        throw new DateTimeException("out of range");
      }
      return d;
    } catch (DateTimeException e) {
      problems.add(new FieldProblem(field, "field.date", value));
      return fallback;
    }
  }

  private static Tier tier(String tier) {
    if (tier == null || tier.isBlank()) {
      return null;
    }
    try {
      return Tier.valueOf(tier.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("tier", "supervision.tier", tier, String.join(", ",
          new TreeSet<>(java.util.Arrays.stream(Tier.values()).map(Enum::name).toList())));
    }
  }

  private Node node(JurisdictionNode n, Locale locale) {
    return new Node(n.code(), n.displayName(locale), n.tier().name(), n.tier().label(locale), null);
  }

  private String processLabel(String process) {
    return text("process." + process);
  }

  private static String statusKey(String process) {
    return switch (process) {
      case "complaint-escalation" -> "status.";
      case "volunteer-order" -> "volunteer.status.";
      case "content-approval" -> "content.status.";
      case "merchant-onboarding" -> "merchant.status.";
      default -> "status.";
    };
  }

  private static Double round(Double d) {
    return d == null ? null : Math.round(d * 10000) / 10000.0;
  }

  private static String stamp(OffsetDateTime t) {
    return t == null ? "" : t.toLocalDateTime().toString().replace('T', ' ');
  }

  /** A CSV cell: quoted when needed; a leading = + - @ is defused so that a spreadsheet never runs it as a formula. */
  private static String cell(String s) {
    if (s == null) {
      return "";
    }
    String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    return QUOTE_NEEDED.matcher(v).find() ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  /** A quote, comma or line break anywhere in the cell (a title may hold several lines). */
  private static final java.util.regex.Pattern QUOTE_NEEDED = java.util.regex.Pattern.compile("[\",\r\n]");

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private String text(String code, Object... args) {
    return messages.getMessage(code, args, code, LocaleContextHolder.getLocale());
  }
}
