package org.gongzhi.complaint;

import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gongzhi.complaint.TimelineEntry.Kind;
import org.gongzhi.complaint.TimelineEntry.Visibility;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.sla.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Complaints and their timelines in Gongzhi's own tables. */
@Repository
class ComplaintRepository {

  private final JdbcClient jdbc;

  ComplaintRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Complaint c) {
    jdbc.sql("""
            insert into complaint (case_number, community_code, category, title, description, reporter_name, reporter_phone,
              reporter_email, reporter_locale, channel, location_lat, location_lng, location_address, status, tier,
              handling_node_code, reopen_count, created_at, updated_at, merchant_number)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)""")
        .params(c.caseNumber(), c.communityCode(), c.category(), c.title(), c.description(), c.reporterName(),
            c.reporterPhone(), c.reporterEmail(), c.reporterLocale(), c.channel(), c.locationLat(), c.locationLng(),
            c.locationAddress(), c.status().name(), c.tier().name(), c.handlingNodeCode(), ts(c.createdAt()), ts(c.updatedAt()),
            c.merchantNumber())
        .update();
  }

  Optional<Complaint> find(String caseNumber) {
    return jdbc.sql("select * from complaint where case_number = ?").param(caseNumber).query(ComplaintRepository::map).optional();
  }

  Complaint require(String caseNumber) {
    return find(caseNumber).orElseThrow(() -> new ComplaintNotFoundException(caseNumber));
  }

  void attachProcessInstance(String caseNumber, String processInstanceId) {
    jdbc.sql("update complaint set process_instance_id = ? where case_number = ?").params(processInstanceId, caseNumber).update();
  }

  void moveTo(String caseNumber, Tier tier, String nodeCode) {
    jdbc.sql("update complaint set tier = ?, handling_node_code = ?, status = 'IN_PROGRESS', updated_at = ? where case_number = ?")
        .params(tier.name(), nodeCode, ts(EngineTime.now()), caseNumber).update();
  }

  /** The reply deadline the complaint arrived with: the response rate counts against it. Set once. */
  void recordFirstReplyDue(String caseNumber, Instant dueAt) {
    jdbc.sql("update complaint set first_reply_due_at = ? where case_number = ? and first_reply_due_at is null")
        .params(ts(dueAt), caseNumber).update();
  }

  /** The first public reply (or resolution) the resident got, at any tier. Set once. */
  void recordFirstReply(String caseNumber) {
    jdbc.sql("update complaint set first_replied_at = ? where case_number = ? and first_replied_at is null")
        .params(ts(EngineTime.now()), caseNumber).update();
  }

  void markResolved(String caseNumber, Tier tier) {
    Instant now = EngineTime.now();
    // a new resolution waits for a new rating; earlier ratings stay on the timeline
    jdbc.sql("""
            update complaint set status = 'RESOLVED', resolved_tier = ?, resolved_at = ?, updated_at = ?,
              rating_score = null, rating_comment = null, rated_at = null
            where case_number = ?""")
        .params(tier.name(), ts(now), ts(now), caseNumber).update();
  }

  void recordRating(String caseNumber, int score, String comment) {
    Instant now = EngineTime.now();
    jdbc.sql("update complaint set rating_score = ?, rating_comment = ?, rated_at = ?, updated_at = ? where case_number = ?")
        .params(score, comment, ts(now), ts(now), caseNumber).update();
  }

  void markReopened(String caseNumber) {
    jdbc.sql("update complaint set status = 'IN_PROGRESS', reopen_count = reopen_count + 1, updated_at = ? where case_number = ?")
        .params(ts(EngineTime.now()), caseNumber).update();
  }

  void markClosed(String caseNumber) {
    Instant now = EngineTime.now();
    jdbc.sql("update complaint set status = 'CLOSED', closed_at = ?, updated_at = ? where case_number = ?")
        .params(ts(now), ts(now), caseNumber).update();
  }

  /** Adds a timeline entry and returns its id. */
  long addTimeline(String caseNumber, Kind kind, Visibility visibility, Tier tier, String nodeCode, String actor, String message) {
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into complaint_timeline (case_number, occurred_at, kind, visibility, tier, node_code, actor, message)
            values (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(caseNumber, ts(EngineTime.now()), kind.name(), visibility.name(), tier == null ? null : tier.name(), nodeCode,
            actor, message)
        .update(key, "id");
    return key.getKeyAs(Number.class).longValue();
  }

  List<TimelineEntry> timeline(String caseNumber, boolean includeInternal) {
    return jdbc.sql("select * from complaint_timeline where case_number = ? " + (includeInternal ? "" : "and visibility = 'PUBLIC' ")
            + "order by occurred_at, id")
        .param(caseNumber)
        .query((rs, i) -> new TimelineEntry(rs.getLong("id"), rs.getString("case_number"), instant(rs, "occurred_at"),
            Kind.valueOf(rs.getString("kind")), Visibility.valueOf(rs.getString("visibility")),
            rs.getString("tier") == null ? null : Tier.valueOf(rs.getString("tier")), rs.getString("node_code"),
            rs.getString("actor"), rs.getString("message")))
        .list();
  }

  static Complaint map(ResultSet rs, int row) throws SQLException {
    int score = rs.getInt("rating_score");
    Integer rating = rs.wasNull() ? null : score;
    String resolvedTier = rs.getString("resolved_tier");
    return new Complaint(rs.getString("case_number"), rs.getString("community_code"), rs.getString("category"),
        rs.getString("title"), rs.getString("description"), rs.getString("reporter_name"), rs.getString("reporter_phone"),
        rs.getString("reporter_email"), rs.getString("reporter_locale"), rs.getString("channel"),
        rs.getBigDecimal("location_lat"), rs.getBigDecimal("location_lng"), rs.getString("location_address"),
        ComplaintStatus.valueOf(rs.getString("status")), Tier.valueOf(rs.getString("tier")), rs.getString("handling_node_code"),
        rs.getString("process_instance_id"), rs.getInt("reopen_count"), resolvedTier == null ? null : Tier.valueOf(resolvedTier),
        rating, rs.getString("rating_comment"), instant(rs, "created_at"), instant(rs, "updated_at"),
        instant(rs, "resolved_at"), instant(rs, "rated_at"), instant(rs, "closed_at"), rs.getString("merchant_number"));
  }
}
