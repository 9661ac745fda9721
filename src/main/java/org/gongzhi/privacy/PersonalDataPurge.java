package org.gongzhi.privacy;

import static org.gongzhi.system.Timestamps.CHINA;
import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.sla.EngineTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the personal data of cases closed longer than {@code gongzhi.privacy.retention} ago, in all four processes,
 * and keeps what the statistics need (docs/privacy.md has the list, field by field).
 *
 * <p>Erased: in our tables the resident's name, phone, e-mail, address, exact coordinates (rounded to 0.01°, about
 * 1 km) and the free texts that may name them (title, description, timeline messages, rating comment, service notes);
 * the notices' recipients and texts; the case's resident reference ({@code case_origin.resident_ref}); the
 * channel's webhook payloads; stored idempotent answers. In Camunda's history, every text variable (and JSON
 * variable) of the case's ended process instances except the references and codes in {@link #KEPT_VARIABLES}, in
 * {@code ACT_HI_VARINST} and {@code ACT_HI_DETAIL} alike, task descriptions, comments, job and incident messages.
 *
 * <p>Kept: case number, community, category, channel, tiers, status, every date, deadlines and breaches
 * ({@code sla_deadline}), ratings' scores, volunteer hours, decisions and who took them. The supervision figures
 * read only these, so they are the same before and after a purge.
 *
 * <p>Each case is erased in its own transaction and recorded in {@code personal_data_erasure}; a case whose process
 * still runs (a withdrawal, a re-review) is left for a later purge.
 */
@Service
public class PersonalDataPurge {

  /** What stands where a personal value was. */
  public static final String ERASED = "[已删除 erased]";

  private static final Logger log = LoggerFactory.getLogger(PersonalDataPurge.class);

  /**
   * Text variables kept in Camunda's history: references, codes and labels from configuration — never what a resident
   * or a caseworker typed. Any other text variable of an erased case is overwritten (a new variable is erased unless
   * it is added here).
   */
  static final Set<String> KEPT_VARIABLES = Set.of(
      "caseNumber", "orderNumber", "submissionNumber", "applicationNumber", "merchantNumber", "sourceOrderNumber",
      "communityCode", "communityName", "tier", "handlingNode", "handlingNodeName", "candidateGroup", "approverGroup",
      "replySlaId", "resolveSlaId", "dispatchSlaId", "acceptSlaId", "serveSlaId", "reviewSlaId", "stepSlaId",
      "action", "departmentCode", "actor", "categoryLabel", "channelLabel", "category", "dispatcherNode", "teamCode",
      "teamName", "decision", "reviewLevel", "reviewLevelLabel", "reviewNode", "authorUserId", "channel", "initiator",
      "requestedBy", "unifiedSocialCreditCode", "merchantStep", "stepLabel", "currentStep", "targetChannels",
      "availableActions", "departmentOptions", "teamOptions", "deadlineLabel");

  /** Variables that name the case an instance belongs to (instances without the case's business key: extensions, withdrawals). */
  private static final List<String> CASE_REFERENCE_VARIABLES = List.of("caseNumber", "orderNumber", "submissionNumber",
      "applicationNumber");

  /** A case whose retention has run out. */
  public record Candidate(CaseKind kind, String caseRef, Instant closedAt) {
  }

  /** What one purge erased: cases per kind. */
  public record Result(Map<CaseKind, List<String>> erased, int skippedStillRunning) {
    public int total() {
      return erased.values().stream().mapToInt(List::size).sum();
    }
  }

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final PrivacyProperties properties;
  private final RuntimeService runtime;

