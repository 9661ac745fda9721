package org.gongzhi.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.TimeCycle;
import org.camunda.bpm.model.bpmn.instance.TimeDuration;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The conventions every file in processes/ and forms/ keeps: it opens in Camunda Modeler (a shape or edge
 * for every element), ids say what they are, durations come from configuration, every delegate and listener
 * bean exists, every user task's form exists — and the running engine really deployed every form.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
class ModelConventionsTest {

  static final Path PROCESSES = Path.of("processes");
  static final Path FORMS = Path.of("forms");
  /** Ids as Camunda Modeler generates them (Activity_0x1y2z3, Gateway_1abcdef, Flow_…): meaningless. */
  static final Pattern GENERATED_ID = Pattern.compile("^(Activity|Event|Gateway|Flow|StartEvent|EndEvent|Task|SequenceFlow|Process)_[0-9a-z]{7}$");
  static final Pattern MEANINGFUL_ID = Pattern.compile("^(StartEvent|EndEvent|Task|ServiceTask|SendTask|ReceiveTask|SubProcess|Gateway|BoundaryEvent|IntermediateEvent|IntermediateThrowEvent|IntermediateCatchEvent|SequenceFlow|Message|Error|TimerEventDefinition|TaskListener)_[A-Z][A-Za-z0-9]+$");
  static final Pattern BEAN_EXPRESSION = Pattern.compile("^\\$\\{([a-zA-Z][a-zA-Z0-9]*)(\\.[a-zA-Z]+)?}$");
  static final Pattern LITERAL_DURATION = Pattern.compile("^R?\\d*/?P(T?\\d+[YMWDHS])+$");

  @Autowired ApplicationContext context;
  @Autowired RepositoryService repository;

