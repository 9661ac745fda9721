package org.gongzhi.api;

import static org.gongzhi.system.Timestamps.ts;

import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Table {@code idempotency_record} (V10). Every change is its own short transaction (REQUIRES_NEW), committed before the
 * request goes on, so that a concurrent duplicate sees the claim at once.
 */
@Component
@EnableScheduling
class IdempotencyRecords {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyRecords.class);

  enum State { IN_PROGRESS, COMPLETE }

  /** A stored record: the request it was claimed for, and once COMPLETE the answer to replay. */
  record Stored(String requestHash, State state, Integer status, String contentType, String location, String body,
                Instant createdAt) {
  }

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final IdempotencyProperties properties;

  private final org.gongzhi.channel.CaseOrigins origins;

  IdempotencyRecords(JdbcClient jdbc, PlatformTransactionManager transactions, IdempotencyProperties properties,
                     org.gongzhi.channel.CaseOrigins origins) {
    this.origins = origins;
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.properties = properties;
  }

  /**
   * The claim's token when this request now owns the key; empty when another request claimed it first (the primary key
   * says so). Only the token's holder can complete or release the claim.
   */
  Optional<String> claim(String apiKeyId, String key, String requestHash) {
    String token = java.util.UUID.randomUUID().toString();
    try {
      tx.executeWithoutResult(s -> jdbc.sql("""
              insert into idempotency_record (api_key_id, idem_key, request_hash, state, created_at, claim_token)
              values (?, ?, ?, 'IN_PROGRESS', ?, ?)""")
          .params(apiKeyId, key, requestHash, ts(Instant.now()), token).update());
      return Optional.of(token);
    } catch (DuplicateKeyException duplicate) {
      return Optional.empty();
    }
  }

  Optional<Stored> find(String apiKeyId, String key) {
    return tx.execute(s -> jdbc.sql("""
            select request_hash, state, response_status, response_content_type, response_location, response_body, created_at
            from idempotency_record where api_key_id = ? and idem_key = ?""")
        .params(apiKeyId, key)
        .query((rs, n) -> new Stored(rs.getString("request_hash"), State.valueOf(rs.getString("state")),
            (Integer) rs.getObject("response_status", Integer.class), rs.getString("response_content_type"),
            rs.getString("response_location"), rs.getString("response_body"), rs.getTimestamp("created_at").toInstant()))
        .optional());
  }

  /** Stores the answer of the claim {@code token}; false when the claim is no longer this request's (taken over as abandoned). */
  boolean complete(String apiKeyId, String key, String token, int status, String contentType, String location, String body) {
    return Boolean.TRUE.equals(tx.execute(s -> jdbc.sql("""
            update idempotency_record set state = 'COMPLETE', response_status = ?, response_content_type = ?,
              response_location = ?, response_body = ?, completed_at = ?
            where api_key_id = ? and idem_key = ? and state = 'IN_PROGRESS' and claim_token = ?""")
        .params(status, contentType, location, body, ts(Instant.now()), apiKeyId, key, token).update() == 1));
  }

  /** Gives up the claim {@code token} (nothing was done, or it may safely be done again): a retry with the same key runs. */
  void release(String apiKeyId, String key, String token) {
    tx.executeWithoutResult(s -> jdbc.sql(
            "delete from idempotency_record where api_key_id = ? and idem_key = ? and state = 'IN_PROGRESS' and claim_token = ?")
        .params(apiKeyId, key, token).update());
  }

  /** Drops a claim still IN_PROGRESS that was made before {@code claimedBefore} (its node died); true when it did. */
  boolean dropAbandoned(String apiKeyId, String key, Instant claimedBefore) {
    return Boolean.TRUE.equals(tx.execute(s -> jdbc.sql("""
            delete from idempotency_record
            where api_key_id = ? and idem_key = ? and state = 'IN_PROGRESS' and created_at < ?""")
        .params(apiKeyId, key, ts(claimedBefore)).update() > 0));
  }

  /** Deletes the records made before {@code cutoff}; their keys may be used again (also by {@link org.gongzhi.channel.CaseOrigins}). */
  int purgeCreatedBefore(Instant cutoff) {
    origins.forgetIdempotencyKeysBefore(cutoff); // the cases made with those keys forget them too: the key is new again
    Integer n = tx.execute(s -> jdbc.sql("delete from idempotency_record where created_at < ?").param(ts(cutoff)).update());
    return n == null ? 0 : n;
  }

  @Scheduled(initialDelayString = "${gongzhi.api.idempotency.purge-interval:PT1H}",
      fixedDelayString = "${gongzhi.api.idempotency.purge-interval:PT1H}")
  void purgeExpired() {
    int n = purgeCreatedBefore(Instant.now().minus(properties.retention()));
    if (n > 0) {
      log.info("Purged {} idempotency records older than {}", n, properties.retention());
    }
  }
}
