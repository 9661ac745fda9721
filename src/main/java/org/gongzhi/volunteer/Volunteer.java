package org.gongzhi.volunteer;

/** A volunteer, member of one team. */
public record Volunteer(String id, String name, String teamCode) {
}
