package org.gongzhi.system;

import static org.assertj.core.api.Assertions.assertThat;

import javax.xml.datatype.DatatypeFactory;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.calendar.DurationHelper;
import org.camunda.bpm.engine.impl.cfg.CompositeProcessEnginePlugin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The engine's provider lookups are named once at start-up instead of scanning the class path on every call. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
class ProviderLookupPinsTest {

  @Autowired ProcessEngine engine;

  @Test
  @DisplayName("引擎启动时固定 DatatypeFactory 与邮件 StreamProvider 的实现：与原查找结果相同，不再每次扫描类路径")
  void theEngineStartsWithTheProvidersNamed() throws Exception {
    ProcessEngineConfigurationImpl c = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(c.getProcessEnginePlugins().stream().flatMap(p -> p instanceof CompositeProcessEnginePlugin composite
        ? composite.getPlugins().stream() : java.util.stream.Stream.of(p))).hasAtLeastOneElementOfType(ProviderLookupPins.class);

    assertThat(System.getProperty(ProviderLookupPins.DATATYPE_FACTORY))
        .as("the JDK's own factory, the one the lookup finds on this class path")
        .isEqualTo(DatatypeFactory.newDefaultInstance().getClass().getName());
    assertThat(DatatypeFactory.newInstance()).isInstanceOf(DatatypeFactory.newDefaultInstance().getClass());
    // what Camunda asks it for: a retry cycle and a duration still read as before
    assertThat(new DurationHelper("R3/PT5M").getTimes()).isEqualTo(3);

    assertThat(System.getProperty(ProviderLookupPins.STREAM_PROVIDER)).isEqualTo(ProviderLookupPins.ANGUS_STREAM_PROVIDER);
    assertThat(jakarta.mail.util.StreamProvider.provider().getClass().getName()).isEqualTo(ProviderLookupPins.ANGUS_STREAM_PROVIDER);
  }

  @Test
  @DisplayName("命令行已指定的实现保持不变")
  void aProviderNamedFromOutsideIsKept() {
    String before = System.getProperty(ProviderLookupPins.DATATYPE_FACTORY);
    try {
      System.setProperty(ProviderLookupPins.DATATYPE_FACTORY, "com.example.OwnFactory");
      ProviderLookupPins.pin();
      assertThat(System.getProperty(ProviderLookupPins.DATATYPE_FACTORY)).isEqualTo("com.example.OwnFactory");

      System.clearProperty(ProviderLookupPins.DATATYPE_FACTORY);
      ProviderLookupPins.pin();
      assertThat(System.getProperty(ProviderLookupPins.DATATYPE_FACTORY))
          .isEqualTo(DatatypeFactory.newDefaultInstance().getClass().getName());
    } finally {
      if (before == null) {
        System.clearProperty(ProviderLookupPins.DATATYPE_FACTORY);
      } else {
        System.setProperty(ProviderLookupPins.DATATYPE_FACTORY, before);
      }
    }
  }
}
