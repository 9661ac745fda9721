package org.gongzhi.content;

import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gongzhi.content.ContentSubmission.Origin;
import org.gongzhi.content.ContentSubmission.Publication;
import org.gongzhi.content.ContentSubmission.PublicationStatus;
import org.gongzhi.content.ContentSubmission.Review;
import org.gongzhi.content.ContentSubmission.Status;
import org.gongzhi.sla.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Submissions, their reviews and their publications per channel. */
@Repository
class ContentRepository {

  private final JdbcClient jdbc;
  private final TransactionTemplate ownTransaction;

  ContentRepository(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactionManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  void insert(ContentSubmission s) {
    Instant now = EngineTime.now();
    jdbc.sql("""
            insert into content_submission (submission_number, community_code, title, body, media_urls, target_channels, publish_at,
              origin, author_user_id, author_name, author_email, author_phone, source_channel, source_order_number, status,
              round, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
        .params(s.submissionNumber(), s.communityCode(), s.title(), s.body(), lines(s.mediaUrls()), String.join(",", s.targetChannels()),
            ts(s.publishAt()), s.origin().name(), s.authorUserId(), s.authorName(), s.authorEmail(), s.authorPhone(), s.sourceChannel(),
            s.sourceOrderNumber(), Status.IN_REVIEW.name(), ts(now), ts(now))
        .update();
  }

  Optional<ContentSubmission> find(String number) {
    return jdbc.sql("select * from content_submission where submission_number = ?").param(number)
        .query(ContentRepository::map).optional();
  }

  ContentSubmission require(String number) {
    return find(number).orElseThrow(() -> new ContentSubmissionNotFoundException(number));
  }

  void attachProcessInstance(String number, String processInstanceId) {
    jdbc.sql("update content_submission set process_instance_id = ? where submission_number = ?").params(processInstanceId, number).update();
  }

  void inReview(String number, ReviewLevel level) {
    jdbc.sql("update content_submission set status = 'IN_REVIEW', review_level = ?, updated_at = ? where submission_number = ?")
        .params(level.name(), ts(EngineTime.now()), number).update();
  }

  void setStatus(String number, Status status) {
    jdbc.sql("update content_submission set status = ?, review_level = null, updated_at = ? where submission_number = ?")
        .params(status.name(), ts(EngineTime.now()), number).update();
  }

  /** The author's new version replaces the content; the next round begins. */
  void revise(String number, ContentDraft draft) {
    jdbc.sql("""
            update content_submission set title = ?, body = ?, media_urls = ?, target_channels = ?, publish_at = ?,
              round = round + 1, updated_at = ? where submission_number = ?""")
        .params(draft.title(), draft.body(), lines(draft.mediaUrls()), String.join(",", draft.targetChannels()), ts(draft.publishAt()),
            ts(EngineTime.now()), number).update();
  }

  void approve(String number) {
    Instant now = EngineTime.now();
    jdbc.sql("update content_submission set status = 'APPROVED', review_level = null, approved_at = ?, updated_at = ? where submission_number = ?")
        .params(ts(now), ts(now), number).update();
  }

  void published(String number) {
    Instant now = EngineTime.now();
    jdbc.sql("update content_submission set status = 'PUBLISHED', published_at = ?, updated_at = ? where submission_number = ? and status in ('APPROVED', 'PUBLISHING')")
        .params(ts(now), ts(now), number).update();
  }

  void withdraw(String number, String by, String reason) {
    Instant now = EngineTime.now();
    jdbc.sql("update content_submission set status = 'WITHDRAWN', withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ?, updated_at = ? where submission_number = ?")
        .params(ts(now), by, reason, ts(now), number).update();
  }

  // ---- reviews -----------------------------------------------------------------------------------

  void addReview(String number, int round, ReviewLevel level, String nodeCode, String reviewer, String decision, String reason) {
    jdbc.sql("insert into content_review (submission_number, round, review_level, node_code, reviewer, decision, reason, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(number, round, level.name(), nodeCode, reviewer, decision, reason, ts(EngineTime.now())).update();
  }

  List<Review> reviews(String number) {
    return jdbc.sql("select * from content_review where submission_number = ? order by decided_at, id").param(number)
        .query((rs, i) -> new Review(rs.getInt("round"), ReviewLevel.valueOf(rs.getString("review_level")), rs.getString("node_code"),
            rs.getString("reviewer"), rs.getString("decision"), rs.getString("reason"), instant(rs, "decided_at"))).list();
  }

  /** The levels other than {@code level} this person has signed for this submission, in any round. */
  List<ReviewLevel> otherLevelsSignedBy(String number, String reviewer, ReviewLevel level) {
    return jdbc.sql("select distinct review_level from content_review where submission_number = ? and reviewer = ? and review_level <> ?")
        .params(number, reviewer, level.name()).query(String.class).list().stream().map(ReviewLevel::valueOf).toList();
  }

  // ---- publications ------------------------------------------------------------------------------

  /** One SCHEDULED row per target channel (replacing those of an earlier approval, if any). */
  void schedulePublications(String number, List<String> channels) {
    jdbc.sql("delete from content_publication where submission_number = ?").param(number).update();
    for (String channel : channels) {
      jdbc.sql("insert into content_publication (submission_number, channel, status, attempts) values (?, ?, 'SCHEDULED', 0)")
          .params(number, channel).update();
    }
  }

  List<Publication> publications(String number) {
    return jdbc.sql("select * from content_publication where submission_number = ?").param(number)
        .query(ContentRepository::mapPublication).list();
  }

  Optional<Publication> publication(String number, String channel) {
    return jdbc.sql("select * from content_publication where submission_number = ? and channel = ?").params(number, channel)
        .query(ContentRepository::mapPublication).optional();
  }

  List<String> channelsIn(String number, PublicationStatus... statuses) {
    List<String> names = Arrays.stream(statuses).map(Enum::name).toList();
    return publications(number).stream().filter(p -> names.contains(p.status().name())).map(Publication::channel).toList();
  }

  void publishedTo(String number, String channel, String externalId, String externalUrl) {
    Instant now = EngineTime.now();
    jdbc.sql("""
            update content_publication set status = 'PUBLISHED', external_id = ?, external_url = ?, attempts = attempts + 1,
              last_error = null, last_attempt_at = ?, published_at = ? where submission_number = ? and channel = ?""")
        .params(externalId, externalUrl, ts(now), ts(now), number, channel).update();
    jdbc.sql("update content_submission set status = 'PUBLISHING', updated_at = ? where submission_number = ? and status = 'APPROVED'")
        .params(ts(now), number).update();
  }

  void withdrawnFrom(String number, String channel) {
    jdbc.sql("update content_publication set status = 'WITHDRAWN', last_error = null, withdrawn_at = ? where submission_number = ? and channel = ?")
        .params(ts(EngineTime.now()), number, channel).update();
  }

  /** Channels not reached yet will not be: the item was withdrawn. */
  void cancelUnpublished(String number) {
    jdbc.sql("update content_publication set status = 'CANCELLED' where submission_number = ? and status in ('SCHEDULED', 'FAILED')")
        .param(number).update();
  }

  /**
   * Records a failed attempt in a transaction of its own: the job's transaction rolls back when it
   * rethrows, and the attempt must stay visible to the author and in the status.
   */
  void recordFailure(String number, String channel, boolean publishing, String error) {
    String message = error == null ? "unknown error" : error.length() > 1000 ? error.substring(0, 1000) : error;
    ownTransaction.executeWithoutResult(tx -> {
      Instant now = EngineTime.now();
      if (publishing) {
        jdbc.sql("update content_publication set status = 'FAILED', attempts = attempts + 1, last_error = ?, last_attempt_at = ? where submission_number = ? and channel = ?")
            .params(message, ts(now), number, channel).update();
      } else {
        jdbc.sql("update content_publication set last_error = ?, last_attempt_at = ? where submission_number = ? and channel = ?")
            .params(message, ts(now), number, channel).update();
      }
    });
  }

  private static String lines(List<String> items) {
    return items == null || items.isEmpty() ? null : String.join("\n", items);
  }

  private static List<String> split(String s, String by) {
    return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(by)).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  static ContentSubmission map(ResultSet rs, int row) throws SQLException {
    String level = rs.getString("review_level");
    return new ContentSubmission(rs.getString("submission_number"), rs.getString("community_code"), rs.getString("title"),
        rs.getString("body"), split(rs.getString("media_urls"), "\n"), split(rs.getString("target_channels"), ","),
        instant(rs, "publish_at"), Origin.valueOf(rs.getString("origin")), rs.getString("author_user_id"), rs.getString("author_name"),
        rs.getString("author_email"), rs.getString("author_phone"), rs.getString("source_channel"), rs.getString("source_order_number"),
        Status.valueOf(rs.getString("status")), level == null ? null : ReviewLevel.valueOf(level), rs.getInt("round"),
        rs.getString("process_instance_id"), instant(rs, "created_at"), instant(rs, "approved_at"), instant(rs, "published_at"),
        instant(rs, "withdrawn_at"), rs.getString("withdrawn_by"), rs.getString("withdrawal_reason"));
  }

  static Publication mapPublication(ResultSet rs, int row) throws SQLException {
    return new Publication(rs.getString("channel"), PublicationStatus.valueOf(rs.getString("status")), rs.getString("external_id"),
        rs.getString("external_url"), rs.getInt("attempts"), rs.getString("last_error"), instant(rs, "last_attempt_at"),
        instant(rs, "published_at"), instant(rs, "withdrawn_at"));
  }
}
