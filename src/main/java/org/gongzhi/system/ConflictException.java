package org.gongzhi.system;

/** The request is well-formed but the case is not in a state that allows it (e.g. rating an open case). */
public class ConflictException extends RuntimeException {
  private final String code;
  private final Object[] args;

  public ConflictException(String code, Object... args) {
    super(code);
    this.code = code;
    this.args = args;
  }

  public String code() {
    return code;
  }

  public Object[] args() {
    return args;
  }
}
