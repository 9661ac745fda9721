package org.gongzhi.privacy;

import org.gongzhi.support.EmbeddedPostgresConfig;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The same purge on a real PostgreSQL: the erasing SQL (Camunda's history tables, bytea, rounding) is hand-written. */
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class PersonalDataPurgePostgresTest extends AbstractPersonalDataPurgeTest {
}
