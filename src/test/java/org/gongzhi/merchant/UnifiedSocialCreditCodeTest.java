package org.gongzhi.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.gongzhi.merchant.UnifiedSocialCreditCode.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GB 32100-2015 unified social credit codes, tested on the real codes of well-known companies. */
class UnifiedSocialCreditCodeTest {

  static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  record RealCode(String company, String code) {
    @Override
    public String toString() {
      return company + " " + code;
    }
  }

  static Stream<RealCode> realCodes() {
    return Stream.of(
        // Tencent's main operating company. Qichacha (企查查) look-up for "腾讯" recorded in a public GitHub test
        // report of Qichacha's MCP server; the same code is the TC260 ContentProducer written into the AIGC
        // labels of Tencent Yuanbao images, as catalogued by a public watermark-detection repository.
        new RealCode("深圳市腾讯计算机系统有限公司", "91440300708461136T"),
        // Tencent Technology (Shenzhen): same Qichacha look-up. Its organisation code ends in X (GB 11714 value 10).
        new RealCode("腾讯科技（深圳）有限公司", "9144030071526726XG"),
        // Huawei Technologies: Chinese Wikipedia infobox of 华为 (機構代碼), zh.wikipedia.org/zh-hk/華爲.
        new RealCode("华为技术有限公司", "914403001922038216"),
        // Baidu's main operating company: a response of Baidu's own 爱企查 enterprise search saved in GitHub
        // PythonWongXb/java-demo-fe (mock/crm/web/bid/toker/queryenterpriselist.js); a Tianyancha record in
        // another public repository agrees (organisation code 802100433, registration no. 110108002734659).
        new RealCode("北京百度网讯科技有限公司", "91110000802100433B"),
        // Alibaba (China): a Qichacha annual-report page saved in a public GitHub repository (registration
        // no. 330100400015575, sole shareholder Alibaba.com China Limited), and a shareholder record naming it.
        new RealCode("阿里巴巴（中国）网络技术有限公司", "91330100716105852F"),
        // BYD (002594.SZ): registration data transcribed from Qichacha in a public GitHub repository
        // (organisation code 19231745-8, registration no. 440301501127941).
        new RealCode("比亚迪股份有限公司", "91440300192317458F"),
        // AVIC Heavy Machinery (600765.SH): the sample response of Tianyancha's open-API company information,
        // quoted in several public GitHub repositories (registration no. 520000000005018, organisation code
        // 214434146).
        new RealCode("中航重机股份有限公司", "91520000214434146R"));
  }

  static Optional<Problem> check(String code) {
    return UnifiedSocialCreditCode.check(code);
  }

  static String withCharacter(String code, int position, char c) {
    return code.substring(0, position - 1) + c + code.substring(position);
  }

  // ---- valid codes --------------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("realCodes")
  @DisplayName("真实企业的代码通过校验，规范形式不变")
  void realCodesAreValid(RealCode real) {
    assertThat(check(real.code())).isEmpty();
    assertThat(UnifiedSocialCreditCode.normalise(real.code())).isEqualTo(real.code());
  }

  @ParameterizedTest
  @MethodSource("realCodes")
  @DisplayName("checkCharacter 由前 17 位算出真实代码的第 18 位")
  void checkCharacterOfRealCodes(RealCode real) {
    assertThat(UnifiedSocialCreditCode.checkCharacter(real.code().substring(0, 17)))
        .isEqualTo(real.code().charAt(17));
  }

  @ParameterizedTest
  @MethodSource("realCodes")
  @DisplayName("小写字母按大写接受")
  void lowerCaseIsAccepted(RealCode real) {
    String lower = real.code().toLowerCase(Locale.ROOT);
    assertThat(check(lower)).isEmpty();
    assertThat(UnifiedSocialCreditCode.normalise(lower)).isEqualTo(real.code());
  }

  @Test
  @DisplayName("大小写混写也接受")
  void mixedCase() {
    assertThat(check("9144030071526726xG")).isEmpty();
    assertThat(check("91110000802100433b")).isEmpty();
    assertThat(UnifiedSocialCreditCode.normalise("9144030071526726xG")).isEqualTo("9144030071526726XG");
  }