  public PersonalDataPurge(JdbcClient jdbc, PlatformTransactionManager transactions, PrivacyProperties properties,
                           RuntimeService runtime) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.properties = properties;
    this.runtime = runtime;
  }

  /** The moment before which a case must have closed to be erased now (China calendar: P3Y is three calendar years). */
  public Instant cutoff() {
    return EngineTime.now().atZone(CHINA).minus(properties.retention()).toInstant();
  }

  /** Erases every case closed before {@link #cutoff()} and not erased yet. */
  public Result purge() {
    Instant cutoff = cutoff();
    Map<CaseKind, List<String>> erased = new EnumMap<>(CaseKind.class);
    int skipped = 0;
    for (Candidate c : candidates(cutoff)) {
      if (stillRunning(c.caseRef())) {
        skipped++;
        continue;
      }
      tx.executeWithoutResult(s -> erase(c));
      erased.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c.caseRef());
    }
    Result result = new Result(erased, skipped);
    if (result.total() > 0 || skipped > 0) {
      // case numbers only: they are how an administrator finds what was erased
      log.info("Personal-data purge: {} case(s) closed before {} erased {}; {} still running, left for later", result.total(),
          cutoff, erased, skipped);
    }
    return result;
  }

  List<Candidate> candidates(Instant cutoff) {
    String notYet = " and %s not in (select case_ref from personal_data_erasure)";
    List<Candidate> all = new ArrayList<>();
    all.addAll(query(CaseKind.COMPLAINT, "select case_number, closed_at from complaint where status = 'CLOSED' and closed_at < ?"
        + notYet.formatted("case_number"), cutoff));
    all.addAll(query(CaseKind.VOLUNTEER_ORDER, "select order_number, closed_at from volunteer_order "
        + "where status in ('CLOSED', 'DECLINED') and closed_at < ?" + notYet.formatted("order_number"), cutoff));
    // content: published (its text is public and stays), withdrawn or abandoned; its last change closed it
    all.addAll(query(CaseKind.CONTENT, "select submission_number, updated_at from content_submission "
        + "where status in ('PUBLISHED', 'WITHDRAWN', 'ABANDONED') and updated_at < ?" + notYet.formatted("submission_number"), cutoff));
    // merchants: only applications that ended (rejected, expired, delisted); a listed merchant is an open case
    all.addAll(query(CaseKind.MERCHANT, "select application_number, updated_at from merchant_application "
        + "where status in ('REJECTED', 'EXPIRED', 'DELISTED') and updated_at < ?" + notYet.formatted("application_number"), cutoff));
    return all;
  }

  private List<Candidate> query(CaseKind kind, String sql, Instant cutoff) {
    return jdbc.sql(sql).param(ts(cutoff)).query((rs, n) -> new Candidate(kind, rs.getString(1), instant(rs, rs.getMetaData().getColumnLabel(2))))
        .list();
  }

  private boolean stillRunning(String caseRef) {
    if (runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseRef).count() > 0) {
      return true;
    }
    for (String name : CASE_REFERENCE_VARIABLES) {
      if (runtime.createProcessInstanceQuery().variableValueEquals(name, caseRef).count() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Erases one case (in the caller's transaction). */
  void erase(Candidate c) {
    String ref = c.caseRef();
    switch (c.kind()) {
      case COMPLAINT -> {
        jdbc.sql("""
                update complaint set title = :m, description = :m, reporter_name = :m, reporter_phone = :m, reporter_email = null,
                  location_address = null, location_lat = round(location_lat, 2), location_lng = round(location_lng, 2),
                  rating_comment = null
                where case_number = :ref""").param("m", ERASED).param("ref", ref).update();
        jdbc.sql("update complaint_timeline set message = :m where case_number = :ref and message is not null")
            .param("m", ERASED).param("ref", ref).update();
      }
      case VOLUNTEER_ORDER -> {
        jdbc.sql("""
                update volunteer_order set description = :m, preferred_time = null, address = null,
                  reporter_name = case when reporter_name is null then null else :m end, reporter_phone = null,
                  scheduled_for = null, rating_comment = null,
                  decline_reason = case when decline_reason is null then null else :m end
                where order_number = :ref""").param("m", ERASED).param("ref", ref).update();
        jdbc.sql("update volunteer_order_timeline set message = :m where order_number = :ref and message is not null")
            .param("m", ERASED).param("ref", ref).update();
        jdbc.sql("update volunteer_service_record set note = :m, photo_urls = null where order_number = :ref")
            .param("m", ERASED).param("ref", ref).update();
        jdbc.sql("update publicity_handover set summary = :m, photo_urls = null where order_number = :ref")
            .param("m", ERASED).param("ref", ref).update();
      }
      case CONTENT -> // a published text is public and stays; the author's contact goes, and unpublished texts go
          jdbc.sql("""
                  update content_submission set author_name = :m, author_email = null, author_phone = null,
                    title = case when status = 'PUBLISHED' then title else :m end,
                    body = case when status = 'PUBLISHED' then body else :m end,
                    media_urls = case when status = 'PUBLISHED' then media_urls else null end
                  where submission_number = :ref""").param("m", ERASED).param("ref", ref).update();
      case MERCHANT -> // the business (name, credit code, address) stays on record; the contact person goes
          jdbc.sql("""
                  update merchant_application set contact_name = :m, contact_phone = :m, contact_email = null
                  where application_number = :ref""").param("m", ERASED).param("ref", ref).update();
    }
    List<Long> notices = jdbc.sql("select id from notification where case_ref = ?").param(ref).query(Long.class).list();
    jdbc.sql("update notification set recipient = :m, subject = :m, body = :m, last_error = null where case_ref = :ref")
        .param("m", ERASED).param("ref", ref).update();
    jdbc.sql("update case_origin set resident_ref = null where case_ref = ?").param(ref).update();
    jdbc.sql("update webhook_event set payload = '{\"erased\":true}' where case_ref = ?").param(ref).update();
    // stored answers are purged after a day anyway; any still held that names the case go now
    jdbc.sql("delete from idempotency_record where response_location like :p or response_body like :p")
        .param("p", "%" + ref + "%").update();
    eraseHistory(ref, notices);
    jdbc.sql("insert into personal_data_erasure (case_ref, case_kind, closed_at, erased_at) values (?, ?, ?, ?)")
        .params(ref, c.kind().name(), ts(c.closedAt()), ts(EngineTime.now())).update();
  }

  /** Camunda's history of the case's ended process instances, and of the deliveries of its notices. */
  private void eraseHistory(String ref, List<Long> notices) {
    Set<String> instances = new LinkedHashSet<>(jdbc.sql("select ID_ from ACT_HI_PROCINST where BUSINESS_KEY_ = ? and END_TIME_ is not null")
        .param(ref).query(String.class).list());
    instances.addAll(jdbc.sql("""
            select v.PROC_INST_ID_ from ACT_HI_VARINST v join ACT_HI_PROCINST p on p.ID_ = v.PROC_INST_ID_
            where v.NAME_ in (:names) and v.VAR_TYPE_ = 'string' and v.TEXT_ = :ref and p.END_TIME_ is not null""")
        .param("names", CASE_REFERENCE_VARIABLES).param("ref", ref).query(String.class).list());
    if (!notices.isEmpty()) {
      instances.addAll(jdbc.sql("select ID_ from ACT_HI_PROCINST where BUSINESS_KEY_ in (:keys) and END_TIME_ is not null")
          .param("keys", notices.stream().map(id -> "notification-" + id).toList()).query(String.class).list());
    }
    if (instances.isEmpty()) {
      return;
    }
    // sub-instances (call activities) belong to the case too
    instances.addAll(jdbc.sql("select ID_ from ACT_HI_PROCINST where ROOT_PROC_INST_ID_ in (:ids)").param("ids", instances)
        .query(String.class).list());
    byte[] erasedJson = ("\"" + ERASED + "\"").getBytes(StandardCharsets.UTF_8);
    Map<String, Object> p = Map.of("ids", instances, "kept", KEPT_VARIABLES, "m", ERASED, "bytes", erasedJson);
    for (String table : List.of("ACT_HI_VARINST", "ACT_HI_DETAIL")) {
      jdbc.sql("update ACT_GE_BYTEARRAY set BYTES_ = :bytes where ID_ in (select BYTEARRAY_ID_ from " + table
          + " where PROC_INST_ID_ in (:ids) and BYTEARRAY_ID_ is not null and NAME_ not in (:kept))").params(p).update();
      jdbc.sql("update " + table + " set TEXT_ = :m, TEXT2_ = null where PROC_INST_ID_ in (:ids) and TEXT_ is not null "
          + "and (VAR_TYPE_ = 'string' or VAR_TYPE_ is null) and NAME_ not in (:kept)").params(p).update();
    }
    jdbc.sql("update ACT_HI_TASKINST set DESCRIPTION_ = null where PROC_INST_ID_ in (:ids) and DESCRIPTION_ is not null")
        .params(p).update();
    jdbc.sql("update ACT_HI_COMMENT set MESSAGE_ = :m, FULL_MSG_ = null where PROC_INST_ID_ in (:ids)").params(p).update();
    jdbc.sql("update ACT_HI_INCIDENT set INCIDENT_MSG_ = :m where PROC_INST_ID_ in (:ids) and INCIDENT_MSG_ is not null")
        .params(p).update();
    jdbc.sql("update ACT_GE_BYTEARRAY set BYTES_ = :bytes where ID_ in (select JOB_EXCEPTION_STACK_ID_ from ACT_HI_JOB_LOG "
        + "where PROCESS_INSTANCE_ID_ in (:ids) and JOB_EXCEPTION_STACK_ID_ is not null)").params(p).update();
    jdbc.sql("update ACT_HI_JOB_LOG set JOB_EXCEPTION_MSG_ = :m where PROCESS_INSTANCE_ID_ in (:ids) and JOB_EXCEPTION_MSG_ is not null")
        .params(p).update();
  }
}
