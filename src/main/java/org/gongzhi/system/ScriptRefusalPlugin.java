package org.gongzhi.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableInputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableOutputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRequirementsGraph;
import org.camunda.bpm.dmn.engine.impl.spi.transform.DmnTransformListener;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmmn.model.CmmnCaseDefinition;
import org.camunda.bpm.engine.impl.cmmn.transformer.AbstractCmmnTransformListener;
import org.camunda.bpm.engine.impl.cmmn.transformer.CmmnTransformListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Camunda runs scripts from deployed models (script tasks, {@code camunda:script} in listeners, input/output mappings and
 * connectors, conditions with a {@code language}, DMN expressions in a script language) and has no switch to forbid
 * them. Gongzhi's own models use none, so unless {@code gongzhi.engine.allow-scripts=true} every deployment that carries
 * one is refused at parse time, with a message naming the element: a script is code, and deploying it must not become
 * a way to run code on the server. The BPMN check is a parse listener (the whole document, once), CMMN and DMN are
 * checked by transform listeners; each refusal reaches the engine REST as 400 ({@link EngineRestRefusals}).
 */
@Component
class ScriptRefusalPlugin extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(ScriptRefusalPlugin.class);
  /** At most this many elements are named in one refusal. */
  private static final int MAX_NAMED = 10;

  private final boolean allowScripts;

  ScriptRefusalPlugin(EngineProperties properties) {
    this.allowScripts = properties.allowScripts();
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (allowScripts) {
      LOG.warn("gongzhi.engine.allow-scripts=true: scripts in deployed models will be executed");
      return;
    }
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPreBPMNParseListeners().add(bpmn());
    if (configuration.getCustomPreCmmnTransformListeners() == null) {
      configuration.setCustomPreCmmnTransformListeners(new ArrayList<>());
    }
    configuration.getCustomPreCmmnTransformListeners().add(cmmn());
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    if (allowScripts) {
      return;
    }
    DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration();
    if (dmn == null) {
      throw new IllegalStateException("Camunda's DMN engine configuration is not there: cannot check DMN for scripts");
    }
    dmn.getTransformer().getTransformListeners().add(new DmnScripts());
  }

  /** The message of a refusal: zh-CN, then English; each element by id, with the kind of script it carries. */
  static String message(String resource, List<String> hits) {
    List<String> found = hits.stream().distinct().toList();
    String elements = String.join(", ", found.size() <= MAX_NAMED ? found : found.subList(0, MAX_NAMED))
        + (found.size() > MAX_NAMED ? ", …" : "");
    return "模型含脚本，拒绝部署 / Scripts are not allowed in deployed models (" + resource + "): " + elements
        + "。如确需脚本，请设置 gongzhi.engine.allow-scripts=true。/ Set gongzhi.engine.allow-scripts=true to allow them.";
  }

  // ------------------------------------------------------------------ BPMN

  static BpmnParseListener bpmn() {
    return new AbstractBpmnParseListener() {
      @Override
      public void parseRootElement(Element root, List<ProcessDefinitionEntity> processDefinitions) {
        List<String> found = new ArrayList<>();
        Element[] first = new Element[1];
        walk(root, null, (hit) -> {
          found.add(hit.describe());
          if (first[0] == null) {
            first[0] = hit.element();
          }
        });
        if (!found.isEmpty()) {
          throw new BpmnParseException(message("BPMN", found), first[0]);
        }
      }
    };
  }

  private record BpmnHit(Element element, String id, String what) {
    String describe() {
      return id + " (" + what + ")";
    }
  }

  private static void walk(Element e, String nearestId, Consumer<BpmnHit> hits) {
    String id = e.attribute("id") != null ? e.attribute("id") : nearestId;
    String what = scriptIn(e.getTagName(), e.attribute("language"));
    if (what != null) {
      hits.accept(new BpmnHit(e, id == null ? e.getTagName() : id, what));
      return; // a script task's own <script> is not named twice
    }
    for (Element child : e.elements()) {
      walk(child, id, hits);
    }
  }

  /** What makes an element (BPMN or CMMN) a script, or null. */
  static String scriptIn(String localName, String language) {
    if ("scriptTask".equals(localName)) {
      return "scriptTask";
    }
    if ("script".equals(localName)) {
      return "camunda:script";
    }
    if (language != null && !language.isBlank()) {
      return localName + " language=" + language;
    }
    return null;
  }

  // ------------------------------------------------------------------ CMMN

  static CmmnTransformListener cmmn() {
    return new AbstractCmmnTransformListener() {
      @Override
      public void transformRootElement(org.camunda.bpm.model.cmmn.instance.Definitions definitions,
                                       List<? extends CmmnCaseDefinition> caseDefinitions) {
        List<String> found = new ArrayList<>();
        walk(definitions.getDomElement(), null, found);
        if (!found.isEmpty()) {
          throw new BadUserRequestException(message("CMMN", found));
        }
      }
    };
  }

  private static void walk(DomElement e, String nearestId, List<String> found) {
    String id = e.hasAttribute("id") ? e.getAttribute("id") : nearestId;
    String what = scriptIn(e.getLocalName(), e.getAttribute("language"));
    if (what != null) {
      found.add((id == null ? e.getLocalName() : id) + " (" + what + ")");
      return;
    }
    for (DomElement child : e.getChildElements()) {
      walk(child, id, found);
    }
  }

  // ------------------------------------------------------------------ DMN

  /** DMN expressions are FEEL or JUEL; any other {@code expressionLanguage} is a script engine's. */
  static final class DmnScripts implements DmnTransformListener {
    @Override
    public void transformDecisionRequirementsGraph(org.camunda.bpm.model.dmn.instance.Definitions definitions,
                                                   DmnDecisionRequirementsGraph graph) {
      List<String> found = new ArrayList<>();
      walkDmn(definitions.getDomElement(), null, found);
      if (!found.isEmpty()) {
        throw new BadUserRequestException(message("DMN", found));
      }
    }

    private static void walkDmn(DomElement e, String nearestId, List<String> found) {
      String id = e.hasAttribute("id") ? e.getAttribute("id") : nearestId;
      String language = e.getAttribute("expressionLanguage");
      if (language != null && !language.isBlank() && !isExpressionLanguage(language)) {
        found.add((id == null ? e.getLocalName() : id) + " (" + e.getLocalName() + " expressionLanguage=" + language + ")");
      }
      for (DomElement child : e.getChildElements()) {
        walkDmn(child, id, found);
      }
    }

    static boolean isExpressionLanguage(String language) {
      String l = language.strip().toLowerCase(Locale.ROOT);
      return l.equals("juel") || l.equals("feel") || l.contains("/feel");
    }

    @Override
    public void transformDecision(Decision decision, DmnDecision dmnDecision) {
    }

    @Override
    public void transformDecisionTableInput(Input input, DmnDecisionTableInputImpl dmnInput) {
    }

    @Override
    public void transformDecisionTableOutput(Output output, DmnDecisionTableOutputImpl dmnOutput) {
    }

    @Override
    public void transformDecisionTableRule(Rule rule, DmnDecisionTableRuleImpl dmnRule) {
    }
  }
}
