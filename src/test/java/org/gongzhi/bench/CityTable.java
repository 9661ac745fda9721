package org.gongzhi.bench;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The city benchmark's one table: each figure, its target where the issue sets one, and whether it was met. */
final class CityTable {

  private record Row(String id, String measure, String figure, String p50, String p99, String target, String result) {
  }

  private final List<Row> rows = new ArrayList<>();
  private final List<String> head = new ArrayList<>();
  private final List<String> details = new ArrayList<>();
  private final List<String> tail = new ArrayList<>();

  void header(int cases, int historic, int clients, String postgres, String load) {
    head.add("Gongzhi city benchmark (issue 9) — " + LocalDateTime.now(ZoneId.of("Asia/Shanghai"))
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " China time");
    head.add("Machine: %d processors (shared: load generator, PostgreSQL and the application(s) on the same cores); load average at start %s"
        .formatted(Runtime.getRuntime().availableProcessors(), load));
    head.add("Java " + System.getProperty("java.version") + "; " + postgres);
    head.add("Volumes: %,d complaint cases (API + engine REST), %,d historic cases, %d concurrent clients".formatted(cases, historic,
        clients));
  }

  void intake(Load.Result api, Load.Result rest, Load.Result jdbc, String load) {
    rows.add(new Row("1a", "intake: POST /api/v1/complaints, " + clients(api) + " clients", rate(api), ms(api.p50()), ms(api.p99()),
        "p99 < 200 ms", pass(api.p99() < 200)));
    rows.add(new Row("1b", "engine REST: POST /engine-rest/process-definition/key/…/start (admin, same variables)", rate(rest),
        ms(rest.p50()), ms(rest.p99()), "", ""));
    rows.add(new Row("1c", "JDBC: INSERT of the complaint row + commit, same threads", rate(jdbc), ms(jdbc.p50()), ms(jdbc.p99()), "",
        ""));
    double ofRest = api.perSecond() / rest.perSecond();
    rows.add(new Row("1", "intake ÷ engine REST starts", pct(ofRest), "", "", "≥ 50 %", pass(ofRest >= 0.5)));
    rows.add(new Row("1", "intake ÷ JDBC inserts", pct(api.perSecond() / jdbc.perSecond()), "", "", "", ""));
    details.add("Intake: %,d requests each (two rounds of API, engine REST, JDBC after a warm-up), %.0f + %.0f + %.0f s; load %s".formatted(
        api.count(), api.seconds(), rest.seconds(), jdbc.seconds(), load));
  }

  private static String clients(Load.Result r) {
    return String.valueOf(CityBenchmark.CLIENTS);
  }

  void twoNodeIntake(Load.Result one, Load.Result two, int node2WarmUp, String load) {
    rows.add(new Row("6a", "two nodes, intake (8 + 8 clients) ÷ one node (16)", "%.2f× (%.0f/s ÷ %.0f/s)".formatted(
        two.perSecond() / one.perSecond(), two.perSecond(), one.perSecond()), ms(two.p50()), ms(two.p99()), "", ""));
    details.add(("Two-node intake: node 2 warmed up with %,d requests first; %,d requests on one node, %,d on two, alternating "
        + "(2 rounds); one node p50/p99 %s/%s ms; load %s").formatted(node2WarmUp, one.count(), two.count(), ms(one.p50()),
        ms(one.p99()), load));
  }

  void taskList(Histogram filter, Histogram plain, long open, long perCommunity, long authorizations, int n, String load) {
    rows.add(new Row("3", "task list: Tasklist filter page (POST /engine-rest/filter/{id}/list, HAL, 15 by due date)",
        "%,d open tasks".formatted(open), ms(filter.getValueAtPercentile(50) / 1000.0), ms(filter.getValueAtPercentile(99) / 1000.0),
        "p99 < 150 ms", pass(filter.getValueAtPercentile(99) / 1000.0 < 150)));
    rows.add(new Row("3b", "task list: GET /engine-rest/task?candidateGroup=…&sortBy=dueDate (15)", "",
        ms(plain.getValueAtPercentile(50) / 1000.0), ms(plain.getValueAtPercentile(99) / 1000.0), "", ""));
    details.add(("Task list: %d calls each, one at a time, round-robin over 3 caseworkers (HTTP Basic) in 3 communities of 2 districts; "
        + "%,d open tasks, ~%,d in the first caseworker's community; %,d rows in act_ru_authorization; load %s")
        .formatted(n, open, perCommunity, authorizations, load));
  }

