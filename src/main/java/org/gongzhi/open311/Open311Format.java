package org.gongzhi.open311;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;

/**
 * The two formats GeoReport v2 names by the path's suffix ({@code services.xml}, {@code requests.json}).
 *
 * <p>A response is built once as plain values — ordered maps for elements with children, lists for repeated elements,
 * strings, numbers and booleans for text — and written as either format: XML with the spec's element names (a list's
 * items named by {@link #ITEMS}), JSON with the same names (the spec's JSON lists are bare arrays).
 */
enum Open311Format {
  XML(MediaType.parseMediaType("text/xml;charset=UTF-8")),
  JSON(MediaType.parseMediaType("application/json;charset=UTF-8"));

  /** The element name of one item in each repeated element of the spec. */
  static final Map<String, String> ITEMS = Map.of(
      "endpoints", "endpoint", "formats", "format", "attributes", "attribute", "values", "value",
      "services", "service", "service_requests", "request", "service_requests_updates", "request_update", "errors", "error");

  private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

  private final MediaType mediaType;

  Open311Format(MediaType mediaType) {
    this.mediaType = mediaType;
  }

  MediaType mediaType() {
    return mediaType;
  }

  /** {@code xml} / {@code json}; null (no suffix) is XML, the spec's required format. */
  static Optional<Open311Format> of(String suffix) {
    if (suffix == null) {
      return Optional.of(XML);
    }
    return switch (suffix.toLowerCase(Locale.ROOT)) {
      case "xml" -> Optional.of(XML);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }

  /** The format a request path asks for, for answers (errors) given before the path was matched. */
  static Open311Format ofPath(String path) {
    return path != null && path.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : XML;
  }

  /** {@code root}: the document element in XML (its children a list or the map's entries); JSON writes only the content. */
  String write(String root, Object content) {
    if (this == JSON) {
      try {
        return JSON_MAPPER.writeValueAsString(content);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    element(out, root, content);
    return out.append('\n').toString();
  }

  private static void element(StringBuilder out, String name, Object value) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      out.append('<').append(name).append("/>");
      return;
    }
    out.append('<').append(name).append('>');
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> element(out, (String) k, v));
    } else if (value instanceof List<?> list) {
      String item = ITEMS.get(name);
      if (item == null) {
        throw new IllegalArgumentException("no item name for list " + name);
      }
      list.forEach(v -> element(out, item, v));
    } else if (value instanceof BigDecimal d) {
      out.append(d.toPlainString());
    } else {
      escape(out, value.toString());
    }
    out.append("</").append(name).append('>');
  }

  /** Escapes markup and drops the characters XML 1.0 cannot carry at all (control characters other than tab and line breaks). */
  static void escape(StringBuilder out, String text) {
    text.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
          if (allowed) {
            out.appendCodePoint(c);
          }
        }
      }
    });
  }
}
