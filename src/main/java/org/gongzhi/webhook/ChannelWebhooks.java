package org.gongzhi.webhook;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.system.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Each channel's callback URL and signing secret ({@code channel_webhook}). */
@Component
public class ChannelWebhooks {

  public static final int MAX_URL = 1000;

  /** What a channel registered; {@code secret} only in the answer to the registration itself. */
  public record Registration(String channel, String url, String secret) {
  }

  private final JdbcClient jdbc;
  private final WebhookUrlPolicy urls;
  private final SecureRandom random = new SecureRandom();

  public ChannelWebhooks(JdbcClient jdbc, WebhookUrlPolicy urls) {
    this.jdbc = jdbc;
    this.urls = urls;
  }

  /**
   * Registers or replaces the channel's callback with a fresh secret: registering again rotates the secret.
   * Not one transaction on purpose: each statement commits alone, so a concurrent first registration's duplicate key
   * can be answered by an update (on PostgreSQL a failed insert would otherwise poison the whole transaction).
   */
  public Registration register(String channel, String url, String apiKeyId) {
    if (url == null || url.isBlank()) {
      throw new InvalidInputException("url", "field.required");
    }
    if (url.length() > MAX_URL) {
      throw new InvalidInputException("url", "field.tooLong", MAX_URL);
    }
    urls.checkRegistration(url); // http(s); https and a public address unless configured otherwise (SSRF)
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String clean = url.strip();
    var now = Timestamps.ts(EngineTime.now());
    int updated = jdbc.sql("update channel_webhook set url = ?, secret = ?, updated_by = ?, updated_at = ? where channel = ?")
        .params(clean, secret, apiKeyId, now, channel).update();
    if (updated == 0) {
      try {
        jdbc.sql("insert into channel_webhook (channel, url, secret, updated_by, updated_at) values (?, ?, ?, ?, ?)")
            .params(channel, clean, secret, apiKeyId, now).update();
      } catch (DuplicateKeyException concurrentRegistration) { // two PUTs at once: the later one wins, as in sequence
        jdbc.sql("update channel_webhook set url = ?, secret = ?, updated_by = ?, updated_at = ? where channel = ?")
            .params(clean, secret, apiKeyId, now, channel).update();
      }
    }
    return new Registration(channel, clean, secret);
  }

  public Optional<Registration> find(String channel) {
    return jdbc.sql("select channel, url, secret from channel_webhook where channel = ?").param(channel)
        .query((rs, n) -> new Registration(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
  }

  /** Events already queued for the channel are then not delivered: they end FAILED at their next attempt. */
  public boolean remove(String channel) {
    return jdbc.sql("delete from channel_webhook where channel = ?").param(channel).update() > 0;
  }
}
