package org.gongzhi.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * RFC 9457 problem details written by servlet filters, which answer before any controller (and so before
 * {@link ApiExceptionHandler}) is reached: the same shape, type URIs and messages.
 */
@Component
public class Problems {

  public static final String TYPE_BASE = "https://gongzhi.org/problems/";

  private final MessageSource messages;
  private final ObjectMapper json;

  public Problems(MessageSource messages, ObjectMapper json) {
    this.messages = messages;
    this.json = json;
  }

  /** One offending field (or header) of a rejected request. */
  public record FieldMessage(String field, String code, String message) {
  }

  public ProblemDetail problem(HttpStatus status, String type, String title, String detail, List<FieldMessage> errors) {
    ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
    pd.setType(URI.create(TYPE_BASE + type));
    pd.setTitle(title);
    if (errors != null) {
      pd.setProperty("errors", errors);
    }
    return pd;
  }

  /** A 400 naming one field or header: {@code code} for machines, the text of {@code messageCode} for people. */
  public ProblemDetail invalid(Locale locale, String field, String code, String messageCode) {
    return problem(HttpStatus.BAD_REQUEST, "validation", text(locale, "error.validation.title"), text(locale, "error.validation.detail", 1),
        List.of(new FieldMessage(field, code, text(locale, messageCode))));
  }

  public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), problem);
  }

  /** The caller's language: zh-CN unless {@code Accept-Language} asks for another (English is the other one we have). */
  public static Locale locale(jakarta.servlet.http.HttpServletRequest request) {
    return request.getHeader("Accept-Language") == null ? Locale.SIMPLIFIED_CHINESE : request.getLocale();
  }

  public String text(Locale locale, String code, Object... args) {
    return messages.getMessage(code, args, code, locale);
  }
}
