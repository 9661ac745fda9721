package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import org.gongzhi.support.EmbeddedPostgresConfig;
import org.gongzhi.support.Http;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The same idempotency rules on a real PostgreSQL (embedded, fetched by Maven), concurrent duplicates included: there the
 * claim's primary-key violation is PostgreSQL's, not H2's.
 */
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class IdempotencyPostgresTest extends IdempotencyTest {

  @Autowired EmbeddedPostgres postgres;

  @Override
  @Test
  @DisplayName("另一个节点（或重启后的应用）在同一 PostgreSQL 上重放已存的应答")
  void survivesRestart() throws Exception {
    String key = newKey();
    HttpResponse<String> first = post(http(), key, VALID);
    assertThat(first.statusCode()).isEqualTo(201);
    long complaints = complaints();
    try (ConfigurableApplicationContext other = startApp(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "")) {
      HttpResponse<String> replayed = post(new Http(portOf(other)), key, VALID);
      assertThat(replayed.statusCode()).isEqualTo(201);
      assertThat(replayed.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
      assertThat(replayed.body()).isEqualTo(first.body());
      assertThat(other.getBean(JdbcClient.class).sql("select count(*) from complaint").query(Long.class).single()).isEqualTo(complaints);
    }
  }
}
