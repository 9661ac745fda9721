package org.gongzhi.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Development profile only: stands in for the channels' webhooks so that the demo publishes somewhere
 * visible. It answers like a channel ({@code {"id","url"}}) and keeps the last 200 posts in memory;
 * {@code GET /sandbox/channels} lists them.
 */
@RestController
@Profile("dev")
class ChannelSandbox {

  private final List<Map<String, Object>> received = Collections.synchronizedList(new ArrayList<>());

  @PostMapping("/sandbox/channels/{channel}")
  Map<String, String> receive(@PathVariable String channel, @RequestHeader(value = "X-Gongzhi-Event", required = false) String event,
                              @RequestBody JsonNode body) {
    String id = channel + "-" + UUID.randomUUID().toString().substring(0, 8);
    synchronized (received) {
      received.add(Map.of("channel", channel, "event", String.valueOf(event), "id", id, "at", Instant.now().toString(), "body", body));
      if (received.size() > 200) {
        received.remove(0);
      }
    }
    return Map.of("id", id, "url", "https://sandbox.gongzhi.example/" + channel + "/" + id);
  }

  @GetMapping("/sandbox/channels")
  List<Map<String, Object>> list() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }
}
