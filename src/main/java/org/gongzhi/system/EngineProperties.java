package org.gongzhi.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code gongzhi.engine.*}: what deployed models may do beyond Camunda's own settings.
 *
 * @param allowScripts whether deployed BPMN, CMMN and DMN may contain scripts (script tasks, {@code camunda:script}
 *                     in listeners, input/output and connectors, conditions with a {@code language}, DMN expressions
 *                     in a script language). Off by default: such a deployment is refused ({@link ScriptRefusalPlugin}).
 */
@ConfigurationProperties("gongzhi.engine")
public record EngineProperties(boolean allowScripts) {
}
