package org.gongzhi.sla;

import org.gongzhi.support.EmbeddedPostgresConfig;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The same on a real PostgreSQL (embedded, fetched by Maven). */
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class SlaExtensionAndPausePostgresTest extends AbstractSlaExtensionAndPauseTest {
}
