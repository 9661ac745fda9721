package org.gongzhi.jurisdiction;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One node of the jurisdiction tree (辖区). {@code path} is the materialised path of codes from the
 * city down to this node, e.g. {@code /210100/210103/210103010/210103010001/}.
 */
public record JurisdictionNode(String code, String name, String nameEn, Tier tier, String parentCode, String path) {

  /** True when {@code other} is this node or lies below it. */
  public boolean contains(JurisdictionNode other) {
    return other.path.startsWith(path);
  }

  /** Codes from the root down to this node, this node last. */
  public List<String> pathCodes() {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }

  public String displayName(Locale locale) {
    return "en".equals(locale.getLanguage()) && nameEn != null && !nameEn.isBlank() ? nameEn : name;
  }
}