  @Test
  @DisplayName("每个 BPMN：可执行、有历史保留期、流程键等于文件名")
  void processesAreExecutableWithHistoryTimeToLive() throws IOException {
    for (Path file : bpmnFiles()) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      Collection<Process> processes = model.getModelElementsByType(Process.class);
      assertThat(processes).as(file.toString()).hasSize(1);
      Process p = processes.iterator().next();
      assertThat(p.isExecutable()).as(file + " executable").isTrue();
      assertThat(p.getCamundaHistoryTimeToLiveString()).as(file + " historyTimeToLive").isNotBlank();
      assertThat(file.getFileName().toString()).isEqualTo(p.getId() + ".bpmn");
    }
  }

  @Test
  @DisplayName("每个元素都有图形（在 Camunda Modeler 中可见），id 有意义")
  void everyElementHasAShapeAndAMeaningfulId() throws IOException {
    for (Path file : bpmnFiles()) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      Set<String> drawn = new HashSet<>();
      model.getModelElementsByType(BpmnShape.class).forEach(s -> drawn.add(s.getBpmnElement().getId()));
      model.getModelElementsByType(BpmnEdge.class).forEach(e -> drawn.add(e.getBpmnElement().getId()));
      for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
        assertThat(drawn).as(file + ": shape of " + node.getId()).contains(node.getId());
        assertThat(node.getId()).as(file + ": id").doesNotMatch(GENERATED_ID).matches(MEANINGFUL_ID);
        boolean mergeGateway = node.getId().startsWith("Gateway_") && node.getOutgoing().size() == 1;
        if (!mergeGateway) {
          assertThat(node.getName()).as(file + ": " + node.getId() + " has a business name").isNotBlank();
        }
      }
      for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
        assertThat(drawn).as(file + ": edge of " + flow.getId()).contains(flow.getId());
        assertThat(flow.getId()).as(file + ": id").doesNotMatch(GENERATED_ID).matches(MEANINGFUL_ID);
      }
    }
  }

  @Test
  @DisplayName("期限来自配置：没有写死的定时器时长")
  void noLiteralDurations() throws IOException {
    for (Path file : bpmnFiles()) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      List<String> timers = new ArrayList<>();
      model.getModelElementsByType(TimeDuration.class).forEach(t -> timers.add(t.getTextContent().strip()));
      model.getModelElementsByType(TimeCycle.class).forEach(t -> timers.add(t.getTextContent().strip()));
      model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.TimeDate.class).forEach(t -> timers.add(t.getTextContent().strip()));
      assertThat(timers).as(file + ": timer definitions").allMatch(t -> t.startsWith("${"));
      for (ModelElementInstance e : model.getModelElementsByType(model.getModel().getType(BaseElement.class))) {
        String retry = e.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "failedJobRetryTimeCycle");
        assertThat(retry == null || !LITERAL_DURATION.matcher(retry).matches()).isTrue();
      }
      String xml = Files.readString(file);
      Matcher m = Pattern.compile("<camunda:failedJobRetryTimeCycle>([^<]*)<").matcher(xml);
      while (m.find()) {
        assertThat(m.group(1)).as(file + ": retry cycle from configuration").startsWith("${");
      }
    }
  }

  @Test
  @DisplayName("每个 delegateExpression 和监听器都指向存在的 Spring bean")
  void everyDelegateBeanExists() throws IOException {
    for (Path file : bpmnFiles()) {
      String xml = Files.readString(file);
      Matcher m = Pattern.compile("(?:delegateExpression|camunda:failedJobRetryTimeCycle>)=?\"?(\\$\\{[^}]+})").matcher(xml);
      int found = 0;
      while (m.find()) {
        Matcher bean = BEAN_EXPRESSION.matcher(m.group(1));
        assertThat(bean.matches()).as(file + ": " + m.group(1) + " is a bean reference").isTrue();
        assertThat(context.containsBean(bean.group(1))).as(file + ": bean " + bean.group(1)).isTrue();
        found++;
      }
      assertThat(found).as(file + " uses delegate beans").isPositive();
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (CamundaTaskListener l : model.getModelElementsByType(CamundaTaskListener.class)) {
        Matcher bean = BEAN_EXPRESSION.matcher(l.getCamundaDelegateExpression());
        assertThat(bean.matches() && context.containsBean(bean.group(1))).as(file + ": listener " + l.getCamundaDelegateExpression()).isTrue();
      }
    }
  }

  @Test
  @DisplayName("每个用户任务都有 forms/ 中的表单，表单已随部署进入引擎")
  void everyUserTaskHasItsFormAndTheFormIsDeployed() throws IOException {
    Set<String> formIds = new HashSet<>();
    ObjectMapper json = new ObjectMapper();
    List<String> formFiles = new ArrayList<>();
    try (Stream<Path> files = Files.list(FORMS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".form")).toList()) {
        JsonNode form = json.readTree(f.toFile());
        assertThat(form.path("id").asText()).as(f + " id").isNotBlank();
        assertThat(form.path("components").isArray()).as(f + " components").isTrue();
        formIds.add(form.get("id").asText());
        formFiles.add(f.getFileName().toString());
      }
    }
    for (Path file : bpmnFiles()) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        assertThat(task.getCamundaFormRef()).as(file + ": " + task.getId() + " formRef").isNotBlank();
        assertThat(formIds).as(file + ": form of " + task.getId()).contains(task.getCamundaFormRef());
        assertThat(task.getCamundaFormRefBinding()).isEqualTo("deployment");
      }
    }
    Deployment latest = repository.createDeploymentQuery().orderByDeploymentTime().desc().list().get(0);
    List<String> deployed = repository.getDeploymentResourceNames(latest.getId());
    for (String form : formFiles) {
      assertThat(deployed).as("deployed resources").anyMatch(name -> name.endsWith(form));
    }
    for (Path bpmn : bpmnFiles()) {
      assertThat(deployed).anyMatch(name -> name.endsWith(bpmn.getFileName().toString()));
    }
  }

  private static List<Path> bpmnFiles() throws IOException {
    try (Stream<Path> files = Files.list(PROCESSES)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
      assertThat(list).isNotEmpty();
      return list;
    }
  }
}
