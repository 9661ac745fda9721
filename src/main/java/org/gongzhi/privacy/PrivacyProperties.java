package org.gongzhi.privacy;

import jakarta.validation.constraints.AssertTrue;
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
 *                      case number, community, category, channel, tiers, dates, deadlines, breaches and ratings stay. At
 *                      least {@link #MINIMUM_RETENTION_DAYS} days: a typo (P3D for P3Y) would otherwise erase nearly every
 *                      closed case at the next purge, and that cannot be undone — the application refuses to start
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

  /** The shortest retention accepted, in days (a month counts 30 days, a year 365). */
  public static final int MINIMUM_RETENTION_DAYS = 30;

  /** Checked at start-up (this record is {@code @Validated}): a retention of at least 30 days, never zero or negative. */
  @AssertTrue(message = "gongzhi.privacy.retention must be an ISO-8601 period of at least P30D (e.g. P3Y): a shorter one would erase "
      + "the personal data of nearly every closed case at the next purge, irreversibly / 个人信息保留期不得短于 30 天")
  public boolean isRetentionAtLeastThirtyDays() {
    if (retention == null) {
      return true; // @NotNull says so
    }
    if (retention.isNegative() || retention.getYears() < 0 || retention.getMonths() < 0 || retention.getDays() < 0) {
      return false;
    }
    return retention.getYears() * 365L + retention.getMonths() * 30L + retention.getDays() >= MINIMUM_RETENTION_DAYS;
  }
}
