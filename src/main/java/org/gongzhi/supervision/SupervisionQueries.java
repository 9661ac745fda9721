package org.gongzhi.supervision;

import static org.gongzhi.system.Timestamps.CHINA;
import static org.gongzhi.system.Timestamps.ts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The figures of the supervisors' dashboard, computed by the database (aggregates over indexed columns, never by
 * loading cases): open work from {@code sla_deadline}, the three rates from {@code complaint}. Every query is
 * limited to the codes of one subtree. The rate definitions are in docs/supervision.md.
 */
@Service
@Transactional(readOnly = true)
public class SupervisionQueries {

  /** The counts behind the three rates, over the complaints received in [:from, :to) in the communities :codes. */
  private static final String RATE_COUNTS = """
      count(*) as cases,
        sum(case when first_replied_at is not null or first_reply_due_at <= :now then 1 else 0 end) as response_decided,
        sum(case when first_replied_at is not null and first_replied_at <= first_reply_due_at then 1 else 0 end) as responded,
        sum(case when resolved_at is not null and status in ('RESOLVED', 'CLOSED') then 1 else 0 end) as resolved,
        sum(case when rating_score is not null then 1 else 0 end) as rated,
        sum(case when rating_score >= 4 then 1 else 0 end) as satisfied
      from complaint where community_code in (:codes) and created_at >= :from and created_at < :to
      """;

  /** The rate counts per community (public for the benchmark's query plans). */
  public static final String RATES_BY_COMMUNITY = "select community_code, " + RATE_COUNTS + " group by community_code";

  /** The rate counts per China day (the JVM and the database run on China time), folded into weeks by {@link #trend}. */
  public static final String RATES_BY_DAY = "select cast(created_at as date) as created_day, " + RATE_COUNTS
      + " group by cast(created_at as date)";

  private final JdbcClient jdbc;
  private final Jurisdictions jurisdictions;

  public SupervisionQueries(JdbcClient jdbc, Jurisdictions jurisdictions) {
    this.jdbc = jdbc;
    this.jurisdictions = jurisdictions;
  }

  public record OpenWork(String process, Tier tier, long open, long atRisk, long breached) {
  }

  /** One deadline with the title of its case, and whether its clock stands still. */
  public record Item(SlaDeadline deadline, String title, boolean paused) {
  }

