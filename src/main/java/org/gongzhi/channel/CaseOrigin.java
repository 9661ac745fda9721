package org.gongzhi.channel;

/**
 * Who created a case through the API: the key's channel (its webhooks receive the case's events), the key, and
 * the resident when the channel named one ({@code residentRef}: SHA-256 of channel and the channel's resident id).
 */
public record CaseOrigin(String channel, String apiKeyId, String residentRef) {
}
