package org.gongzhi.sla;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.sla.*}: every deadline of every process, as ISO-8601 durations.
 *
 * <pre>
 * gongzhi.sla.warning-share: 0.75
 * gongzhi.sla.deadlines.complaint-escalation.community.reply: PT24H
 * gongzhi.sla.deadlines.complaint-escalation.community.resolve: P3D
 * </pre>
 *
 * @param warningShare share of a deadline after which a warning goes out (0 &lt; share &lt; 1)
 * @param deadlines    process key → step or tier → kind of deadline → duration
 * @param clocks       process key → step or tier → kind → {@code wall-clock} (the default) or {@code working-time}
 * @param calendar     what working time is
 */
@Validated
@ConfigurationProperties("gongzhi.sla")
public record SlaProperties(
    @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false) double warningShare,
    Map<String, Map<String, Map<String, Duration>>> deadlines,
    Map<String, Map<String, Map<String, Clock>>> clocks,
    Calendar calendar) {

  public SlaProperties {
    deadlines = deadlines == null ? Map.of() : deadlines;
    clocks = clocks == null ? Map.of() : clocks;
    calendar = calendar == null ? new Calendar(null, null, null) : calendar;
  }

  /** Which time a deadline counts. */
  public enum Clock {
    /** Every hour of every day. */
    WALL_CLOCK,
    /** Working hours on working days ({@link WorkingCalendar}). */
    WORKING_TIME
  }

  /** The clock of one deadline; wall-clock unless configured. */
  public Clock clockOf(String processKey, String step, SlaKind kind) {
    return java.util.Optional.ofNullable(clocks.get(processKey)).map(steps -> steps.get(step))
        .map(kinds -> kinds.get(kind.configKey())).orElse(Clock.WALL_CLOCK);
  }

  /**
   * @param workingHours periods of a working day, in order, e.g. {@code 09:00-12:00}, {@code 13:00-18:00}
   * @param zone         the time zone working hours are in
   * @param files        where the yearly holiday files are ({@code cn-<year>.csv}), a Spring resource pattern
   */
  public record Calendar(java.util.List<String> workingHours, String zone, String files) {
    public Calendar {
      workingHours = workingHours == null || workingHours.isEmpty() ? java.util.List.of("09:00-12:00", "13:00-18:00") : workingHours;
      zone = zone == null ? "Asia/Shanghai" : zone;
      files = files == null ? "classpath*:calendar/*.csv" : files;
    }
  }
}
