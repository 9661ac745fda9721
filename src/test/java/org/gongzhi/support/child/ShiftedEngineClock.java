package org.gongzhi.support.child;

import java.nio.file.Files;
import java.nio.file.Path;
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
 *
 * <p>With {@code gongzhi.test.clock-offset-file} the offset is read from that file instead, at the start and then
 * every 100 ms for as long as the application runs: the city benchmark moves running nodes a day ahead by writing it
 * (the same jump as a restart a day later, without the restart). The file holds an ISO-8601 duration.
 */
public class ShiftedEngineClock implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  public static final String PROPERTY = "gongzhi.test.clock-offset";
  public static final String FILE_PROPERTY = "gongzhi.test.clock-offset-file";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    String file = context.getEnvironment().getProperty(FILE_PROPERTY);
    if (file != null) {
      Path path = Path.of(file);
      String[] applied = {read(path), ""}; // the offset applied, the last error reported
      shift(Duration.parse(applied[0]));
      Thread watcher = new Thread(() -> {
        while (true) {
          try {
            Thread.sleep(100);
            String now = read(path);
            if (!now.equals(applied[0])) {
              shift(Duration.parse(now));
              applied[0] = now;
            }
          } catch (InterruptedException e) {
            return;
          } catch (RuntimeException e) {
            if (!e.toString().equals(applied[1])) { // missing or half-written: read again in 100 ms, say so once
              System.out.println("ShiftedEngineClock: " + path + ": " + e);
              applied[1] = e.toString();
            }
          }
        }
      }, "shifted-engine-clock");
      watcher.setDaemon(true);
      watcher.start();
      return;
    }
    Duration offset = Duration.parse(context.getEnvironment().getProperty(PROPERTY, "PT0S"));
    if (!offset.isZero()) {
      shift(offset);
    }
  }

  private static void shift(Duration offset) {
    ClockUtil.offset(offset.toMillis());
    System.out.println("ShiftedEngineClock: Camunda's clock is " + offset + " ahead: " + ClockUtil.getCurrentTime().toInstant());
  }

  private static String read(Path path) {
    try {
      return Files.readString(path).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
