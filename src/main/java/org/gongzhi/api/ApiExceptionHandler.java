package org.gongzhi.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.gongzhi.api.Problems.FieldMessage;
import org.gongzhi.complaint.ComplaintNotFoundException;
import org.gongzhi.system.ConflictException;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.volunteer.NoTeamServesException;
import org.gongzhi.volunteer.VolunteerOrderNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every rejected request gets an RFC 9457 problem ({@code application/problem+json}) in the caller's
 * language (zh-CN unless {@code Accept-Language} asks for English), with one entry per offending field:
 * {@code errors: [{field, code, message}]}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  /** Bean Validation constraint → our message code. */
  private static final Map<String, String> CODES = Map.ofEntries(
      Map.entry("NotBlank", "field.required"), Map.entry("NotNull", "field.required"), Map.entry("NotEmpty", "field.required"),
      Map.entry("Size", "field.tooLong"), Map.entry("Pattern", "field.phone"), Map.entry("Email", "field.email"),
      Map.entry("Min", "field.min"), Map.entry("Max", "field.max"), Map.entry("DecimalMin", "field.min"),
      Map.entry("DecimalMax", "field.max"), Map.entry("Digits", "field.digits"));

  private final MessageSource messages;
  private final Problems problems;

  private final org.springframework.util.unit.DataSize bodyLimit;

  private final org.gongzhi.channel.CaseOrigins origins;

  ApiExceptionHandler(MessageSource messages, Problems problems,
                      @org.springframework.beans.factory.annotation.Value("${gongzhi.api.max-body-size:256KB}")
                      org.springframework.util.unit.DataSize bodyLimit, org.gongzhi.channel.CaseOrigins origins) {
    this.origins = origins;
    this.bodyLimit = bodyLimit;
    this.messages = messages;
    this.problems = problems;
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
    List<FieldMessage> errors = new ArrayList<>();
    for (FieldError fe : e.getBindingResult().getFieldErrors()) {
      String code = CODES.getOrDefault(fe.getCode(), "field.invalid");
      if ("field.phone".equals(code) && !fe.getField().toLowerCase(java.util.Locale.ROOT).endsWith("phone")) {
        code = "field.invalid"; // a pattern on another field (e.g. a channel code) is not a phone number
      }
      errors.add(new FieldMessage(fe.getField(), code, text(code, argsOf(fe))));
    }
    return validation(errors);
  }

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
    return validation(e.problems().stream()
        .map(p -> new FieldMessage(p.field(), p.code(), text(p.code(), p.args()))).toList());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    if (BodySizeLimitFilter.causedByLimit(e)) {
      return problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", text("error.payloadTooLarge.title"), text("error.bodyTooLarge",
          bodyLimit.toKilobytes()), null);
    }
    String where = "body";
    if (e.getCause() instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
      where = jme.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      String code = jme instanceof JsonInputRules.ControlCharactersException ? "field.controlCharacters"
          : jme instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException ? "field.unknown" : "field.invalid";
      return validation(List.of(new FieldMessage(where, code, text(code))));
    }
    return problem(HttpStatus.BAD_REQUEST, "malformed", text("error.malformed.title"), text("error.malformed.detail", where), null);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
    return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", text("error.mediaType.title"),
        text("error.mediaType.detail"), null);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
    return problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", text("error.method.title"), e.getMessage(), null);
  }

  @ExceptionHandler(ComplaintNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(ComplaintNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", text("error.notFound.title"),
        text("error.notFound.complaint", e.caseNumber()), null);
  }

  @ExceptionHandler(VolunteerOrderNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(VolunteerOrderNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", text("error.notFound.title"), text("error.notFound.order", e.orderNumber()), null);
  }

  @ExceptionHandler(org.gongzhi.content.ContentSubmissionNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(org.gongzhi.content.ContentSubmissionNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", text("error.notFound.title"),
        text("error.notFound.content", e.submissionNumber()), null);
  }

  @ExceptionHandler(org.gongzhi.merchant.MerchantApplicationNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(org.gongzhi.merchant.MerchantApplicationNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", text("error.notFound.title"),
        text("error.notFound.merchant", e.applicationNumber()), null);
  }

  /** The dashboard: 401 without a login, 403 for a user who is not a supervisor, 404 for what lies outside the subtree. */
  @ExceptionHandler(org.gongzhi.supervision.SupervisionAccessException.class)
  ResponseEntity<ProblemDetail> supervision(org.gongzhi.supervision.SupervisionAccessException e) {
    return switch (e.reason()) {
      // no Basic challenge: a browser would answer it with its own password dialog instead of letting the page show
      // its log-in form; integrators send their credentials up front (curl -u)
      case NOT_AUTHENTICATED ->
          problem(HttpStatus.UNAUTHORIZED, "unauthenticated", text("error.unauthenticated.title"), text("error.unauthenticated.detail"), null);
      case NOT_SUPERVISOR -> problem(HttpStatus.FORBIDDEN, "forbidden", text("error.forbidden.title"), text("error.forbidden.supervisor"), null);
      case NOT_ADMIN -> problem(HttpStatus.FORBIDDEN, "forbidden", text("error.forbidden.title"), text("error.forbidden.admin"), null);
      case NOT_VISIBLE -> problem(HttpStatus.NOT_FOUND, "not-found", text("error.notFound.title"), text("error.notFound.supervision", e.subject()), null);
    };
  }

  @ExceptionHandler(ApiKeyAdminController.ApiKeyNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(ApiKeyAdminController.ApiKeyNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", text("error.notFound.title"), text("error.notFound.apiKey", e.id), null);
  }

  @ExceptionHandler(VolunteerController.TeamNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(VolunteerController.TeamNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", text("error.notFound.title"), text("error.notFound.team", e.teamCode), null);
  }

  /** The service exists, but no team offers it in that community: say so instead of queueing the order for ever. */
  @ExceptionHandler(NoTeamServesException.class)
  ResponseEntity<ProblemDetail> noTeam(NoTeamServesException e) {
    Locale locale = LocaleContextHolder.getLocale();
    String message = text("volunteer.noTeam", e.category().in(locale), e.community().displayName(locale));
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "no-team", text("error.validation.title"), message,
        List.of(new FieldMessage("category", "volunteer.noTeam", message)));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e) {
    return validation(List.of(new FieldMessage(e.getParameterName(), "field.required", text("field.required"))));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
    return validation(List.of(new FieldMessage(e.getName(), "field.invalid", text("field.invalid"))));
  }

  /** Two requests changed the same case at once (two ratings, a rating as the case closes itself): one loses. */
  @ExceptionHandler(org.camunda.bpm.engine.OptimisticLockingException.class)
  ResponseEntity<ProblemDetail> raced(org.camunda.bpm.engine.OptimisticLockingException e) {
    return problem(HttpStatus.CONFLICT, "conflict", text("error.conflict.title"), text("error.conflict.concurrent"), null);
  }

  /**
   * A retry whose key's first request stored its case and died before its answer was stored (complaints answer with
   * the case itself; the other kinds name it here). Kept as the key's answer, so later retries get the same.
   */
  @ExceptionHandler(org.gongzhi.channel.CaseAlreadyCreatedException.class)
  ResponseEntity<ProblemDetail> alreadyCreated(org.gongzhi.channel.CaseAlreadyCreatedException e) {
    String caseRef = origins.createdWith(e.apiKeyId(), e.idempotencyKey()).orElse("?");
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-used", text("error.idempotency.created.title"),
        text("error.idempotency.created.detail", caseRef),
        List.of(new FieldMessage(IdempotencyFilter.KEY_HEADER, "idempotencyKey.created", text("idempotencyKey.created", caseRef))));
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<ProblemDetail> conflict(ConflictException e) {
    return problem(HttpStatus.CONFLICT, "conflict", text("error.conflict.title"), text(e.code(), e.args()), null);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (concurrentChange(e)) { // the same answer as an optimistic-locking failure: nothing was changed, send it again
      log.info("A request lost a race with another change of the same case ({}); answered 409", e.getClass().getSimpleName());
      return problem(HttpStatus.CONFLICT, "conflict", text("error.conflict.title"), text("error.conflict.concurrent"), null);
    }
    if (e instanceof ErrorResponse spring) { // Spring MVC's own 4xx (404 no resource, 406, …): keep the status
      HttpStatus status = HttpStatus.valueOf(spring.getStatusCode().value());
      if (status.is4xxClientError()) {
        return problem(status, "http-" + status.value(), status.getReasonPhrase(), spring.getBody().getDetail(), null);
      }
    }
    log.error("Unexpected error in the API", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", text("error.internal.title"), text("error.internal.detail"), null);
  }

  /**
   * A database refusal that only a concurrent change causes, inside an engine or our own write: a foreign key whose row
   * another transaction just deleted (PostgreSQL reports a case-ending step that lost a race this way, as ENGINE-03004,
   * before Camunda can see the stale revision), a serialization failure or a deadlock. The transaction was rolled back.
   */
  static boolean concurrentChange(Throwable e) {
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof org.camunda.bpm.engine.OptimisticLockingException) {
        return true;
      }
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().equals("23503") || sql.getSQLState().equals("40001") || sql.getSQLState().equals("40P01"))) {
        return true;
      }
    }
    return false;
  }

  private ResponseEntity<ProblemDetail> validation(List<FieldMessage> errors) {
    return problem(HttpStatus.BAD_REQUEST, "validation", text("error.validation.title"),
        text("error.validation.detail", errors.size()), errors);
  }

  private ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail, List<FieldMessage> errors) {
    ProblemDetail pd = problems.problem(status, type, title, detail, errors);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
  }

  /** The constraint's bound for Size (max), Min/Max and DecimalMin/DecimalMax (value). */
  private static Object[] argsOf(FieldError fe) {
    try {
      Map<String, Object> attrs = fe.unwrap(ConstraintViolation.class).getConstraintDescriptor().getAttributes();
      if (attrs.containsKey("max") && "Size".equals(fe.getCode())) {
        return new Object[] {attrs.get("max")};
      }
      if (attrs.containsKey("value")) {
        return new Object[] {attrs.get("value")};
      }
    } catch (IllegalArgumentException notAViolation) {
      // a binding error, not a constraint: no bound to name
    }
    return new Object[0];
  }

  private String text(String code, Object... args) {
    Locale locale = LocaleContextHolder.getLocale();
    return messages.getMessage(code, args, code, locale);
  }
}
