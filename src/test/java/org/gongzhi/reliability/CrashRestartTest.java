package org.gongzhi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gongzhi.reliability.Reliability.count;
import static org.gongzhi.reliability.Reliability.rows;

import com.icegreen.greenmail.util.GreenMail;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
 * Issue 8: accepted work survives a crash. 8 clients submit 2,000 complaints over REST (each with a token of its own in
 * the description and an {@code Idempotency-Key} of its own) to Gongzhi on PostgreSQL; when half are acknowledged the
 * JVM gets SIGKILL; it restarts with Camunda's clock 25 h ahead, so that every reply deadline of the complaints stored
 * before the crash fell due while it was down; the clients then retry what got no answer, with the same key, and send the
 * rest. Then, with JDBC on PostgreSQL: every 201 is there once with its process instance, no token is stored twice, and
 * every reply-SLA timer that fell due during the downtime ran exactly once (job log), recording one breach and sending one
 * breach mail per complaint.
 */
class CrashRestartTest {

  private static final int CLIENTS = 8;
  private static final int COMPLAINTS = 2_000;
  private static final int KILL_WHEN_ACKNOWLEDGED = COMPLAINTS / 2;
  private static final Duration DOWN_FOR = Duration.ofHours(25); // past the 24 h reply deadline
  private static final List<String> REPLY_TIMERS = List.of("BoundaryEvent_ReplySlaWarning", "BoundaryEvent_ReplySlaBreached");

  private enum State { NEW, ACKNOWLEDGED, UNANSWERED_AT_KILL, UNSENT }

  private static final class Submission {
    final String token = "tok-" + UUID.randomUUID();
    final String idempotencyKey = UUID.randomUUID().toString();
    final String body = Reliability.complaintBody(token);
    volatile State state = State.NEW;
    volatile State before;   // what it was when the app died (for the retry report)
    volatile String caseNumber;
    volatile boolean replayed;
  }

  private EmbeddedPostgres pg;
  private GreenMail smtp;
  private AppProcess app;
  private volatile boolean down;

