package org.gongzhi.complaint;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Map;
import org.gongzhi.system.Label;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.complaint.*}.
 *
 * @param caseNumberPrefix the city's prefix of case numbers ({@code SY} → {@code SY-2026-000123})
 * @param ratingPeriod     how long a resolved case waits for the resident's rating before it closes itself
 * @param maxReopens       how often an unsatisfied resident may reopen a case
 * @param categories       complaint categories: code → labels
 * @param channels         resident channels: code → labels
 */
@Validated
@ConfigurationProperties("gongzhi.complaint")
public record ComplaintProperties(
    @NotBlank @Pattern(regexp = "[A-Z]{1,6}") String caseNumberPrefix,
    @NotNull Duration ratingPeriod,
    @Min(0) int maxReopens,
    @NotEmpty Map<String, @Valid Label> categories,
    @NotEmpty Map<String, @Valid Label> channels) {
}
