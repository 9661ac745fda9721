package org.gongzhi.support.child;

import java.time.Duration;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * In an application started by {@link org.gongzhi.support.AppProcess}: moves Camunda's clock (and with it
 * {@code EngineTime}) forward by {@code gongzhi.test.clock-offset} before the engine starts, so that a restart can
 * happen "a day later" without anyone waiting a day. The clock keeps ticking from there.
 *
 * <p>Only AppProcess puts this class on an application's class path (copied on its own, never the test classes),
 * with a {@code META-INF/spring.factories} beside it that registers it as an initializer: the product has no such switch.
 * It says on the application's output what it did, so that a log shows the clock a run had.
 */
public class ShiftedEngineClock implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  public static final String PROPERTY = "gongzhi.test.clock-offset";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Duration offset = Duration.parse(context.getEnvironment().getProperty(PROPERTY, "PT0S"));
    if (!offset.isZero()) {
      ClockUtil.offset(offset.toMillis());
      System.out.println("ShiftedEngineClock: Camunda's clock is " + offset + " ahead: " + ClockUtil.getCurrentTime().toInstant());
    }
  }
}