  @AfterEach
  void tearDown() throws IOException {
    if (app != null) {
      app.kill();
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  @DisplayName("SIGKILL during 2,000 concurrent submissions: every 201 stored once, each due reply timer fires once after restart")
  void acceptedComplaintsSurviveSigkillAndDueTimersFireOnce() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    String url = pg.getJdbcUrl("postgres", "postgres");
    smtp = Reliability.smtp();
    app = node("crash-before", url).start();
    String apiKey = app.createApiKey("crash-test");

    List<Submission> all = new ArrayList<>();
    for (int i = 0; i < COMPLAINTS; i++) {
      all.add(new Submission());
    }
    List<String> errors = Collections.synchronizedList(new ArrayList<>());

    // ---- phase 1: 8 clients until half are acknowledged, then SIGKILL (by the counter, not by time)
    AtomicInteger acknowledged = new AtomicInteger();
    CountDownLatch half = new CountDownLatch(1);
    AppProcess first = app;
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      List<Submission> mine = slice(all, c);
      clients.submit(() -> {
        for (Submission s : mine) {
          if (down) {
            s.state = State.UNSENT;
            continue;
          }
          try {
            HttpResponse<String> answer = Reliability.submit(first, apiKey, s.idempotencyKey, s.body);
            if (answer.statusCode() == 201) {
              acknowledge(s, answer);
              if (acknowledged.incrementAndGet() == KILL_WHEN_ACKNOWLEDGED) {
                half.countDown();
              }
            } else if (down) {
              s.state = State.UNANSWERED_AT_KILL;
            } else {
              errors.add("before the kill: " + answer.statusCode() + " " + answer.body());
            }
          } catch (ConnectException refused) { // the app was gone before the request reached it
            if (down) {
              s.state = State.UNSENT;
            } else {
              errors.add("before the kill: " + refused);
            }
          } catch (IOException lost) {         // sent, no answer: it may or may not have been stored
            if (down) {
              s.state = State.UNANSWERED_AT_KILL;
            } else {
              errors.add("before the kill: " + lost);
            }
          } catch (Exception e) {
            errors.add("before the kill: " + e);
          }
          if (!errors.isEmpty()) {
            half.countDown(); // no error is expected while the app is up: stop waiting, the assertion below says what it was
          }
        }
        return null;
      });
    }
    assertThat(half.await(10, TimeUnit.MINUTES)).as("half acknowledged; errors %s; log:%n%s", errors, app.logTail(40)).isTrue();
    down = true;
    app.kill();
    Instant killedAt = Instant.now();
    clients.shutdown();
    assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
    assertThat(errors).as("errors while the app was up").isEmpty();
    all.forEach(s -> s.before = s.state);
    long ackedBeforeKill = all.stream().filter(s -> s.state == State.ACKNOWLEDGED).count();

    try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
      // ---- while it is down: what was stored, and which timers will be due when it comes back
      long storedAtKill = count(db, "select count(*) from complaint");
      Instant restartAt = Instant.now();
      Instant engineNowAtRestart = restartAt.plus(DOWN_FOR); // a lower bound of the restarted engine's clock
      List<Object[]> dueTimers = rows(db, """
          select j.id_, d.act_id_ from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_
          where j.type_ = 'timer' and j.process_def_key_ = 'complaint-escalation' and j.duedate_ <= ?""", engineNowAtRestart);
      Set<String> dueJobIds = dueTimers.stream().map(r -> (String) r[0]).collect(Collectors.toSet());
      assertThat(dueTimers).as("only the reply warning and breach fall due in 25 h")
          .allSatisfy(r -> assertThat(REPLY_TIMERS).contains((String) r[1]));
      assertThat(dueJobIds).as("two due reply timers per complaint stored before the kill").hasSize((int) (2 * storedAtKill));
      assertThat(count(db, "select count(*) from act_hi_job_log where job_id_ = any(?) and job_state_ <> ?",
          Reliability.textArray(db, dueJobIds), JobState.CREATED.getStateCode())).as("none ran before the kill").isZero();

      // ---- phase 2: restart a day later, retry what got no answer (same key), send the rest
      app = node("crash-after", url).clockAhead(DOWN_FOR)
          // claims from before the crash belong to a dead process: taken over after 10 s rather than 5 min
          .property("gongzhi.api.idempotency.abandoned-after", "PT10S")
          .start();
      Instant up = Instant.now();
      AppProcess second = app;
      Map<State, AtomicInteger> retried = new HashMap<>();
      Map<State, AtomicInteger> replayedOnRetry = new HashMap<>();
      for (State st : State.values()) {
        retried.put(st, new AtomicInteger());
        replayedOnRetry.put(st, new AtomicInteger());
      }
      clients = Executors.newFixedThreadPool(CLIENTS);
      for (int c = 0; c < CLIENTS; c++) {
        List<Submission> mine = slice(all, c);
        clients.submit(() -> {
          for (Submission s : mine) {
            if (s.state == State.ACKNOWLEDGED) {
              continue;
            }
            try {
              HttpResponse<String> answer = sendUntilAnswered(second, apiKey, s);
              if (answer.statusCode() == 201) {
                acknowledge(s, answer);
                retried.get(s.before).incrementAndGet();
                if (s.replayed) {
                  replayedOnRetry.get(s.before).incrementAndGet();
                }
              } else {
                errors.add("after the restart: " + answer.statusCode() + " " + answer.body());
              }
            } catch (Exception e) {
              errors.add("after the restart: " + e);
            }
          }
          return null;
        });
      }
      clients.shutdown();
      assertThat(clients.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
      assertThat(errors).as("errors after the restart; log:%n%s", app.logTail(40)).isEmpty();

      Reliability.awaitDrained(db, () -> Instant.now().plus(DOWN_FOR), Duration.ofMinutes(5), () -> app.logTail(40));
      Duration drainedAfterUp = Duration.between(up, Instant.now());

      // ---- every 201 is there once, with its process instance; nothing is there twice
      Map<String, Object[]> stored = new HashMap<>();
      Map<String, Integer> rowsPerToken = new HashMap<>();
      for (Object[] r : rows(db, "select case_number, description, process_instance_id from complaint")) {
        stored.put((String) r[0], r);
        rowsPerToken.merge(String.valueOf(Reliability.tokenIn((String) r[1])), 1, Integer::sum);
      }
      Map<String, String> instanceOfCase = new HashMap<>();
      for (Object[] r : rows(db, """
          select p.business_key_, p.id_ from act_hi_procinst p
          where p.proc_def_key_ = 'complaint-escalation'
            and (p.state_ = 'COMPLETED' or exists (select 1 from act_ru_execution e where e.id_ = p.id_))""")) {
        instanceOfCase.merge((String) r[0], (String) r[1], (a, b) -> a + "," + b);
      }
      List<Submission> acked = all.stream().filter(s -> s.state == State.ACKNOWLEDGED).toList();
      long found = acked.stream().filter(s -> {
        Object[] row = stored.get(s.caseNumber);
        return row != null && s.token.equals(Reliability.tokenIn((String) row[1])) && row[2] != null
            && row[2].equals(instanceOfCase.get(s.caseNumber));
      }).count();
      long duplicates = rowsPerToken.values().stream().mapToLong(n -> n - 1).sum()
          + (acked.size() - acked.stream().map(s -> s.caseNumber).distinct().count());
      Set<String> sentTokens = all.stream().map(s -> s.token).collect(Collectors.toSet());
      Set<String> strangers = new HashSet<>(rowsPerToken.keySet());
      strangers.removeAll(sentTokens);

      // ---- each timer that fell due while the app was down ran once; one breach and one mail per complaint
      java.sql.Array due = Reliability.textArray(db, dueJobIds);
      Map<String, Long> runsPerJob = new HashMap<>();
      for (Object[] r : rows(db, "select job_id_, count(*) from act_hi_job_log where job_id_ = any(?) and job_state_ = ? group by job_id_",
          due, JobState.SUCCESSFUL.getStateCode())) {
        runsPerJob.put((String) r[0], ((Number) r[1]).longValue());
      }
      long fired = runsPerJob.values().stream().mapToLong(Long::longValue).sum();
      long failedAttempts = count(db, "select count(*) from act_hi_job_log where job_id_ = any(?) and job_state_ = ?",
          due, JobState.FAILED.getStateCode());
      long stillWaiting = count(db, "select count(*) from act_ru_job where id_ = any(?)", due);
      Map<String, Long> breachesPerCase = new HashMap<>();
      for (Object[] r : rows(db, "select case_ref, count(*) from sla_deadline where kind = 'REPLY' and breached_at is not null group by case_ref")) {
        breachesPerCase.put((String) r[0], ((Number) r[1]).longValue());
      }
      Set<String> casesDue = new HashSet<>();
      for (Object[] r : rows(db, "select distinct business_key_ from act_hi_procinst p join act_hi_job_log l on l.process_instance_id_ = p.id_"
          + " where l.job_id_ = any(?)", due)) {
        casesDue.add((String) r[0]);
      }
      Map<String, Integer> breachMails = Reliability.mailsByNotice(smtp, "sla-breach:");
      long breachRecords = breachesPerCase.values().stream().mapToLong(Long::longValue).sum();
      long mails = breachMails.values().stream().mapToLong(Integer::longValue).sum();

      Object lastRun = rows(db, "select max(timestamp_) from act_hi_job_log where job_id_ = any(?) and job_state_ = ?",
          due, JobState.SUCCESSFUL.getStateCode()).get(0)[0];
      Duration timersDoneAfterUp = lastRun == null ? Duration.ZERO
          : Duration.between(up.plus(DOWN_FOR), ((java.sql.Timestamp) lastRun).toInstant()); // job log: engine time
      List<String> log = app.logTail(Integer.MAX_VALUE).lines().toList(); // this start's part of the log (it appends)
      int thisStart = java.util.stream.IntStream.range(0, log.size()).filter(i -> log.get(i).startsWith("==== ")).max().orElse(0);
      long recoveredByStoredKey = log.subList(thisStart, log.size()).stream().filter(l -> l.contains("had already created")).count();
      long unanswered = all.stream().filter(s -> s.before == State.UNANSWERED_AT_KILL).count();
      System.out.printf("acknowledged %d, found %d, duplicates %d, timers due %d, fired %d%n",
          acked.size(), found, duplicates, dueJobIds.size(), fired);
      System.out.printf("  details: %d clients; killed at %d acknowledged (%d stored at kill); unanswered at kill %d"
              + " (retried: replayed %d, of which %d by the case's stored key after the claim was taken over; created %d); unsent %d (created after restart %d); failed timer attempts %d;"
              + " breach records %d, breach mails %d; the last due timer ran %.1f s after the restart was up, all drained"
              + " (mails too) %.1f s after it%n",
          CLIENTS, ackedBeforeKill, storedAtKill, unanswered, replayedOnRetry.get(State.UNANSWERED_AT_KILL).get(), recoveredByStoredKey,
          retried.get(State.UNANSWERED_AT_KILL).get() - replayedOnRetry.get(State.UNANSWERED_AT_KILL).get(),
          all.stream().filter(s -> s.before == State.UNSENT).count(),
          retried.get(State.UNSENT).get() - replayedOnRetry.get(State.UNSENT).get(), failedAttempts, breachRecords, mails,
          timersDoneAfterUp.toMillis() / 1000.0, drainedAfterUp.toMillis() / 1000.0);

      assertThat(acked).as("every complaint acknowledged in the end").hasSize(COMPLAINTS);
      assertThat(found).as("acknowledged complaints stored with their token and process instance").isEqualTo(acked.size());
      assertThat(duplicates).as("complaints stored twice").isZero();
      assertThat(strangers).as("stored complaints nobody sent").isEmpty();
      assertThat(stored).as("no complaint stored without a 201").hasSize(COMPLAINTS);
      assertThat(replayedOnRetry.get(State.UNSENT).get()).as("unsent requests are never replays").isZero();
      assertThat(stillWaiting).as("due timers still waiting").isZero();
      assertThat(runsPerJob.keySet()).as("every due timer ran").isEqualTo(dueJobIds);
      assertThat(runsPerJob.values()).as("each due timer ran exactly once").containsOnly(1L);
      assertThat(fired).isEqualTo(dueJobIds.size());
      assertThat(casesDue).as("complaints with due timers = complaints stored before the kill").hasSize((int) storedAtKill);
      assertThat(breachesPerCase.keySet()).as("one reply breach per complaint stored before the kill, none for later ones")
          .isEqualTo(casesDue);
      assertThat(breachesPerCase.values()).containsOnly(1L);
      assertThat(breachMails.values()).as("each breach mailed once").containsOnly(1);
      assertThat(breachMails).as("one breach mail per breach record").hasSize((int) breachRecords);
      assertThat(breachMails.keySet()).allSatisfy(k -> assertThat(k).endsWith(":" + Reliability.BREACH_MAIL_TO));
      assertThat(count(db, "select count(*) from act_ru_incident")).as("incidents").isZero();
    }
  }

