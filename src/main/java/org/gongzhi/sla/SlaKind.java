package org.gongzhi.sla;

import java.util.Locale;

/** What a deadline is for. */
public enum SlaKind {
  /** First public reply to the resident at a tier (首次回复). */
  REPLY("首次回复", "first reply"),
  /** Resolution of the case at a tier (办结). */
  RESOLVE("办结", "resolution"),
  /** A volunteer order dispatched to a team (派单). */
  DISPATCH("派单", "dispatch"),
  /** A team accepting a dispatched order within its window (接单). */
  ACCEPT("接单", "acceptance"),
  /** The accepted team serving (服务). */
  SERVE("服务", "service"),
  /** One level of the content review (审核). */
  REVIEW("审核", "review"),
  /** An on-site inspection of a merchant's premises (现场核查). */
  INSPECT("现场核查", "inspection");

  private final String zh;
  private final String en;

  SlaKind(String zh, String en) {
    this.zh = zh;
    this.en = en;
  }

  public String label(Locale locale) {
    return "en".equals(locale.getLanguage()) ? en : zh;
  }

  public String configKey() {
    return name().toLowerCase(Locale.ROOT);
  }
}
