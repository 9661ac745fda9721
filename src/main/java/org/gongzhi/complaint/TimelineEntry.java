package org.gongzhi.complaint;

import java.time.Instant;
import org.gongzhi.jurisdiction.Tier;

/** One step in a complaint's history. INTERNAL entries are for staff only. */
public record TimelineEntry(long id, String caseNumber, Instant occurredAt, Kind kind, Visibility visibility, Tier tier,
                            String nodeCode, String actor, String message) {

  public enum Kind { SUBMITTED, REPLY, NOTE, ESCALATED, HANDED_TO_DEPARTMENT, RESOLVED, RATED, REOPENED, CLOSED, PAUSED, RESUMED }

  public enum Visibility { PUBLIC, INTERNAL }
}
