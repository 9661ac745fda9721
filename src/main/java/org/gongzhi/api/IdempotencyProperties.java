package org.gongzhi.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code gongzhi.api.idempotency.*}: how the {@code Idempotency-Key} of a POST is honoured ({@link IdempotencyFilter}).
 *
 * @param retention      how long a key and its answer are kept; after that the record is purged and the key may be reused
 * @param waitLimit      how long a duplicate waits for the first request with the same key to finish before it gets 409
 * @param abandonedAfter a claim still IN_PROGRESS after this long belongs to a request that died with its node: it is
 *                       dropped and the request runs again
 * @param maxBody        the largest request body a POST with an Idempotency-Key may have (413 beyond)
 * @param purgeInterval  how often expired records are deleted
 */
@ConfigurationProperties("gongzhi.api.idempotency")
public record IdempotencyProperties(Duration retention, Duration waitLimit, Duration abandonedAfter, DataSize maxBody,
                                    Duration purgeInterval) {

  public IdempotencyProperties {
    retention = retention == null ? Duration.ofDays(1) : retention;
    waitLimit = waitLimit == null ? Duration.ofSeconds(10) : waitLimit;
    abandonedAfter = abandonedAfter == null ? Duration.ofMinutes(5) : abandonedAfter;
    maxBody = maxBody == null ? DataSize.ofKilobytes(256) : maxBody;
    purgeInterval = purgeInterval == null ? Duration.ofHours(1) : purgeInterval;
  }
}
