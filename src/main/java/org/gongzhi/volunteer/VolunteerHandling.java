package org.gongzhi.volunteer;

import static org.gongzhi.system.EngineVariables.longVar;
import static org.gongzhi.system.EngineVariables.refuse;
import static org.gongzhi.system.EngineVariables.unchanged;
import static org.gongzhi.volunteer.VolunteerOrderProcess.*;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.spin.Spin;
import org.camunda.spin.plugin.variable.SpinValues;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.StaffDirectory;
import org.gongzhi.jurisdiction.StaffRole;
import org.gongzhi.notification.NotificationService;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.sla.SlaAlerts;
import org.gongzhi.sla.SlaDeadline;
import org.gongzhi.sla.SlaKind;
import org.gongzhi.sla.SlaService;
import org.gongzhi.volunteer.VolunteerOrder.Status;
import org.gongzhi.volunteer.VolunteerOrderRepository.HoursLine;
import org.gongzhi.webhook.WebhookOutbox;
import org.springframework.stereotype.Service;

/** The rules of volunteer dispatch, called by the delegates and task listeners of {@code volunteer-order}. */
@Service
class VolunteerHandling {

  static final BigDecimal MAX_HOURS = BigDecimal.valueOf(24);
  /** Column sizes leave room for what the timeline adds around the text. */
  static final int MAX_REASON = 1000;
  static final int MAX_NOTE = 1800;
  static final int MAX_SUMMARY = 2000;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VolunteerOrderRepository orders;
  private final VolunteerTeams teams;
  private final Jurisdictions jurisdictions;
  private final StaffDirectory staff;
  private final SlaService sla;
  private final SlaAlerts alerts;
  private final NotificationService notifications;
  private final VolunteerProperties properties;
  private final PublicityHandovers publicity;
  private final WebhookOutbox webhooks;

  VolunteerHandling(VolunteerOrderRepository orders, VolunteerTeams teams, Jurisdictions jurisdictions, StaffDirectory staff,
                    SlaService sla, SlaAlerts alerts, NotificationService notifications, VolunteerProperties properties,
                    PublicityHandovers publicity, WebhookOutbox webhooks) {
    this.webhooks = webhooks;
    this.publicity = publicity;
    this.orders = orders;
    this.teams = teams;
    this.jurisdictions = jurisdictions;
    this.staff = staff;
    this.sla = sla;
    this.alerts = alerts;
    this.notifications = notifications;
    this.properties = properties;
  }

  // ---- delegates ------------------------------------------------------------------------------

  /** The centre's dispatchers get the order; the time to dispatch starts. */
  void openDispatchDeadline(DelegateExecution ex) {
    JurisdictionNode centre = jurisdictions.require(str(ex, VAR_DISPATCHER_NODE));
    SlaDeadline d = sla.open(KEY, SLA_STEP, number(ex), ex.getProcessInstanceId(), SlaKind.DISPATCH, centre.tier(), centre.code());
    ex.setVariable(VAR_DISPATCH_SLA_ID, d.id());
    ex.setVariable(VAR_DISPATCH_WARN_AT, Date.from(d.warnAt()));
    ex.setVariable(VAR_DISPATCH_DUE_AT, Date.from(d.dueAt()));
    ex.setVariable(VAR_CANDIDATE_GROUP, StaffRole.DISPATCHER.groupOf(centre.code()));
    ex.setVariable(VAR_HANDLING_NODE, centre.code());
    JurisdictionNode community = jurisdictions.require(str(ex, VAR_COMMUNITY_CODE));
    ex.setVariable(VAR_TEAM_OPTIONS, json(teams.suitableFor(str(ex, VAR_CATEGORY), community).stream()
        .map(s -> Map.of("label", s.team().name() + "（" + s.home().name() + "，在办 " + s.openOrders() + " 单 / " + s.openOrders() + " open）",
            "value", s.team().code())).toList()));
    resetDecision(ex);
  }