  void dashboard(Map<String, Histogram> endpoints, Histogram page, long complaints, long deadlines, double generated, int n,
                 String load) {
    String slowest = null;
    double worst = -1;
    for (var e : endpoints.entrySet()) {
      double p50 = e.getValue().getValueAtPercentile(50) / 1000.0;
      if (p50 > worst) {
        worst = p50;
        slowest = e.getKey();
      }
    }
    Histogram s = endpoints.get(slowest);
    rows.add(new Row("4", "dashboard, district 沈河区: slowest of its 5 JSON answers (" + slowest + ")",
        "%,d complaints".formatted(complaints), ms(worst), ms(s.getValueAtPercentile(99) / 1000.0), "p50 < 300 ms", pass(worst < 300)));
    rows.add(new Row("4b", "dashboard: the page's 5 answers one after another", "", ms(page.getValueAtPercentile(50) / 1000.0),
        ms(page.getValueAtPercentile(99) / 1000.0), "", ""));
    StringBuilder b = new StringBuilder();
    endpoints.forEach((k, h) -> b.append(" %s %s/%s".formatted(k, ms(h.getValueAtPercentile(50) / 1000.0),
        ms(h.getValueAtPercentile(99) / 1000.0))));
    details.add(("Dashboard: %,d complaints, %,d deadlines (historic generated in %.0f s); %d page loads after warm-up, as the district "
        + "supervisor (HTTP Basic), this month; p50/p99 ms:%s; load %s").formatted(complaints, deadlines, generated, n, b, load));
  }

  void timers(CityBenchmark.Drain one, CityBenchmark.Drain two) {
    rows.add(new Row("2", "timers: %,d due at once, one node — drain rate".formatted(one.timers()), "%.0f jobs/s".formatted(one.perSecond()),
        "", "", "≥ 200 /s", pass(one.perSecond() >= 200)));
    rows.add(new Row("2b", "timers: until none due / lag of the last", "%.1f s / %.1f s".formatted(one.allFiredSeconds(),
        one.lastLagSeconds()), "", "", "", ""));
    double ratio = two.perSecond() / one.perSecond();
    rows.add(new Row("6b", "two nodes, timer drain (%,d due at once) ÷ one node".formatted(two.timers()), "%.2f× (%.0f/s ÷ %.0f/s)"
        .formatted(ratio, two.perSecond(), one.perSecond()), "", "", "≥ 1.6×", pass(ratio >= 1.6)));
    for (CityBenchmark.Drain d : List.of(one, two)) {
      details.add(("Timer drain, %d node(s): warm-up before T0, not measured: %,d timers of the warm-up cases and their notices, "
          + "%.1f s, timers per node %s; %,d timers released at T0 (release call %.1f s); none due after %.1f s (%.0f/s); last fired "
          + "%.1f s after T0; follow-up jobs (notice deliveries, acquired after the timers) %,d done and %,d still queued when the last "
          + "timer fired; timer jobs per node %s; failed job "
          + "attempts %d; load %s").formatted(d.nodes(), d.warmUpTimers(), d.warmUpSeconds(), d.warmUpPerNode(), d.timers(), d.releaseSeconds(),
          d.allFiredSeconds(), d.perSecond(),
          d.lastLagSeconds(), d.followUpJobs(), d.followUpQueued(), d.perNode(), d.failedJobLogs(), d.load()));
    }
  }

  void idle(double cpuCores, double transactionsPerSecond) {
    rows.add(new Row("5b", "idle node (10 s, nothing to do): its CPU / database transactions it causes",
        "%.0f %% of a core / %.0f tx/s".formatted(cpuCores * 100, transactionsPerSecond), "", "", "", ""));
  }

  void memory(String when, long rssKib, double heapUsed, double heapMax) {
    rows.add(new Row("5", "memory: " + when, "RSS %,d MiB, heap used %,.0f of %,.0f MiB".formatted(rssKib / 1024, heapUsed / 1048576,
        heapMax / 1048576), "", "", "", ""));
  }

  void note(String text) {
    tail.add(text);
  }

  String render(String startNotes) {
    StringBuilder b = new StringBuilder();
    String rule = "=".repeat(120);
    b.append(rule).append('\n');
    head.forEach(h -> b.append(h).append('\n'));
    b.append(rule).append("\n\n");
    b.append("| # | measure | figure | p50 ms | p99 ms | target | result |\n");
    b.append("|---|---|---:|---:|---:|---|---|\n");
    for (Row r : rows) {
      b.append("| %s | %s | %s | %s | %s | %s | %s |\n".formatted(r.id(), r.measure(), r.figure(), r.p50(), r.p99(), r.target(),
          r.result()));
    }
    b.append('\n');
    details.forEach(d -> b.append("- ").append(d).append('\n'));
    b.append('\n').append(startNotes);
    tail.forEach(t -> b.append(t).append('\n'));
    return b.toString();
  }

  private static String rate(Load.Result r) {
    return "%.1f /s".formatted(r.perSecond());
  }

  private static String ms(double ms) {
    return ms >= 100 ? "%.0f".formatted(ms) : "%.1f".formatted(ms);
  }

  private static String pct(double share) {
    return "%.0f %%".formatted(share * 100);
  }

  private static String pass(boolean met) {
    return met ? "pass" : "**miss**";
  }
}
