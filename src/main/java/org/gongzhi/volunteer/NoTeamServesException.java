package org.gongzhi.volunteer;

import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.system.Label;

/** The category exists but no team serves it in that community: the order would wait for ever. */
public class NoTeamServesException extends RuntimeException {
  private final Label category;
  private final JurisdictionNode community;

  public NoTeamServesException(Label category, JurisdictionNode community) {
    super("no team serves " + category.en() + " in " + community.code());
    this.category = category;
    this.community = community;
  }

  public Label category() {
    return category;
  }

  public JurisdictionNode community() {
    return community;
  }
}
