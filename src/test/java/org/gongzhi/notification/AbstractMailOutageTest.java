package org.gongzhi.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gongzhi.support.Staff.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.test.context.ActiveProfiles;

/** A mail server that is down loses no notice, rolls back no case, and ends in an incident when it stays down. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
class MailOutageTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  @Autowired Complaints complaints;
  @Autowired EngineDriver driver;
  @Autowired NotificationService notifications;
  @Autowired ComplaintManagement management;
  @Autowired ManagementService managementService;
  @Autowired RuntimeService runtime;

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
  }
}
