package org.gongzhi.system;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Start-up provisioning (groups, authorizations, Tasklist filters, staff, volunteer teams) of one node at a time, however
 * many start together on one database: the work runs in one transaction that first locks the row {@code provisioning} of
 * {@code startup_lock} (V16). A node that comes second waits, then finds everything in place and changes little. Without
 * it, two nodes restarted at the same moment each updated every node's filter and one failed to start (a deadlock on
 * {@code act_ru_filter}, or an optimistic-locking conflict).
 */
@Component
public class StartupLock {

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public StartupLock(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  /** Runs {@code work} in one transaction holding the cluster-wide provisioning lock (Camunda's calls join it). */
  public void provisioning(Runnable work) {
    transaction.executeWithoutResult(status -> {
      jdbc.sql("select name from startup_lock where name = 'provisioning' for update").query(String.class).single();
      work.run();
    });
  }
}
