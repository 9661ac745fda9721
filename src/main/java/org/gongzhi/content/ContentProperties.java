package org.gongzhi.content;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gongzhi.system.Label;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.content.*}. Review deadlines are under {@code gongzhi.sla.deadlines.content-approval.<level>.review}.
 *
 * @param submissionNumberPrefix prefix of submission numbers ({@code NR} → {@code NR-2026-000001})
 * @param maxTitleLength         longest title accepted
 * @param maxBodyLength          longest body accepted (characters; at most 20,000, the column size)
 * @param maxMediaUrls           most media URLs per submission
 * @param revisionPeriod         a rejected submission the author has not revised in this time is ended (ABANDONED)
 * @param publishRetryCycle      retries of a failing channel before it becomes a Cockpit incident, e.g. {@code R3/PT5M}
 * @param channels               the target channels: code → labels and the adapter's settings
 * @param publicityChannels      where a volunteer service handed over for publicity goes
 */
@Validated
@ConfigurationProperties("gongzhi.content")
public record ContentProperties(
    @NotBlank @Pattern(regexp = "[A-Z]{1,6}") String submissionNumberPrefix,
    @Min(1) @Max(200) int maxTitleLength,
    @Min(1) @Max(20000) int maxBodyLength,
    @Min(0) @Max(50) int maxMediaUrls,
    @NotNull Duration revisionPeriod,
    @NotBlank @Pattern(regexp = "R\\d+/P.+") String publishRetryCycle,
    @NotEmpty Map<String, @Valid Channel> channels,
    List<String> publicityChannels) {

  public ContentProperties {
    publicityChannels = publicityChannels == null ? List.of() : List.copyOf(publicityChannels);
  }

  /**
   * One target channel.
   *
   * @param zh         name in Chinese
   * @param en         name in English
   * @param webhookUrl where the built-in adapter posts (publish and withdraw); without it, and without an
   *                   adapter bean of its own, the channel is not connected and submissions cannot target it
   * @param timeout    connect and read timeout of the webhook (default 10 s)
   */
  public record Channel(@NotBlank String zh, @NotBlank String en, URI webhookUrl, Duration timeout) {
    public Label label() {
      return new Label(zh, en);
    }
  }
}
