package org.gongzhi.privacy;

import static org.gongzhi.system.Timestamps.CHINA;
import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.notification.Notification;
import org.gongzhi.notification.NotificationService;
import org.gongzhi.sla.EngineTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the personal data of cases closed longer than {@code gongzhi.privacy.retention} ago, in all four processes,
 * and keeps what the statistics need (docs/privacy.md has the list, field by field).
 *
 * <p>Erased: in our tables the resident's name, phone, e-mail, address, exact coordinates (rounded to 0.01°, about
 * 1 km) and the free texts that may name them (title, description, timeline messages, rating comment, service notes);
 * the notices' recipients and texts; the case's resident reference ({@code case_origin.resident_ref}); the
 * channel's webhook payloads; reasons and notes of extensions, pauses, reviews and merchant decisions. Deliveries of
 * the case's notices still running are deleted. In Camunda's history, every text variable (and JSON variable) of the
 * case's ended process instances except the references and codes in {@link #KEPT_VARIABLES}, in {@code ACT_HI_VARINST}
 * and {@code ACT_HI_DETAIL} alike, task descriptions, comments, job and incident messages. Notices of no case (the
 * daily digest) are deleted once older than the retention.
 *
 * <p>Kept: case number, community, category, channel, tiers, status, every date, deadlines and breaches
 * ({@code sla_deadline}), ratings' scores, volunteer hours, decisions and who took them. The supervision figures
 * read only these, so they are the same before and after a purge.
 *
 * <p>One node at a time runs it (lease in {@code job_lease}). Each case is erased in its own transaction, under a lock on
 * its row, and recorded in {@code personal_data_erasure}; a case that fails is logged and retried by the next purge; a
 * case whose process still runs (a withdrawal, a re-review, an extension) is left for a later purge.
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

  /** The lease that makes one node at a time run the purge (V17 {@code job_lease}). */
  static final String LEASE = "personal-data-purge";
  /** How long a purge's lease holds if its node never gives it back (it dies mid-run). */
  static final Duration LEASE_TIME = Duration.ofHours(1);

  /** A case whose retention has run out. */
  public record Candidate(CaseKind kind, String caseRef, Instant closedAt) {
  }

  /**
   * What one purge did: cases erased per kind, cases left because a process instance of theirs still runs, cases whose
   * erasure failed (rolled back, tried again next time), notices without a case (daily digests) erased, and whether
   * another node held the purge's lease so this one did nothing.
   */
  public record Result(Map<CaseKind, List<String>> erased, int skippedStillRunning, List<String> failed, int caselessNoticesErased,
                       boolean otherNodeRunning) {
    public int total() {
      return erased.values().stream().mapToInt(List::size).sum();
    }
  }

  enum Outcome { ERASED, ALREADY_ERASED }

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final PrivacyProperties properties;
  private final RuntimeService runtime;
  private final String node = nodeName();
  /** Candidates read per query (keyset pages ordered by closing time); tests make it small to cross page borders. */
  int batchSize = 500;

  public PersonalDataPurge(JdbcClient jdbc, PlatformTransactionManager transactions, PrivacyProperties properties,
                           RuntimeService runtime) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.properties = properties;
    this.runtime = runtime;
  }

  /** The moment before which a case must have closed to be erased now (China calendar: P3Y is three calendar years). */
  public Instant cutoff() {
    return EngineTime.now().atZone(CHINA).minus(properties.retention()).toInstant();
  }

  /**
   * Erases every case closed before {@link #cutoff()} and not erased yet, if no other node is running the purge (the
   * lease in {@code job_lease}); a case that fails is logged by its number and tried again by the next purge.
   */
  public Result purge() {
    Instant now = EngineTime.now();
    // the lease expires on its own, so a node that dies mid-run holds up the others only this long
    int taken = jdbc.sql("update job_lease set locked_by = :node, locked_until = :until where name = :name "
            + "and (locked_until is null or locked_until < :now)")
        .param("node", node).param("until", ts(now.plus(LEASE_TIME))).param("name", LEASE).param("now", ts(now)).update();
    if (taken != 1) {
      log.info("Personal-data purge: another node holds the purge's lease, nothing done here");
      return new Result(Map.of(), 0, List.of(), 0, true);
    }
    try {
      return purgeAll();
    } finally {
      jdbc.sql("update job_lease set locked_by = null, locked_until = null where name = :name and locked_by = :node")
          .param("name", LEASE).param("node", node).update();
    }
  }

  private static String nodeName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  /** The purge itself, without the lease (tests run two at once to show that a case is still erased only once). */
  Result purgeAll() {
    Instant cutoff = cutoff();
    Map<CaseKind, List<String>> erased = new EnumMap<>(CaseKind.class);
    List<String> failed = new ArrayList<>();
    int skipped = 0;
    for (CaseKind kind : CaseKind.values()) {
      Candidate last = null;
      for (List<Candidate> batch = candidates(kind, cutoff, null); !batch.isEmpty(); batch = candidates(kind, cutoff, last)) {
        for (Candidate c : batch) {
          last = c;
          if (stillRunning(c.caseRef())) {
            skipped++;
            continue;
          }
          try {
            if (tx.execute(s -> erase(c)) == Outcome.ERASED) {
              erased.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c.caseRef());
            }
          } catch (DuplicateKeyException e) { // another purge recorded it between our check and our insert: erased once
            log.debug("Personal-data purge: {} erased by another run meanwhile", c.caseRef());
          } catch (RuntimeException e) { // this case is rolled back and tried again next time; the others go on
            failed.add(c.caseRef());
            log.warn("Personal-data purge of {} failed, to be retried by the next purge: {}", c.caseRef(), e.toString());
          }
        }
      }
    }
    int notices = eraseCaselessNotices(cutoff);
    Result result = new Result(erased, skipped, failed, notices, false);
    if (result.total() > 0 || skipped > 0 || !failed.isEmpty() || notices > 0) {
      // case numbers only: they are how an administrator finds what was erased
      log.info("Personal-data purge: {} case(s) closed before {} erased {}; {} still running, left for later; {} failed {}; "
              + "{} notice(s) without a case erased", result.total(), cutoff, erased, skipped, failed.size(), failed, notices);
    }
    return result;
  }

  /**
   * One page of a kind's candidates: closed before the cutoff, not erased yet, ordered by closing time and number, after
   * {@code after} (keyset paging: cases skipped or failed on one page do not come back on the next).
   */
  List<Candidate> candidates(CaseKind kind, Instant cutoff, Candidate after) {
    String[] q = switch (kind) {
      case COMPLAINT -> new String[] {"complaint", "case_number", "closed_at", "'CLOSED'"};
      case VOLUNTEER_ORDER -> new String[] {"volunteer_order", "order_number", "closed_at", "'CLOSED', 'DECLINED'"};
      // content: published (its text is public and stays), withdrawn or abandoned; its last change closed it
      case CONTENT -> new String[] {"content_submission", "submission_number", "updated_at", "'PUBLISHED', 'WITHDRAWN', 'ABANDONED'"};
      // merchants: only applications that ended (rejected, expired, delisted); a listed merchant is an open case
      case MERCHANT -> new String[] {"merchant_application", "application_number", "updated_at", "'REJECTED', 'EXPIRED', 'DELISTED'"};
    };
    String table = q[0], number = q[1], closed = q[2];
    String sql = "select x." + number + ", x." + closed + " from " + table + " x where x.status in (" + q[3] + ") and x." + closed
        + " < :cutoff" + (after == null ? "" : " and (x." + closed + " > :lastAt or (x." + closed + " = :lastAt and x." + number + " > :lastRef))")
        + " and not exists (select 1 from personal_data_erasure e where e.case_ref = x." + number + ")"
        + " order by x." + closed + ", x." + number + " fetch first " + batchSize + " rows only";
    var statement = jdbc.sql(sql).param("cutoff", ts(cutoff));
    if (after != null) {
      statement = statement.param("lastAt", ts(after.closedAt())).param("lastRef", after.caseRef());
    }
    return statement.query((rs, n) -> new Candidate(kind, rs.getString(1), instant(rs, rs.getMetaData().getColumnLabel(2)))).list();
  }

  /** Every closed case not erased yet, all kinds, first pages only (what an operator would look at). */
  List<Candidate> candidates(Instant cutoff) {
    List<Candidate> all = new ArrayList<>();
    for (CaseKind kind : CaseKind.values()) {
      all.addAll(candidates(kind, cutoff, null));
    }
    return all;
  }

  /**
   * Whether a process instance of the case still runs: the case's own instance and its withdrawals carry the case
   * number as business key (indexed); extensions do not, their ids are in {@code sla_extension}. Deliveries of notices
   * do not hold a case up: the erasure stops them.
   */
  private boolean stillRunning(String caseRef) {
    if (runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseRef).count() > 0) {
      return true;
    }
    Set<String> extensions = extensionInstances(caseRef);
    return !extensions.isEmpty() && runtime.createProcessInstanceQuery().processInstanceIds(extensions).count() > 0;
  }

  private Set<String> extensionInstances(String caseRef) {
    return new LinkedHashSet<>(jdbc.sql("select process_instance_id from sla_extension where case_ref = ? and process_instance_id is not null")
        .param(caseRef).query(String.class).list());
  }

  /**
   * Erases one case in the caller's (new) transaction. The case's row is locked first and the erasure record checked
   * again, so that of two purges reaching the same case at once the second finds it done and changes nothing.
   */
  Outcome erase(Candidate c) {
    String ref = c.caseRef();
    String[] key = switch (c.kind()) {
      case COMPLAINT -> new String[] {"complaint", "case_number"};
      case VOLUNTEER_ORDER -> new String[] {"volunteer_order", "order_number"};
      case CONTENT -> new String[] {"content_submission", "submission_number"};
      case MERCHANT -> new String[] {"merchant_application", "application_number"};
    };
    jdbc.sql("select " + key[1] + " from " + key[0] + " where " + key[1] + " = ? for update").param(ref).query(String.class).list();
    if (jdbc.sql("select count(*) from personal_data_erasure where case_ref = ?").param(ref).query(Long.class).single() > 0) {
      return Outcome.ALREADY_ERASED;
    }
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
      case CONTENT -> { // a published text is public and stays; the author's contact goes, and unpublished texts go
        jdbc.sql("""
                update content_submission set author_name = :m, author_email = null, author_phone = null,
                  title = case when status = 'PUBLISHED' then title else :m end,
                  body = case when status = 'PUBLISHED' then body else :m end,
                  media_urls = case when status = 'PUBLISHED' then media_urls else null end,
                  withdrawal_reason = case when withdrawal_reason is null then null else :m end
                where submission_number = :ref""").param("m", ERASED).param("ref", ref).update();
        jdbc.sql("update content_review set reason = :m where submission_number = :ref and reason is not null")
            .param("m", ERASED).param("ref", ref).update();
      }
      case MERCHANT -> { // the business (name, credit code, address, offers) stays on record; the contact person goes
        jdbc.sql("""
                update merchant_application set contact_name = :m, contact_phone = :m, contact_email = null,
                  rejection_reason = case when rejection_reason is null then null else :m end,
                  delisting_reason = case when delisting_reason is null then null else :m end
                where application_number = :ref""").param("m", ERASED).param("ref", ref).update();
        // decisions stay (who, which step, what); their texts and the inspection's photos go
        jdbc.sql("""
                update merchant_decision set reason = case when reason is null then null else :m end,
                  findings = case when findings is null then null else :m end, photo_urls = null
                where application_number = :ref""").param("m", ERASED).param("ref", ref).update();
        jdbc.sql("update merchant_document set url = :m where application_number = :ref").param("m", ERASED).param("ref", ref).update();
      }
    }
    // deadlines stay (statistics); the reasons given for extending or pausing them may name the resident
    jdbc.sql("""
            update sla_extension set reason = :m, decision_note = case when decision_note is null then null else :m end
            where case_ref = :ref""").param("m", ERASED).param("ref", ref).update();
    jdbc.sql("""
            update sla_pause set reason = :m
            where reason is not null and deadline_id in (select d.id from sla_deadline d where d.case_ref = :ref)""")
        .param("m", ERASED).param("ref", ref).update();
    List<Long> notices = jdbc.sql("select id from notification where case_ref = ?").param(ref).query(Long.class).list();
    Set<String> deliveries = stopDeliveries(notices);
    jdbc.sql("update notification set recipient = :m, subject = :m, body = :m, last_error = null where case_ref = :ref")
        .param("m", ERASED).param("ref", ref).update();
    jdbc.sql("update case_origin set resident_ref = null where case_ref = ?").param(ref).update();
    jdbc.sql("update webhook_event set payload = '{\"erased\":true}' where case_ref = ?").param(ref).update();
    // Stored idempotent answers (idempotency_record) may name the case, but they are deleted a day after the request
    // (gongzhi.api.idempotency.retention, P1D) and the retention here is at least 30 days: none is left to erase.
    Set<String> instances = new LinkedHashSet<>(jdbc.sql("select ID_ from ACT_HI_PROCINST where BUSINESS_KEY_ = ? and END_TIME_ is not null")
        .param(ref).query(String.class).list());
    Set<String> extensions = extensionInstances(ref);
    if (!extensions.isEmpty()) {
      instances.addAll(jdbc.sql("select ID_ from ACT_HI_PROCINST where ID_ in (:ids) and END_TIME_ is not null").param("ids", extensions)
          .query(String.class).list());
    }
    instances.addAll(deliveries);
    eraseHistory(instances);
    jdbc.sql("insert into personal_data_erasure (case_ref, case_kind, closed_at, erased_at) values (?, ?, ?, ?)")
        .params(ref, c.kind().name(), ts(c.closedAt()), ts(EngineTime.now())).update();
    return Outcome.ERASED;
  }

  /**
   * The delivery instances of these notices ({@code notification-<id>} business keys), ended or not: a delivery still
   * running (retrying, or stopped by an incident whose message may quote the recipient) is stopped after its notice is
   * marked {@code ERASED}, without its listeners, so that nothing sends the erased notice and its job, incident and stack
   * trace leave the runtime tables. Returns the ids of all of them, to erase their history.
   */
  private Set<String> stopDeliveries(List<Long> notices) {
    if (notices.isEmpty()) {
      return Set.of();
    }
    List<String> keys = notices.stream().map(id -> NotificationService.DELIVERY_BUSINESS_KEY_PREFIX + id).toList();
    jdbc.sql("update notification set status = :erased where id in (:ids) and status = :queued").param("erased", Notification.ERASED)
        .param("ids", notices).param("queued", Notification.QUEUED).update();
    List<String> running = jdbc.sql("select distinct PROC_INST_ID_ from ACT_RU_EXECUTION where BUSINESS_KEY_ in (:keys)").param("keys", keys)
        .query(String.class).list();
    for (String id : running) {
      runtime.deleteProcessInstance(id, "personal data erased", true, true, true);
    }
    return new LinkedHashSet<>(jdbc.sql("select ID_ from ACT_HI_PROCINST where BUSINESS_KEY_ in (:keys) and END_TIME_ is not null")
        .param("keys", keys).query(String.class).list());
  }

  /**
   * Notices that belong to no case (an empty case_ref, as NotificationService stores it) — the supervisors' daily digest,
   * whose text lists case titles — are deleted once they
   * are older than the retention, after their deliveries' history is erased. In pages, each in its own transaction.
   */
  int eraseCaselessNotices(Instant cutoff) {
    int erased = 0;
    for (;;) {
      List<Long> ids = jdbc.sql("select id from notification where (case_ref = '' or case_ref is null) and created_at < ? "
          + "order by created_at, id fetch first "
          + batchSize + " rows only").param(ts(cutoff)).query(Long.class).list();
      if (ids.isEmpty()) {
        return erased;
      }
      try {
        tx.executeWithoutResult(s -> {
          eraseHistory(stopDeliveries(ids));
          jdbc.sql("delete from notification where id in (:ids)").param("ids", ids).update();
        });
      } catch (RuntimeException e) { // tried again by the next purge
        log.warn("Personal-data purge of {} notice(s) without a case failed, to be retried by the next purge: {}", ids.size(), e.toString());
        return erased;
      }
      erased += ids.size();
    }
  }

  /** Camunda's history of these ended process instances (and their sub-instances): texts, comments, job and incident messages. */
  private void eraseHistory(Set<String> ended) {
    if (ended.isEmpty()) {
      return;
    }
    Set<String> instances = new LinkedHashSet<>(ended);
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
