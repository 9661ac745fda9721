package org.gongzhi.jurisdiction;

import java.util.Locale;
import java.util.Optional;

/**
 * The level of a jurisdiction node, which is also the tier that handles a case there.
 * Escalation only ever goes up: community → street → district → city. City departments
 * (城管委 …) sit beside the city and receive cases handed over from district or city.
 */
public enum Tier {
  COMMUNITY("社区", "community"),
  STREET("街道", "street"),
  DISTRICT("区县", "district"),
  CITY("市级", "city"),
  DEPARTMENT("市级部门", "city department");

  private final String zh;
  private final String en;

  Tier(String zh, String en) {
    this.zh = zh;
    this.en = en;
  }

  /** The tier a case goes to when escalated from this one; empty at the top and for departments. */
  public Optional<Tier> above() {
    return switch (this) {
      case COMMUNITY -> Optional.of(STREET);
      case STREET -> Optional.of(DISTRICT);
      case DISTRICT -> Optional.of(CITY);
      case CITY, DEPARTMENT -> Optional.empty();
    };
  }

  /** District and city may hand a case to a city department. */
  public boolean mayHandToDepartment() {
    return this == DISTRICT || this == CITY;
  }

  public String label(Locale locale) {
    return "en".equals(locale.getLanguage()) ? en : zh;
  }

  public String configKey() {
    return name().toLowerCase(Locale.ROOT);
  }
}
