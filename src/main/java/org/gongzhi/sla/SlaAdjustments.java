package org.gongzhi.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.gongzhi.system.ConflictException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Extensions (延期) and pauses of a deadline, for every process alike. The deadline moves in {@code sla_deadline};
 * in its process instance, everything that carried the old time moves with it: the warning and breach timer jobs
 * (Camunda's own timers, not a parallel scheduler), the tasks' due dates, and the date variables the model reads
 * when it creates those timers again (a task that loops back). While the clock stands still they all point a
 * hundred years ahead — nothing fires, and a task created meanwhile inherits the same far date — and on resume
 * they move to the deadline plus the time it stood still.
 */
@Service
public class SlaAdjustments {

  /** Where the timers of a paused deadline wait: far enough never to fire, and unique to that deadline. */
  static final Duration PAUSED_OFFSET = Duration.ofDays(36_500);

  private final SlaService sla;
  private final ManagementService management;
  private final RuntimeService runtime;
  private final TaskService tasks;

  public SlaAdjustments(SlaService sla, ManagementService management, RuntimeService runtime, TaskService tasks) {
    this.sla = sla;
    this.management = management;
    this.runtime = runtime;
    this.tasks = tasks;
  }

  /** An approved extension: the deadline becomes {@code newDue}; refused while its clock stands still. */
  @Transactional
  public SlaDeadline extend(long deadlineId, Instant newDue) {
    SlaDeadline before = sla.require(deadlineId);
    if (!before.isOpen()) {
      throw new ConflictException("sla.closed", before.caseRef());
    }
    if (sla.openPause(deadlineId).isPresent()) {
      throw new ConflictException("sla.paused", before.caseRef());
    }
    if (!newDue.isAfter(before.dueAt())) {
      throw new ConflictException("sla.notLater", before.caseRef());
    }
    SlaDeadline after = sla.moveDue(deadlineId, newDue);
    retime(before.processInstanceId(), Map.of(before.dueAt(), after.dueAt(), before.warnAt(), after.warnAt()));
    return after;
  }

  /** Stops the clock (e.g. while the case waits on the resident); false if it stood still already; refused once past due. */
  @Transactional
  public boolean pause(long deadlineId, String by, String reason) {
    SlaDeadline d = sla.require(deadlineId);
    if (!d.dueAt().isAfter(EngineTime.now())) { // pausing it would be an extension nobody approved
      throw new ConflictException("sla.pastDue", d.caseRef());
    }
    if (!sla.startPause(deadlineId, by, reason)) {
      return false;
    }
    retime(d.processInstanceId(), Map.of(d.dueAt(), d.dueAt().plus(PAUSED_OFFSET), d.warnAt(), d.warnAt().plus(PAUSED_OFFSET)));
    return true;
  }

  /** Starts the clock again: deadline and warning move on by the paused time; false if it was not paused. */
  @Transactional
  public boolean resume(long deadlineId, String by) {
    return sla.endPause(deadlineId, by).map(before -> {
      SlaDeadline after = sla.require(deadlineId);
      retime(before.processInstanceId(), Map.of(before.dueAt().plus(PAUSED_OFFSET), after.dueAt(),
          before.warnAt().plus(PAUSED_OFFSET), after.warnAt()));
      return true;
    }).orElse(false);
  }

  /** Every timer job, task due date and date variable of the instance that holds an old time gets the new one. */
  void retime(String processInstanceId, Map<Instant, Instant> moves) {
    if (processInstanceId == null) {
      return;
    }
    Map<Long, Date> byMillis = new LinkedHashMap<>();
    moves.forEach((from, to) -> byMillis.put(from.toEpochMilli(), Date.from(to)));
    asSystem(() -> {
      management.createJobQuery().processInstanceId(processInstanceId).timers().list().forEach(job -> {
        Date to = job.getDuedate() == null ? null : byMillis.get(job.getDuedate().getTime());
        if (to != null) {
          management.setJobDuedate(job.getId(), to);
        }
      });
      for (Task task : tasks.createTaskQuery().processInstanceId(processInstanceId).list()) {
        Date to = task.getDueDate() == null ? null : byMillis.get(task.getDueDate().getTime());
        if (to != null) {
          task.setDueDate(to);
          tasks.saveTask(task);
        }
      }
      for (VariableInstance v : runtime.createVariableInstanceQuery().processInstanceIdIn(processInstanceId).list()) {
        if (v.getValue() instanceof Date d && byMillis.containsKey(d.getTime())) {
          runtime.setVariableLocal(v.getExecutionId(), v.getName(), byMillis.get(d.getTime()));
        }
      }
      return null;
    });
  }

  /** The system moves the timers, whoever asked for it (their right to ask was checked by the process). */
  private static <T> T asSystem(Supplier<T> work) {
    var context = Context.getCommandContext();
    return context == null ? work.get() : context.runWithoutAuthorization(work::get);
  }
}
