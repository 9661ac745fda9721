package org.gongzhi.merchant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A merchant's application and, once approved, its listing in the smart-house catalogue (one record, one number). */
public record MerchantApplication(String applicationNumber, String communityCode, String name, String creditCode, String category,
                                  String contactName, String contactPhone, String contactEmail, String address, Status status,
                                  Instant documentsDueAt, Instant rejectedAt, MerchantStep rejectionStep, String rejectionReason,
                                  Instant listedAt, Instant reReviewAt, Instant suspendedAt, Instant reinstatedAt, Instant delistedAt,
                                  String delistingReason, String processInstanceId, Instant createdAt, Instant updatedAt) {

  public enum Status {
    /** Documents the category requires are missing; the merchant has until documentsDueAt. */
    NEEDS_INFORMATION,
    COMMUNITY_REVIEW,
    INSPECTION,
    STREET_APPROVAL,
    /** In the catalogue (also while its yearly re-review runs). */
    LISTED,
    /** Out of the catalogue after repeated complaints, until the street reinstates or delists it. */
    SUSPENDED,
    REJECTED,
    /** The missing documents did not arrive in time. */
    EXPIRED,
    DELISTED;

    /** Pending or listed: its credit code cannot apply again. */
    public boolean isActive() {
      return this != REJECTED && this != EXPIRED && this != DELISTED;
    }

    public boolean isInCatalogue() {
      return this == LISTED;
    }
  }

  /** An offer residents see in the catalogue; discount in per cent off (0–100), or none. */
  public record Offer(int position, String title, String description, BigDecimal discountPercent) {
  }

  /** A document the merchant supplied: its type (one of gongzhi.merchant.document-types) and where it is. */
  public record Document(String type, String url, Instant suppliedAt) {
  }

  /** One decision of one step, kept for ever. Findings and photos are internal; the reason is the merchant's. */
  public record Decision(MerchantStep step, String nodeCode, String decidedBy, String decision, String reason, String findings,
                         List<String> photoUrls, Instant decidedAt) {
  }
}
