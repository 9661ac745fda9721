package org.gongzhi.system;

import jakarta.validation.constraints.NotBlank;
import java.util.Locale;

/** A label in Chinese (shown first) and English, as configured for categories, channels, services. */
public record Label(@NotBlank String zh, @NotBlank String en) {
  public String in(Locale locale) {
    return "en".equals(locale.getLanguage()) ? en : zh;
  }

  public String bilingual() {
    return zh + " / " + en;
  }
}
