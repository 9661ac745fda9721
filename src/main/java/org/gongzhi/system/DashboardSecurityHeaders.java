package org.gongzhi.system;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camunda's header security covers only {@code /camunda}. The supervisors' dashboard ({@code /supervision/}, our own
 * page) gets the same protection: a Content-Security-Policy that runs only its own script file — no inline script, no
 * inline event handler, so a title that carries markup could not run even if it were ever inserted as HTML — no
 * framing, and no content-type sniffing. The page uses no inline script or style, which is what makes the policy this
 * strict ({@code SupervisionDashboardBrowserTest} runs the whole page under it).
 */
@Configuration
class DashboardSecurityHeaders {

  static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  @Bean
  FilterRegistrationBean<Filter> dashboardHeadersFilter() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
      HttpServletResponse http = (HttpServletResponse) response;
      http.setHeader("Content-Security-Policy", POLICY);
      http.setHeader("X-Content-Type-Options", "nosniff");
      http.setHeader("Referrer-Policy", "same-origin");
      chain.doFilter(request, response);
    });
    registration.setName("gongzhi-dashboard-security-headers");
    registration.addUrlPatterns("/supervision/*");
    return registration;
  }
}
