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

  /** wang.fang@example.com → w***@example.com */
  public static String maskEmail(String email) {
    if (email == null) {
      return null;
    }
    int at = email.indexOf('@');
    return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
  }
}
