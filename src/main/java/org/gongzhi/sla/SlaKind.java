package org.gongzhi.sla;

import java.util.Locale;

/** What a deadline is for. */
public enum SlaKind {
  /** First public reply to the resident at a tier (首次回复). */
  REPLY("首次回复", "first reply"),
  /** Resolution of the case at a tier (办结). */
  RESOLVE("办结", "resolution");

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
