package org.gongzhi.supervision;

/**
 * Why a staff endpoint refuses: not logged in (401), not a supervisor or not an administrator (403), or a node or case
 * outside the subtree (404).
 */
public class SupervisionAccessException extends RuntimeException {

  public enum Reason { NOT_AUTHENTICATED, NOT_SUPERVISOR, NOT_ADMIN, NOT_VISIBLE }

  private final Reason reason;
  private final String subject;

  public SupervisionAccessException(Reason reason, String subject) {
    super(reason + (subject == null ? "" : ": " + subject));
    this.reason = reason;
    this.subject = subject;
  }

  public Reason reason() {
    return reason;
  }

  public String subject() {
    return subject;
  }
}
