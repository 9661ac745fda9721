package org.gongzhi.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gongzhi.api.IdempotencyRecords.State;
import org.gongzhi.api.IdempotencyRecords.Stored;
import org.gongzhi.api.Problems.FieldMessage;
import org.gongzhi.channel.ChannelCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every POST under {@code /api/v1}: the first request with a key runs and its answer (status,
 * {@code Location}, content type, body) is stored with the key; the same key with the same request gets that answer again
 * ({@code Idempotency-Replayed: true}) and creates nothing; the same key with another request is 422. A duplicate that
 * arrives while the first is still running waits for it (up to {@code wait-limit}, then 409), so two identical requests at
 * once create one case. Answers of 5xx (and exceptions) are not stored: the claim is dropped and a retry runs again.
 *
 * <p>Keys are per API key: the filter runs after {@link ApiKeyFilter} (order -90) and uses the caller it left on the
 * request. Staff endpoints, which have no API key, ignore the header. "The same request" is method, path, query,
 * {@code X-Resident-Id} and body, compared by SHA-256.
 */
@Configuration
class IdempotencyFilter extends OncePerRequestFilter {

  public static final String KEY_HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotency-Replayed";
  private static final long POLL_MILLIS = 50;

  private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

  private final IdempotencyRecords records;
  private final IdempotencyProperties properties;
  private final Problems problems;
  private final org.gongzhi.channel.ApiKeys apiKeys;

  IdempotencyFilter(IdempotencyRecords records, IdempotencyProperties properties, Problems problems,
                    org.gongzhi.channel.ApiKeys apiKeys) {
    this.apiKeys = apiKeys;
    this.records = records;
    this.properties = properties;
    this.problems = problems;
  }

  @Bean
  FilterRegistrationBean<IdempotencyFilter> idempotencyFilterRegistration() {
    FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(this);
    registration.addUrlPatterns("/api/v1/*", "/open311/v2/*");
    registration.setOrder(-90); // after ApiKeyFilter (-100): records are kept per API key
    return registration;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || request.getHeader(KEY_HEADER) == null
        || (open311(request) && !request.getServletPath().startsWith("/open311/v2/requests"));
  }

  private static boolean open311(HttpServletRequest request) {
    return request.getServletPath().startsWith("/open311/");
  }

  /**
   * Open311's {@code POST requests} is form-encoded and authenticates itself ({@code api_key} or {@code X-API-Key}): its
   * form is parsed here by the container (the controller reads the same parameters) and the caller found the same way.
   * Without a valid key the request goes on, to get Open311's own 403.
   */
  private Optional<ChannelCaller> open311Caller(HttpServletRequest request) {
    String apiKey = request.getParameter("api_key"); // as the Open311 controller reads it: the parameter first, then the header
    if (apiKey == null || apiKey.isBlank()) {
      apiKey = request.getHeader(ApiKeyFilter.KEY_HEADER);
    }
    return apiKeys.authenticate(apiKey, request.getHeader(ApiKeyFilter.RESIDENT_HEADER));
  }

