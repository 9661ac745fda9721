package org.gongzhi.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Period;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** gongzhi.privacy.retention is checked when the application starts: too short a retention would erase what it must keep. */
class PrivacyPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(PrivacyProperties.class)
  static class Config {
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class)).withUserConfiguration(Config.class);

  @Test
  @DisplayName("保留期短于 30 天、为零或为负：拒绝启动并说明；P30D、P1M、P3Y（默认）可以")
  void retentionBelowThirtyDaysRefusesToStart() {
    for (String bad : new String[] {"P29D", "P3D", "P0D", "-P3Y", "P1Y-400D"}) {
      runner.withPropertyValues("gongzhi.privacy.retention=" + bad).run(context -> {
        assertThat(context).as(bad).hasFailed();
        assertThat(context.getStartupFailure()).as(bad).hasStackTraceContaining("gongzhi.privacy.retention must be an ISO-8601 period of at least P30D");
      });
    }
    for (String good : new String[] {"P30D", "P1M", "P18M", "P3Y"}) {
      runner.withPropertyValues("gongzhi.privacy.retention=" + good).run(context -> {
        assertThat(context).as(good).hasNotFailed();
        assertThat(context.getBean(PrivacyProperties.class).retention()).isEqualTo(Period.parse(good));
      });
    }
    runner.run(context -> assertThat(context.getBean(PrivacyProperties.class).retention()).as("default").isEqualTo(Period.ofYears(3)));
  }
}
