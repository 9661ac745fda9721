package org.gongzhi.content;

/**
 * Publishes approved content to one channel and takes it down again. The built-in
 * {@link WebhookChannelAdapter} serves every configured channel that has a {@code webhook-url}; a Spring
 * bean implementing this interface replaces it for the channel it names (e.g. a native WeChat
 * official-account client). Implementations throw on any failure: the engine retries the channel's job
 * and raises an incident when the retries are used up, while the other channels go on.
 */
public interface ChannelAdapter {

  /** The channel code this adapter serves, as configured under {@code gongzhi.content.channels}. */
  String channel();

  /** Publishes; returns the channel's id of the post (needed to withdraw it) and its public URL if any. */
  Published publish(ContentItem item) throws Exception;

  /** Asks the channel to take the post down. */
  void withdraw(ContentItem item, String externalId, String reason) throws Exception;

  /** What a channel answered to a publication. */
  record Published(String externalId, String externalUrl) {
  }
}
