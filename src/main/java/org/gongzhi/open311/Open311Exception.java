package org.gongzhi.open311;

import java.util.List;
import org.springframework.http.HttpStatus;

/** An answer in the spec's error format: the HTTP status, and one {@code error} (code, description) per problem. */
class Open311Exception extends RuntimeException {

  private final HttpStatus status;
  private final List<String> descriptions;

  Open311Exception(HttpStatus status, List<String> descriptions) {
    super(status + " " + descriptions);
    this.status = status;
    this.descriptions = List.copyOf(descriptions);
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
