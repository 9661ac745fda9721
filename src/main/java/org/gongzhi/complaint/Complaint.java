package org.gongzhi.complaint;

import java.math.BigDecimal;
import java.time.Instant;
import org.gongzhi.jurisdiction.Tier;

/** A complaint as stored in Gongzhi's own table (personal data included; never in process variables). */
public record Complaint(
    String caseNumber, String communityCode, String category, String title, String description,
    String reporterName, String reporterPhone, String reporterEmail, String reporterLocale, String channel,
    BigDecimal locationLat, BigDecimal locationLng, String locationAddress,
    ComplaintStatus status, Tier tier, String handlingNodeCode, String processInstanceId, int reopenCount,
    Tier resolvedTier, Integer ratingScore, String ratingComment,
    Instant createdAt, Instant updatedAt, Instant resolvedAt, Instant ratedAt, Instant closedAt,
    String merchantNumber) {

  /** Rated since the latest resolution (a new resolution clears the rating; the timeline keeps every one). */
  public boolean ratedSinceResolution() {
    return ratedAt != null;
  }
}
