package org.gongzhi.support;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/** Reads what reached the GreenMail SMTP server. */
public final class Mailbox {
  private Mailbox() {
  }

  /** Mails received by {@code address} whose subject mentions {@code caseNumber}. */
  public static List<MimeMessage> to(GreenMailExtension greenMail, String address, String caseNumber) {
    return Arrays.stream(greenMail.getReceivedMessages())
        .filter(m -> recipients(m).contains(address) && subject(m).contains(caseNumber))
        .toList();
  }

  public static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String body(MimeMessage m) {
    try {
      return String.valueOf(m.getContent());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String recipients(MimeMessage m) {
    try {
      return Arrays.toString(m.getRecipients(Message.RecipientType.TO));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

}
