package org.gongzhi.system.logging;

import ch.qos.logback.classic.pattern.RootCauseFirstThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import org.gongzhi.system.PersonalData;

/**
 * {@code %rEx} / {@code %rootException} in a log pattern (logback-spring.xml): the stack trace root cause first, as logback
 * prints it, with the exceptions' messages masked like a message ({@link PersonalData#maskLogLine}).
 */
public class MaskingRootCauseFirstThrowableConverter extends RootCauseFirstThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy tp) {
    return PersonalData.maskLogLine(super.throwableProxyToString(tp));
  }
}
