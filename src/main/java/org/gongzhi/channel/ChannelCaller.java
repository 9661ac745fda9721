package org.gongzhi.channel;

import java.util.List;
import java.util.Optional;
import org.gongzhi.jurisdiction.JurisdictionNode;

/**
 * The channel or integrator behind one API request: its key, the jurisdiction nodes the key covers, and the
 * resident the channel named for this request ({@code residentRef}, or null).
 *
 * <p>What it may see: cases in its nodes' subtrees; and when it named a resident, only that resident's cases.
 * Anything else is reported as not found, so that case numbers cannot be probed.
 */
public record ChannelCaller(ApiKey key, List<JurisdictionNode> scope, String residentRef, String idempotencyKey) {

  /** Request attribute under which the API key filter leaves the caller. */
  public static final String REQUEST_ATTRIBUTE = ChannelCaller.class.getName();

  /** Request attribute under which the idempotency filter leaves the {@code Idempotency-Key} it claimed for the request. */
  public static final String IDEMPOTENCY_KEY_ATTRIBUTE = ChannelCaller.class.getName() + ".idempotencyKey";

  public ChannelCaller(ApiKey key, List<JurisdictionNode> scope, String residentRef) {
    this(key, scope, residentRef, null);
  }

  /** The same caller, for a request that holds the claim on {@code Idempotency-Key} {@code idempotencyKey} (or none). */
  public ChannelCaller withIdempotencyKey(String idempotencyKey) {
    return new ChannelCaller(key, scope, residentRef, idempotencyKey);
  }

  public boolean mayUse(ApiResource resource) {
    return key.resources().contains(resource);
  }

  public boolean covers(JurisdictionNode node) {
    return node != null && scope.stream().anyMatch(s -> s.contains(node));
  }

  /** A case of {@code community} created with {@code origin} (empty: not created through the API). */
  public boolean maySee(JurisdictionNode community, Optional<CaseOrigin> origin) {
    if (!covers(community)) {
      return false;
    }
    if (residentRef == null) {
      return !key.residentScoped();
    }
    return origin.map(o -> residentRef.equals(o.residentRef())).orElse(false);
  }

  /** What a case created by this request records about where it came from (with the request's Idempotency-Key). */
  public CaseOrigin origin() {
    return new CaseOrigin(key.channel(), key.id(), residentRef, idempotencyKey);
  }
}
