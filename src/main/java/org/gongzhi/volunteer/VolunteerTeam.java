package org.gongzhi.volunteer;

import java.util.List;

/** A volunteer team: serves its home node and everything below it, in the categories it lists. */
public record VolunteerTeam(String code, String name, String homeNodeCode, String leaderUserId, List<String> categories) {

  /** The Camunda group whose members accept and record the team's orders. */
  public String group() {
    return groupOf(code);
  }

  public static String groupOf(String teamCode) {
    return "team-" + teamCode;
  }
}
