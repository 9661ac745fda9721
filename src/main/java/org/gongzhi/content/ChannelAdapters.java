package org.gongzhi.content;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The adapter of each configured channel: an adapter bean naming the channel wins, else the built-in
 * webhook adapter when the channel has a {@code webhook-url}, else the channel is not connected (said once
 * at start-up; submissions cannot target it).
 */
@Component
public class ChannelAdapters {

  private static final Logger log = LoggerFactory.getLogger(ChannelAdapters.class);

  private final Map<String, ChannelAdapter> adapters = new LinkedHashMap<>();

  public ChannelAdapters(ContentProperties properties, List<ChannelAdapter> beans, ObjectMapper json) {
    for (ChannelAdapter bean : beans) {
      if (!properties.channels().containsKey(bean.channel())) {
        throw new IllegalStateException("channel adapter " + bean.getClass().getName() + " serves " + bean.channel()
            + ", which is not configured under gongzhi.content.channels");
      }
      adapters.put(bean.channel(), bean);
    }
    properties.channels().forEach((code, channel) -> {
      if (!adapters.containsKey(code) && channel.webhookUrl() != null) {
        if (!channel.webhookUrl().getScheme().matches("https?")) {
          throw new IllegalStateException("gongzhi.content.channels." + code + ".webhook-url must be http(s): " + channel.webhookUrl());
        }
        adapters.put(code, new WebhookChannelAdapter(code, channel.webhookUrl(), channel.timeout(), json));
      }
    });
    properties.channels().keySet().stream().filter(code -> !adapters.containsKey(code)).forEach(code ->
        log.warn("Content channel {} is not connected (no webhook-url, no adapter): submissions cannot target it", code));
  }

  public Optional<ChannelAdapter> find(String channel) {
    return Optional.ofNullable(adapters.get(channel));
  }

  public boolean isConnected(String channel) {
    return adapters.containsKey(channel);
  }

  public ChannelAdapter require(String channel) {
    return find(channel).orElseThrow(() -> new IllegalStateException("content channel " + channel + " is not connected"));
  }
}
