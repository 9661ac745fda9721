package org.gongzhi.api;

import java.util.function.Function;
import java.util.function.Supplier;
import org.gongzhi.channel.CaseOrigins;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.system.InvalidInputException.FieldProblem;
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

  /**
   * A community the caller names (to create a case, or to list one): unknown unless inside the key's nodes. Checked
   * before the module's own rules, for an unknown and a foreign code alike, so that both get exactly the same answer
   * (one problem, {@code communityCode}) whatever else the request gets wrong.
   */
  void requireCommunity(ChannelCaller caller, String communityCode) {
    if (communityCode == null || communityCode.isBlank()) {
      return; // the request's own validation names the missing field
    }
    if (jurisdictions.find(communityCode.strip()).filter(caller::covers).isEmpty()) {
      throw new InvalidInputException("communityCode", "field.unknownCommunity", communityCode);
    }
  }

  /** A code no jurisdiction node has (codes are letters, digits and '-', never only a '~'). */
  private static final String NOWHERE = "~";

  /**
   * Creates a case in {@code communityCode} by {@code create}. A community outside the key's nodes is handed to the module
   * as one that does not exist, so that the answer is exactly the module's answer for an unknown community: every other
   * problem of the request listed with it, and the caller's own code in the message.
   */
  <T> T createIn(ChannelCaller caller, String communityCode, Function<String, T> create) {
    boolean foreign = communityCode != null && jurisdictions.find(communityCode.strip()).filter(n -> !caller.covers(n)).isPresent();
    if (!foreign) {
      return create.apply(communityCode);
    }
    try {
      create.apply(NOWHERE);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.problems().stream()
          .map(p -> "communityCode".equals(p.field()) ? new FieldProblem(p.field(), p.code(), communityCode) : p).toList());
    }
    throw new IllegalStateException("a case was accepted for a community that does not exist");
  }

  /** A merchant a complaint names: one outside the key's nodes is "not listed", like an unknown one. */
  void requireMerchant(ChannelCaller caller, String merchantNumber, java.util.function.Function<String, java.util.Optional<String>> communityOf) {
    if (merchantNumber == null || merchantNumber.isBlank()) {
      return;
    }
    communityOf.apply(merchantNumber.strip()).flatMap(jurisdictions::find).filter(node -> !caller.covers(node)).ifPresent(node -> {
      throw new InvalidInputException("merchantNumber", "merchant.notListed", merchantNumber);
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
