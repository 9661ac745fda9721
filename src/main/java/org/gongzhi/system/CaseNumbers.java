package org.gongzhi.system;

import java.time.ZoneId;
import org.gongzhi.sla.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Human-readable, unique case numbers: {@code SY-2026-000123}, counted per prefix and year (complaints
 * {@code SY}, volunteer orders {@code ZY} …).
 * The counter moves in its own short transaction, so concurrent intake does not queue behind one
 * row lock for the whole submission; a submission that fails afterwards leaves a gap, never a duplicate.
 */
@Component
public class CaseNumbers {

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private final JdbcClient jdbc;
  private final TransactionTemplate ownTransaction;

  public CaseNumbers(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactionManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  String next(String prefix) {
    int year = EngineTime.now().atZone(CHINA).getYear();
    long value = ownTransaction.execute(tx -> {
      int updated = jdbc.sql("update case_number_counter set last_value = last_value + 1 where prefix = ? and case_year = ?")
          .params(prefix, year).update();
      if (updated == 0) {
        try {
          jdbc.sql("insert into case_number_counter (prefix, case_year, last_value) values (?, ?, 1)").params(prefix, year).update();
          return 1L;
        } catch (org.springframework.dao.DuplicateKeyException raced) {
          throw new CounterRaceException();
        }
      }
      return jdbc.sql("select last_value from case_number_counter where prefix = ? and case_year = ?")
          .params(prefix, year).query(Long.class).single();
    });
    return "%s-%d-%06d".formatted(prefix, year, value);
  }

  /** Two first-of-the-year submissions raced to create the counter row; the loser simply tries again. */
  private static final class CounterRaceException extends RuntimeException {
  }

  public String nextWithRetry(String prefix) {
    try {
      return next(prefix);
    } catch (CounterRaceException e) {
      return next(prefix);
    }
  }
}
