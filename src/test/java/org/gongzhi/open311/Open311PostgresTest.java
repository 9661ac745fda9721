package org.gongzhi.open311;

import org.gongzhi.support.EmbeddedPostgresConfig;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The same answers on a real PostgreSQL: the read queries (path prefixes, correlated subqueries, row limits) are hand-written SQL. */
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class Open311PostgresTest extends AbstractOpen311Test {
}
