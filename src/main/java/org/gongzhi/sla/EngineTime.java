package org.gongzhi.sla;

import java.time.Instant;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * "Now" for everything that deals with deadlines: the engine's clock, so that tests which move
 * Camunda's {@link ClockUtil} move our records with it.
 */
public final class EngineTime {
  private EngineTime() {
  }

  public static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }
}
