package org.gongzhi.system;

import java.util.List;

/**
 * Input that breaks a rule of the domain (unknown community, text over a limit …). Carries one
 * entry per offending field; the API answers 400 and names each field and its problem.
 */
public class InvalidInputException extends RuntimeException {

  /** A field and the message code (in {@code i18n/messages*.properties}) saying what is wrong with it. */
  public record FieldProblem(String field, String code, Object... args) {
  }

  private final List<FieldProblem> problems;

  public InvalidInputException(List<FieldProblem> problems) {
    super(problems.stream().map(p -> p.field() + ": " + p.code()).toList().toString());
    this.problems = List.copyOf(problems);
  }

  public InvalidInputException(String field, String code, Object... args) {
    this(List.of(new FieldProblem(field, code, args)));
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
