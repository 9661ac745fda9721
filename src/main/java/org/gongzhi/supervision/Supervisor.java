package org.gongzhi.supervision;

import org.gongzhi.jurisdiction.JurisdictionNode;

/** A logged-in supervisor (or administrator) and the node whose subtree they watch. */
public record Supervisor(String userId, String name, JurisdictionNode node, boolean administrator) {
}
