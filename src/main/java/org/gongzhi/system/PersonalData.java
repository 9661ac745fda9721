package org.gongzhi.system;

/** Masks residents' personal data for logs, process variables and anything not held by their jurisdiction. */
public final class PersonalData {
  private PersonalData() {
  }

  private static final java.util.regex.Pattern NUMBERS_IN_TEXT = java.util.regex.Pattern.compile(
      "(?<![0-9])(?:\\d{17}[0-9Xx]|1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})(?![0-9])");

  /**
   * Free text as others may read it: mobile and landline numbers and 18-character resident ID numbers a resident typed
   * into a description are masked like {@link #maskPhone} (the rest of the text stays).
   */
  public static String maskNumbersInText(String text) {
    return text == null ? null : NUMBERS_IN_TEXT.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(maskPhone(m.group())));
  }

  /** 13800138000 → 138****8000 */
  public static String maskPhone(String phone) {
    if (phone == null) {
      return null;
    }
    String p = phone.strip();
    if (p.length() < 7) {
      return "*".repeat(p.length());
    }
    return p.substring(0, 3) + "*".repeat(p.length() - 7) + p.substring(p.length() - 4);
  }

  /** 王芳 → 王*, 欧阳娜娜 → 欧***, Li Lei → L***** */
  public static String maskName(String name) {
    if (name == null || name.isBlank()) {
      return name;
    }
    String n = name.strip();
    int first = n.offsetByCodePoints(0, 1);
    return n.substring(0, first) + "*".repeat(Math.max(1, n.codePointCount(first, n.length())));
  }

  /** 清泉路 12 号 3 单元 → 清泉路 ** 号 * 单元: the street stays, house and flat numbers go. */
  public static String maskAddress(String address) {
    return address == null ? null : address.replaceAll("[0-9０-９]", "*");
  }

  private static final java.util.regex.Pattern IN_LOG_LINE = java.util.regex.Pattern.compile(
      "(?<![0-9A-Za-z])(?:\\d{17}[0-9Xx]|1[3-9]\\d{9})(?![0-9A-Za-z])"
          + "|[A-Za-z0-9._%+-]+(@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})");

  private static final ThreadLocal<java.util.List<String>> KNOWN = ThreadLocal.withInitial(java.util.ArrayList::new);

  /**
   * The log's safety net (logback-spring.xml routes every message and stack trace through it): mainland mobile numbers
   * and 18-character resident ID numbers are masked like {@link #maskPhone}, e-mail addresses lose their local part
   * ({@code ***@example.com}), and the personal values announced by {@link #inLogScope} on this thread (names,
   * addresses) are masked wherever they appear.
   */
  public static String maskLogLine(String line) {
    if (line == null || line.isEmpty()) {
      return line;
    }
    String masked = IN_LOG_LINE.matcher(line).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
        m.group(1) != null ? "***" + m.group(1) : maskPhone(m.group())));
    for (String known : KNOWN.get()) {
      if (masked.contains(known)) {
        masked = masked.replace(known, maskName(known));
      }
    }
    return masked;
  }

  /**
   * Announces personal values (a reporter's name, address …) that this thread handles until the scope is closed: any
   * log line written meanwhile on this thread, by our code or a library (an SQL error quoting a value), shows them
   * masked. Values shorter than two characters are ignored.
   */
  public static LogScope inLogScope(String... values) {
    java.util.List<String> added = new java.util.ArrayList<>();
    for (String v : values) {
      if (v != null && v.strip().length() >= 2) {
        added.add(v.strip());
      }
    }
    KNOWN.get().addAll(added);
    return () -> {
      java.util.List<String> known = KNOWN.get();
      added.forEach(known::remove);
      if (known.isEmpty()) {
        KNOWN.remove();
      }
    };
  }

  /** Closes an {@link #inLogScope}. */
  public interface LogScope extends AutoCloseable {
    @Override
    void close();
  }

  /** wang.fang@example.com → w***@example.com */
  public static String maskEmail(String email) {
    if (email == null) {
      return null;
    }
    int at = email.indexOf('@');
    return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
  }
}
