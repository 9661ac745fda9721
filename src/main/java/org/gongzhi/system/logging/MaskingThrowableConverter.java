package org.gongzhi.system.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import org.gongzhi.system.PersonalData;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * {@code %wEx} (Spring Boot's default) and the other stack-trace words in every log pattern (logback-spring.xml): the
 * stack trace as Spring Boot prints it, with the exceptions' messages (and their causes') masked like a message.
 */
public class MaskingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy tp) {
    return PersonalData.maskLogLine(super.throwableProxyToString(tp));
  }
}
