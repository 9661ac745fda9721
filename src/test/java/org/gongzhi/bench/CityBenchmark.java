package org.gongzhi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.gongzhi.complaint.ComplaintEscalationProcess;
import org.gongzhi.support.AppProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The city benchmark (issue 9): intake, timers, task list, dashboard, memory and two nodes, measured side by side in one
 * run on PostgreSQL, with Gongzhi started the way production starts it ({@link AppProcess}: its own JVM, the job
 * executor on). Prints one table (and writes it to {@code target/benchmark/city.txt}). A benchmark, not a timed test: it
 * fails only when an answer is missing or wrong (a 201 that is not there, a timer that did not fire exactly once), never
 * because a figure is high. Method and figures: docs/performance.md.
 *
 * <p>Volumes default to the issue's; smaller runs: {@code -Dcity.cases=2000 -Dcity.historic=20000}. Extra application
 * properties for a tuning experiment: {@code -Dcity.app.<property>=<value>} (every node); {@code -Dcity.jfr=true}
 * records a flight recording per application start into {@code target/benchmark/}.
 */
@Tag("benchmark")
class CityBenchmark {

  /**
   * Complaint cases started (API + engine REST): each has 2 reply timers due 25 h later, 2 resolve timers 73 h later.
   * The drains' warm-up cases (2 %, at most 200) come on top.
   */
  static final int CASES = Integer.getInteger("city.cases", 10_000);
  static final int HISTORIC = Integer.getInteger("city.historic", 100_000);
  static final int CLIENTS = Integer.getInteger("city.clients", 16);
  static final int TASK_QUERIES = Integer.getInteger("city.task-queries", 300);
  static final int DASHBOARD_CALLS = Integer.getInteger("city.dashboard-calls", 60);

  static final String KEY = ComplaintEscalationProcess.KEY;
  static final String NOTIFICATIONS = org.gongzhi.notification.NotificationService.DELIVERY_PROCESS_KEY;
  /**
   * How often the drain is polled. Each poll counts the due jobs in ACT_RU_JOB, which costs the shared database about
   * 15 ms at 20,000 due jobs: at 100 ms the benchmark itself took a sixth of a core from the nodes it measured.
   */
  static final long POLL_MILLIS = 500;
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  /** Reply warning (18 h) and breach (24 h) of every case are due a day and an hour later; nothing else of the case. */
  static final Duration REPLY_TIMERS_DUE = Duration.ofHours(25);
  /** … and its resolution warning (54 h) and breach (72 h) three days and an hour later. */
  static final Duration RESOLVE_TIMERS_DUE = Duration.ofHours(73);
  static final List<String> REPLY_TIMERS = List.of(ComplaintEscalationProcess.BoundaryEvent_ReplySlaWarning,
      ComplaintEscalationProcess.BoundaryEvent_ReplySlaBreached);
  static final List<String> RESOLVE_TIMERS = List.of(ComplaintEscalationProcess.BoundaryEvent_ResolveSlaWarning,
      ComplaintEscalationProcess.BoundaryEvent_ResolveSlaBreached);
  /** Caseworkers of three communities in two districts (demo-staff.csv; the password is the user id without staff-password). */
  static final List<String> CASEWORKERS = List.of("qingquan", "zhonghaixi", "hepan");
  static final String DISTRICT = "210103";
  static final String SUPERVISOR = "shenhe-sup";

  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  final CityTable table = new CityTable();
  final List<AppProcess> running = new ArrayList<>();
  final StringBuilder notes = new StringBuilder();

  /** Camunda's clock offset of every node (ShiftedEngineClock reads it while the node runs): a day later without a restart. */
  final Path clock = Path.of("target", "benchmark", "clock-offset").toAbsolutePath();
  /** The jurisdiction tree every node loads: the demo tree plus generated streets and communities (see cityTree). */
  final Path tree = Path.of("target", "benchmark", "city-tree.csv").toAbsolutePath();
  /** … and its staff: the demo staff plus a caseworker in every generated community and a supervisor in every generated street. */
  final Path staffFile = Path.of("target", "benchmark", "city-staff.csv").toAbsolutePath();

  EmbeddedPostgres postgres;
  HikariDataSource db;
  JdbcTemplate jdbc;
  String jdbcUrl;
  List<String[]> communities; // code, name
  String apiKey;
  int cases; // complaint-escalation instances started so far, without the drains' warm-up cases
  /** Case numbers of the cases whose timers warm each drain up before T0 (not measured, not in {@code cases}). */
  final List<String> drainWarmUpCases = java.util.Collections.synchronizedList(new ArrayList<>());