  /** Dispatched: the team's acceptance window starts. */
  void assignTeam(DelegateExecution ex) {
    sla.meet(longVar(ex, VAR_DISPATCH_SLA_ID));
    VolunteerTeam team = teams.find(str(ex, VAR_TEAM_CODE)).orElseThrow();
    JurisdictionNode home = jurisdictions.require(team.homeNodeCode());
    orders.setStatus(number(ex), Status.DISPATCHED, team.code());
    orders.addEvent(number(ex), "DISPATCHED", team.code(), str(ex, VAR_ACTOR), team.name());
    webhooks.enqueue(number(ex), "volunteer.dispatched", WebhookOutbox.data("teamCode", team.code(), "teamName", team.name()));
    SlaDeadline accept = sla.open(KEY, SLA_STEP, number(ex), ex.getProcessInstanceId(), SlaKind.ACCEPT, home.tier(), home.code());
    ex.setVariable(VAR_ACCEPT_SLA_ID, accept.id());
    ex.setVariable(VAR_ACCEPT_WARN_AT, Date.from(accept.warnAt()));
    ex.setVariable(VAR_ACCEPT_DUE_AT, Date.from(accept.dueAt()));
    ex.setVariable(VAR_TEAM_NAME, team.name());
    ex.setVariable(VAR_CANDIDATE_GROUP, team.group());
    ex.setVariable(VAR_HANDLING_NODE, home.code());
    ex.setVariable(VAR_MEMBER_LIST, String.join("\n", teams.members(team.code()).stream()
        .map(v -> v.id() + "  " + v.name()).toList()));
    resetDecision(ex);
  }

  /** The centre declines the order; the resident sees the reason. */
  void declineOrder(DelegateExecution ex) {
    sla.meet(longVar(ex, VAR_DISPATCH_SLA_ID));
    orders.decline(number(ex), str(ex, VAR_REASON));
    orders.addEvent(number(ex), "DECLINED", null, str(ex, VAR_ACTOR), str(ex, VAR_REASON));
    webhooks.enqueue(number(ex), "volunteer.declined", WebhookOutbox.data("reason", str(ex, VAR_REASON)));
  }

  void recordAcceptance(DelegateExecution ex) {
    sla.meet(longVar(ex, VAR_ACCEPT_SLA_ID));
    String team = str(ex, VAR_TEAM_CODE);
    orders.setStatus(number(ex), Status.ACCEPTED, team);
    orders.schedule(number(ex), str(ex, VAR_SCHEDULED_FOR));
    orders.addEvent(number(ex), "ACCEPTED", team, str(ex, VAR_ACTOR), str(ex, VAR_SCHEDULED_FOR));
    webhooks.enqueue(number(ex), "volunteer.accepted", WebhookOutbox.data("teamCode", team, "scheduledFor", str(ex, VAR_SCHEDULED_FOR)));
    JurisdictionNode home = jurisdictions.require(str(ex, VAR_HANDLING_NODE));
    SlaDeadline serve = sla.open(KEY, SLA_STEP, number(ex), ex.getProcessInstanceId(), SlaKind.SERVE, home.tier(), home.code());
    ex.setVariable(VAR_SERVE_SLA_ID, serve.id());
    ex.setVariable(VAR_SERVE_WARN_AT, Date.from(serve.warnAt()));
    ex.setVariable(VAR_SERVE_DUE_AT, Date.from(serve.dueAt()));
    resetDecision(ex);
  }

  void recordTeamDecline(DelegateExecution ex) {
    sla.close(longVar(ex, VAR_ACCEPT_SLA_ID), "DECLINED");
    orders.addEvent(number(ex), "TEAM_DECLINED", str(ex, VAR_TEAM_CODE), str(ex, VAR_ACTOR), str(ex, VAR_REASON));
  }

