package org.gongzhi.sla;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gongzhi.jurisdiction.Tier;
import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;

/**
 * Opens, meets, warns and breaches deadlines. Durations come from {@link SlaProperties}; every
 * record stays in {@code sla_deadline} for ever, so who was late, by how much and where is queryable.
 */
@Service
public class SlaService {

  private final JdbcClient jdbc;
  private final SlaProperties properties;
  private final SlaAlerts alerts;
  private final org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl engineConfiguration;

  public SlaService(JdbcClient jdbc, SlaProperties properties, SlaAlerts alerts,
                    org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl engineConfiguration) {
    this.engineConfiguration = engineConfiguration;
    this.jdbc = jdbc;
    this.properties = properties;
    this.alerts = alerts;
  }

  /** The configured duration of a deadline, e.g. ({@code complaint-escalation}, {@code community}, REPLY). */
  public Duration durationOf(String processKey, String step, SlaKind kind) {
    Duration d = Optional.ofNullable(properties.deadlines().get(processKey))
        .map(steps -> steps.get(step))
        .map(kinds -> kinds.get(kind.configKey()))
        .orElseThrow(() -> new IllegalStateException(
            "no deadline configured at gongzhi.sla.deadlines." + processKey + "." + step + "." + kind.configKey()));
    if (d.isNegative() || d.isZero()) {
      throw new IllegalStateException("deadline gongzhi.sla.deadlines." + processKey + "." + step + "." + kind.configKey() + " must be positive");
    }
    return d;
  }

  /** Opens a deadline whose duration is configured per tier ({@code gongzhi.sla.deadlines.<process>.<tier>.<kind>}). */
  public SlaDeadline open(String processKey, String caseRef, String processInstanceId, SlaKind kind, Tier tier, String nodeCode) {
    return open(processKey, tier.configKey(), caseRef, processInstanceId, kind, tier, nodeCode);
  }

