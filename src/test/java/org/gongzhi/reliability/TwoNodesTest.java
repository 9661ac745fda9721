package org.gongzhi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gongzhi.reliability.Reliability.count;
import static org.gongzhi.reliability.Reliability.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.history.JobState;
import org.gongzhi.support.AppProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: two Gongzhi nodes on one PostgreSQL, both with job executors. 1,000 complaints are submitted to both nodes in
 * turn; a caseworker replies to 50 of them on node A and a caseworker's query on node B sees each reply at once. Then
 * both nodes restart with Camunda's clock 25 h ahead (the same offset on the same machine clock: equal engine clocks),
 * with the complaints' job definitions suspended until both are up, and are released together: 2,000 reply-SLA timers
 * due at one instant on two competing job executors. Each timer runs once, each unreplied complaint gets exactly one
 * breach record and one breach mail (to its street's supervisor), no job is left failed, and both nodes did work.
 */
class TwoNodesTest {

  private static final int CASES = 1_000;
  private static final int REPLIED = 50;          // every 20th case, replied on A and looked at on B
  private static final int CLIENTS = 8;
  private static final Duration LATER = Duration.ofHours(25);
  private static final String CASEWORKER = "qingquan";  // 清泉社区's caseworker (password = user id, demo staff file)
  private static final ObjectMapper JSON = new ObjectMapper();

  private EmbeddedPostgres pg;
  private GreenMail smtp;
  private final List<AppProcess> nodes = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void tearDown() throws IOException {
    nodes.forEach(AppProcess::kill);
    if (smtp != null) {
      smtp.stop();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  @DisplayName("两个节点：1,000 件诉求的超时计时器同时到期，每个只执行一次；一个节点上办理的任务另一个节点立即可见")
  void twoNodesShareTimersAndSeeEachOthersWork() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    String url = pg.getJdbcUrl("postgres", "postgres");
    smtp = Reliability.smtp();

    // the first start creates the schema: B only after A is up
    AppProcess a = started(node("two-a", url, "node-a").start());
    AppProcess b = started(node("two-b", url, "node-b").start());
    String apiKey = a.createApiKey("two-nodes");

    // ---- 1,000 complaints, alternately to A and B, from 8 clients
    String[] caseNumbers = new String[CASES];
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.submit(() -> {
        for (int i = client; i < CASES; i += CLIENTS) {
          AppProcess to = i % 2 == 0 ? a : b;
          try {
            HttpResponse<String> answer = Reliability.submit(to, apiKey, UUID.randomUUID().toString(),
                Reliability.complaintBody("tok-" + UUID.randomUUID()));
            if (answer.statusCode() == 201) {
              caseNumbers[i] = Reliability.caseNumberOf(answer);
            } else {
              errors.add(to.name() + ": " + answer.statusCode() + " " + answer.body());
            }
          } catch (Exception e) {
            errors.add(to.name() + ": " + e);
          }
        }
      });
    }
    clients.shutdown();
    assertThat(clients.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    assertThat(errors).as("submissions").isEmpty();

    // ---- a caseworker replies on A; B sees it at once (the task gone, the reply on the case)
    Set<String> replied = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicInteger seenOnB = new AtomicInteger();
    ExecutorService caseworkers = Executors.newFixedThreadPool(4);
    for (int i = 0; i < CASES; i += CASES / REPLIED) {
      String caseNumber = caseNumbers[i];
      caseworkers.submit(() -> {
        try {
          String taskId = openTask(a, caseNumber);
          expect(engineRest(a, "POST", "/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"" + CASEWORKER + "\"}"), 204);
          expect(engineRest(a, "POST", "/engine-rest/task/" + taskId + "/complete",
              "{\"variables\":{\"action\":{\"value\":\"REPLY\"},\"message\":{\"value\":\"已受理，明天派人维修。\"}}}"), 204);
          replied.add(caseNumber);
          // right after A's 204, on B: the completed task is gone, the next one is open, the reply is on the case
          boolean taskGone = engineRest(b, "GET", "/engine-rest/task/" + taskId, null).statusCode() == 404;
          String next = openTask(b, caseNumber);
          HttpResponse<String> view = Reliability.HTTP.send(HttpRequest.newBuilder(b.uri("/api/v1/complaints/" + caseNumber))
              .header("X-API-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
          JsonNode complaint = JSON.readTree(view.body());
          boolean replyShown = view.statusCode() == 200 && complaint.get("timeline").findValuesAsText("kind").contains("REPLY")
              && !complaint.hasNonNull("replyDueAt"); // met, so no longer due (the API leaves nulls out)
          if (taskGone && !next.equals(taskId) && replyShown) {
            seenOnB.incrementAndGet();
          } else {
            errors.add("B did not see " + caseNumber + ": task gone " + taskGone + ", reply shown " + replyShown);
          }
        } catch (Exception e) {
          errors.add("reply to " + caseNumber + ": " + e);
        }
      });
    }
    caseworkers.shutdown();
    assertThat(caseworkers.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    assertThat(errors).as("replies").isEmpty();
    assertThat(replied).hasSize(REPLIED);

    // ---- hold the complaints' jobs until both nodes run with the clock ahead, then release them to both at once
    expect(suspendComplaintJobs(a, true), 204);
    List.of(a, b).parallelStream().forEach(AppProcess::stop);
    nodes.clear();
    List<AppProcess> restarted = AppProcess.startTogether(node("two-a2", url, "node-a").clockAhead(LATER),
        node("two-b2", url, "node-b").clockAhead(LATER));
    nodes.addAll(restarted);
    AppProcess a2 = restarted.get(0);

    try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
      List<Object[]> dueTimers = rows(db, """
          select j.id_, d.act_id_ from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_
          where j.type_ = 'timer' and j.process_def_key_ = 'complaint-escalation' and j.duedate_ <= ?""", Instant.now().plus(LATER));
      Set<String> dueJobIds = dueTimers.stream().map(r -> (String) r[0]).collect(Collectors.toSet());
      assertThat(dueJobIds).as("reply warning and breach of every case, due").hasSize(2 * CASES);
      assertThat(count(db, "select count(*) from act_ru_job where id_ = any(?) and suspension_state_ = 2",
          Reliability.textArray(db, dueJobIds))).as("held back").isEqualTo(dueJobIds.size());
      Instant released = Instant.now();
      expect(suspendComplaintJobs(a2, false), 204);

      Duration drain = Reliability.awaitDrained(db, () -> Instant.now().plus(LATER), Duration.ofMinutes(5),
          () -> a2.logTail(30) + "\n----\n" + restarted.get(1).logTail(30));

      java.sql.Array due = Reliability.textArray(db, dueJobIds);
      Map<String, Long> runsPerJob = new HashMap<>();
      Map<String, Long> runsPerNode = new HashMap<>();
      for (Object[] r : rows(db, "select job_id_, hostname_ from act_hi_job_log where job_id_ = any(?) and job_state_ = ?",
          due, JobState.SUCCESSFUL.getStateCode())) {
        runsPerJob.merge((String) r[0], 1L, Long::sum);
        runsPerNode.merge(String.valueOf(r[1]), 1L, Long::sum);
      }
      Map<String, Long> allJobsPerNode = new HashMap<>();
      for (Object[] r : rows(db, "select hostname_, count(*) from act_hi_job_log where job_state_ = ? and timestamp_ >= ?"
          + " group by hostname_", JobState.SUCCESSFUL.getStateCode(), released.plus(LATER).minusSeconds(5))) {
        allJobsPerNode.put(String.valueOf(r[0]), ((Number) r[1]).longValue());
      }
      long fired = runsPerJob.values().stream().mapToLong(Long::longValue).sum();
      long failedAttempts = count(db, "select count(*) from act_hi_job_log where job_state_ = ? and timestamp_ >= ?",
          JobState.FAILED.getStateCode(), released.plus(LATER).minusSeconds(5));
      long optimisticLocking = count(db, "select count(*) from act_hi_job_log where job_state_ = ? and timestamp_ >= ?"
          + " and (job_exception_msg_ like '%updated by another transaction concurrently%' or job_exception_msg_ like '%OptimisticLocking%')",
          JobState.FAILED.getStateCode(), released.plus(LATER).minusSeconds(5)); // ENGINE-03005's message

      // per case: breach records and mails (by the notice's dedupe key sla-breach:<deadline>:<recipient>)
      Map<Long, String> caseOfDeadline = new HashMap<>();
      Map<String, Long> breachesPerCase = new HashMap<>();
      for (Object[] r : rows(db, "select id, case_ref, breached_at from sla_deadline where kind = 'REPLY'")) {
        caseOfDeadline.put(((Number) r[0]).longValue(), (String) r[1]);
        if (r[2] != null) {
          breachesPerCase.merge((String) r[1], 1L, Long::sum);
        }
      }
      Map<String, Integer> breachMailsPerCase = perCase(Reliability.mailsByNotice(smtp, "sla-breach:"), caseOfDeadline);
      Map<String, Integer> warningMailsPerCase = perCase(Reliability.mailsByNotice(smtp, "sla-warning:"), caseOfDeadline);
      Set<String> all = new HashSet<>(List.of(caseNumbers));
      Set<String> unreplied = new HashSet<>(all);
      unreplied.removeAll(replied);
      long breachRecords = breachesPerCase.values().stream().mapToLong(Long::longValue).sum();
      long breachMails = breachMailsPerCase.values().stream().mapToLong(Integer::longValue).sum();
      long warningMails = warningMailsPerCase.values().stream().mapToLong(Integer::longValue).sum();
      long duplicates = runsPerJob.values().stream().mapToLong(n -> n - 1).sum()
          + breachesPerCase.values().stream().mapToLong(n -> n - 1).sum()
          + breachMailsPerCase.values().stream().mapToLong(n -> n - 1).sum()
          + warningMailsPerCase.values().stream().mapToLong(n -> n - 1).sum();

      System.out.printf("two nodes: cases %d, timers due %d, fired %d, breach records %d, breach mails %d, duplicates %d,"
              + " run on A %d / B %d, task seen on other node %d/%d%n",
          all.size(), dueJobIds.size(), fired, breachRecords, breachMails, duplicates,
          runsPerNode.getOrDefault("node-a", 0L), runsPerNode.getOrDefault("node-b", 0L), seenOnB.get(), REPLIED);
      System.out.printf("  details: %d replied in time on A (no breach, no warning), warning mails %d; all jobs after the release"
              + " per node %s; failed attempts %d (optimistic locking %d, each run again: none left failed); drained in %.1f s after"
              + " the release%n",
          replied.size(), warningMails, allJobsPerNode, failedAttempts, optimisticLocking, drain.toMillis() / 1000.0);

      assertThat(all).as("distinct case numbers").hasSize(CASES);
      assertThat(runsPerJob.keySet()).as("every due timer ran").isEqualTo(dueJobIds);
      assertThat(runsPerJob.values()).as("each exactly once").containsOnly(1L);
      assertThat(count(db, "select count(*) from act_ru_job where id_ = any(?)", due)).as("due timers left").isZero();
      assertThat(breachesPerCase.keySet()).as("a breach for each unreplied case, none for a replied one").isEqualTo(unreplied);
      assertThat(breachesPerCase.values()).containsOnly(1L);
      assertThat(breachMailsPerCase.keySet()).as("a breach mail for each unreplied case").isEqualTo(unreplied);
      assertThat(breachMailsPerCase.values()).as("one breach mail per case").containsOnly(1);
      assertThat(warningMailsPerCase.keySet()).isEqualTo(unreplied);
      assertThat(warningMailsPerCase.values()).containsOnly(1);
      assertThat(Reliability.mailsByNotice(smtp, "sla-breach:").keySet())
          .allSatisfy(k -> assertThat(k).endsWith(":" + Reliability.BREACH_MAIL_TO));
      assertThat(count(db, "select count(*) from act_ru_incident")).as("incidents").isZero();
      assertThat(count(db, "select count(*) from act_ru_job where exception_msg_ is not null or retries_ = 0"))
          .as("jobs left failed").isZero();
      assertThat(runsPerNode.keySet()).as("timers run on both nodes").containsExactlyInAnyOrder("node-a", "node-b");
      assertThat(seenOnB.get()).isEqualTo(REPLIED);
    }
  }

  private AppProcess started(AppProcess app) {
    nodes.add(app);
    return app;
  }

  /** A node on the shared PostgreSQL, mailing to the test's SMTP server, writing its name into the job log. */
  private AppProcess.Builder node(String name, String url, String hostname) {
    return AppProcess.onPostgres(name, url)
        .property("spring.mail.port", String.valueOf(Reliability.smtpPort(smtp)))
        .property("camunda.bpm.generic-properties.properties.hostname", hostname);
  }

  private static Map<String, Integer> perCase(Map<String, Integer> perNotice, Map<Long, String> caseOfDeadline) {
    Map<String, Integer> perCase = new HashMap<>();
    perNotice.forEach((notice, n) -> perCase.merge(caseOfDeadline.get(Long.parseLong(notice.split(":")[1])), n, Integer::sum));
    return perCase;
  }

  /** The caseworker's open task of the case, through the node's engine REST. */
  private static String openTask(AppProcess node, String caseNumber) throws Exception {
    HttpResponse<String> list = engineRest(node, "GET", "/engine-rest/task?taskDefinitionKey=Task_WorkOnComplaint&processInstanceBusinessKey="
        + URLEncoder.encode(caseNumber, StandardCharsets.UTF_8), null);
    expect(list, 200);
    JsonNode tasks = JSON.readTree(list.body());
    if (tasks.size() != 1) {
      throw new AssertionError(node.name() + ": " + tasks.size() + " open tasks for " + caseNumber);
    }
    return tasks.get(0).get("id").asText();
  }

  private static HttpResponse<String> engineRest(AppProcess node, String method, String path, String body) throws Exception {
    String user = Base64.getEncoder().encodeToString((CASEWORKER + ":" + CASEWORKER).getBytes(StandardCharsets.UTF_8));
    return Reliability.HTTP.send(HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + user).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Suspends (or activates) the complaint process's job definitions and their jobs, as the operator, via engine REST. */
  private static HttpResponse<String> suspendComplaintJobs(AppProcess node, boolean suspended) throws Exception {
    return Reliability.HTTP.send(HttpRequest.newBuilder(node.uri("/engine-rest/job-definition/suspended"))
        .timeout(Duration.ofMinutes(2)).header("Authorization", AppProcess.adminAuthorization())
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"processDefinitionKey\":\"complaint-escalation\",\"suspended\":" + suspended
            + ",\"includeJobs\":true}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(HttpResponse<String> answer, int status) {
    if (answer.statusCode() != status) {
      throw new AssertionError(answer.request().method() + " " + answer.uri() + ": " + answer.statusCode() + " " + answer.body());
    }
  }
}
