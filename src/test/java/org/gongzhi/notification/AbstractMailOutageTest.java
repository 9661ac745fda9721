package org.gongzhi.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gongzhi.support.Staff.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.complaint.ComplaintEscalationProcess;
import org.gongzhi.complaint.ComplaintManagement;
import org.gongzhi.complaint.ComplaintStatus;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Mailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * A mail server that is down loses no notice, rolls back no case, and ends in an incident when it stays down. Runs on
 * H2 ({@link MailOutageTest}) and PostgreSQL ({@link MailOutagePostgresTest}); the figures are printed, one line per
 * scenario.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
abstract class AbstractMailOutageTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  @Autowired Complaints complaints;
  @Autowired EngineDriver driver;
  @Autowired NotificationService notifications;
  @Autowired ComplaintManagement management;
  @Autowired ManagementService managementService;
  @Autowired RuntimeService runtime;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void clock() {
    driver.freezeAt(Instant.parse("2026-03-02T01:00:00Z"));
  }

  @AfterEach
  void cleanUp() {
    driver.reset();
    runtime.createProcessInstanceQuery().list().forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test over"));
  }

  @Test
  @DisplayName("邮件服务器宕机：案件照常推进；恢复后通知补发且只发一次")
  void noticeSurvivesAnOutage() {
    greenMail.stop();
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "停电了", "resident@example.com");
    complaints.act(c, QINGQUAN, ComplaintAction.REPLY, "已联系供电公司。");
    assertThat(driver.executeDueJobs()).as("the send failed").isNotEmpty();

    assertThat(management.view(c, false).complaint().status()).isEqualTo(ComplaintStatus.IN_PROGRESS);
    assertThat(management.view(c, false).timeline()).hasSize(2);
    assertThat(notifications.forCase(c)).singleElement().extracting(Notification::status).isEqualTo(Notification.QUEUED);
    complaints.act(c, QINGQUAN, ComplaintAction.RESOLVE, "已恢复供电。"); // the case goes on meanwhile

    greenMail.start();
    driver.advance(Duration.ofMinutes(2)); // the retry is due (R5/PT1M)
    assertThat(Mailbox.to(greenMail, "resident@example.com", c)).hasSize(2);
    assertThat(notifications.forCase(c)).extracting(Notification::status).containsOnly(Notification.SENT);

    driver.advance(Duration.ofMinutes(10));
    assertThat(Mailbox.to(greenMail, "resident@example.com", c)).as("delivered once").hasSize(2);
  }

  @Test
  @DisplayName("重试用尽：通知投递成为 Cockpit 事件，案件不受影响")
  void exhaustedRetriesBecomeAnIncident() {
    greenMail.stop();
    String c = complaints.submitIn(QINGQUAN_COMMUNITY, "暖气不热", "resident@example.com");
    complaints.act(c, QINGQUAN, ComplaintAction.REPLY, "已报供热公司。");
    for (int i = 0; i < 6; i++) {
      driver.advance(Duration.ofMinutes(2));
    }
    long incidents = runtime.createIncidentQuery().incidentType("failedJob").count();
    Incident incident = runtime.createIncidentQuery().singleResult();
    assertThat(incident).isNotNull();
    assertThat(incident.getIncidentType()).isEqualTo("failedJob");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getProcessInstanceId()).singleResult()
        .getProcessDefinitionId()).startsWith(NotificationService.DELIVERY_PROCESS_KEY);
    assertThat(complaints.instance(c)).as("the case runs on").isNotNull();
    assertThat(runtime.createIncidentQuery().processInstanceId(complaints.instance(c).getId()).count()).isZero();
    assertThat(complaints.task(c)).isNotNull();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(ComplaintEscalationProcess.KEY).count()).isEqualTo(1);

    // an administrator retries from Cockpit once the server is back
    greenMail.start();
    managementService.setJobRetries(incident.getConfiguration(), 1);
    driver.executeDueJobs();
    assertThat(Mailbox.to(greenMail, "resident@example.com", c)).hasSize(1);
    long casesAffected = complaints.instance(c) == null || complaints.task(c) == null
        || runtime.createIncidentQuery().processInstanceId(complaints.instance(c).getId()).count() > 0 ? 1 : 0;
    System.out.println("mail retries exhausted [" + database() + "]: notices 1, incidents " + incidents + " (failedJob on "
        + NotificationService.DELIVERY_PROCESS_KEY + "), cases affected " + casesAffected + ", delivered after retry from Cockpit 1");
  }

  @Test
  @DisplayName("邮件服务器宕机期间 200 件诉求（三个社区）照常回复；恢复后 200 封通知各送达一次，无丢失、无重复、无事件")
  void outageAtVolume() throws Exception {
    greenMail.stop();
    String[][] communities = {{QINGQUAN_COMMUNITY, QINGQUAN}, {ZHONGHAIXI_COMMUNITY, ZHONGHAIXI}, {HEPAN_COMMUNITY, HEPAN}};
    Map<String, String> recipientOf = new LinkedHashMap<>();
    for (int i = 0; i < notices(); i++) {
      String[] where = communities[i % communities.length];
      String email = "resident-" + i + "@example.com";
      String c = complaints.submitIn(where[0], "停电了 " + i, email);
      complaints.act(c, where[1], ComplaintAction.REPLY, "已联系供电公司（" + i + "）。");
      recipientOf.put(c, email);
    }
    List<Exception> failures = driver.executeDueJobs();
    assertThat(failures).as("every send failed: the server is down").hasSize(notices());
    long casesAdvanced = recipientOf.keySet().stream().filter(c -> {
      var view = management.view(c, false);
      return view.complaint().status() == ComplaintStatus.IN_PROGRESS && view.timeline().size() == 2 && complaints.task(c) != null;
    }).count();
    List<Notification> notices = recipientOf.keySet().stream().flatMap(c -> notifications.forCase(c).stream()).toList();
    long queued = notices.stream().filter(n -> n.status().equals(Notification.QUEUED)).count();
    assertThat(casesAdvanced).as("every case replied and waiting for its next step").isEqualTo(notices());
    assertThat(notices).as("one notice per reply").hasSize(notices());
    assertThat(queued).as("queued during the outage").isEqualTo(notices());

    greenMail.start();
    driver.advance(Duration.ofMinutes(2)); // the first retry of every notice is due (R5/PT1M)
    driver.advance(Duration.ofMinutes(30)); // and much later: nothing is sent again

    MimeMessage[] received = greenMail.getReceivedMessages();
    Map<String, Long> perNotice = new HashMap<>(); // recipient + X-Gongzhi-Notice (the dedupe key) → mails received
    Set<String> messageIds = new HashSet<>();
    for (MimeMessage m : received) {
      String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
      perNotice.merge(to + " " + m.getHeader("X-Gongzhi-Notice")[0], 1L, Long::sum);
      messageIds.add(m.getMessageID());
    }
    long delivered = 0;
    long lost = 0;
    for (Notification n : notices) {
      long got = perNotice.getOrDefault(n.recipient() + " " + n.dedupeKey(), 0L);
      boolean subjectNamesCase = Mailbox.to(greenMail, n.recipient(), n.caseRef()).size() == got;
      delivered += got > 0 && subjectNamesCase ? 1 : 0;
      lost += got == 0 || !subjectNamesCase ? 1 : 0;
    }
    long duplicates = received.length - perNotice.size();
    long incidents = runtime.createIncidentQuery().count();
    long sent = recipientOf.keySet().stream().flatMap(c -> notifications.forCase(c).stream())
        .filter(n -> n.status().equals(Notification.SENT)).count();
    System.out.println("mail outage [" + database() + "]: notices " + notices.size() + ", queued during outage " + queued
        + ", delivered after " + delivered + ", duplicates " + duplicates + ", lost " + lost + ", incidents " + incidents
        + " (cases advanced during outage " + casesAdvanced + ", distinct Message-IDs " + messageIds.size() + ", marked SENT " + sent + ")");
    assertThat(received).hasSize(notices());
    assertThat(messageIds).hasSize(notices());
    assertThat(delivered).isEqualTo(notices());
    assertThat(duplicates).isZero();
    assertThat(lost).isZero();
    assertThat(incidents).isZero();
    assertThat(sent).isEqualTo(notices());
  }

  /** Notices of {@link #outageAtVolume()} (PostgreSQL runs fewer, to keep the test short). */
  int notices() {
    return 200;
  }

  String database() {
    return jdbc.sql("select 1").query((rs, n) -> rs.getStatement().getConnection().getMetaData().getDatabaseProductName()).single();
  }
}
