package org.gongzhi.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/volunteer-orders}. A resident's order needs the reporter; a need the centre posts
 * itself ({@code "postedByCentre": true}) does not.
 */
public record VolunteerOrderRequest(
    @NotBlank @Size(max = 32) String communityCode,
    @NotBlank @Size(max = 32) String category,
    @NotBlank @Size(max = 2000) String description,
    @Size(max = 100) String preferredTime,
    @Size(max = 300) String address,
    @Valid Reporter reporter,
    Boolean postedByCentre) {

  public record Reporter(
      @NotBlank @Size(max = 100) String name,
      @NotBlank @Pattern(regexp = ComplaintRequest.PHONE) String phone) {
  }
}
