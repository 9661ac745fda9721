package org.gongzhi.content;

import java.util.List;
import org.gongzhi.content.ContentSubmission.Publication;
import org.gongzhi.content.ContentSubmission.Review;

/** A submission with every signature and where it stands on each channel. */
public record ContentView(ContentSubmission submission, List<Review> reviews, List<ChannelState> channels) {

  /** A channel's publication; {@code incident} when its retries are used up and an operator must act in Cockpit. */
  public record ChannelState(Publication publication, boolean incident) {
  }
}
