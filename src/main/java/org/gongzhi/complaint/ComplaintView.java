package org.gongzhi.complaint;

import java.util.List;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.sla.SlaDeadline;

/** A complaint with its timeline and current deadlines. */
public record ComplaintView(Complaint complaint, JurisdictionNode handlingNode, List<TimelineEntry> timeline,
                            SlaDeadline currentReply, SlaDeadline currentResolve) {
}