  /** Opens a deadline whose duration is configured per step ({@code gongzhi.sla.deadlines.<process>.<step>.<kind>}). */
  public SlaDeadline open(String processKey, String step, String caseRef, String processInstanceId, SlaKind kind, Tier tier,
                          String nodeCode) {
    Duration duration = durationOf(processKey, step, kind);
    Instant now = EngineTime.now();
    Duration warnAfter = Duration.ofMillis((long) (duration.toMillis() * properties.warningShare()));
    Instant due;
    Instant warn;
    if (properties.clockOf(processKey, step, kind) == SlaProperties.Clock.WORKING_TIME) {
      var workingTime = engineConfiguration.getBusinessCalendarManager().getBusinessCalendar(WorkingTimeCalendarPlugin.NAME);
      due = workingTime.resolveDuedate(duration.toString(), java.util.Date.from(now)).toInstant();
      warn = workingTime.resolveDuedate(warnAfter.toString(), java.util.Date.from(now)).toInstant();
    } else {
      due = now.plus(duration);
      warn = now.plus(warnAfter);
    }
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into sla_deadline (process_key, case_ref, process_instance_id, kind, tier, node_code, started_at, warn_at, due_at)
            values (:processKey, :caseRef, :pi, :kind, :tier, :node, :started, :warn, :due)""")
        .params(Map.of("processKey", processKey, "caseRef", caseRef, "pi", processInstanceId, "kind", kind.name(),
            "tier", tier.name(), "node", nodeCode, "started", ts(now), "warn", ts(warn), "due", ts(due)))
        .update(key, "id");
    return require(key.getKeyAs(Number.class).longValue());
  }

  /**
   * Marks an open deadline met (in time or late). Met late before its timer ran — the app was down, or
   * the job executor behind — the breach is still recorded, at the deadline, so that no late work
   * escapes the record. Returns false when it was already closed.
   */
  public boolean meet(long id) {
    endPause(id, null);
    Instant now = EngineTime.now();
    SlaDeadline before = find(id).orElse(null);
    boolean breachNow = before != null && before.isOpen() && before.breachedAt() == null && before.dueAt().isBefore(now);
    boolean met = jdbc.sql("""
            update sla_deadline set met_at = :now, closed_at = :now,
              outcome = case when due_at < :now then 'MET_LATE' else 'MET' end,
              breached_at = case when due_at < :now and breached_at is null then due_at else breached_at end
            where id = :id and closed_at is null""")
        .param("now", ts(now)).param("id", id).update() == 1;
    if (met && breachNow) {
      alerts.breach(require(id), null);
    }
    return met;
  }

  /** Closes an open deadline without meeting it, e.g. ESCALATED when the case left the tier. */
  public boolean close(long id, String outcome) {
    endPause(id, null);
    return jdbc.sql("update sla_deadline set closed_at = :now, outcome = :outcome where id = :id and closed_at is null")
        .param("now", ts(EngineTime.now())).param("outcome", outcome).param("id", id).update() == 1;
  }

  // ---- pauses ------------------------------------------------------------------------------------------

  /** The pause in progress, if the deadline's clock stands still. */
  public Optional<Pause> openPause(long id) {
    return jdbc.sql("select id, paused_at, reason from sla_pause where deadline_id = ? and resumed_at is null").param(id)
        .query((rs, i) -> new Pause(rs.getLong(1), instant(rs, "paused_at"), rs.getString(3))).optional();
  }

  public record Pause(long id, Instant pausedAt, String reason) {
  }

  /** Stops the clock of an open deadline (no-op if it stands still already); see SlaAdjustments for the timers. */
  boolean startPause(long id, String by, String reason) {
    if (openPause(id).isPresent() || !require(id).isOpen()) {
      return false;
    }
    jdbc.sql("insert into sla_pause (deadline_id, paused_at, paused_by, reason) values (?, ?, ?, ?)")
        .params(id, ts(EngineTime.now()), by, reason).update();
    return true;
  }

  /**
   * Starts the clock again: the deadline and its warning move on by the time it stood still, which is added to
   * {@code paused_seconds}. Returns the deadline as it was before, or empty if it was not paused.
   */
  Optional<SlaDeadline> endPause(long id, String by) {
    Optional<Pause> pause = openPause(id);
    if (pause.isEmpty()) {
      return Optional.empty();
    }
    SlaDeadline before = require(id);
    Instant now = EngineTime.now();
    long seconds = Math.max(0, Duration.between(pause.get().pausedAt(), now).toSeconds());
    jdbc.sql("update sla_pause set resumed_at = ?, resumed_by = ? where id = ?").params(ts(now), by, pause.get().id()).update();
    jdbc.sql("update sla_deadline set due_at = ?, warn_at = ?, paused_seconds = paused_seconds + ? where id = ?")
        .params(ts(before.dueAt().plusSeconds(seconds)), ts(before.warnAt().plusSeconds(seconds)), seconds, id).update();
    return Optional.of(before);
  }

  /**
   * Moves an open deadline to a later time (an approved extension): the first deadline stays in
   * {@code original_due_at}, the warning keeps its distance before the deadline (a warning not yet sent moves with
   * it; one already sent stays recorded), and a breach already recorded stays recorded.
   */
  SlaDeadline moveDue(long id, Instant newDue) {
    SlaDeadline d = require(id);
    Instant newWarn = newDue.minus(Duration.between(d.warnAt(), d.dueAt()));
    // the warning already sent stays recorded (a warning timer that has fired is not created again)
    if (jdbc.sql("""
            update sla_deadline set original_due_at = coalesce(original_due_at, due_at), due_at = ?, warn_at = ?
            where id = ? and closed_at is null""")
        .params(ts(newDue), ts(newWarn), id).update() != 1) {
      throw new org.gongzhi.system.ConflictException("sla.closed", d.caseRef());
    }
    return require(id);
  }

  /** Records the warning once; empty if the deadline is closed or was already warned. */
  public Optional<SlaDeadline> recordWarning(long id) {
    int n = jdbc.sql("update sla_deadline set warned_at = :now where id = :id and closed_at is null and warned_at is null")
        .param("now", ts(EngineTime.now())).param("id", id).update();
    return n == 1 ? Optional.of(require(id)) : Optional.empty();
  }

  /** Records the breach once, permanently; empty if the deadline was met (closed) or already breached. */
  public Optional<SlaDeadline> recordBreach(long id, String holder) {
    int n = jdbc.sql("update sla_deadline set breached_at = :now, holder = :holder where id = :id and closed_at is null and breached_at is null")
        .param("now", ts(EngineTime.now())).param("holder", holder).param("id", id).update();
    return n == 1 ? Optional.of(require(id)) : Optional.empty();
  }

  public Optional<SlaDeadline> find(long id) {
    return jdbc.sql("select * from sla_deadline where id = ?").param(id).query(SlaService::map).optional();
  }

  public SlaDeadline require(long id) {
    return jdbc.sql("select * from sla_deadline where id = ?").param(id).query(SlaService::map).single();
  }

  public List<SlaDeadline> deadlinesOf(String caseRef) {
    return jdbc.sql("select * from sla_deadline where case_ref = ? order by id").param(caseRef).query(SlaService::map).list();
  }

  public List<SlaDeadline> breachesOf(String caseRef) {
    return jdbc.sql("select * from sla_deadline where case_ref = ? and breached_at is not null order by id")
        .param(caseRef).query(SlaService::map).list();
  }

  /** Maps a row of sla_deadline (for read models elsewhere, e.g. the supervisors' dashboard). */
  public static SlaDeadline map(ResultSet rs, int row) throws SQLException {
    return new SlaDeadline(rs.getLong("id"), rs.getString("process_key"), rs.getString("case_ref"),
        rs.getString("process_instance_id"), SlaKind.valueOf(rs.getString("kind")), Tier.valueOf(rs.getString("tier")),
        rs.getString("node_code"), instant(rs, "started_at"), instant(rs, "warn_at"), instant(rs, "due_at"),
        instant(rs, "warned_at"), instant(rs, "met_at"), instant(rs, "breached_at"), instant(rs, "closed_at"),
        rs.getString("outcome"), rs.getString("holder"), instant(rs, "original_due_at"), rs.getLong("paused_seconds"));
  }
}