  @ParameterizedTest
  @MethodSource("realCodes")
  @DisplayName("去掉首尾空白（含全角空格、制表符、换行）")
  void surroundingWhitespaceIsStripped(RealCode real) {
    String code = real.code();
    for (String padded : List.of(" " + code + " ", "\t" + code + "\n", "\u3000" + code + "\u3000")) {
      assertThat(check(padded)).as("%s", padded).isEmpty();
      assertThat(UnifiedSocialCreditCode.normalise(padded)).isEqualTo(code);
    }
  }

  @Test
  @DisplayName("不校验第 17 位的组织机构代码校验码（GB 11714）")
  void organisationCodeCheckDigitIsNotChecked() {
    // Not a real code: Tencent's 91440300708461136T with position 17 changed from 6 to 7. GB 11714 wants 6
    // there. Position 17 weighs 28, so the sum modulo 31 moves from 5 to (5 + 28) mod 31 = 2, and the check
    // value from 31 - 5 = 26 (T) to 31 - 2 = 29 (X).
    assertThat(check("91440300708461137X")).isEmpty();
  }

  // ---- check character ----------------------------------------------------------------------------

  @Test
  @DisplayName("国标 GB 32100-2015 的计算实例：91350100M000100Y4，加权和 1640，校验码 3")
  void workedExampleOfTheStandard() {
    assertThat(UnifiedSocialCreditCode.checkCharacter("91350100M000100Y4")).isEqualTo('3');
  }

