package org.gongzhi.sla;

import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.impl.calendar.BusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.MapBusinessCalendarManager;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Registers the working calendar with the engine as Camunda business calendar {@value #NAME}: ISO-8601
 * durations resolved in working time. {@link SlaService} resolves working-time deadlines through the engine's
 * {@code BusinessCalendarManager}, so the dates the timers and due dates use come from Camunda's own mechanism.
 */
@Component
public class WorkingTimeCalendarPlugin extends AbstractProcessEnginePlugin {

  public static final String NAME = "working-time";

  private final WorkingCalendar calendar;

  public WorkingTimeCalendarPlugin(WorkingCalendar calendar) {
    this.calendar = calendar;
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    if (!(configuration.getBusinessCalendarManager() instanceof MapBusinessCalendarManager manager)) {
      throw new IllegalStateException("expected Camunda's MapBusinessCalendarManager, found " + configuration.getBusinessCalendarManager());
    }
    manager.addBusinessCalendar(NAME, new WorkingTime(calendar));
  }

  /** Camunda's view of the working calendar. */
  static final class WorkingTime implements BusinessCalendar {
    private final WorkingCalendar calendar;

    WorkingTime(WorkingCalendar calendar) {
      this.calendar = calendar;
    }

    @Override
    public Date resolveDuedate(String duration) {
      return resolveDuedate(duration, ClockUtil.getCurrentTime());
    }

    @Override
    public Date resolveDuedate(String duration, Date startDate) {
      return Date.from(calendar.plusWorkingTime(startDate.toInstant(), Duration.parse(duration)));
    }

    @Override
    public Date resolveDuedate(String duration, Task task) {
      return resolveDuedate(duration);
    }
  }
}
