package org.gongzhi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.mock.env.MockEnvironment;

/**
 * logback-spring.xml as Spring Boot loads it: with logging.file.name set (no profile) the file is written, and its lines
 * are masked like the console's — messages, and stack traces in every word (%wEx, %rEx).
 */
class LogFileMaskingTest {

  @Test
  @DisplayName("设置 logging.file.name（不开 logfile 配置）：写日志文件，文件里的手机号、邮箱、身份证号打码；%rEx 堆栈也打码")
  void loggingFileNameWritesAMaskedFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gongzhi-test.log");
    LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
    MockEnvironment env = new MockEnvironment().withProperty("logging.file.name", file.toString())
        .withProperty("logging.pattern.file", "%d %5p %logger : %m%n%rEx");
    try {
      logging.cleanUp();
      logging.beforeInitialize();
      LogFile logFile = LogFile.get(env);
      logFile.applyToSystemProperties();
      logging.initialize(new LoggingInitializationContext(env), "classpath:logback-spring.xml", logFile);
      LoggerFactory.getLogger("org.gongzhi.test").error("Reply to 13812345678 / wang.fang@example.com failed",
          new IllegalStateException("id 21010219900101123X", new RuntimeException("mail to wang.fang@example.com refused")));
    } finally {
      logging.cleanUp();
      System.clearProperty("LOG_FILE");
      System.clearProperty("FILE_LOG_PATTERN");
      logging.beforeInitialize();
      logging.initialize(new LoggingInitializationContext(new MockEnvironment()), "classpath:logback-spring.xml", null);
    }
    assertThat(file).exists();
    String written = Files.readString(file, StandardCharsets.UTF_8);
    System.err.printf("[LogFileMaskingTest] %d characters written to the log file%n", written.length());
    assertThat(written).contains("Reply to 138****5678 / ***@example.com failed", "210***********123X", "mail to ***@example.com refused")
        .doesNotContain("13812345678", "wang.fang", "21010219900101123X");
  }
}
