package org.gongzhi.volunteer;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Teams, their volunteers, who can serve an order, and the hours they served. */
@Repository
public class VolunteerTeams {

  private final JdbcClient jdbc;
  private final Jurisdictions jurisdictions;

  public VolunteerTeams(JdbcClient jdbc, Jurisdictions jurisdictions) {
    this.jdbc = jdbc;
    this.jurisdictions = jurisdictions;
  }

  public Optional<VolunteerTeam> find(String code) {
    if (code == null) {
      return Optional.empty();
    }
    return jdbc.sql("select code, name, home_node_code, leader_user_id from volunteer_team where code = ? and active")
        .param(code).query((rs, i) -> new VolunteerTeam(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            categoriesOf(rs.getString(1)))).optional();
  }

  public List<VolunteerTeam> all() {
    return jdbc.sql("select code, name, home_node_code, leader_user_id from volunteer_team where active order by code")
        .query((rs, i) -> new VolunteerTeam(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            categoriesOf(rs.getString(1)))).list();
  }

  public List<Volunteer> members(String teamCode) {
    return jdbc.sql("select id, name, team_code from volunteer where team_code = ? order by id").param(teamCode)
        .query((rs, i) -> new Volunteer(rs.getString(1), rs.getString(2), rs.getString(3))).list();
  }

  /** Whether the team serves this category in this community (its home node contains the community). */
  public boolean serves(VolunteerTeam team, String category, JurisdictionNode community) {
    return team.categories().contains(category) && jurisdictions.require(team.homeNodeCode()).contains(community);
  }

  /**
   * Teams that serve the category in the community, most suitable first: the team closest to the
   * community (a community's own team before the street's, the street's before the district's), then
   * the one with the fewest open orders, then by name.
   */
  public List<Suitable> suitableFor(String category, JurisdictionNode community) {
    Map<String, Integer> load = new HashMap<>();
    jdbc.sql("select team_code, count(*) from volunteer_order where status in ('DISPATCHED', 'ACCEPTED') and team_code is not null group by team_code")
        .query((rs, i) -> load.put(rs.getString(1), rs.getInt(2))).list();
    List<Suitable> result = new ArrayList<>();
    for (VolunteerTeam t : all()) {
      if (serves(t, category, community)) {
        JurisdictionNode home = jurisdictions.require(t.homeNodeCode());
        result.add(new Suitable(t, home, load.getOrDefault(t.code(), 0)));
      }
    }
    result.sort(Comparator.comparing((Suitable s) -> -s.home().pathCodes().size())
        .thenComparing(Suitable::openOrders).thenComparing(s -> s.team().name()));
    return result;
  }

  /** A team that can serve an order, with what ranks it. */
  public record Suitable(VolunteerTeam team, JurisdictionNode home, int openOrders) {
  }

  @Transactional
  public void upsertTeam(VolunteerTeam t) {
    int n = jdbc.sql("update volunteer_team set name = ?, home_node_code = ?, leader_user_id = ?, active = true where code = ?")
        .params(t.name(), t.homeNodeCode(), t.leaderUserId(), t.code()).update();
    if (n == 0) {
      jdbc.sql("insert into volunteer_team (code, name, home_node_code, leader_user_id) values (?, ?, ?, ?)")
          .params(t.code(), t.name(), t.homeNodeCode(), t.leaderUserId()).update();
    }
    jdbc.sql("delete from volunteer_team_category where team_code = ?").param(t.code()).update();
    for (String c : t.categories()) {
      jdbc.sql("insert into volunteer_team_category (team_code, category) values (?, ?)").params(t.code(), c).update();
    }
  }

  @Transactional
  public void upsertVolunteer(Volunteer v) {
    int n = jdbc.sql("update volunteer set name = ?, team_code = ? where id = ?").params(v.name(), v.teamCode(), v.id()).update();
    if (n == 0) {
      jdbc.sql("insert into volunteer (id, name, team_code) values (?, ?, ?)").params(v.id(), v.name(), v.teamCode()).update();
    }
  }

  /** Hours served by a team's volunteers between two dates (inclusive). */
  public TeamHours hours(String teamCode, LocalDate from, LocalDate to) {
    // by what was served for the team, whatever team each volunteer is in today
    List<VolunteerHours> rows = jdbc.sql("""
            select h.volunteer_id, v.name, sum(h.hours), count(h.order_number)
            from volunteer_service_hours h left join volunteer v on v.id = h.volunteer_id
            where h.team_code = ? and h.served_on between ? and ?
            group by h.volunteer_id, v.name order by h.volunteer_id""")
        .params(teamCode, Date.valueOf(from), Date.valueOf(to))
        .query((rs, i) -> new VolunteerHours(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getInt(4))).list();
    int services = jdbc.sql("select count(distinct order_number) from volunteer_service_hours where team_code = ? and served_on between ? and ?")
        .params(teamCode, Date.valueOf(from), Date.valueOf(to)).query(Integer.class).single();
    BigDecimal total = rows.stream().map(VolunteerHours::hours).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new TeamHours(teamCode, from, to, total, services, rows);
  }

  public record VolunteerHours(String volunteerId, String name, BigDecimal hours, int services) {
  }

  public record TeamHours(String teamCode, LocalDate from, LocalDate to, BigDecimal totalHours, int services,
                          List<VolunteerHours> volunteers) {
  }

  private List<String> categoriesOf(String teamCode) {
    return jdbc.sql("select category from volunteer_team_category where team_code = ? order by category").param(teamCode)
        .query(String.class).list();
  }
}
