package org.gongzhi.volunteer;

import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.volunteer.VolunteerOrder.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Orders, their timelines, service records and hours. */
@Repository
class VolunteerOrderRepository {

  private final JdbcClient jdbc;

  VolunteerOrderRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(VolunteerOrder o) {
    Instant now = EngineTime.now();
    jdbc.sql("""
            insert into volunteer_order (order_number, community_code, category, description, preferred_time, address,
              reporter_name, reporter_phone, origin, status, dispatcher_node, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(o.orderNumber(), o.communityCode(), o.category(), o.description(), o.preferredTime(), o.address(),
            o.reporterName(), o.reporterPhone(), o.origin(), o.status().name(), o.dispatcherNode(), ts(now), ts(now))
        .update();
  }

  Optional<VolunteerOrder> find(String orderNumber) {
    return jdbc.sql("select * from volunteer_order where order_number = ?").param(orderNumber)
        .query(VolunteerOrderRepository::map).optional();
  }

  VolunteerOrder require(String orderNumber) {
    return find(orderNumber).orElseThrow(() -> new VolunteerOrderNotFoundException(orderNumber));
  }

  void attachProcessInstance(String orderNumber, String processInstanceId) {
    jdbc.sql("update volunteer_order set process_instance_id = ? where order_number = ?").params(processInstanceId, orderNumber).update();
  }

  void setStatus(String orderNumber, Status status, String teamCode) {
    jdbc.sql("update volunteer_order set status = ?, team_code = ?, updated_at = ? where order_number = ?")
        .params(status.name(), teamCode, ts(EngineTime.now()), orderNumber).update();
  }

  void decline(String orderNumber, String reason) {
    Instant now = EngineTime.now();
    jdbc.sql("update volunteer_order set status = 'DECLINED', decline_reason = ?, closed_at = ?, updated_at = ? where order_number = ?")
        .params(reason, ts(now), ts(now), orderNumber).update();
  }

  int returnToDispatcher(String orderNumber) {
    jdbc.sql("update volunteer_order set status = 'AWAITING_DISPATCH', team_code = null, redispatch_count = redispatch_count + 1, updated_at = ? where order_number = ?")
        .params(ts(EngineTime.now()), orderNumber).update();
    return require(orderNumber).redispatchCount();
  }

  void schedule(String orderNumber, String scheduledFor) {
    jdbc.sql("update volunteer_order set scheduled_for = ? where order_number = ?").params(scheduledFor, orderNumber).update();
  }

  /** True when this call flagged the order (it was not flagged before). */
  boolean flag(String orderNumber) {
    return jdbc.sql("update volunteer_order set flagged_at = ? where order_number = ? and flagged_at is null")
        .params(ts(EngineTime.now()), orderNumber).update() == 1;
  }

  void recordService(String orderNumber, String teamCode, LocalDate servedOn, String note, String photoUrls, String actor,
                     List<HoursLine> hours) {
    Instant now = EngineTime.now();
    jdbc.sql("insert into volunteer_service_record (order_number, team_code, served_on, note, photo_urls, recorded_by, recorded_at) values (?, ?, ?, ?, ?, ?, ?)")
        .params(orderNumber, teamCode, Date.valueOf(servedOn), note, photoUrls, actor, ts(now)).update();
    for (HoursLine h : hours) {
      jdbc.sql("insert into volunteer_service_hours (order_number, volunteer_id, team_code, served_on, hours) values (?, ?, ?, ?, ?)")
          .params(orderNumber, h.volunteerId(), teamCode, Date.valueOf(servedOn), h.hours()).update();
    }
    jdbc.sql("update volunteer_order set status = 'SERVED', served_at = ?, updated_at = ? where order_number = ?")
        .params(ts(now), ts(now), orderNumber).update();
  }

  Optional<ServiceRecord> serviceRecord(String orderNumber) {
    return jdbc.sql("select served_on, note, photo_urls from volunteer_service_record where order_number = ?").param(orderNumber)
        .query((rs, i) -> new ServiceRecord(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3),
            jdbc.sql("select volunteer_id, hours from volunteer_service_hours where order_number = ? order by volunteer_id")
                .param(orderNumber).query((r, j) -> new HoursLine(r.getString(1), r.getBigDecimal(2))).list()))
        .optional();
  }

  void recordRating(String orderNumber, int score, String comment) {
    Instant now = EngineTime.now();
    jdbc.sql("update volunteer_order set rating_score = ?, rating_comment = ?, rated_at = ?, updated_at = ? where order_number = ?")
        .params(score, comment, ts(now), ts(now), orderNumber).update();
  }

  void close(String orderNumber) {
    Instant now = EngineTime.now();
    jdbc.sql("update volunteer_order set status = 'CLOSED', closed_at = ?, updated_at = ? where order_number = ?")
        .params(ts(now), ts(now), orderNumber).update();
  }

  void requestPublicity(String orderNumber, String summary, String photoUrls, String communityCode, String actor) {
    Instant now = EngineTime.now();
    jdbc.sql("update volunteer_order set publicity_requested_at = ? where order_number = ?").params(ts(now), orderNumber).update();
    jdbc.sql("""
            insert into publicity_handover (order_number, summary, photo_urls, community_code, requested_by, requested_at, status)
            select ?, ?, ?, ?, ?, ?, 'PENDING' where not exists (select 1 from publicity_handover where order_number = ?)""")
        .params(orderNumber, summary, photoUrls, communityCode, actor, ts(now), orderNumber).update();
  }

  Optional<String> publicityStatus(String orderNumber) {
    return jdbc.sql("select status from publicity_handover where order_number = ?").param(orderNumber).query(String.class).optional();
  }

  void addEvent(String orderNumber, String kind, String teamCode, String actor, String message) {
    jdbc.sql("insert into volunteer_order_timeline (order_number, occurred_at, kind, team_code, actor, message) values (?, ?, ?, ?, ?, ?)")
        .params(orderNumber, ts(EngineTime.now()), kind, teamCode, actor, message).update();
  }

  List<VolunteerOrder.Event> events(String orderNumber) {
    return jdbc.sql("select occurred_at, kind, team_code, actor, message from volunteer_order_timeline where order_number = ? order by occurred_at, id")
        .param(orderNumber).query((rs, i) -> new VolunteerOrder.Event(instant(rs, "occurred_at"), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5))).list();
  }

  /** One volunteer's hours on a service. */
  record HoursLine(String volunteerId, BigDecimal hours) {
  }

  record ServiceRecord(LocalDate servedOn, String note, String photoUrls, List<HoursLine> hours) {
  }

  static VolunteerOrder map(ResultSet rs, int row) throws SQLException {
    int score = rs.getInt("rating_score");
    Integer rating = rs.wasNull() ? null : score;
    return new VolunteerOrder(rs.getString("order_number"), rs.getString("community_code"), rs.getString("category"),
        rs.getString("description"), rs.getString("preferred_time"), rs.getString("address"), rs.getString("reporter_name"),
        rs.getString("reporter_phone"), rs.getString("origin"), Status.valueOf(rs.getString("status")),
        rs.getString("dispatcher_node"), rs.getString("team_code"), rs.getInt("redispatch_count"), instant(rs, "flagged_at"),
        rs.getString("decline_reason"), rs.getString("scheduled_for"), rs.getString("process_instance_id"), rating, rs.getString("rating_comment"),
        instant(rs, "rated_at"), instant(rs, "created_at"), instant(rs, "served_at"), instant(rs, "closed_at"));
  }
}
