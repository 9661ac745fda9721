package org.gongzhi.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Says once at start-up whether notices will be mailed. */
@Component
class MailStartupReport {
  private static final Logger log = LoggerFactory.getLogger(MailStartupReport.class);

  private final ObjectProvider<JavaMailSender> mailSender;
  private final Environment environment;

  MailStartupReport(ObjectProvider<JavaMailSender> mailSender, Environment environment) {
    this.mailSender = mailSender;
    this.environment = environment;
  }

  @EventListener(ApplicationReadyEvent.class)
  void report() {
    if (mailSender.getIfAvailable() == null) {
      log.warn("No SMTP server configured (spring.mail.host is empty): notices are kept in table 'notification' "
          + "with status NO_MAIL_SERVER and not mailed. Set SPRING_MAIL_HOST (and SPRING_MAIL_PORT, ...) to send them.");
    } else {
      log.info("Notices are mailed through {}:{}", environment.getProperty("spring.mail.host"),
          environment.getProperty("spring.mail.port", "25"));
    }
  }
}
