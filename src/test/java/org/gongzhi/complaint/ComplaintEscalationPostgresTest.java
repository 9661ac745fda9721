package org.gongzhi.complaint;

import org.gongzhi.support.EmbeddedPostgresConfig;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The same paths on a real PostgreSQL (embedded, fetched by Maven: nothing to install). */
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class ComplaintEscalationPostgresTest extends AbstractComplaintEscalationTest {
}
