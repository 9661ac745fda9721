package org.gongzhi.privacy;

import static org.gongzhi.system.Timestamps.CHINA;
import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gongzhi.channel.ApiKeys;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.sla.EngineTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything Gongzhi holds about one resident (a PIPL access request, 个人信息查阅复制): every case of the four processes
 * where they are the reporter, requester, author or applicant's contact — found by phone, e-mail, or the channel's
 * resident id — with the fields held about them, the case's timeline, the notices sent to them and the channel origin.
 * Every export is recorded in {@code personal_data_access} and logged with the administrator, the kinds of identifier
 * and the case numbers, never the identifiers themselves.
 */
@Service
public class PersonalDataExport {

  private static final Logger log = LoggerFactory.getLogger(PersonalDataExport.class);

  /** Whom to look for: at least one of phone, e-mail, or channel with the channel's resident id. */
  public record Subject(String phone, String email, String channel, String residentId) {
    String criteria() {
      List<String> c = new ArrayList<>();
      if (phone != null) {
        c.add("phone");
      }
      if (email != null) {
        c.add("email");
      }
      if (channel != null) {
        c.add("channel+residentId");
      }
      return String.join(",", c);
    }
  }

  /** One timeline entry, review or decision of a case, as the case's tables hold it. */
  public record ResidentCaseEntry(OffsetDateTime occurredAt, String kind, String actor, String message) {
  }

  /** A notice sent about one of the cases to the resident (by e-mail). */
  public record ResidentNotice(long id, String caseRef, String kind, String recipient, String subject, String body, String status,
                       OffsetDateTime createdAt, OffsetDateTime sentAt) {
  }

  /** The channel that created the case, and the resident reference it named (SHA-256 of channel and resident id). */
  public record ResidentCaseOrigin(String channel, String apiKeyId, String residentRef, OffsetDateTime createdAt) {
  }

  /**
   * One case: {@code personalData} holds the fields about the resident (and what they wrote), {@code erasedAt} is set
   * when the retention ran out and those fields were erased.
   */
  public record ResidentCase(CaseKind kind, String caseRef, String communityCode, String status, OffsetDateTime createdAt,
                         OffsetDateTime closedAt, OffsetDateTime erasedAt, Map<String, Object> personalData, List<ResidentCaseEntry> timeline,
                         List<ResidentNotice> notifications, ResidentCaseOrigin origin) {
  }

  public record ResidentDataExport(long accessId, OffsetDateTime generatedAt, String criteria, List<ResidentCase> cases) {
  }

  private final JdbcClient jdbc;

  public PersonalDataExport(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional
  public ResidentDataExport export(Subject who, String administrator) {
    String residentRef = who.channel() == null ? null : ApiKeys.residentRef(who.channel(), who.residentId());
    List<ResidentCase> cases = new ArrayList<>();
    cases.addAll(find(CaseKind.COMPLAINT, "complaint", "case_number", "reporter_phone", "reporter_email", who, residentRef));
    cases.addAll(find(CaseKind.VOLUNTEER_ORDER, "volunteer_order", "order_number", "reporter_phone", null, who, residentRef));
    cases.addAll(find(CaseKind.CONTENT, "content_submission", "submission_number", "author_phone", "author_email", who, residentRef));
    cases.addAll(find(CaseKind.MERCHANT, "merchant_application", "application_number", "contact_phone", "contact_email", who, residentRef));

    List<String> refs = cases.stream().map(ResidentCase::caseRef).toList();
    Instant now = EngineTime.now();
    String joined = String.join(",", refs);
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("insert into personal_data_access (accessed_by, accessed_at, criteria, case_refs) values (?, ?, ?, ?)")
        .params(administrator, ts(now), who.criteria(), joined.length() > 4000 ? joined.substring(0, 3997) + "..." : joined)
        .update(key, "id");
    long accessId = key.getKeyAs(Number.class).longValue();
    log.info("Personal-data export {} by {}: criteria {}, {} case(s) {}", accessId, administrator, who.criteria(), refs.size(), refs);
    return new ResidentDataExport(accessId, t(now), who.criteria(), cases);
  }

  private List<ResidentCase> find(CaseKind kind, String table, String number, String phoneColumn, String emailColumn, Subject who,
                              String residentRef) {
    List<String> or = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    if (who.phone() != null) {
      // stored as the resident gave it (13812345678, +8613812345678, 86-138 1234 5678): compared by its digits
      or.add("replace(replace(replace(replace(" + phoneColumn + ", '+', ''), '-', ''), ' ', ''), '.', '') in (:phones)");
      params.put("phones", phoneForms(who.phone()));
    }
    if (who.email() != null && emailColumn != null) {
      or.add("lower(" + emailColumn + ") = :email");
      params.put("email", who.email().toLowerCase(Locale.ROOT));
    }
    if (residentRef != null) {
      or.add(number + " in (select case_ref from case_origin where resident_ref = :resident and case_kind = :kind)");
      params.put("resident", residentRef);
      params.put("kind", kind.name());
    }
    if (or.isEmpty()) {
      return List.of();
    }
    List<Map<String, Object>> rows = jdbc.sql("select * from " + table + " where " + String.join(" or ", or) + " order by created_at, "
        + number).params(params).query((rs, n) -> row(rs)).list();
    List<ResidentCase> found = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      String ref = (String) r.get(number);
      found.add(new ResidentCase(kind, ref, (String) r.get("community_code"), (String) r.get("status"), t((Instant) r.get("created_at")),
          t(closedAt(kind, r)), t(erasedAt(ref)), personalData(kind, r), timeline(kind, ref), notices(ref, r, emailColumn, who),
          origin(ref)));
    }
    return found;
  }

