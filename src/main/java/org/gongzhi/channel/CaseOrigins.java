package org.gongzhi.channel;

import java.util.Optional;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.system.Timestamps;
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

  /** Does nothing for a case not created through the API ({@code origin} null). */
  public void record(CaseKind kind, String caseRef, CaseOrigin origin) {
    if (origin == null) {
      return;
    }
    jdbc.sql("insert into case_origin (case_ref, case_kind, channel, api_key_id, resident_ref, created_at) values (?, ?, ?, ?, ?, ?)")
        .params(caseRef, kind.name(), origin.channel(), origin.apiKeyId(), origin.residentRef(), Timestamps.ts(EngineTime.now()))
        .update();
  }

  public Optional<CaseOrigin> of(String caseRef) {
    return jdbc.sql("select channel, api_key_id, resident_ref from case_origin where case_ref = ?").param(caseRef)
        .query((rs, n) -> new CaseOrigin(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
  }
}
