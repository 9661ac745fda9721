package org.gongzhi.channel;

import java.util.Optional;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.system.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which channel (and resident) created each case. Each module records it in the transaction that stores the
 * case, so a case never exists without its origin.
 */
@Component
public class CaseOrigins {

  private final JdbcClient jdbc;

  public CaseOrigins(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Does nothing for a case not created through the API ({@code origin} null). Throws
   * {@link CaseAlreadyCreatedException} when the origin's {@code Idempotency-Key} already created a case for this API
   * key: the caller's transaction must then roll back (the second case is never stored).
   */
  public void record(CaseKind kind, String caseRef, CaseOrigin origin) {
    if (origin == null) {
      return;
    }
    try {
      jdbc.sql("""
              insert into case_origin (case_ref, case_kind, channel, api_key_id, resident_ref, idempotency_key, created_at)
              values (?, ?, ?, ?, ?, ?, ?)""")
          .params(caseRef, kind.name(), origin.channel(), origin.apiKeyId(), origin.residentRef(), origin.idempotencyKey(),
              Timestamps.ts(EngineTime.now()))
          .update();
    } catch (DuplicateKeyException e) {
      if (origin.idempotencyKey() == null) {
        throw e;
      }
      throw new CaseAlreadyCreatedException(origin.apiKeyId(), origin.idempotencyKey(), e);
    }
  }

  /** The case that {@code Idempotency-Key} created for this API key, if any (ask outside the failed transaction). */
  public Optional<String> createdWith(String apiKeyId, String idempotencyKey) {
    return jdbc.sql("select case_ref from case_origin where api_key_id = ? and idempotency_key = ?")
        .params(apiKeyId, idempotencyKey).query(String.class).optional();
  }

  /** Forgets the keys of cases created before {@code cutoff}, as the idempotency records' retention ends: the key is new again. */
  public int forgetIdempotencyKeysBefore(java.time.Instant cutoff) {
    return jdbc.sql("update case_origin set idempotency_key = null where idempotency_key is not null and created_at < ?")
        .param(Timestamps.ts(cutoff)).update();
  }

  public Optional<CaseOrigin> of(String caseRef) {
    return jdbc.sql("select channel, api_key_id, resident_ref from case_origin where case_ref = ?").param(caseRef)
        .query((rs, n) -> new CaseOrigin(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
  }
}
