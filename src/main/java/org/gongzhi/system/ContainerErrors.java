package org.gongzhi.system;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat refuses before any application code sees them (an encoded {@code /} in the path, a request line too
 * long for the header buffer) are answered with an RFC 9457 problem too, not Tomcat's HTML error page: every refusal of
 * {@code /api/v1} and {@code /open311/v2} has the same shape, and no server details leak.
 */
@Component
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
      }
    });
  }

  /** Tomcat's error report as {@code application/problem+json}: status, its reason phrase, nothing else. */
  public static class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
      setShowReport(false);
      setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      String reason = org.springframework.http.HttpStatus.resolve(status) == null ? "Error"
          : org.springframework.http.HttpStatus.resolve(status).getReasonPhrase();
      try {
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer w = response.getReporter();
        if (w != null) {
          w.write("{\"type\":\"https://gongzhi.org/problems/http-" + status + "\",\"title\":\"" + reason + "\",\"status\":" + status
              + ",\"detail\":\"" + reason + "\"}");
          w.flush();
        }
      } catch (IOException | IllegalStateException e) {
        // the client went away or the response was committed meanwhile: nothing more to say
      }
    }
  }

}
