package org.gongzhi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's curl examples use the key the dev profile creates, and every /api/v1 example of a channel sends it. */
class ReadmeExamplesTest {

  @Test
  @DisplayName("README 的 curl 示例使用 dev 配置创建的演示密钥，且每条渠道接口示例都带上它")
  void readmeExamplesCarryTheDevProfilesKey() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String dev = Files.readString(Path.of("src/main/resources/application-dev.yaml"));
    Matcher key = Pattern.compile("(?m)^\\s+key: (gz_\\S+)$").matcher(dev);
    assertThat(key.find()).as("application-dev.yaml defines gongzhi.api.demo-key.key").isTrue();
    assertThat(readme).contains("K='X-API-Key: " + key.group(1) + "'");
    readme.lines().filter(l -> l.startsWith("curl") && l.contains("/api/v1/") && !l.contains("/api/v1/supervision")
            && !l.contains("/api/v1/admin"))
        .forEach(l -> assertThat(l).as(l).contains("-H \"$K\""));
  }
}
