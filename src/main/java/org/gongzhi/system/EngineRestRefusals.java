package org.gongzhi.system;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.stereotype.Component;

/**
 * The engine wraps an exception thrown by a task listener in a generic {@link ProcessEngineException},
 * which the engine REST answers with 500. Our listeners refuse bad input (an action the tier does not
 * have, a missing reason) with a {@link BadUserRequestException}: answer those with 400 and their
 * message, as Camunda does for its own bad requests. A model the parser refuses (invalid BPMN, a
 * DOCTYPE or external entity) is the uploader's error too: 400. So is a variable sent Java-serialized
 * ({@code application/x-java-serialized-object}), which the engine refuses ({@code java-serialization-format-enabled:
 * false}) with a plain {@link ProcessEngineException} (code {@value #JAVA_SERIALIZATION_PROHIBITED}) that Camunda answers
 * with 500. Everything else goes to Camunda's own handler.
 */
@Component
class EngineRestRefusals implements ResourceConfigCustomizer {

  /** Camunda's code for "Cannot set variable with name … Java serialization format is prohibited". */
  static final String JAVA_SERIALIZATION_PROHIBITED = "ENGINE-17007";

  @Override
  public void customize(org.glassfish.jersey.server.ResourceConfig config) {
    config.register(EngineRefusalMapper.class);
    config.register(RestRefusalMapper.class);
  }

  /** A refusal anywhere in the cause chain, or null. */
  static Response refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadUserRequestException || t instanceof org.camunda.bpm.engine.ParseException
          || t instanceof org.xml.sax.SAXParseException) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("type", t.getClass().getSimpleName(), "message", String.valueOf(t.getMessage())))
            .build();
      }
      if (t instanceof ProcessEngineException && String.valueOf(t.getMessage()).startsWith(JAVA_SERIALIZATION_PROHIBITED)) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("type", "JavaSerializationProhibited", "message",
                "不接受 Java 序列化的变量，请改用 JSON（application/json）。/ Java-serialized variables are not accepted; "
                    + "send JSON (application/json) instead. " + t.getMessage()))
            .build();
      }
    }
    return null;
  }

  @Priority(1)
  static class EngineRefusalMapper implements ExceptionMapper<ProcessEngineException> {
    private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

    @Override
    public Response toResponse(ProcessEngineException e) {
      Response r = refusal(e);
      return r != null ? r : camunda.toResponse(e);
    }
  }

  /** Task completion wraps the engine's exception once more, in a RestException with status 500. */
  @Priority(1)
  static class RestRefusalMapper implements ExceptionMapper<RestException> {
    private final RestExceptionHandler camunda = new RestExceptionHandler();

    @Override
    public Response toResponse(RestException e) {
      Response r = refusal(e);
      return r != null ? r : camunda.toResponse(e);
    }
  }
}
