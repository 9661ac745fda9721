package org.gongzhi.content;

import java.time.Instant;
import java.util.List;

/** A version of the content, as the author writes it (first submission or revision), already checked. */
public record ContentDraft(String title, String body, List<String> mediaUrls, List<String> targetChannels, Instant publishAt) {
}
