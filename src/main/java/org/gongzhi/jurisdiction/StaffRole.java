package org.gongzhi.jurisdiction;

import java.util.Locale;

/** The one role a staff user has at their node. */
public enum StaffRole {
  CASEWORKER("caseworker", "办事员", "caseworkers"),
  SUPERVISOR("supervisor", "主管", "supervisors");

  private final String groupPrefix;
  private final String zh;
  private final String en;

  StaffRole(String groupPrefix, String zh, String en) {
    this.groupPrefix = groupPrefix;
    this.zh = zh;
    this.en = en;
  }

  /** The Camunda group of this role at a node, e.g. {@code caseworker-210103010001}. */
  public String groupOf(String nodeCode) {
    return groupPrefix + "-" + nodeCode;
  }

  public String label(Locale locale) {
    return "en".equals(locale.getLanguage()) ? en : zh;
  }
}
