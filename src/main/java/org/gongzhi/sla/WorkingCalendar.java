package org.gongzhi.sla;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gongzhi.system.CsvFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Working time in China: working hours on working days, where a working day is Monday to Friday except the
 * statutory holidays, plus the adjusted working days (调休, a Saturday or Sunday worked in exchange). The days
 * come from yearly files {@code cn-<year>.csv} ({@code date,HOLIDAY|WORKDAY,name}) that operators add as the
 * State Council publishes each year's arrangement. A year without a file counts Monday to Friday and says so
 * in the log (once per year).
 */
@Component
public class WorkingCalendar {

  private static final Logger log = LoggerFactory.getLogger(WorkingCalendar.class);
  private static final Pattern FILE_YEAR = Pattern.compile("(\\d{4})\\.csv$");
  private static final int MAX_DAYS = 3660;

  private final ZoneId zone;
  private final List<LocalTime[]> periods = new ArrayList<>();
  private final Map<LocalDate, Boolean> exceptions = new HashMap<>(); // true = adjusted working day, false = holiday
  private final Set<Integer> yearsWithFile = new TreeSet<>();
  private final Set<Integer> warnedYears = ConcurrentHashMap.newKeySet();

  public WorkingCalendar(SlaProperties properties) {
    SlaProperties.Calendar config = properties.calendar();
    this.zone = ZoneId.of(config.zone());
    for (String p : config.workingHours()) {
      String[] fromTo = p.split("-");
      LocalTime from = LocalTime.parse(fromTo[0].strip());
      LocalTime to = LocalTime.parse(fromTo[1].strip());
      if (!from.isBefore(to) || (!periods.isEmpty() && from.isBefore(periods.get(periods.size() - 1)[1]))) {
        throw new IllegalStateException("gongzhi.sla.calendar.working-hours: periods must be in order and not overlap: " + p);
      }
      periods.add(new LocalTime[] {from, to});
    }
    if (periods.isEmpty()) {
      throw new IllegalStateException("gongzhi.sla.calendar.working-hours is empty");
    }
    try {
      for (Resource file : new PathMatchingResourcePatternResolver().getResources(config.files())) {
        load(file);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the working calendars " + config.files(), e);
    }
    log.info("Working calendar: hours {}, years with holiday files {}", config.workingHours(), yearsWithFile);
  }

  private void load(Resource file) {
    Matcher m = FILE_YEAR.matcher(String.valueOf(file.getFilename()));
    if (!m.find()) {
      throw new IllegalStateException("calendar file " + file + " must be named <anything>-<year>.csv");
    }
    int year = Integer.parseInt(m.group(1));
    CsvFiles.read(file, 3, (f, line) -> {
      LocalDate date = LocalDate.parse(f[0].strip());
      if (date.getYear() != year) {
        throw new IllegalStateException(file.getFilename() + " line " + line + ": " + date + " is not in " + year);
      }
      switch (f[1].strip()) {
        case "HOLIDAY" -> exceptions.put(date, false);
        case "WORKDAY" -> exceptions.put(date, true);
        default -> throw new IllegalStateException(file.getFilename() + " line " + line + ": kind must be HOLIDAY or WORKDAY: " + f[1]);
      }
    });
    yearsWithFile.add(year);
  }

  /** Whether people work on this day. */
  public boolean isWorkingDay(LocalDate date) {
    Boolean exception = exceptions.get(date);
    if (exception != null) {
      return exception;
    }
    if (!yearsWithFile.contains(date.getYear()) && warnedYears.add(date.getYear())) {
      log.warn("No holiday calendar for {}: counting Monday to Friday as working days. Add calendar/cn-{}.csv", date.getYear(), date.getYear());
    }
    return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /** Years that have a holiday file; any other year counts Monday to Friday. */
  public Set<Integer> yearsWithHolidayFile() {
    return Set.copyOf(yearsWithFile);
  }

  /** The instant {@code amount} of working time after {@code start} (time outside working hours does not count). */
  public Instant plusWorkingTime(Instant start, Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("negative working time " + amount);
    }
    Duration remaining = amount;
    ZonedDateTime cursor = start.atZone(zone);
    for (int day = 0; day < MAX_DAYS; day++) {
      LocalDate date = cursor.toLocalDate();
      if (isWorkingDay(date)) {
        for (LocalTime[] p : periods) {
          ZonedDateTime from = date.atTime(p[0]).atZone(zone);
          ZonedDateTime to = date.atTime(p[1]).atZone(zone);
          ZonedDateTime begin = cursor.isAfter(from) ? cursor : from;
          if (!begin.isBefore(to)) {
            continue;
          }
          Duration available = Duration.between(begin, to);
          if (remaining.compareTo(available) <= 0) {
            return begin.plus(remaining).toInstant();
          }
          remaining = remaining.minus(available);
        }
      }
      cursor = date.plusDays(1).atStartOfDay(zone);
    }
    throw new IllegalStateException("no working time within " + MAX_DAYS + " days of " + start);
  }
}
