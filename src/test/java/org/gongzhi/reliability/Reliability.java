package org.gongzhi.reliability;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gongzhi.support.AppProcess;

/**
 * What the reliability tests share: a complaint body carrying a token of its own, the POST that submits it, an SMTP
 * server in the test JVM, plain JDBC on the embedded PostgreSQL, and the wait for the job executor to run dry.
 */
final class Reliability {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String COMMUNITY = "210103010001";                       // 清泉社区
  static final String BREACH_MAIL_TO = "wanlian-sup@gongzhi.example";   // its street's supervisor (万莲街道)
  static final String WARNING_MAIL_TO = "qingquan@gongzhi.example";     // its own caseworker
  static final String NOTICE_HEADER = "X-Gongzhi-Notice";               // the notice's dedupe key, on every mail

  private static final Pattern CASE_NUMBER = Pattern.compile("\"caseNumber\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\\[(tok-[0-9a-z-]+)]");

  private Reliability() {
  }

  /** A valid complaint whose description carries {@code token}, so that a stored row tells which request made it. */
  static String complaintBody(String token) {
    return """
        {"communityCode":"%s","category":"public-facilities","title":"路灯坏了","description":"小区东门的路灯坏了，晚上很黑。[%s]",\
        "reporter":{"name":"王芳","phone":"13812345678"},"channel":"wechat"}""".formatted(COMMUNITY, token);
  }

  static String tokenIn(String description) {
    Matcher m = TOKEN.matcher(description);
    return m.find() ? m.group(1) : null;
  }

  static HttpResponse<String> submit(AppProcess app, String apiKey, String idempotencyKey, String body)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(app.uri("/api/v1/complaints")).timeout(Duration.ofSeconds(60))
        .header("X-API-Key", apiKey).header("Idempotency-Key", idempotencyKey).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String caseNumberOf(HttpResponse<String> created) {
    Matcher m = CASE_NUMBER.matcher(created.body());
    if (!m.find()) {
      throw new IllegalStateException("no case number in " + created.body());
    }
    return m.group(1);
  }

  static boolean replayed(HttpResponse<String> answer) {
    return answer.headers().firstValue("Idempotency-Replayed").map("true"::equals).orElse(false);
  }

  /** GreenMail on a free port (never the fixed 3025 other tests use). */
  static GreenMail smtp() throws IOException {
    GreenMail mail = new GreenMail(new ServerSetup(AppProcess.freePort(), null, ServerSetup.PROTOCOL_SMTP));
    mail.start();
    return mail;
  }

  static int smtpPort(GreenMail mail) {
    return mail.getSmtp().getPort();
  }

  /** Mails per notice dedupe key (e.g. {@code sla-breach:<deadline id>:<recipient>}) with that prefix. */
  static Map<String, Integer> mailsByNotice(GreenMail mail, String prefix) throws MessagingException {
    Map<String, Integer> counts = new HashMap<>();
    for (MimeMessage m : mail.getReceivedMessages()) {
      String notice = m.getHeader(NOTICE_HEADER, null);
      if (notice != null && notice.startsWith(prefix)) {
        counts.merge(notice, 1, Integer::sum);
      }
    }
    return counts;
  }

  static long count(Connection db, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(db, sql, params); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Each row as its columns' values, in order. */
  static List<Object[]> rows(Connection db, String sql, Object... params) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement s = prepare(db, sql, params); ResultSet rs = s.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
          row[i] = rs.getObject(i + 1);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static java.sql.Array textArray(Connection db, java.util.Collection<String> values) throws SQLException {
    return db.createArrayOf("varchar", values.toArray());
  }

  private static PreparedStatement prepare(Connection db, String sql, Object... params) throws SQLException {
    PreparedStatement s = db.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      s.setObject(i + 1, params[i] instanceof Instant t ? Timestamp.from(t) : params[i]);
    }
    return s;
  }

  /**
   * Waits until the job executors have nothing left to do at the engines' time {@code engineNow}: no active job with
   * retries left is due, and no notice is still queued. Polls the database every 200 ms (a poll, not a timer wait: the
   * engines' clocks were moved with {@code clockAhead}), at most {@code limit}. Returns how long it took.
   */
  static Duration awaitDrained(Connection db, Supplier<Instant> engineNow, Duration limit, Supplier<String> diagnosis)
      throws SQLException, InterruptedException {
    Instant start = Instant.now();
    Instant deadline = start.plus(limit);
    while (true) {
      long due = count(db, "select count(*) from act_ru_job where retries_ > 0 and suspension_state_ = 1"
          + " and (duedate_ is null or duedate_ <= ?)", engineNow.get());
      long queued = count(db, "select count(*) from notification where status = 'QUEUED'");
      if (due == 0 && queued == 0) {
        return Duration.between(start, Instant.now());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not drained within " + limit + ": " + due + " jobs due, " + queued + " notices queued\n"
            + diagnosis.get());
      }
      Thread.sleep(200); // polling the database for the executors' progress (bounded above), not waiting for a timer
    }
  }
}
