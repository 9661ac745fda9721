package org.gongzhi.system;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Conversions between {@link Instant} and SQL timestamps, null-safe; China time as people read it. */
public final class Timestamps {
  private Timestamps() {
  }

  /** The zone of every date and time shown to people or counted in days (Gongzhi serves Chinese cities). */
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  /** {@code 2026-03-02 09:00}: how forms and mails show a time. */
  public static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** An instant as China time to the minute, e.g. {@code 2026-03-02 09:00}. */
  public static String minute(Instant i) {
    return MINUTE.format(i.atZone(CHINA));
  }

  public static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
