package org.gongzhi.api;

import java.time.OffsetDateTime;

/** The answer to a new complaint. */
public record ComplaintCreated(String caseNumber, String status, String tier, OffsetDateTime replyDueAt,
                               OffsetDateTime resolveDueAt) {
}
