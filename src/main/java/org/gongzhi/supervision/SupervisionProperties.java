package org.gongzhi.supervision;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.supervision.*}.
 *
 * @param digestCycle when the daily digest goes out: a Quartz-style cron ({@code 0 0 7 * * ?} = 07:00 every day, China time)
 */
@Validated
@ConfigurationProperties("gongzhi.supervision")
public record SupervisionProperties(@NotBlank String digestCycle) {
}
