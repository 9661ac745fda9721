package org.gongzhi.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.gongzhi.supervision.SupervisorAccess;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The OpenAPI description ({@code /v3/api-docs}, {@code /v3/api-docs.yaml}) and Swagger UI ({@code /swagger-ui.html},
 * {@code /swagger-ui/**}) are for staff: a Camunda user logged in to this session (Tasklist, Cockpit, the dashboard) or
 * sending HTTP Basic. Anyone else gets 401 problem details with {@code WWW-Authenticate: Basic}, so that a browser asks
 * for the Camunda account right there instead of being sent elsewhere.
 */
@Configuration
class ApiDocsAccessFilter extends OncePerRequestFilter {

  private final SupervisorAccess access;
  private final Problems problems;

  ApiDocsAccessFilter(SupervisorAccess access, Problems problems) {
    this.access = access;
    this.problems = problems;
  }

  @Bean
  FilterRegistrationBean<ApiDocsAccessFilter> apiDocsAccessFilterRegistration() {
    FilterRegistrationBean<ApiDocsAccessFilter> registration = new FilterRegistrationBean<>(this);
    registration.addUrlPatterns("/v3/api-docs", "/v3/api-docs/*", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/*");
    registration.setOrder(-100);
    return registration;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (access.currentUser(request).isPresent()) {
      chain.doFilter(request, response);
      return;
    }
    Locale locale = Problems.locale(request);
    response.setHeader("WWW-Authenticate", "Basic realm=\"Gongzhi staff\", charset=\"UTF-8\"");
    problems.write(response, problems.problem(HttpStatus.UNAUTHORIZED, "unauthenticated", problems.text(locale, "error.unauthenticated.title"),
        problems.text(locale, "error.unauthenticated.detail"), null));
  }
}