  @Test
  void city() throws Exception {
    long start = System.nanoTime();
    GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try {
      postgres = EmbeddedPostgres.builder().start();
      jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
      db = new HikariDataSource();
      db.setJdbcUrl(jdbcUrl);
      db.setUsername("postgres");
      db.setMaximumPoolSize(CLIENTS + 4);
      jdbc = new JdbcTemplate(db);
      Files.createDirectories(clock.getParent());
      Files.writeString(clock, Duration.ZERO.toString());
      communities = cityTree();
      run(smtp.getSmtp().getPort(), smtp);
    } finally {
      for (AppProcess app : running) {
        app.close();
      }
      if (db != null) {
        db.close();
      }
      if (postgres != null) {
        postgres.close();
      }
      smtp.stop();
    }
    table.note("Whole run: %.0f s.".formatted((System.nanoTime() - start) / 1e9));
    String text = table.render(notes.toString());
    System.out.println(text);
    Path out = Path.of("target", "benchmark", "city.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, text);
    System.out.println("(also written to " + out.toAbsolutePath() + ")");
  }

  void run(int smtpPort, GreenMail smtp) throws Exception {
    int warmUp = Math.max(20, Math.min(200, CASES / 50));
    int measured = (int) (CASES * 0.3);
    int twoNode = (CASES - 3 * warmUp - 2 * measured) / 2;  // half on one node, half on two (after node 2's warm-up)
    table.header(CASES, HISTORIC, CLIENTS, postgresVersion(), loadAverage());

    // ---- one node, the clock as it is: intake, then the same cases for the task list and the dashboard ---------------
    AppProcess node1 = start("node-1", smtpPort);
    idle(node1);
    apiKey = node1.createApiKey("city-benchmark");
    jdbc.execute("create table bench_complaint (like complaint including all)");
    jdbc.execute("alter table bench_complaint add foreign key (community_code) references jurisdiction_node (code), "
        + "add foreign key (handling_node_code) references jurisdiction_node (code)");

    progress("intake");
    String load = loadAverage();
    Load.run("warm-api", CLIENTS, warmUp, (t, i) -> submit(node1, i));
    Load.run("warm-rest", CLIENTS, warmUp, (t, i) -> startByEngineRest(node1, i));
    Load.run("warm-jdbc", CLIENTS, warmUp, (t, i) -> insertRow("W", i));
    cases += 2 * warmUp;
    // side by side: two rounds of (API, engine REST, JDBC), so that noise from the shared machine falls on all three
    Load.Result api = Load.Result.empty();
    Load.Result rest = Load.Result.empty();
    Load.Result sql = Load.Result.empty();
    int offset = warmUp;
    for (int round = 0; round < 2; round++) {
      int n = round == 0 ? measured / 2 : measured - measured / 2;
      int base = offset;
      api = api.plus(Load.run("api", CLIENTS, n, (t, i) -> submit(node1, base + i)));
      rest = rest.plus(Load.run("rest", CLIENTS, n, (t, i) -> startByEngineRest(node1, base + i)));
      sql = sql.plus(Load.run("jdbc", CLIENTS, n, (t, i) -> insertRow("M", base + i)));
      offset += n;
    }
    cases += 2 * measured;
    table.intake(api, rest, sql, load + " → " + loadAverage());

    // two nodes on the same database: 16 clients on one node, then 8 + 8 on two, twice
    AppProcess node2 = start("node-2", smtpPort);
    int warmBase = offset;
    Load.run("warm-node-2", CLIENTS, warmUp, (t, i) -> submit(node2, warmBase + i)); // a new JVM: warmed up like node 1
    offset += warmUp;
    cases += warmUp;
    load = loadAverage();
    Load.Result one = Load.Result.empty();
    Load.Result two = Load.Result.empty();
    for (int round = 0; round < 2; round++) {
      int n = round == 0 ? twoNode / 2 : twoNode - twoNode / 2;
      int base = offset;
      one = one.plus(Load.run("api-1node", CLIENTS, n, (t, i) -> submit(node1, base + i)));
      offset += n;
      int base2 = offset;
      two = two.plus(Load.run("api-2nodes", CLIENTS, n, (t, i) -> submit(t % 2 == 0 ? node1 : node2, base2 + i)));
      offset += n;
    }
    cases += 2 * twoNode;
    table.twoNodeIntake(one, two, warmUp, load + " → " + loadAverage());
    stopApp(node2);

    assertThat(jdbc.queryForObject("select count(*) from act_ru_task where proc_def_id_ like ?", Long.class, KEY + ":%"))
        .as("one open task per case").isEqualTo(cases);
    progress("task list");
    taskList(node1);
    progress("dashboard");
    dashboard(node1);
    memory("node-1 after intake, task list, dashboard", node1);

    // ---- timers: 2 per case fall due at once on one node, then 2 more per case on two nodes -----------------------
    // a few cases more, whose timers warm the nodes' timer path up before each measured drain (see drain)
    int drainWarmUp = Math.max(10, Math.min(200, CASES / 50));
    Load.run("warm-drain", CLIENTS, drainWarmUp, (t, i) -> drainWarmUpCases.add(submitCase(node1, 900_000 + i)));
    // the complaint jobs are held while the clock jumps; releasing them is T0 (see drain)
    suspendComplaintJobs(node1, true);
    moveClock(REPLY_TIMERS_DUE);
    Drain drainOne = drain(List.of(node1), REPLY_TIMERS_DUE, REPLY_TIMERS);
    memory("node-1 after the one-node timer drain", node1);
    suspendComplaintJobs(node1, true);
    // the ~19,000 notices of the first drain are held, so that the second starts as the first did (no backlog of mail,
    // the new notices queued behind the timers) and node 2 does not start on a node busy mailing
    suspendJobs(node1, NOTIFICATIONS, true, true);
    smtp.purgeEmailFromAllMailboxes();

    moveClock(RESOLVE_TIMERS_DUE);
    AppProcess second = start("node-2-day4", smtpPort); // reads the clock file at its start: 73 h ahead too
    Drain drainTwo = drain(List.of(node1, second), RESOLVE_TIMERS_DUE, RESOLVE_TIMERS);
    table.timers(drainOne, drainTwo);
    memory("node-1 after the two-node timer drain", node1);
    stopApp(second);
    stopApp(node1);
  }

  /**
   * Every node's Camunda clock this far ahead of the machine's, within 100 ms (ShiftedEngineClock watches the file).
   * Only while the complaint jobs are held: a jump of hours expires the lock of every job still running.
   */
  void moveClock(Duration ahead) throws Exception {
    progress("clock " + ahead.toHours() + " h ahead");
    Path next = clock.resolveSibling(clock.getFileName() + ".next");
    Files.writeString(next, ahead.toString());
    Files.move(next, clock, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  // ---- 1. intake --------------------------------------------------------------------------------------------------

  String complaintBody(int i) {
    String community = communities.get(i % communities.size())[0];
    return """
        {"communityCode":"%s","category":"public-facilities","title":"路灯坏了","description":"小区东门的路灯坏了一周，晚上很黑。（基准 %d）",\
        "reporter":{"name":"王芳","phone":"13812345678"},"channel":"wechat"}""".formatted(community, i);
  }

  void submit(AppProcess app, int i) throws Exception {
    submitCase(app, i);
  }

  /** POST /api/v1/complaints; the new case's number. */
  String submitCase(AppProcess app, int i) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri("/api/v1/complaints"))
        .header("X-API-Key", apiKey).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(complaintBody(i))).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201 || !r.body().contains("\"caseNumber\"")) {
      throw new IllegalStateException("POST /api/v1/complaints → " + r.statusCode() + " " + r.body());
    }
    return json.readTree(r.body()).get("caseNumber").asText();
  }

  /** The start our intake makes (ComplaintManagement.store), with the same variables, through engine REST as the administrator. */
  void startByEngineRest(AppProcess app, int i) throws Exception {
    String[] community = communities.get(i % communities.size());
    String caseNumber = "ER-%06d".formatted(i);
    ObjectNode vars = json.createObjectNode();
    var put = (java.util.function.BiConsumer<String, String>) (name, value) -> {
      ObjectNode v = vars.putObject(name);
      if (value == null) {
        v.putNull("value");
        v.put("type", "Null");
      } else {
        v.put("value", value);
        v.put("type", "String");
      }
    };
    put.accept("caseNumber", caseNumber);
    put.accept("communityCode", community[0]);
    put.accept("communityName", community[1]);
    put.accept("tier", "COMMUNITY");
    put.accept("handlingNode", community[0]);
    put.accept("title", "路灯坏了");
    put.accept("description", "小区东门的路灯坏了一周，晚上很黑。（基准 " + i + "）");
    put.accept("categoryLabel", "公共设施 / Public facilities");
    put.accept("channelLabel", "微信公众号/小程序 / WeChat");
    put.accept("locationAddress", null);
    put.accept("reporterMasked", "王* 138****5678");
    ObjectNode body = json.createObjectNode();
    body.put("businessKey", caseNumber);
    body.set("variables", vars);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri("/engine-rest/process-definition/key/" + KEY + "/start"))
        .header("Authorization", AppProcess.adminAuthorization()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || !r.body().contains("\"id\"")) {
      throw new IllegalStateException("engine REST start → " + r.statusCode() + " " + r.body());
    }
  }

  /** The row ComplaintRepository.insert writes, into a copy of the table (same columns, indexes, keys), one commit each. */
  void insertRow(String prefix, int i) throws Exception {
    String community = communities.get(i % communities.size())[0];
    Timestamp now = Timestamp.valueOf(LocalDateTime.now());
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
        insert into bench_complaint (case_number, community_code, category, title, description, reporter_name, reporter_phone,
          reporter_email, reporter_locale, channel, location_lat, location_lng, location_address, status, tier,
          handling_node_code, reopen_count, created_at, updated_at, merchant_number)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)""")) {
      c.setAutoCommit(true);
      Object[] values = {prefix + "-%06d".formatted(i), community, "public-facilities", "路灯坏了",
          "小区东门的路灯坏了一周，晚上很黑。（基准 " + i + "）", "王芳", "13812345678", null, "zh-CN", "wechat", null, null, null,
          "IN_PROGRESS", "COMMUNITY", community, now, now, null};
      for (int p = 0; p < values.length; p++) {
        ps.setObject(p + 1, values[p]);
      }
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("insert did not insert");
      }
    }
  }

  // ---- 3. task list -------------------------------------------------------------------------------------------------

  void taskList(AppProcess app) throws Exception {
    List<String[]> variants = new ArrayList<>(); // user, filter id, community
    for (String user : CASEWORKERS) {
      String community = jdbc.queryForObject("select node_code from staff_assignment where user_id = ?", String.class, user);
      JsonNode filters = json.readTree(get(app, "/engine-rest/filter?resourceType=Task", basic(user, user), "application/json").body());
      String filterId = null;
      for (JsonNode f : filters) {
        if (community.equals(f.at("/properties/gongzhiNode").asText())) {
          filterId = f.get("id").asText();
        }
      }
      assertThat(filterId).as("Tasklist filter of " + user).isNotNull();
      variants.add(new String[] {user, filterId, community});
    }
    // the answers: a full first page, sorted by deadline, all of the caseworker's community
    for (String[] v : variants) {
      JsonNode page = json.readTree(filterPage(app, v).body());
      JsonNode tasks = page.at("/_embedded/task");
      long inCommunity = jdbc.queryForObject("select count(*) from act_ru_identitylink where type_ = 'candidate' and group_id_ = ?",
          Long.class, "caseworker-" + v[2]);
      long full = Math.min(15, inCommunity); // a full page at the issue's volumes (~100 a community); fewer in a small run
      assertThat(full).as("open tasks in the community of " + v[0]).isPositive();
      assertThat(tasks.size()).as("Tasklist page of " + v[0]).isEqualTo(full);
      assertThat(page.toString()).as("the filter's variables are embedded").contains("\"variable\"");
      JsonNode plain = json.readTree(taskQuery(app, v).body());
      assertThat(plain.size()).isEqualTo(full);
      String previous = "";
      for (JsonNode t : plain) {
        assertThat(t.get("due").asText()).isGreaterThanOrEqualTo(previous);
        previous = t.get("due").asText();
      }
    }
    long open = jdbc.queryForObject("select count(*) from act_ru_task", Long.class);
    long perCommunity = jdbc.queryForObject("select count(*) from act_ru_task t join act_ru_identitylink l on l.task_id_ = t.id_ "
        + "where l.group_id_ = ?", Long.class, "caseworker-" + variants.get(0)[2]);
    long authorizations = jdbc.queryForObject("select count(*) from act_ru_authorization", Long.class);
    String load = loadAverage();
    Histogram filter = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    Histogram plain = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    int warmUp = Math.max(10, TASK_QUERIES / 5);
    for (int i = 0; i < warmUp + TASK_QUERIES; i++) {
      String[] v = variants.get(i % variants.size());
      long t0 = System.nanoTime();
      filterPage(app, v);
      long t1 = System.nanoTime();
      taskQuery(app, v);
      long t2 = System.nanoTime();
      if (i >= warmUp) {
        filter.recordValue((t1 - t0) / 1000);
        plain.recordValue((t2 - t1) / 1000);
      }
    }
    table.taskList(filter, plain, open, perCommunity, authorizations, TASK_QUERIES, load + " → " + loadAverage());
  }

  /** What Tasklist asks for a filter's first page (its API is the engine REST's filter resource, with HAL). */
  HttpResponse<String> filterPage(AppProcess app, String[] v) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri("/engine-rest/filter/" + v[1] + "/list?firstResult=0&maxResults=15"))
        .header("Authorization", basic(v[0], v[0])).header("Accept", "application/hal+json")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"sorting\":[{\"sortBy\":\"dueDate\",\"sortOrder\":\"asc\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("filter list → " + r.statusCode() + " " + r.body());
    }
    return r;
  }

  HttpResponse<String> taskQuery(AppProcess app, String[] v) throws Exception {
    HttpResponse<String> r = get(app, "/engine-rest/task?candidateGroup=caseworker-" + v[2]
        + "&sortBy=dueDate&sortOrder=asc&firstResult=0&maxResults=15", basic(v[0], v[0]), "application/json");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("task query → " + r.statusCode() + " " + r.body());
    }
    return r;
  }

  // ---- 4. dashboard -------------------------------------------------------------------------------------------------

  void dashboard(AppProcess app) throws Exception {
    long t0 = System.nanoTime();
    DashboardDataSet.generate(db, LocalDateTime.now(), HISTORIC, 0);
    double generated = (System.nanoTime() - t0) / 1e9;
    long complaints = jdbc.queryForObject("select count(*) from complaint", Long.class);
    long deadlines = jdbc.queryForObject("select count(*) from sla_deadline", Long.class);
    LocalDate today = LocalDate.now(CHINA);
    String month = "from=" + today.withDayOfMonth(1) + "&to=" + today;
    String node = "node=" + DISTRICT;
    // the five JSON answers the dashboard page loads for a district (static/supervision/app.js), default period
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("overview", "/api/v1/supervision/overview?" + node);
    endpoints.put("at-risk", "/api/v1/supervision/at-risk?" + node + "&limit=100");
    endpoints.put("rates", "/api/v1/supervision/rates?" + node + "&by=community&" + month);
    endpoints.put("trend", "/api/v1/supervision/trend?" + node + "&" + month);
    endpoints.put("breaches", "/api/v1/supervision/breaches?" + node + "&" + month);
    String auth = basic(SUPERVISOR, SUPERVISOR);
    for (var e : endpoints.entrySet()) {
      HttpResponse<String> r = get(app, e.getValue(), auth, "application/json");
      assertThat(r.statusCode()).as(e.getValue() + " → " + r.body()).isEqualTo(200);
    }
    assertThat(json.readTree(get(app, endpoints.get("rates"), auth, "application/json").body()).at("/total/cases").asLong())
        .as("the district has complaints this month").isPositive();
    assertThat(json.readTree(get(app, endpoints.get("overview"), auth, "application/json").body()).at("/totals/open").asLong())
        .as("open work in the district").isPositive();
    Map<String, Histogram> latencies = new LinkedHashMap<>();
    endpoints.keySet().forEach(k -> latencies.put(k, new Histogram(TimeUnit.MINUTES.toMicros(5), 3)));
    Histogram page = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    String load = loadAverage();
    int warmUp = Math.max(5, DASHBOARD_CALLS / 6);
    for (int i = 0; i < warmUp + DASHBOARD_CALLS; i++) {
      long pageStart = System.nanoTime();
      for (var e : endpoints.entrySet()) {
        long s = System.nanoTime();
        HttpResponse<String> r = get(app, e.getValue(), auth, "application/json");
        if (r.statusCode() != 200) {
          throw new IllegalStateException(e.getValue() + " → " + r.statusCode());
        }
        if (i >= warmUp) {
          latencies.get(e.getKey()).recordValue((System.nanoTime() - s) / 1000);
        }
      }
      if (i >= warmUp) {
        page.recordValue((System.nanoTime() - pageStart) / 1000);
      }
    }
    table.dashboard(latencies, page, complaints, deadlines, generated, DASHBOARD_CALLS, load + " → " + loadAverage());
  }

  // ---- 2 and 6. timers ----------------------------------------------------------------------------------------------

  record Drain(int nodes, long timers, int warmUpTimers, double warmUpSeconds, Map<String, Long> warmUpPerNode, double releaseSeconds, double allFiredSeconds, double lastLagSeconds,
               long followUpQueued, long followUpJobs, Map<String, Long> perNode, long failedJobLogs, String load) {
    double perSecond() {
      return timers / allFiredSeconds;
    }
  }

  /**
   * The complaint process's jobs are held (suspended) while the nodes' clocks jump {@code ahead}; releasing them is
   * the moment T0 at which all of them fall due at once. Measured: until no due timer is left in ACT_RU_JOB (polled every
   * 500 ms), the last timer's lag (its activity's start in the history, engine time, minus T0 in engine time), and how
   * much of the work they queued (notice deliveries) was done by then and how much was left.
   */
  Drain drain(List<AppProcess> nodes, Duration ahead, List<String> activities) throws Exception {
    progress("timer drain on " + nodes.size() + " node(s)");
    long dueAll = dueTimers(ahead);
    assertThat(dueAll).as("timers due after " + ahead + ": " + activities.size() + " per case")
        .isEqualTo((long) activities.size() * (cases + drainWarmUpCases.size()));
    long before = fired(activities);
    // the nodes' own clock: each must see the latest of these timers as due (else the clock jump did not reach its
    // engine). Asked for that one job by id: Camunda's count of all executable jobs took 3–30 s at these volumes.
    String latest = jdbc.queryForObject("select id_ from act_ru_job where process_def_key_ = ? and type_ = 'timer' and retries_ > 0 "
        + "and duedate_ <= ? order by duedate_ desc limit 1", String.class, KEY, Timestamp.valueOf(LocalDateTime.now().plus(ahead)));
    for (AppProcess node : nodes) {
      long seen = -1;
      for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); seen != 1 && System.nanoTime() < until; ) {
        seen = json.readTree(get(node, "/engine-rest/job/count?executable=true&jobId=" + latest,
            AppProcess.adminAuthorization(), "application/json").body()).get("count").asLong();
        if (seen != 1) {
          Thread.sleep(200); // the node's clock file watcher runs every 100 ms
        }
      }
      assertThat(seen).as(node.name() + " sees the latest of the timers due (its clock is " + ahead + " ahead)").isEqualTo(1);
    }
    // warm-up, not measured: the warm-up cases' timers alone, and the notices they queue, on the same nodes. A node's
    // first timers run in the interpreter and wait for the JIT; node 2 of the second drain has just started.
    long warmStart = System.nanoTime();
    Timestamp engineWarmStart = Timestamp.from(Instant.now().plus(ahead));
    long heldNotices = suspendedJobs(NOTIFICATIONS);
    // new notices active first: a notice is created suspended while its job definition is (drain 2: held after drain 1)
    suspendJobs(nodes.get(0), NOTIFICATIONS, false, false);
    int warmUpTimers = runWarmUpTimers(nodes, ahead);
    long warmDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    // the warm-up timers ran in their REST calls; until nothing runnable is left: their notices
    while (runnableJobs(ahead) > 0) {
      assertThat(System.nanoTime()).as("warm-up timers and their notices still running after 5 min").isLessThan(warmDeadline);
      Thread.sleep(POLL_MILLIS);
    }
    double warmUpSeconds = (System.nanoTime() - warmStart) / 1e9;
    assertThat(suspendedJobs(NOTIFICATIONS)).as("the warm-up's notices ran, the held ones stayed held").isEqualTo(heldNotices);
    long due = dueTimers(ahead);
    assertThat(due).as("after the warm-up: " + activities.size() + " timers per case").isEqualTo((long) activities.size() * cases);
    String load = loadAverage();
    Instant t0 = Instant.now();
    long start = System.nanoTime();
    suspendComplaintJobs(nodes.get(0), false);
    double released = (System.nanoTime() - start) / 1e9;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (dueTimers(ahead) > 0) {
      assertThat(System.nanoTime()).as("timers still due after 30 min").isLessThan(deadline);
      Thread.sleep(POLL_MILLIS);
    }
    double allFired = (System.nanoTime() - start) / 1e9;
    progress("timers fired after " + allFired + " s");
    // the notices the timers queued run behind them (timers are acquired first) and are not waited for: at the issue's
    // volumes they are ~19,000 mails, which would double the run; they keep going in the background
    long followUpQueued = runnableJobs(ahead);
    Timestamp engineT0 = Timestamp.from(t0.plus(ahead));
    long followUpJobs = jdbc.queryForObject("select count(*) from act_hi_job_log where job_state_ = 2 and timestamp_ >= ? "
        + "and not (process_def_key_ = ? and act_id_ in (" + placeholders(activities) + "))", Long.class,
        args(engineT0, KEY, activities));
    String loadAfter = loadAverage();
    long firedNow = fired(activities) - before;
    assertThat(firedNow).as("every due timer fired exactly once (warm-up included)").isEqualTo(dueAll);
    Timestamp last = jdbc.queryForObject("select max(start_time_) from act_hi_actinst where proc_def_key_ = ? and act_id_ in ("
        + placeholders(activities) + ") and start_time_ >= ?", Timestamp.class, args(KEY, activities, engineT0));
    double lag = Duration.between(engineT0.toInstant(), last.toInstant()).toMillis() / 1000.0;
    Map<String, Long> warmUpPerNode = timersPerNode(activities, engineWarmStart, engineT0);
    Map<String, Long> perNode = timersPerNode(activities, engineT0, Timestamp.valueOf("9999-12-31 00:00:00")); // until now
    long failed = jdbc.queryForObject("select count(*) from act_hi_job_log where job_state_ = 1 and timestamp_ >= ?", Long.class, engineT0);
    return new Drain(nodes.size(), due, warmUpTimers, warmUpSeconds, warmUpPerNode, released, allFired, lag, followUpQueued, followUpJobs, perNode, failed, load + " → " + loadAfter);
  }

  /**
   * Runs the held timers of the warm-up cases through engine REST ({@code POST /job/{id}/execute}), case by case
   * round-robin over the nodes, one at a time: every node runs its share, however its job executor happens to poll. The
   * notices they queue run in the nodes' job executors. How many.
   */
  int runWarmUpTimers(List<AppProcess> nodes, Duration ahead) throws Exception {
    List<Object> params = new ArrayList<>(drainWarmUpCases);
    params.add(KEY);
    params.add(Timestamp.valueOf(LocalDateTime.now().plus(ahead)));
    List<String[]> jobs = jdbc.query("select j.id_, j.process_instance_id_ from act_ru_job j join act_ru_execution e "
        + "on e.id_ = j.process_instance_id_ where e.business_key_ in (" + placeholders(drainWarmUpCases) + ") "
        + "and j.process_def_key_ = ? and j.type_ = 'timer' and j.duedate_ <= ? order by j.process_instance_id_, j.duedate_",
        (rs, row) -> new String[] {rs.getString(1), rs.getString(2)}, params.toArray());
    Map<String, AppProcess> nodeOfCase = new LinkedHashMap<>();
    for (String[] job : jobs) {
      AppProcess node = nodeOfCase.computeIfAbsent(job[1], pi -> nodes.get(nodeOfCase.size() % nodes.size()));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.uri("/engine-rest/job/" + job[0] + "/execute"))
          .header("Authorization", AppProcess.adminAuthorization())
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("warm-up job " + job[0] + " on " + node.name() + ": " + r.body()).isEqualTo(204);
    }
    return jobs.size();
  }

  /** Timers of these activities that ran between two engine times, by the node that ran them (the job log's hostname). */
  Map<String, Long> timersPerNode(List<String> activities, Timestamp from, Timestamp until) {
    Map<String, Long> perNode = new LinkedHashMap<>();
    jdbc.query("select hostname_, count(*) from act_hi_job_log where job_state_ = 2 and process_def_key_ = ? and act_id_ in ("
        + placeholders(activities) + ") and timestamp_ >= ? and timestamp_ < ? group by hostname_ order by hostname_",
        rs -> { perNode.put(rs.getString(1), rs.getLong(2)); }, args(KEY, activities, from, until));
    return perNode;
  }

  long suspendedJobs(String processKey) {
    return jdbc.queryForObject("select count(*) from act_ru_job where process_def_key_ = ? and suspension_state_ = 2", Long.class,
        processKey);
  }

  long dueTimers(Duration ahead) {
    return jdbc.queryForObject("select count(*) from act_ru_job where process_def_key_ = ? and type_ = 'timer' and retries_ > 0 and duedate_ <= ?",
        Long.class, KEY, Timestamp.valueOf(LocalDateTime.now().plus(ahead)));
  }

  long runnableJobs(Duration ahead) {
    return jdbc.queryForObject("select count(*) from act_ru_job where suspension_state_ = 1 and retries_ > 0 "
        + "and (duedate_ is null or duedate_ <= ?)", Long.class, Timestamp.valueOf(LocalDateTime.now().plus(ahead)));
  }

  long fired(List<String> activities) {
    return jdbc.queryForObject("select count(*) from act_hi_actinst where proc_def_key_ = ? and act_id_ in ("
        + placeholders(activities) + ")", Long.class, args(KEY, activities));
  }

  /** Holds or releases every job of the complaint process (engine REST, as the administrator). */
  void suspendComplaintJobs(AppProcess app, boolean suspended) throws Exception {
    suspendJobs(app, KEY, suspended, true);
  }

  /** Holds or releases a process's job definitions, and with {@code includeJobs} the jobs they have already. */
  void suspendJobs(AppProcess app, String processKey, boolean suspended, boolean includeJobs) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri("/engine-rest/job-definition/suspended"))
        .header("Authorization", AppProcess.adminAuthorization()).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"processDefinitionKey\":\"" + processKey + "\",\"suspended\":" + suspended
            + ",\"includeJobs\":" + includeJobs + "}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(processKey + " job definitions suspended=" + suspended + ": " + r.body()).isEqualTo(204);
  }

  /** A node with nothing to do: its CPU and the database transactions it causes, over 10 s. */
  void idle(AppProcess app) throws Exception {
    Thread.sleep(5_000); // start-up work done
    long cpu0 = cpuTicks(app.pid());
    long tx0 = transactions();
    long t0 = System.nanoTime();
    Thread.sleep(10_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuTicks(app.pid()) - cpu0) / 100.0 / seconds;
    double tx = (transactions() - tx0) / seconds;
    table.idle(cpu, tx);
  }

  static long cpuTicks(long pid) throws Exception {
    String[] f = Files.readString(Path.of("/proc", String.valueOf(pid), "stat")).replaceAll(".*\\) ", "").split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15), in clock ticks (1/100 s)
  }

  long transactions() {
    return jdbc.queryForObject("select xact_commit + xact_rollback from pg_stat_database where datname = current_database()", Long.class);
  }

  // ---- 5. memory ----------------------------------------------------------------------------------------------------

  void memory(String when, AppProcess app) throws Exception {
    JsonNode heap = json.readTree(get(app, "/actuator/metrics/jvm.memory.used?tag=area:heap", null, "application/json").body());
    JsonNode max = json.readTree(get(app, "/actuator/metrics/jvm.memory.max?tag=area:heap", null, "application/json").body());
    table.memory(when, app.residentKib(), heap.at("/measurements/0/value").asDouble(), max.at("/measurements/0/value").asDouble());
  }

  // ---- plumbing -----------------------------------------------------------------------------------------------------

  static void progress(String what) {
    System.out.println("[city " + LocalDateTime.now().withNano(0) + " load " + loadAverage() + "] " + what);
  }

  AppProcess start(String name, int smtpPort) throws Exception {
    progress("starting " + name);
    long t0 = System.nanoTime();
    AppProcess.Builder b = AppProcess.onPostgres(name, jdbcUrl)
        .property("spring.mail.port", String.valueOf(smtpPort))
        .property("camunda.bpm.generic-properties.properties.hostname", name)
        .property("gongzhi.jurisdiction.tree", tree.toUri().toString())
        .property("gongzhi.jurisdiction.staff-file", staffFile.toUri().toString())
        .clockFrom(clock)
        .startTimeout(Duration.ofMinutes(5));
    String ahead = Files.readString(clock).trim();
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("city.app.")).sorted()
        .forEach(k -> b.property(k.substring("city.app.".length()), System.getProperty(k)));
    if (Boolean.getBoolean("city.jfr")) {
      b.jvmOption("-XX:StartFlightRecording=filename=" + Path.of("target", "benchmark", name + ".jfr").toAbsolutePath()
          + ",settings=profile,dumponexit=true");
    }
    String jvm = System.getProperty("city.jvm");
    if (jvm != null && !jvm.isBlank()) {
      for (String option : jvm.trim().split("\\s+")) {
        b.jvmOption(option);
      }
    }
    AppProcess app = b.start();
    running.add(app);
    notes.append("%s started in %.1f s%s%n".formatted(name, (System.nanoTime() - t0) / 1e9,
        Duration.parse(ahead).isZero() ? "" : " (clock " + Duration.parse(ahead).toHours() + " h ahead)"));
    return app;
  }

  void stopApp(AppProcess app) {
    app.stop();
    running.remove(app);
  }

  HttpResponse<String> get(AppProcess app, String path, String authorization, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).header("Accept", accept);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String placeholders(List<?> values) {
    return String.join(", ", values.stream().map(v -> "?").toList());
  }

  static Object[] args(Object first, List<String> list, Object... rest) {
    List<Object> all = new ArrayList<>();
    all.add(first);
    all.addAll(list);
    all.addAll(List.of(rest));
    return all.toArray();
  }

  static Object[] args(Object first, Object second, List<String> list) {
    List<Object> all = new ArrayList<>(List.of(first, second));
    all.addAll(list);
    return all.toArray();
  }

  /**
   * The demo tree (7 communities) plus, in each of its 5 districts, 3 generated streets of 6 communities each: 97
   * communities. The cases are spread over all of them, so that the 10,000 open tasks put about 100 in a community —
   * four times what a city of 1,000 communities holds at its peak (hundreds of thousands of open timers, 4 a case, are
   * about 25 open cases a community). Every generated community has a caseworker and every generated street a
   * supervisor, so that a reply warning mails the community and a breach the street as in a staffed city (the demo staff
   * keep their places). Tree and staff go to every node. Returns the communities (code, name) in the order the cases are
   * spread over them.
   */
  List<String[]> cityTree() throws Exception {
    List<String> lines = new ArrayList<>();
    List<String[]> list = new ArrayList<>();
    List<String> districts = new ArrayList<>();
    try (var in = CityBenchmark.class.getClassLoader().getResourceAsStream("jurisdiction/shenyang-demo-tree.csv");
         var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        lines.add(line);
        String[] f = line.split(",");
        if (!line.startsWith("#") && f.length >= 4 && f[3].equals("COMMUNITY")) {
          list.add(new String[] {f[0], f[1]});
        }
        if (!line.startsWith("#") && f.length >= 4 && f[3].equals("DISTRICT")) {
          districts.add(f[0]);
        }
      }
    }
    lines.add("# generated by CityBenchmark: 3 streets of 6 communities in each district");
    List<String> staff = new ArrayList<>();
    try (var in = CityBenchmark.class.getClassLoader().getResourceAsStream("jurisdiction/demo-staff.csv")) {
      staff.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")));
    }
    staff.add("# generated by CityBenchmark: a caseworker in every generated community, a supervisor in every generated street");
    for (String district : districts) {
      for (int s = 1; s <= 3; s++) {
        String street = district + "9%02d".formatted(s);
        lines.add("%s,基准%s街道,Bench Subdistrict %s,STREET,%s".formatted(street, street.substring(6), street.substring(6), district));
        staff.add("bench-sup-%s,主管,基准,bench-sup-%s@gongzhi.example,%s,SUPERVISOR".formatted(street, street, street));
        for (int c = 1; c <= 6; c++) {
          String community = street + "%03d".formatted(c);
          String name = "基准%s社区".formatted(community.substring(6));
          lines.add("%s,%s,Bench Community %s,COMMUNITY,%s".formatted(community, name, community.substring(6), street));
          list.add(new String[] {community, name});
          staff.add("bench-%s,办事员,基准,bench-%s@gongzhi.example,%s,CASEWORKER".formatted(community, community, community));
        }
      }
    }
    Files.write(tree, lines, StandardCharsets.UTF_8);
    Files.write(staffFile, staff, StandardCharsets.UTF_8);
    assertThat(list).hasSize(97);
    return list;
  }

  String postgresVersion() {
    return jdbc.queryForObject("select version()", String.class) + "; shared_buffers=" + jdbc.queryForObject("show shared_buffers", String.class)
        + ", max_connections=" + jdbc.queryForObject("show max_connections", String.class);
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + "/" + f[1] + "/" + f[2];
    } catch (Exception e) {
      return "?";
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
