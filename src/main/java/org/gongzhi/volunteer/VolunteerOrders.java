package org.gongzhi.volunteer;

import static org.gongzhi.volunteer.VolunteerOrderProcess.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.system.PersonalData;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.channel.CaseOrigins;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.StaffDirectory;
import org.gongzhi.jurisdiction.StaffRole;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.sla.SlaKind;
import org.gongzhi.sla.SlaService;
import org.gongzhi.system.CaseNumbers;
import org.gongzhi.system.ConflictException;
import org.gongzhi.system.InvalidInputException.FieldProblem;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.system.Label;
import org.gongzhi.volunteer.VolunteerOrder.Status;
import org.gongzhi.webhook.WebhookOutbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one class of the volunteer module that talks to the engine: the service menu, ordering,
 * rating, reading orders back. 群众点单 → 中心派单 → 志愿者接单 → 媒体宣传.
 */
@Service
public class VolunteerOrders {

  private final CaseOrigins origins;

  private final VolunteerOrderRepository orders;
  private final VolunteerTeams teams;
  private final Jurisdictions jurisdictions;
  private final StaffDirectory staff;
  private final VolunteerProperties properties;
  private final CaseNumbers numbers;
  private final RuntimeService runtime;
  private final TransactionTemplate transaction;
  private final WebhookOutbox webhooks;

  public VolunteerOrders(VolunteerOrderRepository orders, VolunteerTeams teams, Jurisdictions jurisdictions,
                         StaffDirectory staff, VolunteerProperties properties, CaseNumbers numbers, RuntimeService runtime,
                         SlaService sla, PlatformTransactionManager transactionManager, CaseOrigins origins,
                         WebhookOutbox webhooks) {
    this.origins = origins;
    this.webhooks = webhooks;
    this.transaction = new TransactionTemplate(transactionManager);
    this.orders = orders;
    this.teams = teams;
    this.jurisdictions = jurisdictions;
    this.staff = staff;
    this.properties = properties;
    this.numbers = numbers;
    this.runtime = runtime;
    for (SlaKind kind : List.of(SlaKind.DISPATCH, SlaKind.ACCEPT, SlaKind.SERVE)) {
      sla.durationOf(KEY, SLA_STEP, kind); // fail at start-up, naming the missing key
    }
  }

  /** The service menu of a community: every category, with the teams that serve it there (best first). */
  @Transactional(readOnly = true)
  public List<MenuItem> menu(String communityCode) {
    JurisdictionNode community = community(communityCode);
    List<MenuItem> menu = new ArrayList<>();
    properties.categories().forEach((code, label) ->
        menu.add(new MenuItem(code, label, teams.suitableFor(code, community))));
    return menu;
  }

  public record MenuItem(String category, Label label, List<VolunteerTeams.Suitable> teams) {
  }

  /** The order number is drawn in its own short transaction first (one pooled connection at a time). */
  public VolunteerOrderView order(NewVolunteerOrder in) {
    // the resident's name in any log line this thread writes meanwhile (ours or a library's) is masked
    try (PersonalData.LogScope ignored = PersonalData.inLogScope(in.reporterName(), in.address())) {
      return orderMasked(in);
    }
  }

  private VolunteerOrderView orderMasked(NewVolunteerOrder in) {
    JurisdictionNode community = community(in.communityCode());
    Label category = properties.categories().get(in.category());
    if (category == null) {
      throw new InvalidInputException("category", "field.unknownService", in.category(), String.join(", ", properties.categories().keySet()));
    }
    if (teams.suitableFor(in.category(), community).isEmpty()) {
      throw new NoTeamServesException(category, community);
    }
    JurisdictionNode dispatcher = dispatcherFor(community);
    String number = numbers.nextWithRetry(properties.orderNumberPrefix());
    return transaction.execute(tx -> store(number, community, dispatcher, category, in));
  }

