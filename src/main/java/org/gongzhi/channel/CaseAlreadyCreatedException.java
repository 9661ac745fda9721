package org.gongzhi.channel;

/**
 * A request carrying an {@code Idempotency-Key} tried to create a second case with that key: the first request
 * stored its case but died before its answer was stored (a crash), and its retry ran again. The transaction that
 * would have created the second case is rolled back; {@link CaseOrigins#createdWith} names the first.
 */
public class CaseAlreadyCreatedException extends RuntimeException {
  private final String apiKeyId;
  private final String idempotencyKey;

  public CaseAlreadyCreatedException(String apiKeyId, String idempotencyKey, Throwable cause) {
    super("a case was already created with this Idempotency-Key", cause);
    this.apiKeyId = apiKeyId;
    this.idempotencyKey = idempotencyKey;
  }

  public String apiKeyId() {
    return apiKeyId;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }
}
