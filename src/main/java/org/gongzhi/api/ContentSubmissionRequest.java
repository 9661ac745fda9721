package org.gongzhi.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code POST /api/v1/content-submissions}. Title, body, media and channels are checked against
 * {@code gongzhi.content} (lengths, http(s) URLs, configured and connected channels, a future publish time).
 */
public record ContentSubmissionRequest(
    @NotBlank @Size(max = 32) String communityCode,
    String title,
    String body,
    @Size(max = 100) List<String> mediaUrls,
    @Size(max = 20) List<String> targetChannels,
    OffsetDateTime publishAt,
    @NotNull @Valid Author author) {

  /**
   * A media volunteer names their account ({@code userId}); a resident channel gives the resident's name
   * and how to reach them, and its own code ({@code channel}).
   */
  public record Author(
      @Size(max = 64) String userId,
      @Size(max = 100) String name,
      @Email @Size(max = 200) String email,
      @Pattern(regexp = ComplaintRequest.PHONE) String phone,
      @Size(max = 32) @Pattern(regexp = "[a-z0-9-]+") String channel) {
  }

  /** {@code POST /api/v1/content-submissions/{n}/revisions}: the whole new version. */
  public record Revision(String title, String body, @Size(max = 100) List<String> mediaUrls, @Size(max = 20) List<String> targetChannels,
                         OffsetDateTime publishAt) {
  }
}
