package org.gongzhi.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The engine runs with the hardening from the field notes, whatever a default may become. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
class EngineHardeningTest {

  @Autowired ProcessEngine engine;

  @Test
  @DisplayName("引擎加固：授权开启、禁止 Java 序列化、反序列化白名单、存储查询不求值表达式、脚本不可访问宿主、登录限速")
  void hardenedConfiguration() {
    ProcessEngineConfigurationImpl c = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(c.isAuthorizationEnabled()).isTrue();
    assertThat(c.isJavaSerializationFormatEnabled()).isFalse();
    assertThat(c.isDeserializationTypeValidationEnabled()).isTrue();
    assertThat(c.isEnableExpressionsInStoredQueries()).isFalse();
    assertThat(c.isEnableExpressionsInAdhocQueries()).isFalse();
    assertThat(c.isConfigureScriptEngineHostAccess()).isFalse();
    assertThat(c.getDefaultSerializationFormat()).isEqualTo(Variables.SerializationDataFormats.JSON.getName());
    assertThat(c.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
    assertThat(c.getGeneralResourceWhitelistPattern()).isEqualTo("[a-zA-Z0-9_-]+|camunda-admin");
    // login throttling (WebappHardeningTest shows it over HTTP): 3 s × 2^(n-1) after the n-th wrong password, at most
    // 5 minutes; locked after the 10th
    assertThat(new int[] {c.getLoginMaxAttempts(), c.getLoginDelayBase(), c.getLoginDelayFactor(), c.getLoginDelayMaxTime()})
        .containsExactly(10, 3, 2, 300);
  }
}
