package org.gongzhi.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the refusal prevents, on a bare in-memory engine (no Spring context): with {@code gongzhi.engine.allow-scripts=true}
 * the scripts of {@code hardening/scripted.bpmn} really run — Camunda ships a JUEL script engine, so no extra language
 * is needed. {@link EngineRestHardeningTest} shows the same model refused with the default configuration.
 */
class ScriptRefusalPluginTest {

  @Test
  @DisplayName("gongzhi.engine.allow-scripts=true：同一模型可部署，脚本任务、条件、输入输出和监听器里的脚本确实执行")
  void withScriptsAllowedTheScriptsRun() throws Exception {
    ProcessEngine engine = engine(true);
    try {
      engine.getRepositoryService().createDeployment()
          .addString("scripted.bpmn", EngineRestHardeningTest.resource("scripted.bpmn")).deploy();
      ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey("Process_Scripted");
      assertThat(engine.getRuntimeService().getVariables(pi.getId()))
          .containsEntry("scriptRan", true)      // the script task
          .containsEntry("listenerRan", true)    // the execution listener's camunda:script
          .containsEntry("taskListenerRan", true);
      assertThat(engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).singleResult().getTaskDefinitionKey())
          .as("the scripted condition let the token through").isEqualTo("Task_Listener");
    } finally {
      engine.close();
    }
  }

  static ProcessEngine engine(boolean allowScripts) {
    StandaloneInMemProcessEngineConfiguration c = new StandaloneInMemProcessEngineConfiguration();
    String name = "scripts-" + UUID.randomUUID().toString().substring(0, 8);
    c.setProcessEngineName(name);
    c.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    c.setJobExecutorActivate(false);
    c.setConfigureScriptEngineHostAccess(false);
    c.getProcessEnginePlugins().add(new ScriptRefusalPlugin(new EngineProperties(allowScripts)));
    return c.buildProcessEngine();
  }
}