  /**
   * The acceptance window passed: recorded as a breach and mailed, like every breach, to the supervisors
   * of the tier above the team's home; the centre's dispatchers are told too, since the order is theirs again.
   */
  void recordAcceptTimeout(DelegateExecution ex) {
    String team = str(ex, VAR_TEAM_CODE);
    sla.recordBreach(longVar(ex, VAR_ACCEPT_SLA_ID), VolunteerTeam.groupOf(team)).ifPresent(d -> {
      alerts.breach(d, str(ex, VAR_DESCRIPTION));
      alerts.breach(d, str(ex, VAR_DESCRIPTION), staff.emailsOf(str(ex, VAR_DISPATCHER_NODE), StaffRole.DISPATCHER));
    });
    sla.close(longVar(ex, VAR_ACCEPT_SLA_ID), "TIMED_OUT");
    orders.addEvent(number(ex), "ACCEPT_TIMED_OUT", team, null, null);
    webhooks.enqueue(number(ex), "volunteer.accept_timed_out", WebhookOutbox.data("teamCode", team));
  }

  /** Back to the dispatcher; after too many returns the centre's supervisors are told. */
  void returnToDispatcher(DelegateExecution ex) {
    int count = orders.returnToDispatcher(number(ex));
    // the resident sees the order AWAITING_DISPATCH again (after the team declined — its reason stays internal — or timed out)
    webhooks.enqueue(number(ex), "volunteer.returned_to_dispatch", Map.of());
    ex.setVariable(VAR_REDISPATCH_COUNT, count);
    ex.setVariable(VAR_TEAM_CODE, null);
    if (count >= properties.maxRedispatches() && orders.flag(number(ex))) { // flagged once, mailed once
      orders.addEvent(number(ex), "FLAGGED", null, null, String.valueOf(count));
      String centre = str(ex, VAR_DISPATCHER_NODE);
      String subject = "【需关注】志愿服务单 " + number(ex) + " 已退回 " + count + " 次 / [Attention] volunteer order "
          + number(ex) + " returned " + count + " times";
      String body = "志愿服务单 " + number(ex) + "（" + str(ex, VAR_CATEGORY_LABEL) + "，" + str(ex, VAR_COMMUNITY_NAME)
          + "）已被退回派单 " + count + " 次，请协调。\n\nVolunteer order " + number(ex) + " has gone back to dispatch "
          + count + " times; please step in.";
      for (String email : staff.emailsOf(centre, StaffRole.SUPERVISOR)) {
        notifications.queue("volunteer-flag:" + number(ex) + ":" + email, "VOLUNTEER_FLAG", number(ex), email, subject, body);
      }
    }
  }

  void recordService(DelegateExecution ex) {
    List<HoursLine> hours = hoursOf(ex.getVariable(VAR_VOLUNTEER_HOURS));
    String team = str(ex, VAR_TEAM_CODE);
    LocalDate servedOn = EngineTime.now().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate();
    orders.recordService(number(ex), team, servedOn, str(ex, VAR_SERVICE_NOTE), photoUrls(ex), str(ex, VAR_ACTOR), hours);
    sla.meet(longVar(ex, VAR_SERVE_SLA_ID));
    BigDecimal total = hours.stream().map(HoursLine::hours).reduce(BigDecimal.ZERO, BigDecimal::add);
    orders.addEvent(number(ex), "SERVED", team, str(ex, VAR_ACTOR), str(ex, VAR_SERVICE_NOTE) + "（" + hours.size() + " 人 / "
        + total.stripTrailingZeros().toPlainString() + " 小时）");
    webhooks.enqueue(number(ex), "volunteer.served", WebhookOutbox.data("teamCode", team, "servedOn", servedOn.toString(), "note", str(ex, VAR_SERVICE_NOTE)));
    ex.setVariable(VAR_CONFIRM_CLOSE_AT, Date.from(EngineTime.now().plus(properties.confirmationPeriod())));
    ex.setVariable(VAR_CANDIDATE_GROUP, StaffRole.DISPATCHER.groupOf(str(ex, VAR_DISPATCHER_NODE)));
    ex.setVariable(VAR_HANDLING_NODE, str(ex, VAR_DISPATCHER_NODE));
    String summary = str(ex, VAR_TEAM_NAME) + " 为" + str(ex, VAR_COMMUNITY_NAME) + "居民提供"
        + str(ex, VAR_CATEGORY_LABEL).split(" / ")[0] + "服务：" + str(ex, VAR_SERVICE_NOTE);
    ex.setVariable(VAR_PUBLICITY_SUMMARY, summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary);
    ex.setVariable(VAR_PUBLICIZE, null);
  }

