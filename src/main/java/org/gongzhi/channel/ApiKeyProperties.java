package org.gongzhi.channel;

import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.api.*}.
 *
 * @param defaultRateLimitPerMinute requests per minute a new key may make unless its creator says otherwise
 * @param demoKey                   a key created at start-up with a known value (dev and test profiles only: the README's curl
 *                                  examples use it); absent in production
 */
@Validated
@ConfigurationProperties("gongzhi.api")
public record ApiKeyProperties(@Min(1) int defaultRateLimitPerMinute, DemoKey demoKey) {

  public ApiKeyProperties {
    if (defaultRateLimitPerMinute == 0) {
      defaultRateLimitPerMinute = 600;
    }
  }

  public record DemoKey(String key, String name, String channel, List<String> nodeCodes, List<String> resources, Integer rateLimitPerMinute) {
  }
}
