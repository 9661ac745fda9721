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
 */
@Validated
@ConfigurationProperties("gongzhi.sla")
public record SlaProperties(
    @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false) double warningShare,
    Map<String, Map<String, Map<String, Duration>>> deadlines) {

  public SlaProperties {
    deadlines = deadlines == null ? Map.of() : deadlines;
  }
}
