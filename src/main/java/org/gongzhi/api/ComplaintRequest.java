package org.gongzhi.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** {@code POST /api/v1/complaints}: what a resident channel sends. */
public record ComplaintRequest(
    @NotBlank @Size(max = 32) String communityCode,
    @NotBlank @Size(max = 32) String category,
    @NotBlank @Size(max = 200) String title,
    @NotBlank @Size(max = 4000) String description,
    @NotNull @Valid Reporter reporter,
    @NotBlank @Size(max = 32) String channel,
    @Valid Location location,
    @Size(max = 8) String locale,
    @Size(max = 32) String merchantNumber) {

  /** Mainland mobile (11 digits, 1[3-9]…), or landline with area code, optional +86 and separators. */
  static final String PHONE = "^(\\+?86[- ]?)?(1[3-9]\\d{9}|0\\d{2,3}[- ]?\\d{7,8})$";

  public record Reporter(
      @NotBlank @Size(max = 100) String name,
      @NotBlank @Pattern(regexp = PHONE) String phone,
      @Email @Size(max = 200) String email) {
  }

  public record Location(
      @NotNull @DecimalMin("-90") @DecimalMax("90") @Digits(integer = 3, fraction = 6) BigDecimal lat,
      @NotNull @DecimalMin("-180") @DecimalMax("180") @Digits(integer = 3, fraction = 6) BigDecimal lng,
      @Size(max = 300) String address) {
  }
}
