package org.gongzhi.system;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, the indexes Camunda's schema lacks and the field notes measured to matter: job
 * acquisition by due date (one idle poll took 812 ms over 506,000 future timers without it), expired
 * locks, and sub-tasks. Created after the engine made its tables; {@code if not exists} keeps it idempotent.
 */
@Component
@Order(1)
class PostgresEngineIndexes implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(PostgresEngineIndexes.class);

  static final String[] INDEXES = {
      "create index if not exists gz_act_ru_job_duedate on act_ru_job (duedate_)",
      "create index if not exists gz_act_ru_job_lock_exp on act_ru_job (lock_exp_time_) where lock_owner_ is not null",
      "create index if not exists gz_act_ru_task_parent on act_ru_task (parent_task_id_)",
  };

  private final DataSource dataSource;

  PostgresEngineIndexes(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void run(ApplicationArguments args) throws SQLException {
    String product;
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    }
    if (!"PostgreSQL".equalsIgnoreCase(product)) {
      return;
    }
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    for (String ddl : INDEXES) {
      jdbc.execute(ddl);
    }
    log.info("PostgreSQL: engine indexes on act_ru_job (due date, expired locks) and act_ru_task (parent) in place");
  }
}
