package org.gongzhi.merchant;

import java.util.Objects;
import java.util.Optional;

/**
 * The unified social credit code (统一社会信用代码) of a merchant, as defined by GB 32100-2015
 * 《法人和其他组织统一社会信用代码编码规则》.
 *
 * <p>A code has 18 characters from the alphabet {@code 0-9} and the upper case letters
 * {@code A B C D E F G H J K L M N P Q R T U W X Y} (never I, O, Z, S or V):
 * <ul>
 *   <li>position 1: registration authority (登记管理部门代码),</li>
 *   <li>position 2: organisation category (机构类别代码),</li>
 *   <li>positions 3–8: administrative division of the registration authority (登记管理机关行政区划码),
 *   digits only,</li>
 *   <li>positions 9–17: organisation code (主体标识码) following GB 11714,</li>
 *   <li>position 18: check character.</li>
 * </ul>
 *
 * <p>The check character: every character of the alphabet has its index as value (0–9 for digits, A = 10 …
 * Y = 30); the weight of position <i>i</i> is 3<sup>i−1</sup> mod 31 (1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
 * 25, 13, 8, 24, 10, 30, 28); the check value is 31 − (Σ value × weight mod 31), with 31 written as 0, and is
 * mapped back to the alphabet.
 *
 * <p>Deliberately not checked:
 * <ul>
 *   <li>The organisation code's own GB 11714 check digit (position 17). Legacy organisation codes carried into
 *   credit codes may not satisfy it, and a real merchant must not be turned away over it.</li>
 *   <li>Whether positions 1, 2 and 3–8 name an existing authority, category or division: those lists change
 *   and are not this class's business.</li>
 * </ul>
 * Note that some codes issued in early pilot areas (reportedly Xiamen and Fuzhou, before 2016) are said to fail
 * even the position-18 check; {@link #check} reports them as {@link Problem#CHECK_DIGIT} like any other.
 */
public final class UnifiedSocialCreditCode {
  private UnifiedSocialCreditCode() {
  }

  /** What is wrong with a code, in the order {@link #check} looks for it. */
  public enum Problem {
    /** Missing, blank, or not 18 characters long (after stripping surrounding whitespace). */
    LENGTH,
    /** A character outside the alphabet (this includes I, O, Z, S, V, Chinese and full-width characters). */
    CHARACTERS,
    /** Positions 3–8 are not all digits. */
    DIVISION,
    /** The 18th character does not match the first 17. */
    CHECK_DIGIT
  }

  /** The code alphabet in value order: a character's value is its index. */
  private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int MODULUS = 31;
  private static final int LENGTH = 18;
  private static final int[] WEIGHTS = new int[LENGTH - 1];

  static {
    int weight = 1;
    for (int i = 0; i < WEIGHTS.length; i++) {
      WEIGHTS[i] = weight;
      weight = weight * 3 % MODULUS;
    }
  }

  /**
   * Empty when valid. Input is taken as given except that surrounding whitespace is stripped and lower case
   * letters are accepted as upper case.
   */
  public static Optional<Problem> check(String code) {
    if (code == null) {
      return Optional.of(Problem.LENGTH);
    }
    String normalised = normalise(code);
    if (normalised.codePointCount(0, normalised.length()) != LENGTH) {
      return Optional.of(Problem.LENGTH);
    }
    if (normalised.length() != LENGTH || !allInAlphabet(normalised)) {
      return Optional.of(Problem.CHARACTERS);
    }
    for (int i = 2; i < 8; i++) {
      char c = normalised.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.of(Problem.DIVISION);
      }
    }
    if (normalised.charAt(LENGTH - 1) != checkCharacter(normalised.substring(0, LENGTH - 1))) {
      return Optional.of(Problem.CHECK_DIGIT);
    }
    return Optional.empty();
  }

  /**
   * The normalised form (stripped, upper case) — call only after check() found no problem.
   *
   * <p>Only the ASCII letters a–z are upper-cased; any other character is left as it is.
   */
  public static String normalise(String code) {
    Objects.requireNonNull(code, "code");
    String stripped = code.strip();
    StringBuilder result = new StringBuilder(stripped.length());
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      result.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
    }
    return result.toString();
  }

  /**
   * The check character for the first 17 characters (IllegalArgumentException if they are not 17 valid
   * characters).
   *
   * <p>Valid characters are those of the alphabet, in upper case; nothing is stripped or converted here.
   */
  public static char checkCharacter(String first17) {
    if (first17 == null || first17.length() != LENGTH - 1) {
      throw new IllegalArgumentException("Expected the first 17 characters of a unified social credit code");
    }
    int sum = 0;
    for (int i = 0; i < first17.length(); i++) {
      int value = ALPHABET.indexOf(first17.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException(
            "Character " + (i + 1) + " is not allowed in a unified social credit code");
      }
      sum += value * WEIGHTS[i];
    }
    return ALPHABET.charAt((MODULUS - sum % MODULUS) % MODULUS);
  }

  private static boolean allInAlphabet(String code) {
    for (int i = 0; i < code.length(); i++) {
      if (ALPHABET.indexOf(code.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
