package org.gongzhi.content;

import java.time.Instant;
import java.util.List;

/** What a channel adapter publishes: the approved version of a submission. */
public record ContentItem(String submissionNumber, String communityCode, String communityName, String title, String body,
                          List<String> mediaUrls, Instant publishAt) {
}
