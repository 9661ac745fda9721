package org.gongzhi.jurisdiction;

import java.util.Locale;

/** The one role a staff user has at their node. */
public enum StaffRole {
  CASEWORKER("caseworker", "办事员", "caseworkers"),
  SUPERVISOR("supervisor", "主管", "supervisors"),
  /** Dispatcher of the node's civilisation-practice centre (新时代文明实践中心/所/站 调度员). */
  DISPATCHER("dispatcher", "文明实践调度员", "dispatchers");

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
