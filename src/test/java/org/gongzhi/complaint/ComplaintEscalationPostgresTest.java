package org.gongzhi.complaint;

import org.gongzhi.support.EmbeddedPostgresConfig;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The same paths on a real PostgreSQL (embedded, fetched by Maven: nothing to install). */
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class ComplaintEscalationPostgresTest extends AbstractComplaintEscalationTest {

  @org.springframework.beans.factory.annotation.Autowired
  org.springframework.jdbc.core.simple.JdbcClient jdbc;

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("PostgreSQL 上补齐引擎缺少的索引（作业到期、过期锁、子任务）")
  void engineIndexesExist() {
    org.assertj.core.api.Assertions.assertThat(jdbc.sql("select indexname from pg_indexes where indexname like 'gz_act_%'")
        .query(String.class).list()).containsExactlyInAnyOrder("gz_act_ru_job_duedate", "gz_act_ru_job_lock_exp", "gz_act_ru_task_parent");
  }
}
