package org.gongzhi.merchant;

import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gongzhi.merchant.MerchantApplication.Decision;
import org.gongzhi.merchant.MerchantApplication.Document;
import org.gongzhi.merchant.MerchantApplication.Offer;
import org.gongzhi.merchant.MerchantApplication.Status;
import org.gongzhi.sla.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Applications and listings, their offers, documents and decisions; the catalogue; merchant complaints. */
@Repository
class MerchantRepository {

  private final JdbcClient jdbc;

  MerchantRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores a new application with its offers and documents, and claims its credit code: the primary key of
   * {@code merchant_active_code} refuses a second pending or listed merchant with the same code.
   */
  void insert(MerchantApplication a, List<Offer> offers, List<Document> documents) {
    Instant now = EngineTime.now();
    jdbc.sql("""
            insert into merchant_application (application_number, community_code, name, credit_code, category, contact_name,
              contact_phone, contact_email, address, status, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(a.applicationNumber(), a.communityCode(), a.name(), a.creditCode(), a.category(), a.contactName(), a.contactPhone(),
            a.contactEmail(), a.address(), a.status().name(), ts(now), ts(now))
        .update();
    jdbc.sql("insert into merchant_active_code (credit_code, application_number) values (?, ?)")
        .params(a.creditCode(), a.applicationNumber()).update();
    for (Offer o : offers) {
      jdbc.sql("insert into merchant_offer (application_number, position, title, description, discount_percent) values (?, ?, ?, ?, ?)")
          .params(a.applicationNumber(), o.position(), o.title(), o.description(), o.discountPercent()).update();
    }
    addDocuments(a.applicationNumber(), documents);
  }

  void addDocuments(String number, List<Document> documents) {
    for (Document d : documents) {
      jdbc.sql("insert into merchant_document (application_number, doc_type, url, supplied_at) values (?, ?, ?, ?)")
          .params(number, d.type(), d.url(), ts(d.suppliedAt())).update();
    }
  }

  /** The pending or listed application holding this credit code, if any. */
  Optional<String> activeHolderOf(String creditCode) {
    return jdbc.sql("select application_number from merchant_active_code where credit_code = ?").param(creditCode)
        .query(String.class).optional();
  }

  /** The code is free again: the application was rejected, expired or delisted. */
  void releaseCode(String number) {
    jdbc.sql("delete from merchant_active_code where application_number = ?").param(number).update();
  }

  Optional<MerchantApplication> find(String number) {
    return jdbc.sql("select * from merchant_application where application_number = ?").param(number)
        .query(MerchantRepository::map).optional();
  }

  MerchantApplication require(String number) {
    return find(number).orElseThrow(() -> new MerchantApplicationNotFoundException(number));
  }

  void attachProcessInstance(String number, String processInstanceId) {
    jdbc.sql("update merchant_application set process_instance_id = ? where application_number = ?")
        .params(processInstanceId, number).update();
  }

  void setStatus(String number, Status status) {
    jdbc.sql("update merchant_application set status = ?, updated_at = ? where application_number = ?")
        .params(status.name(), ts(EngineTime.now()), number).update();
  }

  void needsInformation(String number, Instant dueAt) {
    jdbc.sql("update merchant_application set status = 'NEEDS_INFORMATION', documents_due_at = ?, updated_at = ? where application_number = ?")
        .params(ts(dueAt), ts(EngineTime.now()), number).update();
  }

  void reject(String number, Status status, MerchantStep step, String reason) {
    Instant now = EngineTime.now();
    jdbc.sql("""
            update merchant_application set status = ?, rejected_at = ?, rejection_step = ?, rejection_reason = ?, updated_at = ?
            where application_number = ?""")
        .params(status.name(), ts(now), step == null ? null : step.name(), reason, ts(now), number).update();
  }

  void list(String number, Instant reReviewAt) {
    Instant now = EngineTime.now();
    jdbc.sql("update merchant_application set status = 'LISTED', listed_at = ?, re_review_at = ?, updated_at = ? where application_number = ?")
        .params(ts(now), ts(reReviewAt), ts(now), number).update();
  }

  void renew(String number, Instant reReviewAt) {
    jdbc.sql("update merchant_application set re_review_at = ?, updated_at = ? where application_number = ?")
        .params(ts(reReviewAt), ts(EngineTime.now()), number).update();
  }

  void suspend(String number) {
    Instant now = EngineTime.now();
    jdbc.sql("update merchant_application set status = 'SUSPENDED', suspended_at = ?, updated_at = ? where application_number = ?")
        .params(ts(now), ts(now), number).update();
  }

  void reinstate(String number) {
    Instant now = EngineTime.now();
    jdbc.sql("update merchant_application set status = 'LISTED', reinstated_at = ?, updated_at = ? where application_number = ?")
        .params(ts(now), ts(now), number).update();
  }

  void delist(String number, String reason) {
    Instant now = EngineTime.now();
    jdbc.sql("""
            update merchant_application set status = 'DELISTED', delisted_at = ?, delisting_reason = ?, updated_at = ?
            where application_number = ?""")
        .params(ts(now), reason, ts(now), number).update();
  }

  List<Offer> offers(String number) {
    return jdbc.sql("select * from merchant_offer where application_number = ? order by position").param(number)
        .query(MerchantRepository::mapOffer).list();
  }

  List<Document> documents(String number) {
    return jdbc.sql("select doc_type, url, supplied_at from merchant_document where application_number = ? order by id").param(number)
        .query((rs, i) -> new Document(rs.getString("doc_type"), rs.getString("url"), instant(rs, "supplied_at"))).list();
  }

  void addDecision(String number, Decision d) {
    jdbc.sql("""
            insert into merchant_decision (application_number, step, node_code, decided_by, decision, reason, findings, photo_urls, decided_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(number, d.step().name(), d.nodeCode(), d.decidedBy(), d.decision(), d.reason(), d.findings(),
            d.photoUrls().isEmpty() ? null : String.join("\n", d.photoUrls()), ts(d.decidedAt()))
        .update();
  }

  List<Decision> decisions(String number) {
    return jdbc.sql("select * from merchant_decision where application_number = ? order by id").param(number)
        .query((rs, i) -> new Decision(MerchantStep.valueOf(rs.getString("step")), rs.getString("node_code"), rs.getString("decided_by"),
            rs.getString("decision"), rs.getString("reason"), rs.getString("findings"), split(rs.getString("photo_urls")),
            instant(rs, "decided_at")))
        .list();
  }

  /** The listed merchants of a community, in the order they were listed. */
  List<MerchantApplication> listedIn(String communityCode) {
    return jdbc.sql("select * from merchant_application where community_code = ? and status = 'LISTED' order by listed_at, application_number")
        .param(communityCode).query(MerchantRepository::map).list();
  }

  /** The offers of every listed merchant of a community, by application number, in the merchant's order. */
  java.util.Map<String, List<Offer>> offersOfListedIn(String communityCode) {
    java.util.Map<String, List<Offer>> offers = new java.util.LinkedHashMap<>();
    jdbc.sql("""
            select o.* from merchant_offer o join merchant_application a on a.application_number = o.application_number
            where a.community_code = ? and a.status = 'LISTED' order by o.application_number, o.position""")
        .param(communityCode)
        .query(rs -> {
          offers.computeIfAbsent(rs.getString("application_number"), k -> new java.util.ArrayList<>()).add(mapOffer(rs, 0));
        });
    return offers;
  }

  /** Merchant complaints naming this merchant since a moment (the complaint cases are the complaint module's). */
  int complaintsSince(String number, Instant since) {
    return jdbc.sql("select count(*) from complaint where merchant_number = ? and created_at >= ?").params(number, ts(since))
        .query(Integer.class).single();
  }

  /** Case number, time and title of the merchant complaints since a moment, oldest first. */
  List<String> complaintLinesSince(String number, Instant since) {
    return jdbc.sql("select case_number, created_at, title from complaint where merchant_number = ? and created_at >= ? order by created_at")
        .params(number, ts(since))
        .query((rs, i) -> rs.getString(1) + "  " + org.gongzhi.system.Timestamps.minute(instant(rs, "created_at"))
            + "  " + rs.getString(3))
        .list();
  }

  private static List<String> split(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split("\n")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  static MerchantApplication map(ResultSet rs, int row) throws SQLException {
    String step = rs.getString("rejection_step");
    return new MerchantApplication(rs.getString("application_number"), rs.getString("community_code"), rs.getString("name"),
        rs.getString("credit_code"), rs.getString("category"), rs.getString("contact_name"), rs.getString("contact_phone"),
        rs.getString("contact_email"), rs.getString("address"), Status.valueOf(rs.getString("status")), instant(rs, "documents_due_at"),
        instant(rs, "rejected_at"), step == null ? null : MerchantStep.valueOf(step), rs.getString("rejection_reason"),
        instant(rs, "listed_at"), instant(rs, "re_review_at"), instant(rs, "suspended_at"), instant(rs, "reinstated_at"),
        instant(rs, "delisted_at"), rs.getString("delisting_reason"), rs.getString("process_instance_id"), instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  static Offer mapOffer(ResultSet rs, int row) throws SQLException {
    return new Offer(rs.getInt("position"), rs.getString("title"), rs.getString("description"), rs.getBigDecimal("discount_percent"));
  }
}
