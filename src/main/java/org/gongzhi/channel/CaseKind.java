package org.gongzhi.channel;

/** The four kinds of case a channel can create. */
public enum CaseKind {
  COMPLAINT, VOLUNTEER_ORDER, CONTENT, MERCHANT
}
