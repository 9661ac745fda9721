package org.gongzhi.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Requests per minute per API key: a token bucket per key holding up to a minute's allowance, refilled
 * continuously. Counted in this node's memory: with N nodes behind a load balancer a key gets at most N times
 * its limit (docs/integration-guide.md).
 */
@Component
public class RateLimits {

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** 0 when the request may go ahead; otherwise the whole seconds until it may be retried. */
  public long acquire(String keyId, int perMinute) {
    return buckets.computeIfAbsent(keyId, k -> new Bucket()).take(perMinute, System.nanoTime());
  }

  private static final class Bucket {
    private double tokens = Double.NaN;
    private long refilledAt;
    private int capacity;

    synchronized long take(int perMinute, long now) {
      if (Double.isNaN(tokens) || capacity != perMinute) { // first use, or the key's limit was changed
        tokens = perMinute;
        capacity = perMinute;
        refilledAt = now;
      }
      double perNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
      tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / TimeUnit.SECONDS.toNanos(1)));
    }
  }
}
