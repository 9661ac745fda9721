package org.gongzhi.system.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.gongzhi.system.PersonalData;

/**
 * {@code %m} / {@code %msg} / {@code %message} in every log pattern (logback-spring.xml): the message with residents'
 * mobile numbers, ID numbers and e-mail local parts masked ({@link PersonalData#maskLogLine}).
 */
public class MaskingMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return PersonalData.maskLogLine(super.convert(event));
  }
}
