package org.gongzhi.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Working time on the real 2026 calendar (calendar/cn-2026.csv), working hours 09:00–12:00 and 13:00–18:00. */
class WorkingCalendarTest {

  static final ZoneId SHENYANG = ZoneId.of("Asia/Shanghai");
  final WorkingCalendar calendar = new WorkingCalendar(new SlaProperties(0.75, null, null, null));

  static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(SHENYANG).toInstant();
  }

  Instant plus(String start, Duration d) {
    return calendar.plusWorkingTime(at(start), d);
  }

  @Test
  @DisplayName("跨周末：周五 16:00 起 8 个工作小时，到下周一 16:00")
  void acrossAWeekend() {
    assertThat(plus("2026-03-06T16:00", Duration.ofHours(8))).isEqualTo(at("2026-03-09T16:00"));
  }

  @Test
  @DisplayName("跨法定假日：清明（4月4日—6日，周六至周一）前的周五 16:00 起 8 小时，到 4月7日（周二）16:00")
  void acrossAHoliday() {
    assertThat(plus("2026-04-03T16:00", Duration.ofHours(8))).isEqualTo(at("2026-04-07T16:00"));
    assertThat(plus("2026-09-30T17:00", Duration.ofHours(2))).as("国庆 10月1日—7日").isEqualTo(at("2026-10-08T10:00"));
  }

  @Test
  @DisplayName("调休上班的周六照常计时：2月14日（周六）上班，春节 2月15日—23日放假")
  void adjustedWorkingSaturday() {
    assertThat(plus("2026-02-13T16:00", Duration.ofHours(8))).isEqualTo(at("2026-02-14T16:00"));
    assertThat(plus("2026-02-14T17:00", Duration.ofHours(8))).isEqualTo(at("2026-02-24T17:00"));
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 1, 4))).as("元旦调休, a Sunday").isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 9, 20))).as("国庆调休, a Sunday").isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 10))).as("国庆调休, a Saturday").isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 11))).as("an ordinary Sunday").isFalse();
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 6, 19))).as("端午, a Friday").isFalse();
  }

  @Test
  @DisplayName("非工作时间不计：早上 7 点或午休时开始，从下一段工作时间起算")
  void outsideWorkingHoursDoesNotCount() {
    assertThat(plus("2026-03-09T07:00", Duration.ofHours(1))).isEqualTo(at("2026-03-09T10:00"));
    assertThat(plus("2026-03-09T12:30", Duration.ofHours(1))).isEqualTo(at("2026-03-09T14:00"));
    assertThat(plus("2026-03-09T11:30", Duration.ofHours(1))).isEqualTo(at("2026-03-09T13:30"));
    assertThat(plus("2026-01-03T10:00", Duration.ofHours(1))).as("元旦假期的周六 → 调休的周日").isEqualTo(at("2026-01-04T10:00"));
  }

  @Test
  @DisplayName("没有节假日文件的年份按周一至周五计算")
  void yearWithoutFileCountsMondayToFriday() {
    assertThat(calendar.yearsWithHolidayFile()).contains(2026).doesNotContain(2030);
    assertThat(calendar.isWorkingDay(LocalDate.of(2030, 1, 1))).as("a Tuesday; no file says it is New Year").isTrue();
    assertThat(plus("2030-01-04T17:00", Duration.ofHours(2))).as("Friday → Monday").isEqualTo(at("2030-01-07T10:00"));
  }
}
