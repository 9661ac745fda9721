package org.gongzhi.volunteer;

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
 * {@code gongzhi.volunteer.*}. Deadlines (dispatch, acceptance window, service) are under
 * {@code gongzhi.sla.deadlines.volunteer-order.order}.
 *
 * @param orderNumberPrefix  prefix of order numbers ({@code ZY} → {@code ZY-2026-000001})
 * @param maxRedispatches    after this many returns to the dispatcher the order is flagged to the centre's supervisors
 * @param confirmationPeriod a served order the resident has not confirmed closes itself after this
 * @param categories         the service menu: code → labels
 * @param teamsFile          optional CSV of teams {@code code,name,homeNode,leaderUserId,leaderName,leaderEmail,categories(;-separated)}
 * @param volunteersFile     optional CSV of volunteers {@code id,name,teamCode}
 */
@Validated
@ConfigurationProperties("gongzhi.volunteer")
public record VolunteerProperties(
    @NotBlank @Pattern(regexp = "[A-Z]{1,6}") String orderNumberPrefix,
    @Min(1) int maxRedispatches,
    @NotNull Duration confirmationPeriod,
    @NotEmpty Map<String, @Valid Label> categories,
    String teamsFile,
    String volunteersFile) {
}
