package org.gongzhi.complaint;

import java.math.BigDecimal;

/** What a channel submits (merchantNumber: the listed merchant a merchant complaint is about, or null); shape already checked by the API, domain rules by {@link ComplaintManagement}. */
public record NewComplaint(String communityCode, String category, String title, String description,
                           String reporterName, String reporterPhone, String reporterEmail, String locale,
                           String channel, BigDecimal lat, BigDecimal lng, String address, String merchantNumber) {
}