  void closeOrder(DelegateExecution ex) {
    orders.close(number(ex));
    orders.addEvent(number(ex), "CLOSED", null, null, null);
    webhooks.enqueue(number(ex), "volunteer.closed", Map.of());
  }

  /**
   * 媒体宣传: the service goes to the media team. The hand-over is stored with the service's summary and
   * photos, and {@value VolunteerOrderProcess#MSG_PUBLICITY_REQUESTED} starts the content-approval case
   * as soon as a process that catches it is deployed; until then the hand-over waits as PENDING.
   */
  void handOverForPublicity(DelegateExecution ex) {
    orders.requestPublicity(number(ex), str(ex, VAR_PUBLICITY_SUMMARY), photoUrls(ex), str(ex, VAR_COMMUNITY_CODE), str(ex, VAR_ACTOR));
    orders.addEvent(number(ex), "PUBLICITY", str(ex, VAR_TEAM_CODE), str(ex, VAR_ACTOR), null);
    webhooks.enqueue(number(ex), "volunteer.publicity", WebhookOutbox.data("teamCode", str(ex, VAR_TEAM_CODE)));
    publicity.deliver(number(ex));
  }

  void warn(DelegateExecution ex, SlaKind kind) {
    long id = longVar(ex, switch (kind) {
      case DISPATCH -> VAR_DISPATCH_SLA_ID;
      case ACCEPT -> VAR_ACCEPT_SLA_ID;
      default -> VAR_SERVE_SLA_ID;
    });
    List<String> who = kind == SlaKind.DISPATCH
        ? staff.emailsOf(str(ex, VAR_DISPATCHER_NODE), StaffRole.DISPATCHER)
        : staff.emailsOfGroup(VolunteerTeam.groupOf(str(ex, VAR_TEAM_CODE)));
    sla.recordWarning(id).ifPresent(d -> alerts.warn(d, str(ex, VAR_DESCRIPTION), who));
  }

  void breach(DelegateExecution ex, SlaKind kind) {
    long id = longVar(ex, kind == SlaKind.DISPATCH ? VAR_DISPATCH_SLA_ID : VAR_SERVE_SLA_ID);
    String holder = kind == SlaKind.DISPATCH ? StaffRole.DISPATCHER.groupOf(str(ex, VAR_DISPATCHER_NODE))
        : VolunteerTeam.groupOf(str(ex, VAR_TEAM_CODE));
    sla.recordBreach(id, holder).ifPresent(d -> alerts.breach(d, str(ex, VAR_DESCRIPTION)));
  }

  // ---- task listeners (complete): the engine refuses what the form might let through -----------------

  void checkDispatch(DelegateTask task) {
    refuseTampering(task, false);
    String decision = str(task.getVariable(VAR_DECISION));
    if (DECLINE.equals(decision)) {
      requireText(task, VAR_REASON, "请填写婉拒原因（居民可见） / a reason is required (reason)", MAX_REASON);
    } else if (DISPATCH.equals(decision)) {
      JurisdictionNode community = jurisdictions.require(str(task.getVariable(VAR_COMMUNITY_CODE)));
      String category = str(task.getVariable(VAR_CATEGORY));
      VolunteerTeam team = teams.find(str(task.getVariable(VAR_TEAM_CODE))).orElseThrow(() ->
          refuse("请选择志愿服务队 / choose a team (teamCode: " + task.getVariable(VAR_TEAM_CODE) + ")"));
      if (!teams.serves(team, category, community)) {
        throw refuse("该队不在本社区提供此项服务 / team " + team.code() + " does not serve " + category + " in " + community.code());
      }
    } else {
      throw refuse("请选择派单或婉拒 / choose DISPATCH or DECLINE (decision: " + decision + ")");
    }
    recordActor(task);
  }

