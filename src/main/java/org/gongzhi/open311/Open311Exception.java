package org.gongzhi.open311;

import java.util.List;
import org.springframework.http.HttpStatus;

/** An answer in the spec's error format: the HTTP status, and one {@code error} (code, description) per problem. */
class Open311Exception extends RuntimeException {

  private final HttpStatus status;
  private final List<String> descriptions;
  private final long retryAfterSeconds;

  Open311Exception(HttpStatus status, List<String> descriptions) {
    this(status, descriptions, 0);
  }

  private Open311Exception(HttpStatus status, List<String> descriptions, long retryAfterSeconds) {
    super(status + " " + descriptions);
    this.status = status;
    this.descriptions = List.copyOf(descriptions);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 429 with the seconds for {@code Retry-After}. */
  Open311Exception(HttpStatus status, String description, long retryAfterSeconds) {
    this(status, List.of(description), retryAfterSeconds);
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  Open311Exception(HttpStatus status, String description) {
    this(status, List.of(description));
  }

  HttpStatus status() {
    return status;
  }

  List<String> descriptions() {
    return descriptions;
  }
}
