package org.gongzhi.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.gongzhi.jurisdiction.Tier;

/** One stored deadline: when it started, warns, falls due, and what became of it. */
public record SlaDeadline(
    long id, String processKey, String caseRef, String processInstanceId, SlaKind kind, Tier tier, String nodeCode,
    Instant startedAt, Instant warnAt, Instant dueAt, Instant warnedAt, Instant metAt, Instant breachedAt,
    Instant closedAt, String outcome, String holder, Instant originalDueAt, long pausedSeconds) {

  /** Whether an approved extension moved it (the first deadline is then {@link #originalDueAt}). */
  public boolean isExtended() {
    return originalDueAt != null;
  }

  public boolean isOpen() {
    return closedAt == null;
  }

  public boolean isBreached() {
    return breachedAt != null;
  }

  /** How late the work was: until it was met, or until {@code now} if still open; empty if in time. */
  public Optional<Duration> lateness(Instant now) {
    Instant end = metAt != null ? metAt : (closedAt != null ? closedAt : now);
    return end.isAfter(dueAt) ? Optional.of(Duration.between(dueAt, end)) : Optional.empty();
  }
}