  /** The form's parameters in a canonical order: what "the same body" means for a form the container has parsed. */
  private static byte[] canonicalForm(HttpServletRequest request) {
    StringBuilder b = new StringBuilder();
    new java.util.TreeMap<>(request.getParameterMap()).forEach((name, values) -> {
      for (String v : values) {
        b.append(name).append('=').append(v).append('\n');
      }
    });
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Locale locale = Problems.locale(request);
    String key = request.getHeader(KEY_HEADER);
    if (!valid(key)) {
      problems.write(response, problems.invalid(locale, KEY_HEADER, "idempotencyKey.invalid", "idempotencyKey.invalid"));
      return;
    }
    boolean form = open311(request);
    ChannelCaller caller = form ? open311Caller(request).orElse(null)
        : request.getAttribute(ChannelCaller.REQUEST_ATTRIBUTE) instanceof ChannelCaller c ? c : null;
    if (caller == null) {
      chain.doFilter(request, response); // a staff endpoint (no API key to keep records under), or Open311 without a key
      return;
    }
    byte[] body = form ? canonicalForm(request) : readBody(request);
    if (form && request.getAttribute("org.apache.catalina.parameter_parse_failed") != null) {
      body = null; // the container could not read the whole form (larger than its limit): nothing to compare
    }
    if (body == null) {
      problems.write(response, problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
          problems.text(locale, "error.payloadTooLarge.title"),
          problems.text(locale, "error.idempotency.tooLarge", properties.maxBody().toKilobytes()), null));
      return;
    }
    String keyId = caller.key().id();
    String hash = hash(request, body);
    Instant waitUntil = Instant.now().plus(properties.waitLimit());
    while (true) {
      Optional<String> token = records.claim(keyId, key, hash);
      if (token.isPresent()) {
        run(form ? request : new CachedBodyRequest(request, body), response, chain, keyId, key, token.get());
        return;
      }
      Optional<Stored> found = records.find(keyId, key);
      if (found.isEmpty() && Instant.now().isBefore(waitUntil)) {
        pause();
        continue; // the first request failed and gave the key up, or it expired: claim it again
      }
      if (found.isEmpty()) {
        inProgress(response, locale);
        return;
      }
      Stored stored = found.get();
      if (!stored.requestHash().equals(hash)) {
        problems.write(response, problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
            problems.text(locale, "error.idempotency.reused.title"), problems.text(locale, "error.idempotency.reused.detail"),
            List.of(new FieldMessage(KEY_HEADER, "idempotencyKey.reused", problems.text(locale, "idempotencyKey.reused")))));
        return;
      }
      if (stored.state() == State.COMPLETE) {
        replay(stored, response);
        return;
      }
      if (records.dropAbandoned(keyId, key, Instant.now().minus(properties.abandonedAfter()))) {
        log.warn("Dropped an idempotency claim abandoned since {} (key id {})", stored.createdAt(), keyId);
        continue;
      }
      if (Instant.now().isAfter(waitUntil)) {
        inProgress(response, locale);
        return;
      }
      pause();
    }
  }

  private void inProgress(HttpServletResponse response, Locale locale) throws IOException {
    response.setHeader(HttpHeaders.RETRY_AFTER, "1");
    problems.write(response, problems.problem(HttpStatus.CONFLICT, "idempotency-in-progress",
        problems.text(locale, "error.idempotency.inProgress.title"), problems.text(locale, "error.idempotency.inProgress.detail"),
        List.of(new FieldMessage(KEY_HEADER, "idempotencyKey.inProgress", problems.text(locale, "idempotencyKey.inProgress")))));
  }

  /** Answers that say "try again later", not "this is the outcome": never replayed, the retry runs afresh. */
  static final java.util.Set<Integer> TRANSIENT = java.util.Set.of(408, 409, 425, 429);

  /**
   * Runs the request that owns the key and stores its answer. 5xx, exceptions and transient refusals ({@link #TRANSIENT})
   * give the key up, so that a retry runs again. Once an answer below 500 exists the claim is never given up, even if
   * storing the answer fails: the case may exist, and a retry must not create a second one (the claim then waits for
   * {@code abandoned-after}).
   */
  private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String keyId, String key,
                   String token) throws ServletException, IOException {
    ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
    boolean keep = false;
    // a case created by this request records the key in its own transaction (CaseOrigins): if this request dies between
    // storing the case and storing its answer, the retry that takes the claim over finds the case instead of making another
    request.setAttribute(ChannelCaller.IDEMPOTENCY_KEY_ATTRIBUTE, key);
    try {
      chain.doFilter(request, captured);
      int status = captured.getStatus();
      byte[] answer = captured.getContentAsByteArray();
      // an error answered through sendError is written later by the error page, outside this filter: not replayable
      if (status < 500 && !TRANSIENT.contains(status) && (status < 400 || answer.length > 0)) {
        keep = true;
        Charset charset = charset(captured.getCharacterEncoding());
        if (!records.complete(keyId, key, token, status, captured.getContentType(), captured.getHeader(HttpHeaders.LOCATION),
            new String(answer, charset))) {
          log.warn("Idempotency claim of key id {} was taken over while its request ran; its answer is not stored", keyId);
        }
      }
    } finally {
      if (!keep) {
        records.release(keyId, key, token);
      }
    }
    captured.copyBodyToResponse();
  }

  private static void replay(Stored stored, HttpServletResponse response) throws IOException {
    response.setStatus(stored.status());
    response.setHeader(REPLAYED_HEADER, "true");
    if (stored.location() != null) {
      response.setHeader(HttpHeaders.LOCATION, stored.location());
    }
    if (stored.contentType() != null) {
      response.setContentType(stored.contentType());
    }
    if (stored.body() != null && !stored.body().isEmpty()) {
      Charset charset = charset(response.getCharacterEncoding());
      byte[] bytes = stored.body().getBytes(charset);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }

  /** 1–255 visible ASCII characters (RFC 9110 token-like; what the IETF idempotency draft's examples use). */
  static boolean valid(String key) {
    return key != null && !key.isEmpty() && key.length() <= 255 && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  /** The whole body, or null when it is longer than {@code max-body}. */
  private byte[] readBody(HttpServletRequest request) throws IOException {
    long max = properties.maxBody().toBytes();
    if (request.getContentLengthLong() > max) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > max) {
          return null;
        }
      }
    }
    return out.toByteArray();
  }

  private static String hash(HttpServletRequest request, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String resident = request.getHeader(ApiKeyFilter.RESIDENT_HEADER);
      String head = request.getMethod() + "\n" + request.getRequestURI() + "\n" + nullToEmpty(request.getQueryString()) + "\n"
          + nullToEmpty(resident) + "\n";
      sha.update(head.getBytes(StandardCharsets.UTF_8));
      sha.update(body);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static Charset charset(String name) {
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(POLL_MILLIS); // waiting for another request with the same key to finish, not for a timer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a request with the same Idempotency-Key", e);
    }
  }

  /** The request with its body already read: the controllers read it again from memory. */
  private static final class CachedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset(encoding)));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
