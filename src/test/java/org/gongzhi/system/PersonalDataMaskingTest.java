package org.gongzhi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The log's safety net on its own: what it masks, and that long lines without an address cost linear time. */
class PersonalDataMaskingTest {

  @Test
  @DisplayName("带国家码的手机号（+86、86-、+86 空格）也打码，国家码保留；身份证号、邮箱照旧")
  void mobilesWithCountryCode() {
    assertThat(PersonalData.maskLogLine("call +8613812345678 or 86-13912345678 or +86 13712345678 or 13612345678."))
        .isEqualTo("call +86138****5678 or 86-139****5678 or +86 137****5678 or 136****5678.");
    assertThat(PersonalData.maskLogLine("id 21010219900101123X mail wang.fang@example.com."))
        .isEqualTo("id 210***********123X mail ***@example.com.");
    assertThat(PersonalData.maskLogLine("order 1234567890123 and SY-2026-000001 stay")).isEqualTo("order 1234567890123 and SY-2026-000001 stay");
    assertThat(PersonalData.maskNumbersInText("电话+8613812345678，座机024-12345678"))
        .isEqualTo("电话+86138****5678，座机024*****5678");
  }

  @Test
  @DisplayName("两万字符的 base64（无 @）与一个末尾带邮箱的长串：结果正确，耗时打印（线性）")
  void longRunsWithoutAnAtAreCheap() {
    byte[] bytes = new byte[15_000];
    new Random(8).nextBytes(bytes);
    String base64 = Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', 'a').replace('/', 'b');
    assertThat(base64.length()).isGreaterThanOrEqualTo(20_000);
    String line = "payload=" + base64;
    // a long run with one '@' far away: the e-mail search runs, and must still be linear
    String withAt = base64 + " then x@y " + base64 + " mail li.lei@example.com";

    long t0 = System.nanoTime();
    String masked = PersonalData.maskLogLine(line);
    long t1 = System.nanoTime();
    String maskedWithAt = PersonalData.maskLogLine(withAt);
    long t2 = System.nanoTime();

    System.err.printf("[PersonalDataMaskingTest] maskLogLine: %d chars without '@' in %.1f ms, %d chars with '@' in %.1f ms%n",
        line.length(), (t1 - t0) / 1e6, withAt.length(), (t2 - t1) / 1e6);
    // base64 holds digit runs: any 11-digit mobile-looking run (1[3-9]…, not next to a letter or digit) is masked, nothing else changes
    assertThat(masked.replace("*", "")).hasSizeLessThanOrEqualTo(line.length());
    assertThat(masked).startsWith("payload=").doesNotContain("@");
    assertThat(maskedWithAt).endsWith(" mail ***@example.com").contains(" then x@y ");
  }
}
