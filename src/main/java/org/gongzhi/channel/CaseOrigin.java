package org.gongzhi.channel;

/**
 * Who created a case through the API: the key's channel (its webhooks receive the case's events), the key, the
 * resident when the channel named one ({@code residentRef}: SHA-256 of channel and the channel's resident id), and the
 * {@code Idempotency-Key} of the request that created it, if it sent one (one case per key and API key, ever).
 */
public record CaseOrigin(String channel, String apiKeyId, String residentRef, String idempotencyKey) {

  public CaseOrigin(String channel, String apiKeyId, String residentRef) {
    this(channel, apiKeyId, residentRef, null);
  }
}