  private VolunteerOrderView store(String number, JurisdictionNode community, JurisdictionNode dispatcher, Label category,
                                   NewVolunteerOrder in) {
    orders.insert(new VolunteerOrder(number, community.code(), in.category(), in.description().strip(), blank(in.preferredTime()),
        blank(in.address()), blank(in.reporterName()), blank(in.reporterPhone()), in.postedByCentre() ? "CENTRE" : "RESIDENT",
        Status.AWAITING_DISPATCH, dispatcher.code(), null, 0, null, null, null, null, null, null, null, null, null, null));
    orders.addEvent(number, "ORDERED", null, null, null);
    origins.record(CaseKind.VOLUNTEER_ORDER, number, in.origin());
    Map<String, Object> vars = new HashMap<>();
    vars.put(VAR_ORDER_NUMBER, number);
    vars.put(VAR_COMMUNITY_CODE, community.code());
    vars.put(VAR_COMMUNITY_NAME, community.name());
    vars.put(VAR_CATEGORY, in.category());
    vars.put(VAR_CATEGORY_LABEL, category.bilingual());
    vars.put(VAR_DESCRIPTION, in.description().strip());
    vars.put(VAR_PREFERRED_TIME, blank(in.preferredTime()));
    vars.put(VAR_DISPATCHER_NODE, dispatcher.code());
    vars.put(VAR_HANDLING_NODE, dispatcher.code());
    vars.put(VAR_REDISPATCH_COUNT, 0);
    orders.attachProcessInstance(number, runtime.startProcessInstanceByKey(KEY, number, vars).getId());
    return view(number);
  }

  /** The resident confirms the service and rates it (1–5); the order closes. */
  @Transactional
  public VolunteerOrderView rate(String orderNumber, int score, String comment) {
    VolunteerOrder o = orders.require(orderNumber);
    if (o.ratedAt() != null) {
      throw new ConflictException("volunteer.alreadyRated", orderNumber);
    }
    if (o.status() != Status.SERVED) {
      throw new ConflictException("volunteer.notServed", orderNumber);
    }
    orders.recordRating(orderNumber, score, blank(comment));
    orders.addEvent(orderNumber, "RATED", o.teamCode(), null, score + "/5" + (blank(comment) == null ? "" : " " + comment.strip()));
    webhooks.enqueue(orderNumber, "volunteer.rated", WebhookOutbox.data("score", score));
    try {
      runtime.createMessageCorrelation(MSG_ORDER_RATED).processInstanceBusinessKey(orderNumber)
          .setVariable(VAR_RATING_SCORE, score).correlateWithResult();
    } catch (MismatchingMessageCorrelationException e) {
      throw new ConflictException("volunteer.notServed", orderNumber);
    }
    return view(orderNumber);
  }

  @Transactional(readOnly = true)
  public VolunteerOrderView view(String orderNumber) {
    VolunteerOrder o = orders.require(orderNumber);
    Optional<VolunteerOrderView.ServiceSummary> service = orders.serviceRecord(orderNumber).map(r -> {
      Map<String, String> names = new HashMap<>();
      teams.members(o.teamCode()).forEach(v -> names.put(v.id(), v.name()));
      return new VolunteerOrderView.ServiceSummary(r.servedOn(), r.note(),
          r.photoUrls() == null ? List.of() : Arrays.stream(r.photoUrls().split("\\s+")).filter(s -> !s.isBlank()).toList(),
          r.hours().stream().map(h -> new VolunteerTeams.VolunteerHours(h.volunteerId(), names.get(h.volunteerId()), h.hours(), 1)).toList());
    });
    return new VolunteerOrderView(o, teams.find(o.teamCode()), orders.events(orderNumber), service, orders.publicityStatus(orderNumber));
  }

  /**
   * The centre that dispatches orders from a community: the nearest node on the way up that has a
   * dispatcher (community station 站, street 所, district centre 中心), else the city.
   */
  JurisdictionNode dispatcherFor(JurisdictionNode community) {
    List<JurisdictionNode> path = new ArrayList<>(jurisdictions.ancestorsAndSelf(community));
    java.util.Collections.reverse(path);
    return path.stream().filter(n -> staff.hasStaff(n.code(), StaffRole.DISPATCHER)).findFirst()
        .orElse(path.get(path.size() - 1));
  }

  private JurisdictionNode community(String code) {
    return jurisdictions.find(code).filter(n -> n.tier() == Tier.COMMUNITY)
        .orElseThrow(() -> new InvalidInputException(List.of(new FieldProblem("communityCode", "field.unknownCommunity", code))));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
