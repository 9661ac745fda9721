package org.gongzhi.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/** Moves Camunda's clock and runs the jobs that are due, as the job executor would — but in the test's thread. */
@Component
public class EngineDriver {

  private final ManagementService management;
  private final IdentityService identity;

  public EngineDriver(ManagementService management, IdentityService identity) {
    this.management = management;
    this.identity = identity;
  }

  public Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  /** Freezes the clock at a fixed point, so that durations in tests are exact. */
  public void freezeAt(Instant instant) {
    ClockUtil.setCurrentTime(Date.from(instant));
  }

  /** Moves the clock forward and runs every job that fell due; returns the failures it met. */
  public List<Exception> advance(Duration d) {
    ClockUtil.setCurrentTime(Date.from(now().plus(d)));
    return executeDueJobs();
  }

  /**
   * Runs every executable job (due now or without due date, retries left) until none is left.
   * A job that fails has its retries decremented and is not run again before its retry is due.
   */
  public List<Exception> executeDueJobs() {
    List<Exception> failures = new ArrayList<>();
    identity.clearAuthentication();
    for (int round = 0; round < 100; round++) {
      List<Job> due = management.createJobQuery().executable().orderByJobDuedate().asc().list();
      if (due.isEmpty()) {
        return failures;
      }
      List<String> ran = new ArrayList<>();
      for (Job job : due) {
        try {
          management.executeJob(job.getId());
        } catch (Exception e) {
          failures.add(e);
        }
        ran.add(job.getId());
      }
      // a failed job whose retry is due immediately would loop for ever: stop once nothing changes
      if (management.createJobQuery().executable().list().stream().allMatch(j -> ran.contains(j.getId()))
          && !failures.isEmpty()) {
        return failures;
      }
    }
    throw new IllegalStateException("jobs keep becoming due: a timer loop?");
  }

  public void reset() {
    identity.clearAuthentication();
    ClockUtil.reset();
  }
}
