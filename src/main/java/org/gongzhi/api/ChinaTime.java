package org.gongzhi.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Every time the API answers with is China time (+08:00), so that channels show it as residents read it. */
final class ChinaTime {
  private ChinaTime() {
  }

  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  static OffsetDateTime time(Instant i) {
    return i == null ? null : i.atOffset(CHINA);
  }
}