  void checkAcceptance(DelegateTask task) {
    refuseTampering(task, true);
    String decision = str(task.getVariable(VAR_DECISION));
    if (DECLINE.equals(decision)) {
      requireText(task, VAR_REASON, "请填写不能接单的原因 / a reason is required (reason)", MAX_REASON);
    } else if (ACCEPT.equals(decision)) {
      requireText(task, VAR_SCHEDULED_FOR, "请填写与居民约定的上门时间 / the agreed visit time is required (scheduledFor)", 100);
    } else {
      throw refuse("请选择接单或退回 / choose ACCEPT or DECLINE (decision: " + decision + ")");
    }
    recordActor(task);
  }

  void checkServiceRecord(DelegateTask task) {
    refuseTampering(task, true);
    List<HoursLine> hours;
    try {
      hours = hoursOf(task.getVariable(VAR_VOLUNTEER_HOURS));
    } catch (IllegalArgumentException e) {
      throw refuse("志愿者时长格式不对 / volunteerHours must be a list of {volunteerId, hours}: " + e.getMessage());
    }
    if (hours.isEmpty()) {
      throw refuse("请至少填写一名志愿者及时长 / at least one volunteer with hours is required (volunteerHours)");
    }
    Set<String> members = new HashSet<>();
    teams.members(str(task.getVariable(VAR_TEAM_CODE))).forEach(v -> members.add(v.id()));
    Set<String> seen = new HashSet<>();
    for (HoursLine h : hours) {
      if (!members.contains(h.volunteerId())) {
        throw refuse("不是本队志愿者 / not a member of the team: " + h.volunteerId());
      }
      if (!seen.add(h.volunteerId())) {
        throw refuse("志愿者重复 / volunteer listed twice: " + h.volunteerId());
      }
      if (h.hours().signum() <= 0 || h.hours().compareTo(MAX_HOURS) > 0) {
        throw refuse("时长须大于 0 且不超过 24 小时 / hours must be more than 0 and at most 24: " + h.volunteerId() + " " + h.hours());
      }
    }
    requireText(task, VAR_SERVICE_NOTE, "请填写服务记录 / a service note is required (serviceNote)", MAX_NOTE);
    Object photos = task.getVariable(VAR_PHOTO_URLS);
    if (photos != null) {
      for (String url : String.valueOf(photos).split("\\s+")) {
        if (!url.isBlank() && !url.matches("(?i)https?://\\S+")) {
          throw refuse("照片地址须以 http(s):// 开头 / photo URLs must be http(s): " + url);
        }
      }
    }
    recordActor(task);
  }

  void checkPublicityReview(DelegateTask task) {
    refuseTampering(task, false);
    if (!(task.getVariable(VAR_PUBLICIZE) instanceof Boolean)) {
      throw refuse("请选择是否宣传 / choose whether to publicise (publicize)");
    }
    if (Boolean.TRUE.equals(task.getVariable(VAR_PUBLICIZE))) {
      requireText(task, VAR_PUBLICITY_SUMMARY, "请填写宣传摘要 / a summary is required (publicitySummary)", MAX_SUMMARY);
    }
    recordActor(task);
  }

