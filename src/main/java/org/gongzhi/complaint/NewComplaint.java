package org.gongzhi.complaint;

import java.math.BigDecimal;
import org.gongzhi.channel.CaseOrigin;

/** What a channel submits (merchantNumber: the listed merchant a merchant complaint is about, or null); shape already checked by the API, domain rules by {@link ComplaintManagement}. */
public record NewComplaint(String communityCode, String category, String title, String description,
                           String reporterName, String reporterPhone, String reporterEmail, String locale,
                           String channel, BigDecimal lat, BigDecimal lng, String address, String merchantNumber,
                           CaseOrigin origin) {

  /** A complaint not made through the API (no channel key, no resident to scope it to). */
  public NewComplaint(String communityCode, String category, String title, String description, String reporterName, String reporterPhone,
                      String reporterEmail, String locale, String channel, BigDecimal lat, BigDecimal lng, String address,
                      String merchantNumber) {
    this(communityCode, category, title, description, reporterName, reporterPhone, reporterEmail, locale, channel, lat, lng, address,
        merchantNumber, null);
  }
}
