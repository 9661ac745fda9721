package org.gongzhi.api;

import java.time.OffsetDateTime;
import java.util.List;

/** What a resident channel may show: no personal data, no staff-internal notes. */
public record ComplaintResponse(
    String caseNumber, String status, String statusLabel, String tier, String tierLabel, Unit handlingUnit,
    String communityCode, String category, String categoryLabel, String title, String channel,
    OffsetDateTime submittedAt, OffsetDateTime replyDueAt, OffsetDateTime resolveDueAt, OffsetDateTime resolvedAt,
    OffsetDateTime closedAt, Integer ratingScore, Integer reopenCount, String merchantNumber, List<Event> timeline) {

  public record Unit(String code, String name) {
  }

  public record Event(OffsetDateTime at, String kind, String kindLabel, String tier, Unit unit, String message) {
  }
}
