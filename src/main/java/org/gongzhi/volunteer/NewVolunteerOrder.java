package org.gongzhi.volunteer;

/**
 * An order from the service menu, or a need the centre posts itself ({@code origin} CENTRE, no reporter).
 */
public record NewVolunteerOrder(String communityCode, String category, String description, String preferredTime,
                                String address, String reporterName, String reporterPhone, boolean postedByCentre) {
}
