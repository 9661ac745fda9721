package org.gongzhi.merchant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.gongzhi.system.Label;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.merchant.*}. Step deadlines are under {@code gongzhi.sla.deadlines.merchant-onboarding.<step>}.
 *
 * @param applicationNumberPrefix prefix of application numbers ({@code SH} → {@code SH-2026-000001})
 * @param documentsPeriod         an application still missing documents this long after it was told so ends (EXPIRED)
 * @param reReviewInterval        a listed merchant goes through community review again this long after listing
 *                                (and after each passed re-review)
 * @param suspension              how many complaints within which window suspend a listing
 * @param complaintCategories     complaint categories that may name a merchant
 * @param maxOffers               most offers per application
 * @param maxDocuments            most documents per application
 * @param documentTypes           the kinds of document an application can carry: code → labels
 * @param categories              merchant categories: code → labels and the document types they require
 * @param blocklist               credit codes that may not apply, each with the reason given to the applicant
 */
@Validated
@ConfigurationProperties("gongzhi.merchant")
public record MerchantProperties(
    @NotBlank @Pattern(regexp = "[A-Z]{1,6}") String applicationNumberPrefix,
    @NotNull Duration documentsPeriod,
    @NotNull Period reReviewInterval,
    @NotNull @Valid Suspension suspension,
    List<String> complaintCategories,
    @Min(1) @Max(50) int maxOffers,
    @Min(1) @Max(50) int maxDocuments,
    @NotEmpty Map<String, @Valid Label> documentTypes,
    @NotEmpty Map<String, @Valid Category> categories,
    List<@Valid Blocked> blocklist) {

  /** The document type a plain URL (no type given) counts as. */
  public static final String OTHER_DOCUMENT = "other";

  public MerchantProperties {
    complaintCategories = complaintCategories == null ? List.of() : List.copyOf(complaintCategories);
    blocklist = blocklist == null ? List.of() : List.copyOf(blocklist);
    for (var c : categories.entrySet()) {
      for (String type : c.getValue().documents()) {
        if (!documentTypes.containsKey(type)) {
          throw new IllegalArgumentException("gongzhi.merchant.categories." + c.getKey() + ".documents names " + type
              + ", which is not one of gongzhi.merchant.document-types " + documentTypes.keySet());
        }
      }
    }
    if (!documentTypes.containsKey(OTHER_DOCUMENT)) {
      throw new IllegalArgumentException("gongzhi.merchant.document-types must contain '" + OTHER_DOCUMENT + "' (documents sent without a type)");
    }
  }

  /** The document types the category requires that none of the supplied documents is, in the configured order. */
  public List<String> missingDocuments(String category, java.util.Collection<String> suppliedTypes) {
    Category c = categories.get(category);
    return c == null ? List.of() : c.documents().stream().filter(t -> !suppliedTypes.contains(t)).toList();
  }

  /**
   * @param complaints this many merchant complaints …
   * @param window     … within this window (counted since listing or reinstatement, whichever is later) suspend the listing
   */
  public record Suspension(@Min(1) int complaints, @NotNull Duration window) {
  }

  /** A merchant category and the documents an application in it must carry. */
  public record Category(@NotBlank String zh, @NotBlank String en, List<String> documents) {
    public Category {
      documents = documents == null ? List.of() : List.copyOf(documents);
    }

    public Label label() {
      return new Label(zh, en);
    }
  }

  /** A blocked credit code and the reason the applicant is told. */
  public record Blocked(@NotBlank String code, @NotBlank String reason) {
  }
}
