package org.gongzhi.content;

import java.time.Instant;
import java.util.List;
import org.gongzhi.channel.CaseOrigin;

/**
 * A submission as a channel sends it. With {@code authorUserId} it is a media volunteer's (their account
 * must hold the AUTHOR role); without, a resident's relayed by {@code sourceChannel}.
 */
public record NewContentSubmission(String communityCode, String title, String body, List<String> mediaUrls, List<String> targetChannels,
                                   Instant publishAt, String authorUserId, String authorName, String authorEmail, String authorPhone,
                                   String sourceChannel, CaseOrigin origin) {

  /** A submission not made through the API. */
  public NewContentSubmission(String communityCode, String title, String body, List<String> mediaUrls, List<String> targetChannels,
                              Instant publishAt, String authorUserId, String authorName, String authorEmail, String authorPhone,
                              String sourceChannel) {
    this(communityCode, title, body, mediaUrls, targetChannels, publishAt, authorUserId, authorName, authorEmail, authorPhone,
        sourceChannel, null);
  }
}
