package org.gongzhi.channel;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An API key as stored: never the key itself, only its SHA-256 and its first characters ({@code prefix}).
 *
 * @param nodeCodes      jurisdiction nodes the key covers, each with its subtree
 * @param residentScoped a resident channel's key: every call names the resident ({@code X-Resident-Id}), who sees only their own cases
 */
public record ApiKey(String id, String name, String channel, String prefix, List<String> nodeCodes, Set<ApiResource> resources,
                     boolean residentScoped, int rateLimitPerMinute, String createdBy, Instant createdAt, String revokedBy,
                     Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