  /** Counts for one community, one street, or the whole subtree; a rate is null while its denominator is 0. */
  public record Rates(JurisdictionNode node, long cases, long responseDecided, long respondedInTime, long resolved, long rated,
                      long satisfied) {

    Rates plus(Rates o) {
      return new Rates(node, cases + o.cases, responseDecided + o.responseDecided, respondedInTime + o.respondedInTime,
          resolved + o.resolved, rated + o.rated, satisfied + o.satisfied);
    }

    Rates as(JurisdictionNode n) {
      return new Rates(n, cases, responseDecided, respondedInTime, resolved, rated, satisfied);
    }

    /** 响应率: first public reply by the first reply deadline, of the complaints whose first reply is decided. */
    public Double responseRate() {
      return share(respondedInTime, responseDecided);
    }

    /** 解决率: resolved (resolved or closed after resolution), of all complaints received. */
    public Double resolutionRate() {
      return share(resolved, cases);
    }

    /** 满意率: ratings of 4 or 5, of the rated complaints. */
    public Double satisfactionRate() {
      return share(satisfied, rated);
    }

    /** The ranking score: the mean of the rates that exist. */
    public Double score() {
      List<Double> rates = new ArrayList<>();
      for (Double r : new Double[] {responseRate(), resolutionRate(), satisfactionRate()}) {
        if (r != null) {
          rates.add(r);
        }
      }
      return rates.isEmpty() ? null : rates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static Double share(long part, long whole) {
      return whole == 0 ? null : (double) part / whole;
    }
  }

  public record Week(LocalDate weekStart, Rates rates) {
  }

  // ---- open work --------------------------------------------------------------------------------------

  /**
   * Cases with an open deadline, by process and tier: open, past the warning (at risk), past due (breached). A deadline
   * whose clock stands still (paused) is open, but neither at risk nor breached.
   */
  public List<OpenWork> openWork(JurisdictionNode scope) {
    Instant now = EngineTime.now();
    return jdbc.sql("""
            select d.process_key, d.tier, count(distinct d.case_ref) as open_cases,
              count(distinct case when p.id is null and d.warn_at <= :now and d.due_at > :now then d.case_ref end) as at_risk,
              count(distinct case when p.id is null and d.due_at <= :now then d.case_ref end) as breached
            from sla_deadline d left join sla_pause p on p.deadline_id = d.id and p.resumed_at is null
            where d.closed_at is null and d.node_code in (:codes)
            group by d.process_key, d.tier order by d.process_key, d.tier""")
        .param("now", ts(now)).param("codes", codes(scope))
        .query((rs, i) -> new OpenWork(rs.getString("process_key"), Tier.valueOf(rs.getString("tier")), rs.getLong("open_cases"),
            rs.getLong("at_risk"), rs.getLong("breached")))
        .list();
  }

  /** The same counts over the whole subtree (a case counts once even with two open deadlines). */
  public OpenWork openTotals(JurisdictionNode scope) {
    Instant now = EngineTime.now();
    return jdbc.sql("""
            select count(distinct d.case_ref) as open_cases,
              count(distinct case when p.id is null and d.warn_at <= :now and d.due_at > :now then d.case_ref end) as at_risk,
              count(distinct case when p.id is null and d.due_at <= :now then d.case_ref end) as breached
            from sla_deadline d left join sla_pause p on p.deadline_id = d.id and p.resumed_at is null
            where d.closed_at is null and d.node_code in (:codes)""")
        .param("now", ts(now)).param("codes", codes(scope))
        .query((rs, i) -> new OpenWork(null, scope.tier(), rs.getLong("open_cases"), rs.getLong("at_risk"), rs.getLong("breached")))
        .single();
  }

  /** Open deadlines past their warning: breached first, then by due time. */
  public List<Item> atRisk(JurisdictionNode scope, int limit) {
    Instant now = EngineTime.now();
    List<SlaDeadline> rows = jdbc.sql("""
            select d.* from sla_deadline d where d.closed_at is null and d.node_code in (:codes) and d.warn_at <= :now
              and not exists (select 1 from sla_pause p where p.deadline_id = d.id and p.resumed_at is null)
            order by case when d.due_at <= :now then 0 else 1 end, d.due_at, d.id
            fetch first :limit rows only""")
        .param("now", ts(now)).param("codes", codes(scope)).param("limit", limit)
        .query(SlaService::map).list();
    return withTitles(rows);
  }

  /** Deadlines breached within [from, to) in the subtree, optionally of one process and tier; latest first. */
  public List<Item> breaches(JurisdictionNode scope, Instant from, Instant to, String process, Tier tier) {
    Map<String, Object> params = new HashMap<>();
    String where = breachCondition(scope, from, to, process, tier, params);
    return withTitles(jdbc.sql("select * from sla_deadline" + where + " order by breached_at desc, id desc").params(params)
        .query(SlaService::map).list());
  }

  /** One page of {@link #breaches}, and how many there are in all. */
  public record BreachPage(List<Item> items, long total) {
  }

  public BreachPage breaches(JurisdictionNode scope, Instant from, Instant to, String process, Tier tier, int offset, int limit) {
    Map<String, Object> params = new HashMap<>();
    String where = breachCondition(scope, from, to, process, tier, params);
    long total = jdbc.sql("select count(*) from sla_deadline" + where).params(params).query(Long.class).single();
    params.put("offset", offset);
    params.put("limit", limit);
    return new BreachPage(withTitles(jdbc.sql("select * from sla_deadline" + where
            + " order by breached_at desc, id desc offset :offset rows fetch next :limit rows only").params(params)
        .query(SlaService::map).list()), total);
  }

  private String breachCondition(JurisdictionNode scope, Instant from, Instant to, String process, Tier tier, Map<String, Object> params) {
    StringBuilder sql = new StringBuilder(" where node_code in (:codes) and breached_at >= :from and breached_at < :to");
    params.putAll(Map.of("codes", codes(scope), "from", ts(from), "to", ts(to)));
    if (process != null) {
      sql.append(" and process_key = :process");
      params.put("process", process);
    }
    if (tier != null) {
      sql.append(" and tier = :tier");
      params.put("tier", tier.name());
    }
    return sql.toString();
  }

  /** The deadlines of one case, if any of them (or, for a complaint, its community) lies in the subtree. */
  public Optional<List<Item>> caseDeadlines(JurisdictionNode scope, String caseRef) {
    List<SlaDeadline> rows = jdbc.sql("select * from sla_deadline where case_ref = ? order by id").param(caseRef)
        .query(SlaService::map).list();
    List<String> codes = codes(scope);
    boolean visible = rows.stream().anyMatch(d -> codes.contains(d.nodeCode()))
        || (!rows.isEmpty() && communityOf(rows.get(0).processKey(), caseRef).map(codes::contains).orElse(false));
    return visible ? Optional.of(withTitles(rows)) : Optional.empty();
  }

  /** Status of a case as its own table keeps it (complaint, volunteer order, submission, merchant). */
  public Optional<String> caseStatus(String process, String caseRef) {
    return caseColumn(process, caseRef, "status");
  }

  /** The community a case belongs to, as its own table keeps it. */
  public Optional<String> communityOf(String process, String caseRef) {
    return caseColumn(process, caseRef, "community_code");
  }

  /** Where each process keeps its cases: table, number column, and what serves as the title. */
  private record CaseTable(String table, String number, String title) {
  }

  private static final Map<String, CaseTable> CASE_TABLES = Map.of(
      "complaint-escalation", new CaseTable("complaint", "case_number", "title"),
      "volunteer-order", new CaseTable("volunteer_order", "order_number", "description"),
      "content-approval", new CaseTable("content_submission", "submission_number", "title"),
      "merchant-onboarding", new CaseTable("merchant_application", "application_number", "name"));

  /** One column of a case's own row (the column name is ours, never the caller's). */
  private Optional<String> caseColumn(String process, String caseRef, String column) {
    CaseTable t = CASE_TABLES.get(process);
    return t == null ? Optional.empty()
        : jdbc.sql("select " + column + " from " + t.table() + " where " + t.number() + " = ?").param(caseRef).query(String.class).optional();
  }

  // ---- the three rates ----------------------------------------------------------------------------------

  /** The rates of every community of the subtree (communities without complaints included), complaints received in [from, to). */
  public List<Rates> ratesByCommunity(JurisdictionNode scope, Instant from, Instant to) {
    Map<String, Rates> byCode = new LinkedHashMap<>();
    for (JurisdictionNode n : jurisdictions.subtree(scope)) {
      if (n.tier() == Tier.COMMUNITY) {
        byCode.put(n.code(), new Rates(n, 0, 0, 0, 0, 0, 0));
      }
    }
    if (byCode.isEmpty()) {
      return List.of();
    }
    jdbc.sql(RATES_BY_COMMUNITY)
        .param("now", ts(EngineTime.now())).param("codes", List.copyOf(byCode.keySet())).param("from", ts(from)).param("to", ts(to))
        .query((rs, i) -> {
          String code = rs.getString("community_code");
          return byCode.put(code, new Rates(byCode.get(code).node(), rs.getLong("cases"), rs.getLong("response_decided"),
              rs.getLong("responded"), rs.getLong("resolved"), rs.getLong("rated"), rs.getLong("satisfied")));
        })
        .list();
    return List.copyOf(byCode.values());
  }

  /** The same per street: the sums of its communities. */
  public List<Rates> ratesByStreet(JurisdictionNode scope, Instant from, Instant to) {
    Map<String, Rates> byStreet = new LinkedHashMap<>();
    for (Rates r : ratesByCommunity(scope, from, to)) {
      JurisdictionNode street = jurisdictions.parentOf(r.node()).orElse(r.node());
      byStreet.merge(street.code(), r.as(street), Rates::plus);
    }
    return List.copyOf(byStreet.values());
  }

  public Rates total(JurisdictionNode scope, Collection<Rates> rows) {
    return rows.stream().reduce(new Rates(scope, 0, 0, 0, 0, 0, 0), Rates::plus).as(scope);
  }

  /** The rates per ISO week (Monday to Sunday, China dates) of the complaints received in [from, to]; every week, empty ones too. */
  public List<Week> trend(JurisdictionNode scope, LocalDate from, LocalDate to) {
    List<String> communities = jurisdictions.subtree(scope).stream().filter(n -> n.tier() == Tier.COMMUNITY).map(JurisdictionNode::code).toList();
    Map<LocalDate, Rates> weeks = new LinkedHashMap<>();
    for (LocalDate w = monday(from); !w.isAfter(to); w = w.plusWeeks(1)) {
      weeks.put(w, new Rates(scope, 0, 0, 0, 0, 0, 0));
    }
    if (communities.isEmpty()) {
      return weeks.entrySet().stream().map(e -> new Week(e.getKey(), e.getValue())).toList();
    }
    // per day in the database (a few hundred rows at most), folded into weeks here: portable across H2 and PostgreSQL
    jdbc.sql(RATES_BY_DAY)
        .param("now", ts(EngineTime.now())).param("codes", communities).param("from", ts(startOf(from)))
        .param("to", ts(startOf(to.plusDays(1))))
        .query((rs, i) -> weeks.merge(monday(rs.getDate("created_day").toLocalDate()), new Rates(scope, rs.getLong("cases"),
            rs.getLong("response_decided"), rs.getLong("responded"), rs.getLong("resolved"), rs.getLong("rated"),
            rs.getLong("satisfied")), Rates::plus))
        .list();
    return weeks.entrySet().stream().map(e -> new Week(e.getKey(), e.getValue())).toList();
  }

  /** Ranking: by score (mean of the existing rates), highest first; communities without complaints last. */
  public static List<Rates> ranked(List<Rates> rows) {
    return rows.stream().sorted(Comparator.comparing(Rates::score, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(r -> r.node().code())).toList();
  }

  public static Instant startOf(LocalDate day) {
    return day.atStartOfDay(CHINA).toInstant();
  }

  private static LocalDate monday(LocalDate d) {
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  private List<String> codes(JurisdictionNode scope) {
    return jurisdictions.subtree(scope).stream().map(JurisdictionNode::code).toList();
  }

  private List<Item> withTitles(List<SlaDeadline> rows) {
    Map<String, String> titles = new HashMap<>();
    Map<String, List<String>> byProcess = new HashMap<>();
    for (SlaDeadline d : rows) {
      byProcess.computeIfAbsent(d.processKey(), k -> new ArrayList<>()).add(d.caseRef());
    }
    byProcess.forEach((process, refs) -> {
      CaseTable t = CASE_TABLES.get(process);
      if (t != null) {
        String sql = "select " + t.number() + ", " + t.title() + " from " + t.table() + " where " + t.number() + " in (:refs)";
        for (List<String> chunk : chunks(refs.stream().distinct().toList())) {
          jdbc.sql(sql).param("refs", chunk).query(rs -> {
            String title = rs.getString(2);
            titles.put(rs.getString(1), title != null && title.length() > 80 ? title.substring(0, 80) + "…" : title);
          });
        }
      }
    });
    java.util.Set<Long> paused = new java.util.HashSet<>();
    List<String> ids = rows.stream().map(d -> String.valueOf(d.id())).toList();
    for (List<String> chunk : chunks(ids)) {
      jdbc.sql("select deadline_id from sla_pause where resumed_at is null and deadline_id in (:ids)")
          .param("ids", chunk.stream().map(Long::valueOf).toList()).query(rs -> {
            paused.add(rs.getLong(1));
          });
    }
    return rows.stream().map(d -> new Item(d, titles.get(d.caseRef()), paused.contains(d.id()))).toList();
  }

  private static List<List<String>> chunks(List<String> all) {
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 500) {
      chunks.add(all.subList(i, Math.min(all.size(), i + 500)));
    }
    return chunks;
  }
}
