package org.gongzhi.system;

/** Masks residents' personal data for logs, process variables and anything not held by their jurisdiction. */
public final class PersonalData {
  private PersonalData() {
  }

  /** A mainland mobile number, with or without the country code (+86, 86-, +86 …): group "cc" holds the code as written. */
  private static final String MOBILE = "(?<cc>\\+?86[- ]?)?(?<mobile>1[3-9]\\d{9})";

  private static final java.util.regex.Pattern NUMBERS_IN_TEXT = java.util.regex.Pattern.compile(
      "(?<![0-9+])(?:\\d{17}[0-9Xx]|" + MOBILE + "|0\\d{2,3}-?\\d{7,8})(?![0-9])");

  /**
   * Free text as others may read it: mobile and landline numbers and 18-character resident ID numbers a resident typed
   * into a description are masked like {@link #maskPhone} (the rest of the text stays).
   */
  public static String maskNumbersInText(String text) {
    return text == null ? null : replace(NUMBERS_IN_TEXT, text, PersonalData::maskNumber);
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

  /** A number found by a pattern with {@link #MOBILE} in it: the country code stays, the number is masked. */
  private static String maskNumber(java.util.regex.Matcher m) {
    String mobile = m.group("mobile");
    if (mobile == null) {
      return maskPhone(m.group());
    }
    String cc = m.group("cc");
    return (cc == null ? "" : cc) + maskPhone(mobile);
  }

  /** Every match of the pattern replaced by what the function makes of it (taken literally). */
  private static String replace(java.util.regex.Pattern pattern, String text, java.util.function.Function<java.util.regex.Matcher, String> by) {
    java.util.regex.Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    do {
      m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(by.apply(m)));
    } while (m.find());
    return m.appendTail(b).toString();
  }

  private static final java.util.regex.Pattern NUMBERS_IN_LOG_LINE = java.util.regex.Pattern.compile(
      "(?<![0-9A-Za-z+])(?:\\d{17}[0-9Xx]|" + MOBILE + ")(?![0-9A-Za-z])");

  /**
   * An e-mail address. Linear on any line: a match may only start where a run of local-part characters starts (the
   * look-behind), and that run is taken possessively, so a long run without '@' (base64, a hash) is read once, not once
   * per starting position; lines without '@' are not searched at all.
   */
  private static final java.util.regex.Pattern EMAIL_IN_LOG_LINE = java.util.regex.Pattern.compile(
      "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++(@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})");

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
    String masked = replace(NUMBERS_IN_LOG_LINE, line, PersonalData::maskNumber);
    if (masked.indexOf('@') >= 0) {
      masked = replace(EMAIL_IN_LOG_LINE, masked, m -> "***" + m.group(1));
    }
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
