package org.gongzhi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.support.EmbeddedPostgresConfig;
import org.gongzhi.supervision.SupervisionQueries;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * How fast the supervisors' dashboard answers for a district, on PostgreSQL with 100,000 historic and 10,000 open
 * complaints (issue 6, "Speed": median under 300 ms). A benchmark, not a test: it prints figures and asserts only that
 * the answers are there. Runs only with {@code ./mvnw -Pbench test}; see docs/performance.md.
 *
 * <p>The data set is written by PostgreSQL ({@link DashboardDataSet}); the calls go over real HTTP with Basic auth as
 * {@code shenhe-sup}, the supervisor of 沈河区, one after another (round-robin over the endpoints, so that noise from
 * other work on the machine falls on all of them alike). Camunda's clock is frozen at the start, so "now" is the same
 * for the data and for every answer.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class DashboardBenchmark {

  static final int HISTORIC = 100_000;
  static final int OPEN = 10_000;
  static final int WARM_UP = 20;
  static final int MEASURED = 100;
  static final String DISTRICT = "210103";  // 沈河区
  static final String USER = "shenhe-sup";
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  static final double TARGET_MEDIAN_MS = 300;

  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired Jurisdictions jurisdictions;

  final ObjectMapper json = new ObjectMapper();
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final StringBuilder report = new StringBuilder();

  record Endpoint(String name, String period, String path) {
  }

  record Answer(int items, int bytes) {
  }

  @Test
  void dashboardForADistrict() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ClockUtil.setCurrentTime(Date.from(now));
    try {
      run(now);
    } finally {
      ClockUtil.reset();
    }
  }

  void run(Instant now) throws Exception {
    line("=".repeat(100));
    line("Dashboard benchmark (issue 6, Speed) — " + LocalDateTime.ofInstant(now, CHINA) + " China time");
    line("=".repeat(100));

    long start = System.nanoTime();
    DashboardDataSet.generate(dataSource, LocalDateTime.ofInstant(now, ZoneId.systemDefault()), HISTORIC, OPEN);
    double generated = (System.nanoTime() - start) / 1e9;
    assertThat(jdbc.sql("""
            select count(*) from sla_deadline d where closed_at < started_at or closed_at > :now or started_at > :now
              or (closed_at is null and not exists (select 1 from complaint c where c.case_number = d.case_ref
                    and c.status = 'IN_PROGRESS' and c.handling_node_code = d.node_code))
            """).param("now", Timestamp.from(now)).query(Long.class).single())
        .as("deadlines lie in the past; open ones only at the tier that holds an open case").isZero();
    assertThat(jdbc.sql("""
            select count(*) from complaint c where status = 'IN_PROGRESS' and not exists (select 1 from sla_deadline d
              where d.case_ref = c.case_number and d.kind = 'RESOLVE' and d.closed_at is null and d.node_code = c.handling_node_code)
            """).query(Long.class).single()).as("every open case has its open resolution deadline").isZero();
    assertThat(jdbc.sql("select count(*) from complaint where created_at > :now or updated_at > :now or first_replied_at < created_at")
        .param("now", Timestamp.from(now)).query(Long.class).single()).as("complaints lie in the past").isZero();

    JurisdictionNode district = jurisdictions.require(DISTRICT);
    List<String> codes = jurisdictions.subtree(district).stream().map(JurisdictionNode::code).toList();
    List<String> communities = jurisdictions.subtree(district).stream().filter(n -> n.tier() == Tier.COMMUNITY)
        .map(JurisdictionNode::code).toList();
    LocalDate today = LocalDate.ofInstant(now, CHINA);
    LocalDate from90 = today.minusDays(89);
    LocalDate monthStart = today.withDayOfMonth(1);

    environment();
    dataSet(generated, now, codes, communities, today, from90, monthStart);

    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(new Endpoint("overview", "now", "/api/v1/supervision/overview"));
    endpoints.add(new Endpoint("at-risk", "now", "/api/v1/supervision/at-risk"));
    // the dashboard's usual periods (90 days, this month) and, for scale, a whole year
    Map<String, LocalDate> periods = new LinkedHashMap<>();
    periods.put("90 days", from90);
    periods.put("this month", monthStart);
    periods.put("12 months", today.minusYears(1).plusDays(1));
    for (var p : periods.entrySet()) {
      String period = p.getKey();
      String q = "from=" + p.getValue() + "&to=" + today;
      endpoints.add(new Endpoint("rates?by=community", period, "/api/v1/supervision/rates?by=community&" + q));
      endpoints.add(new Endpoint("rates?by=street", period, "/api/v1/supervision/rates?by=street&" + q));
      endpoints.add(new Endpoint("trend", period, "/api/v1/supervision/trend?" + q));
      endpoints.add(new Endpoint("breaches", period, "/api/v1/supervision/breaches?" + q));
    }

    // the answers themselves: there, and of the expected size
    Map<Endpoint, Answer> answers = new LinkedHashMap<>();
    for (Endpoint e : endpoints) {
      HttpResponse<String> r = get(e.path());
      assertThat(r.statusCode()).as(e.path() + " → " + r.body()).isEqualTo(200);
      answers.put(e, new Answer(items(json.readTree(r.body())), r.body().getBytes(StandardCharsets.UTF_8).length));
    }
    JsonNode rates = json.readTree(get(endpoints.get(2).path()).body());
    assertThat(rates.at("/total/cases").asLong()).as("the district has complaints in the period").isPositive();
    assertThat(json.readTree(get(endpoints.get(0).path()).body()).at("/totals/open").asLong()).isPositive();

    for (int i = 0; i < WARM_UP; i++) {
      for (Endpoint e : endpoints) {
        get(e.path());
      }
    }
    Map<Endpoint, Histogram> latencies = new LinkedHashMap<>();
    endpoints.forEach(e -> latencies.put(e, new Histogram(TimeUnit.SECONDS.toMicros(60), 3)));
    String loadBefore = loadAverage();
    long measureStart = System.nanoTime();
    for (int i = 0; i < MEASURED; i++) {
      for (Endpoint e : endpoints) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(e.path());
        long micros = (System.nanoTime() - t0) / 1_000;
        if (r.statusCode() != 200) {
          throw new IllegalStateException(e.path() + " → " + r.statusCode() + " " + r.body());
        }
        latencies.get(e).recordValue(Math.min(micros, TimeUnit.SECONDS.toMicros(60)));
      }
    }
    double measured = (System.nanoTime() - measureStart) / 1e9;
    String loadAfter = loadAverage();

    line("");
    line("Latency over HTTP as %s (Basic auth), district %s, %d warm-up + %d measured calls per endpoint, round-robin (%.0f s)"
        .formatted(USER, DISTRICT, WARM_UP, MEASURED, measured));
    line("Load average (1/5/15 min) before %s, after %s — the machine is shared with other builds".formatted(loadBefore, loadAfter));
    line("");
    line("| %-20s | %-10s | %8s | %8s | %8s | %8s | %8s | %6s | %8s |".formatted("endpoint", "period", "p50 ms", "p90 ms", "p99 ms",
        "max ms", "mean ms", "rows", "bytes"));
    line("|%s|%s|%s|%s|%s|%s|%s|%s|%s|".formatted("-".repeat(22), "-".repeat(12), "-".repeat(9) + ":", "-".repeat(9) + ":",
        "-".repeat(9) + ":", "-".repeat(9) + ":", "-".repeat(9) + ":", "-".repeat(7) + ":", "-".repeat(9) + ":"));
    double worstMedian = 0;
    for (Endpoint e : endpoints) {
      Histogram h = latencies.get(e);
      Answer a = answers.get(e);
      worstMedian = Math.max(worstMedian, ms(h.getValueAtPercentile(50)));
      line("| %-20s | %-10s | %8.1f | %8.1f | %8.1f | %8.1f | %8.1f | %6d | %8d |".formatted(e.name(), e.period(),
          ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()),
          h.getMean() / 1000.0, a.items(), a.bytes()));
    }
    line("");
    line("rows: rates → communities/streets, trend → weeks, overview → process×tier lines, at-risk/breaches → deadlines listed");
    line("Slowest median %.1f ms; target: median under %.0f ms → %s".formatted(worstMedian, TARGET_MEDIAN_MS,
        worstMedian < TARGET_MEDIAN_MS ? "MET for every endpoint" : "NOT MET"));

    plans(codes, communities, now, from90, today);

    String text = report.toString();
    System.out.println(text);
    Path out = Path.of("target", "benchmark", "dashboard.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, text);
    System.out.println("(also written to " + out.toAbsolutePath() + ")");
  }

  // ---- the set-up and the data set ----------------------------------------------------------------------

  void environment() {
    line("");
    line("JVM: %s %s, %d processors, max heap %d MiB".formatted(System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20));
    line("PostgreSQL: " + jdbc.sql("select version()").query(String.class).single());
    line("  shared_buffers=%s work_mem=%s random_page_cost=%s effective_cache_size=%s jit=%s".formatted(
        setting("shared_buffers"), setting("work_mem"), setting("random_page_cost"), setting("effective_cache_size"), setting("jit")));
  }

  void dataSet(double seconds, Instant now, List<String> codes, List<String> communities, LocalDate today, LocalDate from90,
               LocalDate monthStart) {
    Timestamp nowTs = Timestamp.from(now);
    Timestamp from90Ts = Timestamp.from(from90.atStartOfDay(CHINA).toInstant());
    Timestamp monthTs = Timestamp.from(monthStart.atStartOfDay(CHINA).toInstant());
    Timestamp endTs = Timestamp.from(today.plusDays(1).atStartOfDay(CHINA).toInstant());
    line("");
    line("Data set (generated in %.1f s, ANALYZEd), district %s = %s".formatted(seconds, DISTRICT, codes));
    Map<String, Object> c = jdbc.sql("""
            select count(*) as complaints,
              count(*) filter (where case_number like 'BH-%') as historic,
              count(*) filter (where case_number like 'BO-%') as open,
              count(*) filter (where status = 'CLOSED') as closed,
              count(*) filter (where status = 'RESOLVED') as resolved_unclosed,
              count(*) filter (where status = 'IN_PROGRESS') as in_progress,
              count(*) filter (where rating_score is not null) as rated,
              count(*) filter (where rating_score >= 4) as satisfied,
              count(*) filter (where first_replied_at <= first_reply_due_at) as replied_in_time,
              count(*) filter (where community_code in (:communities)) as district,
              count(*) filter (where community_code in (:communities) and created_at >= :from90 and created_at < :end) as district_90,
              count(*) filter (where community_code in (:communities) and created_at >= :month and created_at < :end) as district_month,
              min(created_at) as oldest
            from complaint""")
        .param("communities", communities).param("from90", from90Ts).param("month", monthTs).param("end", endTs)
        .query().singleRow();
    line("  complaint: %s rows (%s historic, %s open); CLOSED %s, RESOLVED %s, IN_PROGRESS %s; rated %s (4–5: %s); first reply in time %s; oldest %s"
        .formatted(c.get("complaints"), c.get("historic"), c.get("open"), c.get("closed"), c.get("resolved_unclosed"),
            c.get("in_progress"), c.get("rated"), c.get("satisfied"), c.get("replied_in_time"), c.get("oldest")));
    line("    in 沈河区: %s (90 days %s→%s: %s; this month %s→%s: %s)".formatted(c.get("district"), from90, today, c.get("district_90"),
        monthStart, today, c.get("district_month")));
    Map<String, Object> d = jdbc.sql("""
            select count(*) as deadlines,
              count(*) filter (where closed_at is null) as open,
              count(*) filter (where breached_at is not null) as breached,
              count(*) filter (where closed_at is not null and breached_at is not null) as closed_breached,
              count(*) filter (where closed_at is null and warn_at <= :now and due_at > :now) as at_risk,
              count(*) filter (where closed_at is null and due_at <= :now) as open_breached,
              count(*) filter (where node_code in (:codes)) as district,
              count(*) filter (where node_code in (:codes) and closed_at is null) as district_open,
              count(*) filter (where node_code in (:codes) and closed_at is null and warn_at <= :now) as district_past_warning,
              count(*) filter (where node_code in (:codes) and breached_at >= :from90 and breached_at < :end) as district_breached_90,
              count(*) filter (where node_code in (:codes) and breached_at >= :month and breached_at < :end) as district_breached_month
            from sla_deadline""")
        .param("now", nowTs).param("codes", codes).param("from90", from90Ts).param("month", monthTs).param("end", endTs)
        .query().singleRow();
    line("  sla_deadline: %s rows; breached %s (%.1f %%; of the closed ones %s); open %s (past warning %s, past due %s)".formatted(
        d.get("deadlines"), d.get("breached"), 100.0 * ((Number) d.get("breached")).longValue() / ((Number) d.get("deadlines")).longValue(),
        d.get("closed_breached"), d.get("open"), d.get("at_risk"), d.get("open_breached")));
    line("    in 沈河区: %s (open %s, past warning %s; breached in 90 days %s, this month %s)".formatted(d.get("district"),
        d.get("district_open"), d.get("district_past_warning"), d.get("district_breached_90"), d.get("district_breached_month")));
    line("  table sizes: complaint %s, sla_deadline %s (with indexes)".formatted(
        jdbc.sql("select pg_size_pretty(pg_total_relation_size('complaint'))").query(String.class).single(),
        jdbc.sql("select pg_size_pretty(pg_total_relation_size('sla_deadline'))").query(String.class).single()));
  }

  // ---- the query plans -----------------------------------------------------------------------------------

  /** EXPLAIN (ANALYZE, BUFFERS) of the dashboard's SQL as SupervisionQueries runs it, with the district's codes. */
  void plans(List<String> codes, List<String> communities, Instant now, LocalDate from, LocalDate to) {
    Timestamp nowTs = Timestamp.from(now);
    Timestamp fromTs = Timestamp.from(from.atStartOfDay(CHINA).toInstant());
    Timestamp toTs = Timestamp.from(to.plusDays(1).atStartOfDay(CHINA).toInstant());
    Map<String, Object> rateParams = Map.of("now", nowTs, "codes", communities, "from", fromTs, "to", toTs);
    plan("rates (ratesByCommunity; by=street sums the same rows) — 90 days", SupervisionQueries.RATES_BY_COMMUNITY, rateParams);
    plan("trend — 90 days", SupervisionQueries.RATES_BY_DAY, rateParams);
    Map<String, Object> openParams = Map.of("now", nowTs, "codes", codes);
    plan("overview 1/2 (openTotals)", """
        select count(distinct case_ref) as open_cases,
          count(distinct case when warn_at <= :now and due_at > :now then case_ref end) as at_risk,
          count(distinct case when due_at <= :now then case_ref end) as breached
        from sla_deadline where closed_at is null and node_code in (:codes)""", openParams);
    plan("overview 2/2 (openWork)", """
        select process_key, tier, count(distinct case_ref) as open_cases,
          count(distinct case when warn_at <= :now and due_at > :now then case_ref end) as at_risk,
          count(distinct case when due_at <= :now then case_ref end) as breached
        from sla_deadline where closed_at is null and node_code in (:codes)
        group by process_key, tier order by process_key, tier""", openParams);
    plan("at-risk (all rows past warning are read; the first 100 are answered)", """
        select * from sla_deadline where closed_at is null and node_code in (:codes) and warn_at <= :now
        order by case when due_at <= :now then 0 else 1 end, due_at, id""", openParams);
    plan("breaches — 90 days", """
        select * from sla_deadline where node_code in (:codes) and breached_at >= :from and breached_at < :to
        order by breached_at desc, id desc""", Map.of("codes", codes, "from", fromTs, "to", toTs));
  }

  void plan(String title, String sql, Map<String, Object> params) {
    line("");
    line("-- EXPLAIN (ANALYZE, BUFFERS): " + title);
    for (String row : jdbc.sql("explain (analyze, buffers) " + sql).params(params).query(String.class).list()) {
      line("   " + row);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + USER).getBytes(StandardCharsets.UTF_8)))
        .header("Accept-Language", "zh-CN").GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The number of rows an answer lists. */
  static int items(JsonNode answer) {
    for (String list : List.of("rows", "weeks", "items", "byProcess")) {
      if (answer.has(list)) {
        return answer.get(list).size();
      }
    }
    return 1;
  }

  /** The system's load average (Linux), to tell a quiet run from a shared one. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  String setting(String name) {
    return jdbc.sql("select current_setting('" + name + "')").query(String.class).single();
  }

  static double ms(long micros) {
    return micros / 1000.0;
  }

  void line(String s) {
    report.append(s).append('\n');
  }
}
