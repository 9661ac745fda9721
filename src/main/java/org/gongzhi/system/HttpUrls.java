package org.gongzhi.system;

import java.net.URI;

/** Links that callers give us (media, documents, photos): absolute http(s) URLs with a host, nothing else. */
public final class HttpUrls {
  private HttpUrls() {
  }

  public static boolean isHttpUrl(String s) {
    if (s == null || s.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(s.strip());
      return uri.getScheme() != null && uri.getScheme().matches("(?i)https?") && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }
}
