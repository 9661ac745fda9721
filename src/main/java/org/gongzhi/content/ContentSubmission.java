package org.gongzhi.content;

import java.time.Instant;
import java.util.List;

/** A submission as stored: its current version, where it stands, who wrote it. */
public record ContentSubmission(String submissionNumber, String communityCode, String title, String body, List<String> mediaUrls,
                                List<String> targetChannels, Instant publishAt, Origin origin, String authorUserId,
                                String authorName, String authorEmail, String authorPhone, String sourceChannel,
                                String sourceOrderNumber, Status status, ReviewLevel reviewLevel, int round,
                                String processInstanceId, Instant createdAt, Instant approvedAt, Instant publishedAt,
                                Instant withdrawnAt, String withdrawnBy, String withdrawalReason) {

  /** Who submitted. */
  public enum Origin {
    /** A community media volunteer (媒介宣传员) with an account. */
    AUTHOR,
    /** A resident, relayed by a resident channel. */
    RESIDENT,
    /** A volunteer service the centre handed to the media team. */
    PUBLICITY
  }

  public enum Status {
    IN_REVIEW, NEEDS_REVISION, APPROVED, PUBLISHING, PUBLISHED, WITHDRAWN, ABANDONED
  }

  /** Approved, scheduled or on some channel: what the final-review level may withdraw. */
  public boolean isWithdrawable() {
    return status == Status.APPROVED || status == Status.PUBLISHING || status == Status.PUBLISHED;
  }

  /** One signature: a level's decision in a round. */
  public record Review(int round, ReviewLevel level, String nodeCode, String reviewer, String decision, String reason, Instant decidedAt) {
  }

  /** Where the item stands on one channel. */
  public record Publication(String channel, PublicationStatus status, String externalId, String externalUrl, int attempts,
                            String lastError, Instant lastAttemptAt, Instant publishedAt, Instant withdrawnAt) {
  }

  public enum PublicationStatus {
    /** Waiting for the publish time or its turn. */
    SCHEDULED,
    PUBLISHED,
    /** The last attempt failed; retried until the retries are used up, then a Cockpit incident. */
    FAILED,
    /** Withdrawn before it was published there. */
    CANCELLED,
    /** Taken down after publication. */
    WITHDRAWN
  }
}
