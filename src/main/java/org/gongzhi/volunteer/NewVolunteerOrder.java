package org.gongzhi.volunteer;

import org.gongzhi.channel.CaseOrigin;

/**
 * An order from the service menu, or a need the centre posts itself ({@code origin} CENTRE, no reporter).
 */
public record NewVolunteerOrder(String communityCode, String category, String description, String preferredTime,
                                String address, String reporterName, String reporterPhone, boolean postedByCentre,
                                CaseOrigin origin) {

  /** An order not placed through the API. */
  public NewVolunteerOrder(String communityCode, String category, String description, String preferredTime, String address,
                           String reporterName, String reporterPhone, boolean postedByCentre) {
    this(communityCode, category, description, preferredTime, address, reporterName, reporterPhone, postedByCentre, null);
  }
}
