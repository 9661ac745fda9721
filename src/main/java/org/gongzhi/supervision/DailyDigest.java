package org.gongzhi.supervision;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.notification.NotificationService;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.supervision.SupervisionQueries.Item;
import org.gongzhi.supervision.SupervisionQueries.Rates;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * 每日督办摘要: one mail a day to each supervisor about their subtree — yesterday's breaches, what is at risk or
 * breached now, and this month's three rates — queued in the notification outbox (sent with retries; once per
 * supervisor and day, however often the timer fires). Started by {@code processes/supervision-digest.bpmn}.
 */
@Service
public class DailyDigest {

  static final int MAX_LINES = 20;
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("MM-dd HH:mm");

  private final SupervisionQueries queries;
  private final Jurisdictions jurisdictions;
  private final NotificationService notifications;
  private final IdentityService identity;
  private final JdbcClient jdbc;

  public DailyDigest(SupervisionQueries queries, Jurisdictions jurisdictions, NotificationService notifications, IdentityService identity,
                     JdbcClient jdbc) {
    this.queries = queries;
    this.jurisdictions = jurisdictions;
    this.notifications = notifications;
    this.identity = identity;
    this.jdbc = jdbc;
  }

  /** Queues today's digest for every supervisor with an e-mail address; returns how many were queued. */
  public int queueAll() {
    LocalDate today = EngineTime.now().atZone(org.gongzhi.system.Timestamps.CHINA).toLocalDate();
    int queued = 0;
    for (var row : jdbc.sql("select user_id, node_code from staff_assignment where role = 'SUPERVISOR' order by user_id")
        .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).list()) {
      User user = identity.createUserQuery().userId(row[0]).singleResult();
      if (user == null || user.getEmail() == null || user.getEmail().isBlank()) {
        continue;
      }
      JurisdictionNode node = jurisdictions.require(row[1]);
      String subject = "【每日督办】" + node.name() + " " + today + " / Daily digest · " + node.displayName(Locale.ENGLISH);
      String body = body(node, today, Locale.SIMPLIFIED_CHINESE) + "\n\n----\n\n" + body(node, today, Locale.ENGLISH);
      queued += notifications.queue("digest:" + row[0] + ":" + today, "SUPERVISION_DIGEST", null, user.getEmail(), subject, body) ? 1 : 0;
    }
    return queued;
  }

  String body(JurisdictionNode node, LocalDate today, Locale locale) {
    boolean en = "en".equals(locale.getLanguage());
    LocalDate yesterday = today.minusDays(1);
    List<Item> breaches = queries.breaches(node, SupervisionQueries.startOf(yesterday), SupervisionQueries.startOf(today), null, null);
    List<Item> atRisk = queries.atRisk(node, 1000);
    long breachedNow = atRisk.stream().filter(i -> !i.deadline().dueAt().isAfter(EngineTime.now())).count();
    List<Rates> communities = queries.ratesByCommunity(node, SupervisionQueries.startOf(today.withDayOfMonth(1)),
        SupervisionQueries.startOf(today.plusDays(1)));
    Rates total = queries.total(node, communities);

    List<String> lines = new ArrayList<>();
    lines.add(en ? "Daily digest for " + node.displayName(locale) + ", " + today : node.name() + " 每日督办摘要（" + today + "）");
    lines.add("");
    lines.add(en ? "Deadlines breached yesterday (" + yesterday + "): " + breaches.size() : "昨日（" + yesterday + "）超时：" + breaches.size() + " 项");
    breaches.stream().limit(MAX_LINES).forEach(i -> lines.add("  " + line(i, locale)));
    more(lines, breaches.size(), en);
    lines.add(en ? "Open work past its warning now: " + atRisk.size() + " (of which breached: " + breachedNow + ")"
        : "当前临期或超时未办：" + atRisk.size() + " 项（其中已超时 " + breachedNow + " 项）");
    atRisk.stream().limit(MAX_LINES).forEach(i -> lines.add("  " + line(i, locale)));
    more(lines, atRisk.size(), en);
    lines.add("");
    lines.add(en ? "This month so far (complaints received " + today.withDayOfMonth(1) + " – " + today + "):"
        : "本月（" + today.withDayOfMonth(1) + " 至 " + today + " 受理的诉求）：");
    lines.add("  " + rates(node.displayName(locale), total, en));
    for (Rates r : SupervisionQueries.ranked(communities)) {
      lines.add("  " + rates(r.node().displayName(locale), r, en));
    }
    lines.add("");
    lines.add(en ? "Details: /supervision/ (log in with your Camunda account)" : "详情请登录监督看板 /supervision/（使用 Camunda 账号）");
    return String.join("\n", lines);
  }

  private String line(Item i, Locale locale) {
    var d = i.deadline();
    String title = i.title() == null ? "" : " " + i.title();
    return d.caseRef() + title + " · " + jurisdictions.require(d.nodeCode()).displayName(locale) + " · " + d.kind().label(locale)
        + " · " + ("en".equals(locale.getLanguage()) ? "due " : "截止 ") + MINUTE.format(d.dueAt().atZone(org.gongzhi.system.Timestamps.CHINA));
  }

  private static void more(List<String> lines, int size, boolean en) {
    if (size > MAX_LINES) {
      lines.add(en ? "  … and " + (size - MAX_LINES) + " more" : "  …… 另有 " + (size - MAX_LINES) + " 项");
    }
  }

  private static String rates(String name, Rates r, boolean en) {
    return name + (en ? ": " + r.cases() + " complaints, response " : "：受理 " + r.cases() + " 件，响应率 ") + percent(r.responseRate())
        + (en ? ", resolution " : "，解决率 ") + percent(r.resolutionRate()) + (en ? ", satisfaction " : "，满意率 ")
        + percent(r.satisfactionRate());
  }

  private static String percent(Double rate) {
    return rate == null ? "—" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  /** The beans the digest model names. */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class Beans {
    @Bean JavaDelegate queueDailyDigestsDelegate(DailyDigest digest) {
      return ex -> digest.queueAll();
    }

    /** {@code ${supervisionDigestSchedule.cycle}}: gongzhi.supervision.digest-cycle. */
    @Bean Schedule supervisionDigestSchedule(SupervisionProperties properties) {
      return new Schedule(properties.digestCycle());
    }
  }

  public record Schedule(String cycle) {
    public String getCycle() {
      return cycle;
    }
  }
}