  @Test
  @DisplayName("加权因子：第 i 位为 3^(i-1) mod 31，与国标表 2 一致；余数 0 时校验码为 0")
  void weights() {
    // Table 2 of GB 32100-2015.
    int[] published = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int power = 1;
    for (int i = 0; i < 17; i++) {
      assertThat(published[i]).isEqualTo(power);
      power = power * 3 % 31;
      // A single 1 at position i + 1: the sum is the weight itself.
      String unit = "0".repeat(i) + "1" + "0".repeat(16 - i);
      assertThat(UnifiedSocialCreditCode.checkCharacter(unit))
          .as("position %d", i + 1)
          .isEqualTo(ALPHABET.charAt(31 - published[i]));
    }
    assertThat(UnifiedSocialCreditCode.checkCharacter("00000000000000000")).isEqualTo('0');
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "9144030070846113", "91440300708461136T", "9144030071526726x", "914403007084611I6",
      "914403007084611O6", "9144030070846113腾", "914403007084611３6", " 9144030070846113"})
  @DisplayName("checkCharacter 只接受 17 个合法字符（不去空白、不转大写）")
  void checkCharacterRejects(String first17) {
    assertThatThrownBy(() -> UnifiedSocialCreditCode.checkCharacter(first17))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checkCharacterRejectsNull() {
    assertThatThrownBy(() -> UnifiedSocialCreditCode.checkCharacter(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- problems -----------------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("realCodes")
  @DisplayName("第 18 位换成任何一个别的合法字符都是 CHECK_DIGIT")
  void everyWrongLastCharacter(RealCode real) {
    List<Character> wrong = new ArrayList<>();
    for (char c : ALPHABET.toCharArray()) {
      if (c != real.code().charAt(17)) {
        wrong.add(c);
        String changed = withCharacter(real.code(), 18, c);
        assertThat(check(changed)).as("%s", changed).contains(Problem.CHECK_DIGIT);
        if (Character.isLetter(c)) {
          String lower = withCharacter(real.code(), 18, Character.toLowerCase(c));
          assertThat(check(lower)).as("%s", lower).contains(Problem.CHECK_DIGIT);
        }
      }
    }
    assertThat(wrong).hasSize(30);
  }

  @ParameterizedTest
  @MethodSource("realCodes")
  @DisplayName("长度不是 18：17、19 位都是 LENGTH")
  void wrongLengths(RealCode real) {
    assertThat(check(real.code().substring(0, 17))).contains(Problem.LENGTH);
    assertThat(check(real.code().substring(1))).contains(Problem.LENGTH);
    assertThat(check(real.code() + "0")).contains(Problem.LENGTH);
    assertThat(check("0" + real.code())).contains(Problem.LENGTH);
    assertThat(check(real.code() + real.code())).contains(Problem.LENGTH);
  }

  @Test
  @DisplayName("null、空串、只有空白都是 LENGTH")
  void missingOrBlank() {
    assertThat(check(null)).contains(Problem.LENGTH);
    assertThat(check("")).contains(Problem.LENGTH);
    assertThat(check("   ")).contains(Problem.LENGTH);
    assertThat(check("\u3000\t\n")).contains(Problem.LENGTH);
  }

  @Test
  @DisplayName("中间的空白不去掉")
  void innerWhitespaceIsKept() {
    assertThat(check("91440300 708461136T")).contains(Problem.LENGTH);
    assertThat(check("9144 0300708461136T")).contains(Problem.LENGTH);
    assertThat(check("91440300 08461136T")).contains(Problem.CHARACTERS);
  }

  @ParameterizedTest
  @ValueSource(chars = {'I', 'O', 'Z', 'S', 'V'})
  @DisplayName("不使用 I、O、Z、S、V（大小写都不行），在任何位置都是 CHARACTERS")
  void forbiddenLetters(char letter) {
    realCodes().forEach(real -> {
      for (int position : new int[] {1, 2, 5, 9, 12, 17, 18}) {
        String upper = withCharacter(real.code(), position, letter);
        String lower = withCharacter(real.code(), position, Character.toLowerCase(letter));
        assertThat(check(upper)).as("%s", upper).contains(Problem.CHARACTERS);
        assertThat(check(lower)).as("%s", lower).contains(Problem.CHARACTERS);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("realCodes")
  @DisplayName("第 3—8 位（行政区划码）出现非数字是 DIVISION")
  void nonDigitInDivision(RealCode real) {
    for (int position = 3; position <= 8; position++) {
      for (char c : new char[] {'A', 'a', 'Y', 'X'}) {
        String changed = withCharacter(real.code(), position, c);
        assertThat(check(changed)).as("%s", changed).contains(Problem.DIVISION);
      }
    }
  }

  @Test
  @DisplayName("含中文字符、全角字符是 CHARACTERS")
  void chineseCharacters() {
    assertThat(check("91440300708461136腾")).contains(Problem.CHARACTERS);
    assertThat(check("9144030070846113腾T")).contains(Problem.CHARACTERS);
    assertThat(check("91腾40300708461136T")).contains(Problem.CHARACTERS);
    assertThat(check("９1440300708461136T")).as("full-width digit").contains(Problem.CHARACTERS);
    assertThat(check("91440300708461136Ｔ")).as("full-width letter").contains(Problem.CHARACTERS);
    assertThat(check("腾讯91440300708461136T")).as("20 characters").contains(Problem.LENGTH);
  }

  @Test
  @DisplayName("按字符而不是 UTF-16 单元计长度")
  void lengthCountsCharacters() {
    // 17 characters, 18 UTF-16 units.
    assertThat(check("9144030070846113\uD83D\uDE00")).contains(Problem.LENGTH);
    // 18 characters, 19 UTF-16 units.
    assertThat(check("91440300708461136\uD83D\uDE00")).contains(Problem.CHARACTERS);
  }

  @Test
  @DisplayName("问题的次序：LENGTH、CHARACTERS、DIVISION、CHECK_DIGIT")
  void orderOfProblems() {
    assertThat(check("9I44030070846113")).as("short and forbidden letter").contains(Problem.LENGTH);
    assertThat(check("91A40300708461I36T")).as("forbidden letter and division").contains(Problem.CHARACTERS);
    assertThat(check("91腾40300708461136T")).as("Chinese character in the division").contains(Problem.CHARACTERS);
    assertThat(check("91A40300708461136U")).as("division and check digit").contains(Problem.DIVISION);
  }
}
