package org.gongzhi.complaint;

/** Where a complaint stands, as the resident sees it. */
public enum ComplaintStatus {
  IN_PROGRESS, RESOLVED, CLOSED
}
