package org.gongzhi.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rules for every JSON body our API reads: text may not carry control characters (NUL breaks
 * PostgreSQL, the others break mails and pages) except tab and line breaks.
 */
@Configuration(proxyBeanMethods = false)
class JsonInputRules {

  @Bean
  Jackson2ObjectMapperBuilderCustomizer rejectControlCharacters() {
    SimpleModule module = new SimpleModule("gongzhi-text-rules");
    module.addDeserializer(String.class, new StringDeserializer() {
      @Override
      public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String s = super.deserialize(p, ctxt);
        if (s != null && s.chars().anyMatch(JsonInputRules::forbidden)) {
          throw new ControlCharactersException(p);
        }
        return s;
      }
    });
    return builder -> builder.modulesToInstall(module);
  }

  static boolean forbidden(int c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
  }

  /** A string field carries a control character. */
  static class ControlCharactersException extends JsonMappingException {
    ControlCharactersException(JsonParser p) {
      super(p, "control characters are not allowed");
    }
  }
}
