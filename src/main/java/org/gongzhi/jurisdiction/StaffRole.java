package org.gongzhi.jurisdiction;

import java.util.Locale;

/** The one role a staff user has at their node. */
public enum StaffRole {
  CASEWORKER("caseworker", "办事员", "caseworkers"),
  SUPERVISOR("supervisor", "主管", "supervisors"),
  /** Dispatcher of the node's civilisation-practice centre (新时代文明实践中心/所/站 调度员). */
  DISPATCHER("dispatcher", "文明实践调度员", "dispatchers"),
  /** Content reviewer of the node (社区初审、街道复审、区委宣传部终审 审核员). */
  REVIEWER("reviewer", "内容审核员", "content reviewers"),
  /** Community media volunteer (媒介宣传员) who submits content. */
  AUTHOR("author", "媒介宣传员", "media volunteers"),
  /** Inspector of a street (街道市场监管/网格核查员) who visits merchants' premises before they are listed. */
  INSPECTOR("inspector", "现场核查员", "inspectors");

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

  /** Whether the role works on cases (complaints, volunteer orders) and so sees the cases held at and below its node. */
  public boolean handlesCases() {
    return this == CASEWORKER || this == SUPERVISOR || this == DISPATCHER;
  }

  public String label(Locale locale) {
    return "en".equals(locale.getLanguage()) ? en : zh;
  }
}
