package org.gongzhi.notification;

import org.gongzhi.support.EmbeddedPostgresConfig;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The same mail outages on a real PostgreSQL (embedded): the outbox, the delivery jobs and their retries there. */
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class MailOutagePostgresTest extends AbstractMailOutageTest {

  @Override
  int notices() {
    return 100; // the outbox and the jobs' retries on PostgreSQL; the full volume runs on H2
  }
}
