package org.gongzhi.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Gongzhi-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, the timestamp being
 * {@code X-Gongzhi-Timestamp} (unix seconds). Signing the timestamp with the body lets a receiver refuse replays.
 */
public final class WebhookSignature {
  private WebhookSignature() {
  }

  public static final String VERSION = "v1";

  public static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return VERSION + "=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
