package org.gongzhi.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/** {@code POST /api/v1/merchant-applications}: what a merchant (or the channel relaying them) sends. */
public record MerchantApplicationRequest(
    @NotBlank @Size(max = 32) String communityCode,
    @NotBlank @Size(max = 200) String name,
    @NotBlank @Size(max = 32) String unifiedSocialCreditCode,
    @NotBlank @Size(max = 32) String category,
    @NotNull @Valid Contact contact,
    @NotBlank @Size(max = 300) String address,
    @NotEmpty @Size(max = 50) List<@NotNull @Valid Offer> offers,
    @Size(max = 50) List<@NotNull @Valid DocumentRef> documentUrls) {

  public record Contact(
      @NotBlank @Size(max = 100) String name,
      @NotBlank @Pattern(regexp = ComplaintRequest.PHONE) String phone,
      @Email @Size(max = 200) String email) {
  }

  /** An offer; {@code discount} is per cent off the usual price, 0–100 (20 = 20% off, 八折). */
  public record Offer(
      @NotBlank @Size(max = 100) String title,
      @Size(max = 1000) String description,
      @DecimalMin("0") @DecimalMax("100") BigDecimal discount) {
  }

  /**
   * A document: either a plain URL ({@code "https://…"}, counted as "other") or {@code {"type": "business-licence",
   * "url": "https://…"}} with one of the types of {@code GET /api/v1/merchant-categories}.
   */
  public record DocumentRef(@Size(max = 32) String type, @NotBlank @Size(max = 1000) String url) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public DocumentRef(@JsonProperty("type") String type, @JsonProperty("url") String url) {
      this.type = type;
      this.url = url;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static DocumentRef ofUrl(String url) {
      return new DocumentRef(null, url);
    }
  }

  /** {@code POST /api/v1/merchant-applications/{n}/documents}: documents the merchant was asked for. */
  public record Documents(@NotEmpty @Size(max = 50) List<@NotNull @Valid DocumentRef> documentUrls) {
  }
}
