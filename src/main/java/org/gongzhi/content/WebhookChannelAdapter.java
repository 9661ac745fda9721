package org.gongzhi.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in adapter: posts JSON to the channel's webhook URL.
 *
 * <pre>
 * POST {webhook-url}   X-Gongzhi-Event: content.published   Idempotency-Key: NR-2026-000001:douyin:publish
 * {"event":"content.published","submissionNumber":…,"channel":…,"title":…,"body":…,"mediaUrls":[…],
 *  "communityCode":…,"communityName":…,"publishAt":…}
 * → 2xx {"id": "…", "url": "…"}        (id required, url optional)
 *
 * POST {webhook-url}   X-Gongzhi-Event: content.withdrawn
 * {"event":"content.withdrawn","submissionNumber":…,"channel":…,"externalId":…,"reason":…}
 * → 2xx
 * </pre>
 *
 * Anything else (connection refused, timeout, non-2xx, a 2xx without an id) is a failure the engine retries.
 * The idempotency key lets the channel recognise a retry whose first answer was lost.
 */
public class WebhookChannelAdapter implements ChannelAdapter {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final String channel;
  private final URI url;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json;

  public WebhookChannelAdapter(String channel, URI url, Duration timeout, ObjectMapper json) {
    this.channel = channel;
    this.url = url;
    this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    this.http = HttpClient.newBuilder().connectTimeout(this.timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.json = json;
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public Published publish(ContentItem item) throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", "content.published");
    body.put("submissionNumber", item.submissionNumber());
    body.put("channel", channel);
    body.put("title", item.title());
    body.put("body", item.body());
    body.put("mediaUrls", item.mediaUrls());
    body.put("communityCode", item.communityCode());
    body.put("communityName", item.communityName());
    body.put("publishAt", item.publishAt() == null ? null : item.publishAt().toString());
    HttpResponse<String> response = post("content.published", item.submissionNumber() + ":" + channel + ":publish", body);
    JsonNode answer;
    try {
      answer = json.readTree(response.body());
    } catch (IOException e) {
      throw new ChannelFailure(channel + " answered " + response.statusCode() + " without JSON");
    }
    String id = answer == null ? null : answer.path("id").asText(null);
    if (id == null || id.isBlank()) {
      throw new ChannelFailure(channel + " answered " + response.statusCode() + " without an id");
    }
    String externalUrl = answer.path("url").asText(null);
    return new Published(limit(id, 200), externalUrl == null ? null : limit(externalUrl, 1000));
  }

  @Override
  public void withdraw(ContentItem item, String externalId, String reason) throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", "content.withdrawn");
    body.put("submissionNumber", item.submissionNumber());
    body.put("channel", channel);
    body.put("externalId", externalId);
    body.put("reason", reason);
    post("content.withdrawn", item.submissionNumber() + ":" + channel + ":withdraw", body);
  }

  private HttpResponse<String> post(String event, String idempotencyKey, Map<String, Object> body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("X-Gongzhi-Event", event)
        .header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() / 100 != 2) {
      throw new ChannelFailure(channel + " answered " + response.statusCode() + ": " + limit(response.body(), 200));
    }
    return response;
  }

  private static String limit(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** The channel refused or answered nonsense. */
  public static class ChannelFailure extends IOException {
    public ChannelFailure(String message) {
      super(message);
    }
  }
}
