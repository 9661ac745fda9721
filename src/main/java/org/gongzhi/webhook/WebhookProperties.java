package org.gongzhi.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.webhook.*}: delivery of the channels' webhooks.
 *
 * @param pollerEnabled whether this node polls the outbox ({@link WebhookPoller}); off in tests, which call
 *                      {@link WebhookDispatcher#deliverDue()} themselves after moving the engine's clock
 * @param pollInterval  pause between two polls
 * @param baseDelay     wait after the first failed attempt; each further failure doubles it
 * @param maxAttempts   attempts in all; after the last failure the event is FAILED and waits for an administrator
 * @param timeout       connect and answer timeout of one delivery
 * @param batchSize     events one poll round claims at most
 * @param maxDelay      the longest wait between two attempts (the doubling stops there)
 * @param retention     DELIVERED events older than this are deleted by the poller
 * @param allowPrivateAddresses whether callbacks may point at loopback, private, link-local … addresses (off in
 *                      production, against SSRF; on in the test and dev profiles, whose receivers run on localhost)
 * @param requireHttps  whether callback URLs must be https (on in production; off in the test and dev profiles)
 */
@Validated
@ConfigurationProperties("gongzhi.webhook")
public record WebhookProperties(
    @DefaultValue("true") boolean pollerEnabled,
    @NotNull @DefaultValue("PT10S") Duration pollInterval,
    @NotNull @DefaultValue("PT30S") Duration baseDelay,
    @Min(1) @Max(30) @DefaultValue("8") int maxAttempts,
    @NotNull @DefaultValue("PT10S") Duration timeout,
    @Min(1) @Max(1000) @DefaultValue("50") int batchSize,
    @NotNull @DefaultValue("PT6H") Duration maxDelay,
    @NotNull @DefaultValue("P30D") Duration retention,
    @DefaultValue("false") boolean allowPrivateAddresses,
    @DefaultValue("true") boolean requireHttps) {

  /** Wait before the next attempt after {@code failedAttempts} failures: base, 2×base, 4×base … at most {@code maxDelay}. */
  public Duration delayAfter(int failedAttempts) {
    Duration delay = baseDelay.multipliedBy(1L << Math.min(Math.max(failedAttempts - 1, 0), 20));
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
