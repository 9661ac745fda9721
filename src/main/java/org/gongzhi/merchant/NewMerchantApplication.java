package org.gongzhi.merchant;

import java.math.BigDecimal;
import java.util.List;
import org.gongzhi.channel.CaseOrigin;

/** What a merchant (or the channel relaying them) submits; shape checked by the API, domain rules by {@link MerchantApplications}. */
public record NewMerchantApplication(String communityCode, String name, String unifiedSocialCreditCode, String category,
                                     String contactName, String contactPhone, String contactEmail, String address,
                                     List<NewOffer> offers, List<NewDocument> documents, CaseOrigin origin) {

  /** An application not made through the API. */
  public NewMerchantApplication(String communityCode, String name, String unifiedSocialCreditCode, String category, String contactName,
                                String contactPhone, String contactEmail, String address, List<NewOffer> offers, List<NewDocument> documents) {
    this(communityCode, name, unifiedSocialCreditCode, category, contactName, contactPhone, contactEmail, address, offers, documents, null);
  }

  public record NewOffer(String title, String description, BigDecimal discount) {
  }

  /** A document: its type (null for a plain URL, which counts as "other") and its http(s) URL. */
  public record NewDocument(String type, String url) {
  }
}
