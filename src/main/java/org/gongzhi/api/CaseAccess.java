package org.gongzhi.api;

import java.util.function.Supplier;
import org.gongzhi.channel.CaseOrigins;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.system.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * What an API key may see and touch, case by case. A case outside the key's jurisdiction, or another resident's
 * case, is answered exactly like a case that does not exist (404); a community outside the key's jurisdiction exactly
 * like a community that does not exist (400 on {@code communityCode}). Nothing tells a caller that a number or code is
 * real but not theirs.
 */
@Component
class CaseAccess {

  private final Jurisdictions jurisdictions;
  private final CaseOrigins origins;

  CaseAccess(Jurisdictions jurisdictions, CaseOrigins origins) {
    this.jurisdictions = jurisdictions;
    this.origins = origins;
  }

  /** A community the caller names (to create a case, or to list one): unknown unless inside the key's nodes. */
  void requireCommunity(ChannelCaller caller, String communityCode) {
    if (communityCode == null || communityCode.isBlank()) {
      return; // the request's own validation names the missing field
    }
    jurisdictions.find(communityCode.strip()).ifPresent(node -> {
      if (!caller.covers(node)) {
        throw new InvalidInputException("communityCode", "field.unknownCommunity", communityCode);
      }
    });
  }

  /** A case of {@code communityCode} numbered {@code caseRef}: thrown as not found unless the caller may see it. */
  void requireVisible(ChannelCaller caller, String caseRef, String communityCode, Supplier<? extends RuntimeException> notFound) {
    JurisdictionNode community = jurisdictions.find(communityCode).orElse(null);
    if (!caller.maySee(community, origins.of(caseRef))) {
      throw notFound.get();
    }
  }
}
