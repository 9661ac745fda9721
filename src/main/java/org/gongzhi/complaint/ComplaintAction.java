package org.gongzhi.complaint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gongzhi.jurisdiction.Tier;

/** What a handler can do with a complaint at their tier. There is no action that sends a case down. */
public enum ComplaintAction {
  REPLY("回复居民", "Reply to resident", true),
  NOTE("内部备注", "Internal note", true),
  RESOLVE("办结", "Resolve", true),
  ESCALATE("上报上一级", "Escalate one tier up", true),
  HAND_TO_DEPARTMENT("转交市级部门", "Hand to a city department", true),
  /** The case waits on the resident (more information): the resolution clock stands still; the message tells them what is needed. */
  PAUSE("等待居民补充（暂停办结计时）", "Wait for the resident (pause the resolution clock)", true),
  /** The resident answered: the resolution clock runs again, the deadline moved on by the paused time. */
  RESUME("恢复办结计时", "Resume the resolution clock", false);

  private final String zh;
  private final String en;
  private final boolean needsMessage;

  ComplaintAction(String zh, String en, boolean needsMessage) {
    this.zh = zh;
    this.en = en;
    this.needsMessage = needsMessage;
  }

  public boolean needsMessage() {
    return needsMessage;
  }

  public String label(Locale locale) {
    return "en".equals(locale.getLanguage()) ? en : zh;
  }

  /** Chinese first, English after: Tasklist has no zh-CN locale of its own. */
  public String bilingualLabel() {
    return zh + " / " + en;
  }

  public static List<ComplaintAction> allowedAt(Tier tier) {
    return allowedAt(tier, false);
  }

  /** What the tier can do; while the resolution clock stands still, RESUME instead of PAUSE. */
  public static List<ComplaintAction> allowedAt(Tier tier, boolean paused) {
    List<ComplaintAction> actions = new ArrayList<>(List.of(REPLY, NOTE, RESOLVE));
    if (tier.above().isPresent()) {
      actions.add(ESCALATE);
    }
    if (tier.mayHandToDepartment()) {
      actions.add(HAND_TO_DEPARTMENT);
    }
    actions.add(paused ? RESUME : PAUSE);
    return actions;
  }
}