  /** Gongzhi on the test's PostgreSQL, mailing to the test's SMTP server. */
  private AppProcess.Builder node(String name, String url) {
    return AppProcess.onPostgres(name, url).property("spring.mail.port", String.valueOf(Reliability.smtpPort(smtp)));
  }

  /** Client {@code c}'s share: every 8th complaint. */
  private static List<Submission> slice(List<Submission> all, int c) {
    List<Submission> mine = new ArrayList<>();
    for (int i = c; i < all.size(); i += CLIENTS) {
      mine.add(all.get(i));
    }
    return mine;
  }

  private static void acknowledge(Submission s, HttpResponse<String> answer) {
    s.caseNumber = Reliability.caseNumberOf(answer);
    s.replayed = Reliability.replayed(answer);
    s.state = State.ACKNOWLEDGED;
  }

  /** The retry: the same key and body; a 409 (the key's first request still counts as running) is tried again as told. */
  private static HttpResponse<String> sendUntilAnswered(AppProcess app, String apiKey, Submission s) throws Exception {
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> answer = Reliability.submit(app, apiKey, s.idempotencyKey, s.body);
      if (answer.statusCode() != 409 || attempt >= 30) {
        return answer;
      }
      Thread.sleep(1000L * Integer.parseInt(answer.headers().firstValue("Retry-After").orElse("1"))); // as the answer says
    }
  }
}