  /**
   * The variables the process steers by must still say what the database says: a task completion
   * (Tasklist form, engine REST) cannot move an order to another centre, team, community or service.
   */
  private void refuseTampering(DelegateTask task, boolean teamTask) {
    String number = task.getExecution().getProcessBusinessKey();
    VolunteerOrder o = orders.require(number);
    unchanged(task, VAR_ORDER_NUMBER, number);
    unchanged(task, VAR_DISPATCHER_NODE, o.dispatcherNode());
    unchanged(task, VAR_COMMUNITY_CODE, o.communityCode());
    unchanged(task, VAR_CATEGORY, o.category());
    if (teamTask) {
      unchanged(task, VAR_TEAM_CODE, o.teamCode());
      unchanged(task, VAR_CANDIDATE_GROUP, VolunteerTeam.groupOf(o.teamCode()));
    } else {
      unchanged(task, VAR_CANDIDATE_GROUP, StaffRole.DISPATCHER.groupOf(o.dispatcherNode()));
    }
    for (String slaVar : new String[] {VAR_DISPATCH_SLA_ID, VAR_ACCEPT_SLA_ID, VAR_SERVE_SLA_ID}) {
      Object id = task.getVariable(slaVar);
      if (id != null && !(id instanceof Number n && sla.find(n.longValue()).map(d -> d.caseRef().equals(number)).orElse(false))) {
        throw refuse("流程变量 " + slaVar + " 不可修改 / variable " + slaVar + " cannot be changed");
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /**
   * The volunteers and hours of a service, as the Tasklist form sends them (lines "V001 2", separated by
   * spaces, commas or tabs) or as JSON [{volunteerId, hours}] (engine REST, Java callers).
   */
  static List<HoursLine> hoursOf(Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (raw instanceof String lines && !lines.strip().startsWith("[")) {
      List<HoursLine> result = new ArrayList<>();
      for (String line : lines.split("\\R")) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.strip().split("[\\s,，;；:：]+");
        if (parts.length != 2) {
          throw new IllegalArgumentException("each line is a volunteer id and hours: '" + line.strip() + "'");
        }
        try {
          result.add(new HoursLine(parts[0], new BigDecimal(parts[1])));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("hours are a number: '" + line.strip() + "'");
        }
      }
      return result;
    }
    try {
      String text = raw instanceof String s ? s : (raw instanceof org.camunda.spin.json.SpinJsonNode n ? n.toString() : JSON.writeValueAsString(raw));
      List<Map<String, Object>> rows = JSON.readValue(text, new TypeReference<>() { });
      List<HoursLine> lines = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        Object id = row.get("volunteerId");
        Object h = row.get("hours");
        if (id == null || h == null) {
          throw new IllegalArgumentException("each line needs volunteerId and hours");
        }
        lines.add(new HoursLine(String.valueOf(id), new BigDecimal(String.valueOf(h))));
      }
      return lines;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private String photoUrls(DelegateExecution ex) {
    Object photos = ex.getVariable(VAR_PHOTO_URLS);
    return photos == null || String.valueOf(photos).isBlank() ? null : String.valueOf(photos).strip();
  }

  String historyText(String orderNumber) {
    StringBuilder sb = new StringBuilder();
    for (VolunteerOrder.Event e : orders.events(orderNumber)) {
      sb.append(TIME.format(e.at())).append("  ").append(e.kind()).append(e.message() == null ? "" : "：" + e.message()).append('\n');
    }
    return sb.toString();
  }

  private void resetDecision(DelegateExecution ex) {
    ex.setVariable(VAR_DECISION, null);
    ex.setVariable(VAR_REASON, null);
    ex.setVariable(VAR_HISTORY_TEXT, historyText(number(ex)));
  }

  private static void recordActor(DelegateTask task) {
    String actor = task.getAssignee();
    if (actor == null) {
      var auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
      actor = auth == null ? null : auth.getUserId();
    }
    task.getExecution().setVariable(VAR_ACTOR, actor);
  }

  private static void requireText(DelegateTask task, String name, String message, int max) {
    Object v = task.getVariable(name);
    if (!(v instanceof String s) || s.isBlank()) {
      throw refuse(message);
    }
    if (s.length() > max) {
      throw refuse("内容不能超过 " + max + " 字 / " + name + " must be at most " + max + " characters");
    }
  }

  private static Object json(List<Map<String, String>> options) {
    return SpinValues.jsonValue(Spin.JSON(new ArrayList<>(options)).toString()).create();
  }

  /** The business key, which no task completion can change (unlike a variable). */
  private static String number(DelegateExecution ex) {
    return ex.getProcessBusinessKey();
  }

  private static String str(DelegateExecution ex, String name) {
    return str(ex.getVariable(name));
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
