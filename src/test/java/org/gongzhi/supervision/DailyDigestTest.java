package org.gongzhi.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Mailbox;
import org.gongzhi.support.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** 每日督办摘要: the digest timer fires at 07:00 by Camunda's clock and each supervisor gets one mail about their subtree. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
@DirtiesContext
class DailyDigestTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  @Autowired ManagementService management;
  @Autowired EngineDriver driver;
  @Autowired Complaints complaints;

  @AfterEach
  void resetClock() {
    driver.reset();
  }

  List<MimeMessage> digestsTo(String userId) {
    return Arrays.stream(greenMail.getReceivedMessages())
        .filter(m -> Mailbox.subject(m).startsWith("【每日督办】"))
        .filter(m -> {
          try {
            return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(Staff.email(userId)));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).toList();
  }

  @Test
  @DisplayName("每天 7 点：街道主管收到本街道的昨日超时、当前临期和本月三率；别的区的案件不在其中；同一天只发一封")
  void supervisorsGetTheirSubtreesDigestAtSeven() {
    Job timer = management.createJobQuery().processDefinitionKey("supervision-digest").timers().singleResult();
    assertThat(timer).as("the digest timer is scheduled at deployment").isNotNull();
    Instant seven = timer.getDuedate().toInstant();
    assertThat(seven.atZone(org.gongzhi.system.Timestamps.CHINA).getHour()).isEqualTo(7);

    driver.freezeAt(seven.minus(Duration.ofHours(46))); // two days before, 09:00
    String late = complaints.submitIn(Staff.QINGQUAN_COMMUNITY, "小区路灯不亮");
    String elsewhere = complaints.submitIn(Staff.HEPAN_COMMUNITY, "河畔小区垃圾未清运");
    driver.advance(Duration.ofHours(24).plusMinutes(1)); // yesterday 09:01: both reply deadlines breached
    driver.advance(Duration.between(driver.now(), seven).minusMinutes(1));
    assertThat(digestsTo("wanlian-sup")).as("not before 07:00").isEmpty();

    driver.advance(Duration.ofMinutes(1));
    List<MimeMessage> digests = digestsTo("wanlian-sup");
    assertThat(digests).hasSize(1);
    String body = Mailbox.body(digests.get(0));
    assertThat(Mailbox.subject(digests.get(0))).contains("万莲街道");
    assertThat(body).contains("昨日").contains(late).contains("小区路灯不亮").doesNotContain(elsewhere)
        .contains("响应率").contains("清泉社区").contains("Daily digest");
    assertThat(digestsTo("shenyang-sup")).singleElement()
        .satisfies(m -> assertThat(Mailbox.body(m)).contains(late).contains(elsewhere));
    assertThat(digestsTo("qingquan")).as("caseworkers get no digest").isEmpty();

    Job next = management.createJobQuery().processDefinitionKey("supervision-digest").timers().singleResult();
    assertThat(next.getDuedate().toInstant()).as("the next one tomorrow at 07:00").isEqualTo(seven.plus(Duration.ofDays(1)));
    management.executeJob(next.getId()); // fired twice on the same day (e.g. by hand from Cockpit): still one mail
    driver.executeDueJobs();
    assertThat(digestsTo("wanlian-sup")).hasSize(1);
  }
}
