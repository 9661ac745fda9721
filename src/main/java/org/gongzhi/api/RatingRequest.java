package org.gongzhi.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/complaints/{caseNumber}/rating}.
 *
 * @param reopen for scores 1–2: reopen the case (default) or close it anyway ({@code false})
 */
public record RatingRequest(@NotNull @Min(1) @Max(5) Integer score, @Size(max = 1000) String comment, Boolean reopen) {
}
