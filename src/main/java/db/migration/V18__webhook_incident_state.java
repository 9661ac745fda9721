package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Webhook incidents, second round (review of issue 8): the state of each event's Cockpit incident, so that an incident
 * that failed to rise is tried again and only one node raises it.
 *
 * <ul>
 *   <li>{@code incident_state} null: no incident wanted (never failed, delivered, or its case had ended);</li>
 *   <li>{@code WANTED}: the event FAILED and its incident is not raised yet (or raising failed): the poller raises it;</li>
 *   <li>{@code RAISED}: {@code incident_id} is the incident raised (Camunda may have deleted it with its execution since:
 *       the poller raises it again while the event is not delivered);</li>
 *   <li>{@code RAISING}: only ever inside the transaction of the node that raises it (that claim holds the row), never
 *       committed.</li>
 * </ul>
 *
 * <p>Existing rows: an event with an incident is RAISED; a FAILED event without one is WANTED (a crash or an engine
 * refusal may have lost it; the poller raises it or, if its case has ended, clears it).
 *
 * <p>The poller reads the rows whose state is set at every poll; V14's index on {@code incident_id} is no longer read and
 * is replaced by one on {@code incident_state} — partial on PostgreSQL (only the few rows with a state), whole on H2,
 * which has no partial indexes. That one difference is why this migration is Java and not SQL.
 */
public class V18__webhook_incident_state extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    boolean postgres = "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
    try (Statement s = c.createStatement()) {
      s.execute("alter table webhook_event add column incident_state varchar(16)");
      s.execute("alter table webhook_event add constraint ck_webhook_event_incident_state"
          + " check (incident_state in ('WANTED', 'RAISING', 'RAISED'))");
      s.execute("update webhook_event set incident_state = 'RAISED' where incident_id is not null");
      s.execute("update webhook_event set incident_state = 'WANTED' where status = 'FAILED' and incident_id is null");
      s.execute("drop index ix_webhook_event_incident");
      s.execute("create index ix_webhook_event_incident_state on webhook_event (incident_state)"
          + (postgres ? " where incident_state is not null" : ""));
    }
  }
}
