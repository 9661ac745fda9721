package org.gongzhi.api;

import static org.gongzhi.api.ChinaTime.time;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.system.Label;
import org.gongzhi.volunteer.NewVolunteerOrder;
import org.gongzhi.volunteer.VolunteerOrder;
import org.gongzhi.volunteer.VolunteerOrderNotFoundException;
import org.gongzhi.volunteer.VolunteerOrderView;
import org.gongzhi.volunteer.VolunteerOrders;
import org.gongzhi.volunteer.VolunteerProperties;
import org.gongzhi.volunteer.VolunteerTeam;
import org.gongzhi.volunteer.VolunteerTeams;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Volunteer service for resident channels: the menu, ordering, following, rating; team hours. */
@RestController
@org.springframework.web.bind.annotation.RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class VolunteerController {

  /** Events whose text is between the centre and its teams: the resident sees that they happened, not why. */
  private static final java.util.Set<String> INTERNAL_EVENTS = java.util.Set.of("TEAM_DECLINED", "FLAGGED");

  private final VolunteerOrders orders;
  private final VolunteerTeams teams;
  private final VolunteerProperties properties;
  private final Jurisdictions jurisdictions;
  private final MessageSource messages;
  private final CaseAccess access;
  private final CaseListing listing;

  VolunteerController(VolunteerOrders orders, VolunteerTeams teams, VolunteerProperties properties, Jurisdictions jurisdictions,
                      MessageSource messages, CaseAccess access, CaseListing listing) {
    this.access = access;
    this.listing = listing;
    this.orders = orders;
    this.teams = teams;
    this.properties = properties;
    this.jurisdictions = jurisdictions;
    this.messages = messages;
  }

  record TeamRef(String code, String name, String homeUnit) {
  }

  record MenuEntry(String category, String label, boolean available, List<TeamRef> teams) {
  }

  record Menu(String communityCode, String communityName, List<MenuEntry> services) {
  }

  @GetMapping("/api/v1/service-menu")
  Menu menu(@RequestParam String communityCode, ChannelCaller caller) {
    access.requireCommunity(caller, communityCode);
    Locale locale = LocaleContextHolder.getLocale();
    List<MenuEntry> entries = orders.menu(communityCode).stream().map(item -> new MenuEntry(item.category(), item.label().in(locale),
        !item.teams().isEmpty(), item.teams().stream().map(s -> new TeamRef(s.team().code(), s.team().name(),
            s.home().displayName(locale))).toList())).toList();
    return new Menu(communityCode, jurisdictions.require(communityCode).displayName(locale), entries);
  }

  record Created(String orderNumber, String status) {
  }

  @PostMapping(path = "/api/v1/volunteer-orders", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Created> order(@Valid @RequestBody VolunteerOrderRequest r, ChannelCaller caller) {
    boolean centre = Boolean.TRUE.equals(r.postedByCentre());
    if (centre && caller.key().residentScoped()) { // a resident's channel speaks for a resident, never for the centre
      throw new InvalidInputException("postedByCentre", "volunteer.centreNotFromResidentChannel");
    }
    if (!centre && r.reporter() == null) {
      throw new InvalidInputException("reporter", "field.required");
    }
    VolunteerOrderView v = access.createIn(caller, r.communityCode(), community -> orders.order(new NewVolunteerOrder(community, r.category(), r.description(), r.preferredTime(),
        r.address(), r.reporter() == null ? null : r.reporter().name(), r.reporter() == null ? null : r.reporter().phone(), centre, caller.origin())));
    return ResponseEntity.created(URI.create("/api/v1/volunteer-orders/" + v.order().orderNumber()))
        .body(new Created(v.order().orderNumber(), v.order().status().name()));
  }

  record Event(OffsetDateTime at, String kind, String kindLabel, String team, String message) {
  }

  /** Volunteers by id only: /api/v1 is the channels' public face, and a volunteer's name is theirs. */
  record Hours(String volunteerId, BigDecimal hours) {
  }

  record Service(LocalDate servedOn, String note, List<String> photoUrls, List<Hours> volunteers) {
  }

  record OrderResponse(String orderNumber, String status, String statusLabel, String category, String categoryLabel,
                       String communityCode, TeamRef team, String scheduledFor, String declineReason, Integer redispatchCount,
                       Integer ratingScore,
                       OffsetDateTime orderedAt, OffsetDateTime servedAt, OffsetDateTime closedAt, Service service,
                       String publicity, List<Event> timeline) {
  }

  static final CaseListing.CaseTable ORDERS = CaseListing.CaseTable.of("volunteer_order", "order_number", "orderNumber");

  record OrderSummary(String orderNumber, String status, String statusLabel, String communityCode, String category,
                      String categoryLabel, OffsetDateTime orderedAt, OffsetDateTime updatedAt) {
  }

  /** The caller's orders (the resident's own when it names one), newest first unless sorted otherwise. */
  @GetMapping("/api/v1/volunteer-orders")
  PageOf<OrderSummary> list(@RequestParam(required = false) String communityCode, @RequestParam(required = false) String status,
                    @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                    @RequestParam(required = false) String sort, ChannelCaller caller) {
    Locale locale = LocaleContextHolder.getLocale();
    return listing.cases(caller, ORDERS, VolunteerOrder.Status.class, communityCode, status, page, size, sort, List.of(), (rs, n) -> {
      String st = rs.getString("status");
      Label label = properties.categories().get(rs.getString("category"));
      return new OrderSummary(rs.getString("order_number"), st, messages.getMessage("volunteer.status." + st, null, st, locale),
          rs.getString("community_code"), rs.getString("category"), label == null ? rs.getString("category") : label.in(locale),
          ChinaTime.time(org.gongzhi.system.Timestamps.instant(rs, "created_at")),
          ChinaTime.time(org.gongzhi.system.Timestamps.instant(rs, "updated_at")));
    });
  }

  @GetMapping("/api/v1/volunteer-orders/{orderNumber}")
  OrderResponse get(@PathVariable String orderNumber, ChannelCaller caller) {
    return response(visible(orderNumber, caller));
  }

  /** The order, if this caller may see it; otherwise exactly what an unknown number gets. */
  private VolunteerOrderView visible(String orderNumber, ChannelCaller caller) {
    VolunteerOrderView v = orders.view(orderNumber);
    access.requireVisible(caller, orderNumber, v.order().communityCode(), () -> new VolunteerOrderNotFoundException(orderNumber));
    return v;
  }

  record Rating(@NotNull @Min(1) @Max(5) Integer score, @Size(max = 1000) String comment) {
  }

  @PostMapping(path = "/api/v1/volunteer-orders/{orderNumber}/rating", consumes = MediaType.APPLICATION_JSON_VALUE)
  OrderResponse rate(@PathVariable String orderNumber, @Valid @RequestBody Rating r, ChannelCaller caller) {
    visible(orderNumber, caller);
    return response(orders.rate(orderNumber, r.score(), r.comment()));
  }

  record TeamHours(String teamCode, String teamName, LocalDate from, LocalDate to, BigDecimal totalHours, int services,
                   List<Hours> volunteers) {
  }

  @GetMapping("/api/v1/volunteer-teams/{teamCode}/hours")
  TeamHours hours(@PathVariable String teamCode,
                  @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, ChannelCaller caller) {
    VolunteerTeam team = teams.find(teamCode).filter(t -> caller.covers(jurisdictions.find(t.homeNodeCode()).orElse(null)))
        .orElseThrow(() -> new TeamNotFoundException(teamCode));
    if (to.isBefore(from)) {
      throw new InvalidInputException("to", "field.toBeforeFrom", from);
    }
    var h = teams.hours(teamCode, from, to);
    return new TeamHours(team.code(), team.name(), from, to, h.totalHours(), h.services(),
        h.volunteers().stream().map(v -> new Hours(v.volunteerId(), v.hours())).toList());
  }

  private OrderResponse response(VolunteerOrderView v) {
    Locale locale = LocaleContextHolder.getLocale();
    VolunteerOrder o = v.order();
    Label label = properties.categories().get(o.category());
    return new OrderResponse(o.orderNumber(), o.status().name(),
        messages.getMessage("volunteer.status." + o.status().name(), null, o.status().name(), locale), o.category(),
        label == null ? o.category() : label.in(locale), o.communityCode(),
        v.team().map(t -> new TeamRef(t.code(), t.name(), jurisdictions.require(t.homeNodeCode()).displayName(locale))).orElse(null),
        o.scheduledFor(), o.declineReason(), o.redispatchCount(), o.ratingScore(), time(o.createdAt()), time(o.servedAt()), time(o.closedAt()),
        v.service().map(s -> new Service(s.servedOn(), s.note(), s.photoUrls(),
            s.hours().stream().map(h -> new Hours(h.volunteerId(), h.hours())).toList())).orElse(null),
        v.publicity().orElse(null),
        v.events().stream().map(e -> new Event(time(e.at()), e.kind(),
            messages.getMessage("volunteer.event." + e.kind(), null, e.kind(), locale), e.teamCode(),
            INTERNAL_EVENTS.contains(e.kind()) ? null : e.message())).toList());
  }


  /** No such team. */
  static class TeamNotFoundException extends RuntimeException {
    final String teamCode;

    TeamNotFoundException(String teamCode) {
      super("no team " + teamCode);
      this.teamCode = teamCode;
    }
  }
}
