package org.gongzhi.open311;

import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.complaint.ComplaintEscalationProcess;
import org.gongzhi.complaint.ComplaintStatus;
import org.gongzhi.complaint.TimelineEntry;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Tier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only queries behind {@code GET requests} and {@code GET servicerequestupdates}: complaints and their public
 * timeline, limited in SQL to what the caller may see — complaints of communities in its key's subtrees (materialised
 * path prefix), and, when the channel named a resident, that resident's cases only; a resident channel's key that names
 * nobody sees nothing. The same rule as {@link ChannelCaller#maySee}.
 */
@Component
class Open311Queries {

  /** The spec's default and maximum: at most 1,000 requests in one answer. */
  static final int MAX_RESULTS = 1000;

  /** Timeline kinds whose public message is a reply to the resident: the source of {@code status_notes}. */
  static final List<String> REPLY_KINDS = List.of(TimelineEntry.Kind.REPLY.name(), TimelineEntry.Kind.RESOLVED.name());

  private final JdbcClient jdbc;

  Open311Queries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One complaint as Open311 shows it; personal data is not read at all (the address is masked by the caller). */
  record Row(String caseNumber, String category, String description, BigDecimal lat, BigDecimal lng, String address,
             ComplaintStatus status, Tier tier, String handlingNodeCode, Instant createdAt, Instant updatedAt,
             Instant lastPublicEntryAt, String statusNotes, Instant resolveDueAt, Instant replyDueAt) {

    /** The latest change a resident can see: the row's own update or the latest public timeline entry. */
    Instant lastChange() {
      return lastPublicEntryAt == null || updatedAt.isAfter(lastPublicEntryAt) ? updatedAt : lastPublicEntryAt;
    }
  }

  /** What {@code GET requests} filters on; an empty list means "any". */
  record Filter(List<String> caseNumbers, List<String> categories, Instant from, Instant to, List<ComplaintStatus> statuses) {
  }

  /** One public timeline entry. */
  record Update(long id, String caseNumber, Instant occurredAt, TimelineEntry.Kind kind, String message) {
  }

  @Transactional(readOnly = true)
  List<Row> requests(ChannelCaller caller, Filter f) {
    List<Object> params = new ArrayList<>();
    params.add(ComplaintEscalationProcess.KEY);
    params.add(ComplaintEscalationProcess.KEY);
    StringBuilder sql = new StringBuilder("""
        select c.case_number, c.category, c.description, c.location_lat, c.location_lng, c.location_address, c.status, c.tier,
               c.handling_node_code, c.created_at, c.updated_at,
               (select max(t.occurred_at) from complaint_timeline t
                 where t.case_number = c.case_number and t.visibility = 'PUBLIC') as last_public_at,
               (select t.message from complaint_timeline t
                 where t.case_number = c.case_number and t.visibility = 'PUBLIC' and t.kind in ('REPLY', 'RESOLVED')
                   and t.message is not null
                 order by t.occurred_at desc, t.id desc fetch first 1 rows only) as status_notes,
               (select d.due_at from sla_deadline d where d.closed_at is null and d.id =
                 (select max(d2.id) from sla_deadline d2 where d2.process_key = ? and d2.case_ref = c.case_number
                    and d2.kind = 'RESOLVE' and d2.node_code = c.handling_node_code)) as resolve_due_at,
               (select d.due_at from sla_deadline d where d.closed_at is null and d.id =
                 (select max(d2.id) from sla_deadline d2 where d2.process_key = ? and d2.case_ref = c.case_number
                    and d2.kind = 'REPLY' and d2.node_code = c.handling_node_code)) as reply_due_at
          from complaint c
         where\s""");
    scope(sql, params, caller);
    if (!f.caseNumbers().isEmpty()) {
      sql.append(" and c.case_number in (").append(placeholders(f.caseNumbers().size())).append(')');
      params.addAll(f.caseNumbers());
    } else {
      if (!f.categories().isEmpty()) {
        sql.append(" and c.category in (").append(placeholders(f.categories().size())).append(')');
        params.addAll(f.categories());
      }
      if (f.from() != null) {
        sql.append(" and c.created_at >= ?");
        params.add(ts(f.from()));
      }
      if (f.to() != null) {
        sql.append(" and c.created_at <= ?");
        params.add(ts(f.to()));
      }
      if (!f.statuses().isEmpty()) {
        sql.append(" and c.status in (").append(placeholders(f.statuses().size())).append(')');
        f.statuses().forEach(s -> params.add(s.name()));
      }
    }
    sql.append(" order by c.created_at desc, c.case_number desc fetch first ").append(MAX_RESULTS).append(" rows only");
    return jdbc.sql(sql.toString()).params(params).query(Open311Queries::row).list();
  }

  /** Public timeline entries of visible complaints that occurred in [from, to], oldest first, at most {@link #MAX_RESULTS}. */
  @Transactional(readOnly = true)
  List<Update> updates(ChannelCaller caller, Instant from, Instant to) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("""
        select t.id, t.case_number, t.occurred_at, t.kind, t.message
          from complaint_timeline t join complaint c on c.case_number = t.case_number
         where t.visibility = 'PUBLIC' and t.occurred_at >= ? and t.occurred_at <= ? and\s""");
    params.add(ts(from));
    params.add(ts(to));
    scope(sql, params, caller);
    sql.append(" order by t.occurred_at, t.id fetch first ").append(MAX_RESULTS).append(" rows only");
    return jdbc.sql(sql.toString()).params(params)
        .query((rs, n) -> new Update(rs.getLong("id"), rs.getString("case_number"), instant(rs, "occurred_at"),
            TimelineEntry.Kind.valueOf(rs.getString("kind")), rs.getString("message")))
        .list();
  }

  /** The caller's jurisdiction (and resident) as a condition on {@code c}. */
  private static void scope(StringBuilder sql, List<Object> params, ChannelCaller caller) {
    List<JurisdictionNode> nodes = caller.scope();
    if (nodes.isEmpty() || (caller.residentRef() == null && caller.key().residentScoped())) {
      sql.append("1 = 0");
      return;
    }
    sql.append("c.community_code in (select n.code from jurisdiction_node n where ");
    sql.append(String.join(" or ", Collections.nCopies(nodes.size(), "n.path like ? escape '\\'")));
    sql.append(')');
    nodes.forEach(n -> params.add(n.path().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
    if (caller.residentRef() != null) {
      sql.append(" and exists (select 1 from case_origin o where o.case_ref = c.case_number and o.resident_ref = ?)");
      params.add(caller.residentRef());
    }
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(rs.getString("case_number"), rs.getString("category"), rs.getString("description"),
        rs.getBigDecimal("location_lat"), rs.getBigDecimal("location_lng"), rs.getString("location_address"),
        ComplaintStatus.valueOf(rs.getString("status")), Tier.valueOf(rs.getString("tier")), rs.getString("handling_node_code"),
        instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "last_public_at"), rs.getString("status_notes"),
        instant(rs, "resolve_due_at"), instant(rs, "reply_due_at"));
  }
}
