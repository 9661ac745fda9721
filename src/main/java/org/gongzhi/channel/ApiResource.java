package org.gongzhi.channel;

import java.util.Arrays;
import java.util.Optional;

/** What an API key may call; a key names the resources it was granted. */
public enum ApiResource {
  /** {@code /api/v1/complaints}, and Open311's {@code requests}. */
  COMPLAINTS("complaints"),
  /** {@code /api/v1/volunteer-orders}, {@code service-menu}, {@code volunteer-teams}. */
  VOLUNTEER_ORDERS("volunteer-orders"),
  /** {@code /api/v1/content-submissions}, {@code content-channels}. */
  CONTENT("content"),
  /** {@code /api/v1/merchant-applications}, {@code merchant-categories}, {@code catalogue}. */
  MERCHANTS("merchants"),
  /** {@code /api/v1/webhook}: the channel's own callback registration. */
  WEBHOOKS("webhooks");

  private final String code;

  ApiResource(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<ApiResource> ofCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }
}