  /** The digits a number may be stored as: the national number, and with the country code 86 before it. */
  static List<String> phoneForms(String phone) {
    String digits = phone.replaceAll("[^0-9]", "");
    String national = digits.length() > 11 && digits.startsWith("86") ? digits.substring(2) : digits;
    List<String> forms = new ArrayList<>(List.of(national, "86" + national));
    if (national.startsWith("0")) { // a landline: +86 24 1234 5678 drops the trunk 0
      forms.add("86" + national.substring(1));
    }
    return forms;
  }

  /** Column name (lower case) → value, timestamps as instants. */
  private static Map<String, Object> row(ResultSet rs) throws SQLException {
    Map<String, Object> r = new LinkedHashMap<>();
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      String name = rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT);
      Object v = rs.getObject(i);
      r.put(name, v instanceof java.sql.Timestamp t ? t.toInstant() : v);
    }
    return r;
  }

  /** When the case closed, as the retention purge counts it ({@code PersonalDataPurge#candidates}); null while open. */
  private static Instant closedAt(CaseKind kind, Map<String, Object> r) {
    Object status = r.get("status");
    return switch (kind) {
      case COMPLAINT, VOLUNTEER_ORDER -> (Instant) r.get("closed_at");
      // content and merchants: the last change of a closed one closed it (an expired application has no date of its own)
      case CONTENT -> List.of("PUBLISHED", "WITHDRAWN", "ABANDONED").contains(status) ? (Instant) r.get("updated_at") : null;
      case MERCHANT -> List.of("REJECTED", "EXPIRED", "DELISTED").contains(status) ? (Instant) r.get("updated_at") : null;
    };
  }

  /** The fields about the person (camelCase), as stored: what the resident gave and what they wrote. */
  private static Map<String, Object> personalData(CaseKind kind, Map<String, Object> r) {
    List<String> columns = switch (kind) {
      case COMPLAINT -> List.of("reporter_name", "reporter_phone", "reporter_email", "reporter_locale", "title", "description",
          "location_address", "location_lat", "location_lng", "rating_score", "rating_comment", "channel", "category");
      case VOLUNTEER_ORDER -> List.of("reporter_name", "reporter_phone", "address", "description", "preferred_time", "scheduled_for",
          "rating_score", "rating_comment", "category");
      case CONTENT -> List.of("author_name", "author_phone", "author_email", "author_user_id", "source_channel", "title", "body",
          "media_urls", "target_channels");
      case MERCHANT -> List.of("contact_name", "contact_phone", "contact_email", "name", "credit_code", "address", "category");
    };
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String c : columns) {
      if (r.get(c) != null) {
        fields.put(camel(c), r.get(c));
      }
    }
    return fields;
  }

  private List<ResidentCaseEntry> timeline(CaseKind kind, String ref) {
    String sql = switch (kind) {
      case COMPLAINT -> "select occurred_at, kind, actor, message from complaint_timeline where case_number = ? order by occurred_at, id";
      case VOLUNTEER_ORDER -> "select occurred_at, kind, actor, message from volunteer_order_timeline where order_number = ? order by occurred_at, id";
      case CONTENT -> "select decided_at, review_level || ' ' || decision, reviewer, reason from content_review "
          + "where submission_number = ? order by decided_at, id";
      case MERCHANT -> "select decided_at, step || ' ' || decision, decided_by, reason from merchant_decision "
          + "where application_number = ? order by decided_at, id";
    };
    return jdbc.sql(sql).param(ref)
        .query((rs, n) -> new ResidentCaseEntry(t(rs.getTimestamp(1).toInstant()), rs.getString(2), rs.getString(3), rs.getString(4))).list();
  }

  /** Notices of the case sent to the person: to the e-mail the case holds for them, or to the e-mail asked about. */
  private List<ResidentNotice> notices(String ref, Map<String, Object> r, String emailColumn, Subject who) {
    Set<String> addresses = new LinkedHashSet<>();
    if (emailColumn != null && r.get(emailColumn) != null) {
      addresses.add(((String) r.get(emailColumn)).toLowerCase(Locale.ROOT));
    }
    if (who.email() != null) {
      addresses.add(who.email().toLowerCase(Locale.ROOT));
    }
    if (addresses.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select * from notification where case_ref = :ref and lower(recipient) in (:addresses) order by id")
        .param("ref", ref).param("addresses", addresses)
        .query((rs, n) -> new ResidentNotice(rs.getLong("id"), rs.getString("case_ref"), rs.getString("kind"), rs.getString("recipient"),
            rs.getString("subject"), rs.getString("body"), rs.getString("status"), t(instant(rs, "created_at")), t(instant(rs, "sent_at"))))
        .list();
  }

  private ResidentCaseOrigin origin(String ref) {
    return jdbc.sql("select channel, api_key_id, resident_ref, created_at from case_origin where case_ref = ?").param(ref)
        .query((rs, n) -> new ResidentCaseOrigin(rs.getString(1), rs.getString(2), rs.getString(3), t(instant(rs, "created_at")))).optional().orElse(null);
  }

  private Instant erasedAt(String ref) {
    return jdbc.sql("select erased_at from personal_data_erasure where case_ref = ?").param(ref)
        .query((rs, n) -> instant(rs, "erased_at")).optional().orElse(null);
  }

  private static OffsetDateTime t(Instant i) {
    return i == null ? null : i.atZone(CHINA).toOffsetDateTime();
  }

  private static String camel(String column) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : column.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return b.toString();
  }
}
