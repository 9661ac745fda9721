package org.gongzhi.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gongzhi.support.Staff.QINGQUAN;
import static org.gongzhi.support.Staff.QINGQUAN_COMMUNITY;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.complaint.ComplaintAction;
import org.gongzhi.notification.Notification;
import org.gongzhi.notification.NotificationService;
import org.gongzhi.support.Complaints;
import org.gongzhi.support.EngineDriver;
import org.gongzhi.support.Http;
import org.gongzhi.system.PersonalData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * What the console log shows (Spring Boot's real console pattern, through logback-spring.xml) while a resident's
 * complaint goes through the REST API and its notice fails to reach a dead mail server. The JDBC layer logs every
 * parameter it binds (TRACE, as an operator chasing a bug would switch on), so the resident's data does reach the
 * logging: the masking has to remove it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.mail.port=2", // nothing listens there: every send fails (not GreenMail's 3025, which another test may hold)
    "logging.level.org.springframework.jdbc.core.StatementCreatorUtils=trace"})
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTest {

  static final String NAME = "王芳";
  static final String PHONE = "13812345678";
  static final String EMAIL = "wang.fang@example.com";
  static final String ID_NUMBER = "21010219900101123X";
  static final String SECOND_NAME = "李秀英";
  static final String SECOND_PHONE = "+8613987654321";

  @LocalServerPort int port;
  @Autowired Complaints complaints;
  @Autowired EngineDriver driver;
  @Autowired NotificationService notifications;
  @Autowired RuntimeService runtime;
  final ObjectMapper json = new ObjectMapper();

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
  @DisplayName("居民经 REST 提交诉求、邮件服务器宕机：日志里只有案件编号和打码的电话，没有姓名、手机号、邮箱、身份证号")
  void residentDataNeverReachesTheLog(CapturedOutput output) throws Exception {
    int before = output.getOut().length();
    HttpResponse<String> created = new Http(port).post("/api/v1/complaints", """
        {"communityCode": "%s", "category": "public-facilities", "channel": "wechat", "title": "路灯坏了",
         "description": "小区东门的路灯坏了一周。我的身份证号 %s，电话 %s。",
         "reporter": {"name": "%s", "phone": "%s", "email": "%s"},
         "location": {"lat": 41.7968, "lng": 123.4510, "address": "清泉路12号"}}""".formatted(QINGQUAN_COMMUNITY, ID_NUMBER, PHONE,
        NAME, PHONE, EMAIL), "zh-CN");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String caseNumber = json.readTree(created.body()).get("caseNumber").asText();

    // a second resident, whose name only the submission itself announces (no scope of this test around it)
    HttpResponse<String> second = new Http(port).post("/api/v1/complaints", """
        {"communityCode": "%s", "category": "public-facilities", "channel": "wechat", "title": "井盖松动",
         "description": "清泉路口的井盖松动。", "reporter": {"name": "%s", "phone": "%s"},
         "location": {"lat": 41.7968, "lng": 123.4510, "address": "清泉路14号"}}""".formatted(QINGQUAN_COMMUNITY, SECOND_NAME,
        SECOND_PHONE), "zh-CN");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(201);

    // the caseworker's reply goes to the resident by mail; the mail server is down, so the delivery job fails and logs it
    complaints.act(caseNumber, QINGQUAN, ComplaintAction.REPLY, "已派人维修，有问题请回电 " + PHONE + "。");
    assertThat(driver.executeDueJobs()).as("the send failed").isNotEmpty();
    assertThat(notifications.forCase(caseNumber)).singleElement().extracting(Notification::status).isEqualTo(Notification.QUEUED);

    // a library's exception quoting the values, logged as a stack trace
    try (PersonalData.LogScope ignored = PersonalData.inLogScope(NAME)) {
      LoggerFactory.getLogger("org.gongzhi.test").error("Unexpected error for " + caseNumber,
          new IllegalStateException("value too long: '" + NAME + "', '" + PHONE + "'", new RuntimeException("mail to " + EMAIL
              + " refused, id " + ID_NUMBER)));
    }

    String log = output.getOut().substring(before) + output.getErr();
    System.err.printf("[LogMaskingTest] %d characters of log captured; '%s' %d times, '138****5678' %d times, '***@example.com' %d times%n",
        log.length(), caseNumber, count(log, caseNumber), count(log, "138****5678"), count(log, "***@example.com"));
    assertThat(log).as("the case number is how a log line points at a case").contains(caseNumber);
    assertThat(log).contains("Notice ").contains("not sent");
    assertThat(log).as("the resident's data went through the logging, masked").contains("138****5678", "***@example.com", "210" + "*".repeat(11) + "123X",
        "王*");
    assertThat(log).doesNotContain(PHONE, NAME, EMAIL, "wang.fang", ID_NUMBER);
    // the JDBC layer did log the bound values (so the masking, not silence, kept them out): StatementCreatorUtils at TRACE
    assertThat(log).as("JDBC parameter logging is on").contains("Setting SQL statement parameter value: column index ")
        .contains("parameter value [138****5678]", "parameter value [***@example.com]");
    // the second resident's name and phone went through the JDBC trace too, masked by the submission's own scope
    assertThat(log).contains("parameter value [李**]", "parameter value [+86139****4321]")
        .doesNotContain(SECOND_NAME, "13987654321");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
