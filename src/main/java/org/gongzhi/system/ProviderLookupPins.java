package org.gongzhi.system;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Two libraries the engine calls for every job look up their implementation anew on each call, through
 * {@link java.util.ServiceLoader}: a scan of every jar on the class path, unless a system property names the class.
 * <ul>
 *   <li>{@link DatatypeFactory}: Camunda's {@code DurationHelper} asks for one whenever it reads an ISO duration. That
 *   happens for every job it creates (the retry cycle), so for every SLA timer and every notice. The scan was 6–8 % of the
 *   node's CPU samples in the timer drain.</li>
 *   <li>Jakarta Mail's {@code StreamProvider}: looked up for every encoded header and body (jakartaee/mail-api#861).
 *   That scan was 11 % of the samples in the drain.</li>
 * </ul>
 * Figures and profiles: docs/performance.md, "Tuned".
 *
 * <p>The {@code DatatypeFactory} property names the class the JDK's own lookup finds, and only when that class is the
 * JDK's own. The {@code StreamProvider} property names Angus Mail's provider, and only when Angus Mail is on the class
 * path; it is the one provider there (Spring Boot's mail starter brings it). So the answers stay the same and only the
 * scans are gone. A property set from outside (command line) is left as it is. The properties are set when an engine
 * starts (this plugin's {@code preInit}), before it deploys or runs anything.
 */
@Component
class ProviderLookupPins extends AbstractProcessEnginePlugin {
  private static final Logger log = LoggerFactory.getLogger(ProviderLookupPins.class);

  static final String DATATYPE_FACTORY = DatatypeFactory.DATATYPEFACTORY_PROPERTY;
  static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
  static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    pin();
  }

  static void pin() {
    if (System.getProperty(DATATYPE_FACTORY) == null) {
      try {
        Class<?> found = DatatypeFactory.newInstance().getClass();
        // the JDK's own (loaded by the boot or platform loader) is found by name from any thread; one from a jar may not be
        if (found.getClassLoader() == null || found.getClassLoader() == ClassLoader.getPlatformClassLoader()) {
          System.setProperty(DATATYPE_FACTORY, found.getName());
        }
      } catch (DatatypeConfigurationException e) {
        log.warn("No DatatypeFactory found; Camunda cannot read durations: {}", e.getMessage());
      }
    }
    // only if Angus Mail is there: after a change of mail implementation, Jakarta Mail's own lookup stays in charge
    if (System.getProperty(STREAM_PROVIDER) == null
        && ClassUtils.isPresent(ANGUS_STREAM_PROVIDER, ProviderLookupPins.class.getClassLoader())) {
      System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
    }
  }
}
