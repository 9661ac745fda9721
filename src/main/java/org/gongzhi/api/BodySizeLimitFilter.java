package org.gongzhi.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No request body to {@code /api/v1} or {@code /open311/v2} is larger than {@code gongzhi.api.max-body-size} (256 KB):
 * a declared {@code Content-Length} above it is refused with 413 before anything is read; a body sent without one
 * (chunked) is counted as it is read and refused with 413 when it passes the limit. Nothing of such a request is stored.
 */
@Configuration
class BodySizeLimitFilter extends OncePerRequestFilter {

  private final long limit;
  private final Problems problems;

  BodySizeLimitFilter(@Value("${gongzhi.api.max-body-size:256KB}") DataSize limit, Problems problems) {
    this.limit = limit.toBytes();
    this.problems = problems;
  }

  @Bean
  FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitRegistration() {
    FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(this);
    registration.addUrlPatterns("/api/v1/*", "/open311/v2/*");
    registration.setOrder(-110); // before the key is looked up: an oversized body is refused unread
    return registration;
  }

  /** Thrown while reading a body past the limit; the exception handlers answer it with 413. */
  static final class BodyTooLargeException extends IOException {
    BodyTooLargeException() {
      super("request body larger than the limit");
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      tooLarge(request, response);
      return;
    }
    try {
      chain.doFilter(new CountingRequest(request, limit), response);
    } catch (ServletException | IOException | RuntimeException e) {
      if (!causedByLimit(e)) {
        throw e;
      }
      if (!response.isCommitted()) {
        response.reset();
        tooLarge(request, response);
      }
    }
  }

  static boolean causedByLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
    var locale = Problems.locale(request);
    problems.write(response, problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
        problems.text(locale, "error.payloadTooLarge.title"), problems.text(locale, "error.bodyTooLarge", limit / 1024), null));
  }

  /** Counts what is read and stops at the limit. */
  private static final class CountingRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream counting;

    CountingRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (counting == null) {
        ServletInputStream in = super.getInputStream();
        counting = new ServletInputStream() {
          private long read;

          @Override
          public boolean isFinished() {
            return in.isFinished();
          }

          @Override
          public boolean isReady() {
            return in.isReady();
          }

          @Override
          public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
          }

          @Override
          public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
              count(1);
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int off, int len) throws IOException {
            int n = in.read(buffer, off, len);
            if (n > 0) {
              count(n);
            }
            return n;
          }

          private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
              throw new BodyTooLargeException();
            }
          }
        };
      }
      return counting;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      return new BufferedReader(new InputStreamReader(getInputStream(),
          getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding()));
    }
  }
}
