package org.gongzhi.volunteer;

import java.time.Instant;

/** A volunteer order as stored (personal data included; never in process variables). */
public record VolunteerOrder(
    String orderNumber, String communityCode, String category, String description, String preferredTime, String address,
    String reporterName, String reporterPhone, String origin, Status status, String dispatcherNode, String teamCode,
    int redispatchCount, Instant flaggedAt, String declineReason, String scheduledFor, String processInstanceId, Integer ratingScore,
    String ratingComment, Instant ratedAt, Instant createdAt, Instant servedAt, Instant closedAt) {

  public enum Status { AWAITING_DISPATCH, DISPATCHED, ACCEPTED, SERVED, DECLINED, CLOSED }

  /** One step of an order's history; all of it is visible to the resident except who acted. */
  public record Event(Instant at, String kind, String teamCode, String actor, String message) {
  }
}
