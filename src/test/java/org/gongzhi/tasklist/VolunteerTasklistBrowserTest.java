package org.gongzhi.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.support.Staff;
import org.gongzhi.support.VolunteerFixtures;
import org.gongzhi.volunteer.VolunteerOrder;
import org.gongzhi.volunteer.VolunteerOrderView;
import org.gongzhi.volunteer.VolunteerOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A volunteer order worked end to end in Camunda Tasklist, in a real headless Chromium: the street centre's
 * dispatcher sends it to a team through the Camunda Form (team options from the Json variable
 * {@code teamOptions}), the team leader accepts it with a visit time, then records the service with the form's
 * volunteers and hours, one per line (a form-js dynamic list cannot be completed in Tasklist 7.24: it keeps
 * empty error entries, so Complete stays disabled). Each step is checked through
 * {@link VolunteerOrders}.
 */
class VolunteerTasklistBrowserTest extends AbstractTasklistBrowserTest {

  static final String DISPATCH_FILTER = "万莲街道 · 待办 / To do";
  static final String TEAM_FILTER = "清泉社区家电维修队 · 待办 / To do";
  static final String DISPATCH_TASK = "派单或婉拒";
  static final String ACCEPT_TASK = "接单或退回";
  static final String SERVICE_TASK = "服务并登记服务记录";
  static final String VISIT_TIME = "周六上午9点";
  static final String SERVICE_NOTE = "洗衣机排水泵堵塞，已清理，试机正常。";

  @Autowired VolunteerFixtures fx;
  @Autowired VolunteerOrders orders;

  @Test
  @DisplayName("中心派单、服务队接单、登记服务时长，全部在 Tasklist 表单里完成 / The centre dispatches, the team accepts and records the hours, all through Tasklist's forms")
  void dispatchAcceptAndRecordServiceThroughTheForms() {
    String orderNumber = fx.order(Staff.QINGQUAN_COMMUNITY, "appliance-repair");

    // 1. the street centre's dispatcher sends it to the Qingquan repair team
    logInToTasklist(VolunteerFixtures.WANLIAN_DISPATCHER);
    openAndClaim(DISPATCH_FILTER, DISPATCH_TASK, orderNumber);
    page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("派给志愿服务队 / Dispatch to a team").setExact(true)).check();
    choose(page.locator(".fjs-form"), "志愿服务队 / Team", Pattern.compile("^清泉社区家电维修队"));
    complete();

    VolunteerOrder dispatched = orders.view(orderNumber).order();
    Assertions.assertThat(dispatched.status()).isEqualTo(VolunteerOrder.Status.DISPATCHED);
    Assertions.assertThat(dispatched.teamCode()).isEqualTo(VolunteerFixtures.REPAIR_TEAM);

    // 2. the team leader accepts it with the visit time agreed with the resident
    logInToTasklist(VolunteerFixtures.REPAIR_LEADER);
    openAndClaim(TEAM_FILTER, ACCEPT_TASK, orderNumber);
    page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("接单 / Accept").setExact(true)).check();
    page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("约定上门时间 / Agreed visit time").setExact(true)).fill(VISIT_TIME);
    complete();

    VolunteerOrder accepted = orders.view(orderNumber).order();
    Assertions.assertThat(accepted.status()).isEqualTo(VolunteerOrder.Status.ACCEPTED);
    Assertions.assertThat(accepted.scheduledFor()).isEqualTo(VISIT_TIME);

    // 3. same leader: the service task follows; the form lists the team's members, one line per volunteer
    openAndClaim(TEAM_FILTER, SERVICE_TASK, orderNumber);
    PlaywrightAssertions.assertThat(page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("本队志愿者 / Team members")))
        .hasValue(Pattern.compile("V001\\s+刘建华"));
    Locator hours = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions()
        .setName(Pattern.compile("^" + literal("参加的志愿者与时长"))));
    hours.fill("V001 2");
    hours.blur(); // form-js debounces typing into its model; leaving the field flushes it
    Locator note = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("服务记录 / Note").setExact(true));
    note.fill(SERVICE_NOTE);
    note.blur();
    PlaywrightAssertions.assertThat(hours).hasValue("V001 2");
    PlaywrightAssertions.assertThat(note).hasValue(SERVICE_NOTE);
    complete();

    VolunteerOrderView served = orders.view(orderNumber);
    Assertions.assertThat(served.order().status()).isEqualTo(VolunteerOrder.Status.SERVED);
    Assertions.assertThat(served.service()).hasValueSatisfying(service -> {
      Assertions.assertThat(service.note()).isEqualTo(SERVICE_NOTE);
      Assertions.assertThat(service.hours()).singleElement().satisfies(h -> {
        Assertions.assertThat(h.volunteerId()).isEqualTo("V001");
        Assertions.assertThat(h.hours()).isEqualByComparingTo(new BigDecimal("2"));
      });
    });
  }

  /** Selects the filter, opens the task of the order from it, claims it and waits for its Camunda Form. */
  private void openAndClaim(String filterName, String taskName, String orderNumber) {
    Locator filter = page.locator(".task-filters .task-filter").filter(new Locator.FilterOptions().setHasText(filterName));
    PlaywrightAssertions.assertThat(filter).isVisible();
    filter.click();
    Locator task = page.locator("ol.tasks-list li.task").filter(new Locator.FilterOptions().setHasText(taskName));
    PlaywrightAssertions.assertThat(task).hasCount(1);
    task.getByText(taskName).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Claim").setExact(true)).click();
    Locator number = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("服务单号 / Order").setExact(true));
    PlaywrightAssertions.assertThat(number).hasValue(orderNumber);
    PlaywrightAssertions.assertThat(number).isDisabled();
  }

  /**
   * Picks an option of a form-js select (not a native select: a display div, a hidden input carrying the label,
   * and a dropdown list opened on mouse down) within {@code scope}.
   */
  private void choose(Locator scope, String label, Pattern option) {
    // the inner locator of setHas is resolved inside each candidate field, so it starts from the page
    Locator fieldLabel = page.locator("label.fjs-form-field-label").filter(new Locator.FilterOptions().setHasText(labelled(label)));
    Locator field = scope.locator(".fjs-form-field").filter(new Locator.FilterOptions().setHas(fieldLabel));
    PlaywrightAssertions.assertThat(field).hasCount(1);
    field.locator(".fjs-input-group").click();
    Locator choice = field.locator(".fjs-dropdownlist-item").filter(new Locator.FilterOptions().setHasText(option));
    PlaywrightAssertions.assertThat(choice).hasCount(1);
    choice.click();
    PlaywrightAssertions.assertThat(field.locator(".fjs-select-display")).hasText(option);
  }
}
