package org.gongzhi.content;

import java.util.Locale;
import org.gongzhi.jurisdiction.Tier;

/** The three levels of 三级审核, in order; each is held by the reviewers of one tier above the community. */
public enum ReviewLevel {
  /** 初审: the community. */
  FIRST(Tier.COMMUNITY, "first-review", "初审", "first review"),
  /** 复审: the street. */
  SECOND(Tier.STREET, "second-review", "复审", "second review"),
  /** 终审: the district's propaganda department. */
  FINAL(Tier.DISTRICT, "final-review", "终审", "final review");

  private final Tier tier;
  private final String slaStep;
  private final String zh;
  private final String en;

  ReviewLevel(Tier tier, String slaStep, String zh, String en) {
    this.tier = tier;
    this.slaStep = slaStep;
    this.zh = zh;
    this.en = en;
  }

  public Tier tier() {
    return tier;
  }

  /** The step of its deadline: {@code gongzhi.sla.deadlines.content-approval.<step>.review}. */
  public String slaStep() {
    return slaStep;
  }

  public String label(Locale locale) {
    return "en".equals(locale.getLanguage()) ? en : zh;
  }

  public String bilingual() {
    return zh + " / " + en;
  }
}
