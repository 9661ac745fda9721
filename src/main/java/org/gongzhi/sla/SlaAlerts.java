package org.gongzhi.sla;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.StaffDirectory;
import org.gongzhi.jurisdiction.StaffRole;
import org.gongzhi.notification.NotificationService;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Mails about deadlines: a warning to the group handling the work, a breach to the supervisors of
 * the tier above (a community's breach goes to its street's supervisors; the city's to its own).
 * Staff mails are bilingual, Chinese first. One notice per deadline and recipient, ever.
 */
@Component
public class SlaAlerts {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
  private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
  private static final Locale EN = Locale.ENGLISH;

  private final Jurisdictions jurisdictions;
  private final StaffDirectory staff;
  private final NotificationService notifications;
  private final MessageSource messages;

  public SlaAlerts(Jurisdictions jurisdictions, StaffDirectory staff, NotificationService notifications, MessageSource messages) {
    this.jurisdictions = jurisdictions;
    this.staff = staff;
    this.notifications = notifications;
    this.messages = messages;
  }

  /** Warns the caseworkers of the node holding the work. */
  public int warn(SlaDeadline d, String caseTitle) {
    return warn(d, caseTitle, staff.emailsOf(d.nodeCode(), StaffRole.CASEWORKER));
  }

  /** Warns the given people (e.g. a centre's dispatchers, a volunteer team). */
  public int warn(SlaDeadline d, String caseTitle, List<String> recipients) {
    JurisdictionNode node = jurisdictions.require(d.nodeCode());
    int sent = 0;
    for (String email : recipients) {
      sent += queue("sla-warning:" + d.id() + ":" + email, "SLA_WARNING", d, email, "mail.sla.warning", node, caseTitle) ? 1 : 0;
    }
    return sent;
  }

  /** Tells the supervisors of the tier above the node holding the work. */
  public int breach(SlaDeadline d, String caseTitle) {
    JurisdictionNode node = jurisdictions.require(d.nodeCode());
    JurisdictionNode above = jurisdictions.parentOf(node).orElse(node);
    return breach(d, caseTitle, staff.emailsOf(above.code(), StaffRole.SUPERVISOR));
  }

  /** Tells the given people of a breach. */
  public int breach(SlaDeadline d, String caseTitle, List<String> recipients) {
    JurisdictionNode node = jurisdictions.require(d.nodeCode());
    int sent = 0;
    for (String email : recipients) {
      sent += queue("sla-breach:" + d.id() + ":" + email, "SLA_BREACH", d, email, "mail.sla.breach", node, caseTitle) ? 1 : 0;
    }
    return sent;
  }

  private boolean queue(String key, String kind, SlaDeadline d, String email, String template, JurisdictionNode node, String title) {
    String subject = text(template + ".subject", d, node, title, ZH) + " / " + text(template + ".subject", d, node, title, EN);
    String body = text(template + ".body", d, node, title, ZH) + "\n\n----\n\n" + text(template + ".body", d, node, title, EN);
    return notifications.queue(key, kind, d.caseRef(), email, subject, body);
  }

  private String text(String code, SlaDeadline d, JurisdictionNode node, String title, Locale locale) {
    Duration late = d.lateness(EngineTime.now()).orElse(Duration.ZERO);
    Object[] args = {d.caseRef(), node.displayName(locale), d.kind().label(locale), TIME.format(d.dueAt()),
        title == null ? "" : title, d.tier().label(locale), late.toHours(), late.toMinutesPart(),
        d.holder() == null ? "-" : d.holder()};
    return messages.getMessage(code, args, locale);
  }
}
