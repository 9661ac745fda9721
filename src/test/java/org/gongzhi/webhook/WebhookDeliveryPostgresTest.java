package org.gongzhi.webhook;

import org.gongzhi.support.EmbeddedPostgresConfig;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The same deliveries on a real PostgreSQL (embedded): the outbox's SQL, claims and identity order there. */
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class WebhookDeliveryPostgresTest extends AbstractWebhookDeliveryTest {

  @Override
  int outageCases() {
    return 50; // the SQL and the order are what PostgreSQL adds; the full volume runs on H2
  }
}
