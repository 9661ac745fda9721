package org.gongzhi.privacy;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.privacy.*}: how long residents' personal data is kept after a case is closed (docs/privacy.md).
 *
 * @param retention     a closed case's personal fields are erased this long after it closed (ISO-8601 period, e.g. P3Y);
 *                      case number, community, category, channel, tiers, dates, deadlines, breaches and ratings stay
 * @param purgeEnabled  whether this node runs the purge on a schedule (off in the test profile: tests call
 *                      {@link PersonalDataPurge#purge()} after moving Camunda's clock); several nodes may run it
 * @param purgeInterval pause between two purges
 */
@Validated
@ConfigurationProperties("gongzhi.privacy")
public record PrivacyProperties(
    @NotNull @DefaultValue("P3Y") Period retention,
    @DefaultValue("true") boolean purgeEnabled,
    @NotNull @DefaultValue("PT6H") Duration purgeInterval) {
}
