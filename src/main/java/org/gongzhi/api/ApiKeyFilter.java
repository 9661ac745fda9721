package org.gongzhi.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gongzhi.channel.ApiKeys;
import org.gongzhi.channel.ApiResource;
import org.gongzhi.channel.ChannelCaller;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api/v1} call of a channel or integrator names its API key in {@code X-API-Key}: 401 without a valid,
 * unrevoked key; 403 for a resource the key was not granted; 400 when a resident channel's key names no resident
 * ({@code X-Resident-Id}); 429 with {@code Retry-After} beyond the key's rate. The caller is left on the request for the
 * controllers, which check the jurisdiction and the resident case by case.
 *
 * <p>Staff endpoints ({@code /api/v1/supervision}, {@code /api/v1/admin}) use Camunda accounts instead.
 */
@Configuration
class ApiKeyFilter extends OncePerRequestFilter {

  public static final String KEY_HEADER = "X-API-Key";
  public static final String RESIDENT_HEADER = "X-Resident-Id";

  /** First path segment after {@code /api/v1/} → the resource a key must hold. */
  static final Map<String, ApiResource> RESOURCES = Map.ofEntries(
      Map.entry("complaints", ApiResource.COMPLAINTS),
      Map.entry("volunteer-orders", ApiResource.VOLUNTEER_ORDERS), Map.entry("service-menu", ApiResource.VOLUNTEER_ORDERS),
      Map.entry("volunteer-teams", ApiResource.VOLUNTEER_ORDERS),
      Map.entry("content-submissions", ApiResource.CONTENT), Map.entry("content-channels", ApiResource.CONTENT),
      Map.entry("merchant-applications", ApiResource.MERCHANTS), Map.entry("merchant-categories", ApiResource.MERCHANTS),
      Map.entry("catalogue", ApiResource.MERCHANTS),
      Map.entry("webhook", ApiResource.WEBHOOKS));

  private static final List<String> STAFF_SEGMENTS = List.of("supervision", "admin");

  private final ApiKeys keys;
  private final RateLimits rateLimits;
  private final Problems problems;

  ApiKeyFilter(ApiKeys keys, RateLimits rateLimits, Problems problems) {
    this.keys = keys;
    this.rateLimits = rateLimits;
    this.problems = problems;
  }

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilterRegistration() {
    FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(this);
    registration.addUrlPatterns("/api/v1/*");
    registration.setOrder(-100); // before idempotency, which keeps its records per key
    return registration;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return STAFF_SEGMENTS.contains(segment(request));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Locale locale = Problems.locale(request);
    String resident = request.getHeader(RESIDENT_HEADER);
    if (resident != null && (resident.isBlank() || resident.length() > 128 || !resident.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      problems.write(response, problems.invalid(locale, RESIDENT_HEADER, "apiKey.residentId", "apiKey.residentId"));
      return;
    }
    Optional<ChannelCaller> found = keys.authenticate(request.getHeader(KEY_HEADER), resident);
    if (found.isEmpty()) {
      response.setHeader("WWW-Authenticate", "ApiKey header=\"" + KEY_HEADER + "\"");
      problems.write(response, problems.problem(HttpStatus.UNAUTHORIZED, "unauthenticated", problems.text(locale, "error.apiKey.title"),
          problems.text(locale, request.getHeader(KEY_HEADER) == null ? "error.apiKey.missing" : "error.apiKey.invalid"), null));
      return;
    }
    ChannelCaller caller = found.get();
    ApiResource resource = RESOURCES.get(segment(request));
    if (resource == null) { // no channel endpoint lives there: never let an unlisted path past the resource check
      problems.write(response, problems.problem(HttpStatus.NOT_FOUND, "http-404", problems.text(locale, "error.notFound.title"),
          problems.text(locale, "error.notFound.path"), null));
      return;
    }
    if (!caller.mayUse(resource)) {
      problems.write(response, problems.problem(HttpStatus.FORBIDDEN, "forbidden", problems.text(locale, "error.forbidden.title"),
          problems.text(locale, "error.apiKey.resource", resource.code()), null));
      return;
    }
    if (caller.key().residentScoped() && caller.residentRef() == null) {
      problems.write(response, problems.invalid(locale, RESIDENT_HEADER, "field.required", "apiKey.residentRequired"));
      return;
    }
    long retryAfter = rateLimits.acquire(caller.key().id(), caller.key().rateLimitPerMinute());
    if (retryAfter > 0) {
      response.setHeader("Retry-After", Long.toString(retryAfter));
      problems.write(response, problems.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", problems.text(locale, "error.rateLimited.title"),
          problems.text(locale, "error.rateLimited.detail", caller.key().rateLimitPerMinute(), retryAfter), null));
      return;
    }
    request.setAttribute(ChannelCaller.REQUEST_ATTRIBUTE, caller);
    chain.doFilter(request, response);
  }

  /**
   * The first segment after {@code /api/v1/}, from the path as the servlet container resolved it (decoded, {@code ;}
   * parameters removed, {@code ..} resolved), which is what Spring MVC matches handlers against: the raw request URI
   * would let {@code /api/v1/%63omplaints} or {@code /api/v1/complaints;x} past the resource check.
   */
  static String segment(HttpServletRequest request) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    String rest = path.startsWith("/api/v1/") ? path.substring("/api/v1/".length()) : "";
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    int dot = first.indexOf('.'); // breaches.csv
    return dot < 0 ? first : first.substring(0, dot);
  }
}
