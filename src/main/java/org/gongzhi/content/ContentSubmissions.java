package org.gongzhi.content;

import static org.gongzhi.content.ContentApprovalProcess.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.gongzhi.system.PersonalData;
import org.gongzhi.channel.CaseKind;
import org.gongzhi.channel.CaseOrigins;
import org.gongzhi.content.ContentSubmission.Origin;
import org.gongzhi.content.ContentSubmission.Status;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The one class of the content module that talks to the engine for channels: submit, revise, read back. */
@Service
public class ContentSubmissions {

  private final CaseOrigins origins;

  private final ContentRepository repository;
  private final ContentRules rules;
  private final ContentProperties properties;
  private final Jurisdictions jurisdictions;
  private final StaffDirectory staff;
  private final CaseNumbers numbers;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final IdentityService identity;
  private final TransactionTemplate transaction;

  public ContentSubmissions(ContentRepository repository, ContentRules rules, ContentProperties properties, Jurisdictions jurisdictions,
                            StaffDirectory staff, CaseNumbers numbers, RuntimeService runtime, TaskService tasks, IdentityService identity,
                            SlaService sla, PlatformTransactionManager transactionManager, CaseOrigins origins) {
    this.origins = origins;
    this.repository = repository;
    this.rules = rules;
    this.properties = properties;
    this.jurisdictions = jurisdictions;
    this.staff = staff;
    this.numbers = numbers;
    this.runtime = runtime;
    this.tasks = tasks;
    this.identity = identity;
    this.transaction = new TransactionTemplate(transactionManager);
    for (ReviewLevel level : ReviewLevel.values()) {
      sla.durationOf(KEY, level.slaStep(), SlaKind.REVIEW); // fail at start-up, naming the missing key
    }
  }

  /** Checks everything, draws the number in its own short transaction, then stores and starts the review. */
  public ContentView submit(NewContentSubmission in) {
    // the resident's name in any log line this thread writes meanwhile (ours or a library's) is masked
    try (PersonalData.LogScope ignored = PersonalData.inLogScope(in.authorName())) {
      return submitMasked(in);
    }
  }

  private ContentView submitMasked(NewContentSubmission in) {
    List<FieldProblem> problems = new ArrayList<>();
    JurisdictionNode community = jurisdictions.find(in.communityCode()).filter(n -> n.tier() == Tier.COMMUNITY).orElse(null);
    if (community == null) {
      problems.add(new FieldProblem("communityCode", "field.unknownCommunity", in.communityCode()));
    }
    String authorName = blank(in.authorName());
    String authorEmail = blank(in.authorEmail());
    String userId = blank(in.authorUserId());
    if (userId != null) {
      var assignment = staff.assignmentOf(userId).filter(a -> a.role() == StaffRole.AUTHOR);
      if (assignment.isEmpty()) {
        problems.add(new FieldProblem("author.userId", "content.unknownAuthor", userId));
      } else if (community != null && !assignment.get().node().contains(community)) {
        problems.add(new FieldProblem("author.userId", "content.authorElsewhere", userId, assignment.get().node().name()));
      } else {
        authorName = authorName != null ? authorName : staff.displayNameOf(userId).orElse(userId);
        authorEmail = authorEmail != null ? authorEmail : staff.emailOf(userId).orElse(null);
      }
    } else if (authorName == null) {
      problems.add(new FieldProblem("author.name", "field.required"));
    }
    ContentDraft draft = null;
    try {
      draft = rules.check(in.title(), in.body(), in.mediaUrls(), in.targetChannels(), in.publishAt());
    } catch (InvalidInputException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    String number = numbers.nextWithRetry(properties.submissionNumberPrefix());
    ContentSubmission s = new ContentSubmission(number, community.code(), draft.title(), draft.body(), draft.mediaUrls(),
        draft.targetChannels(), draft.publishAt(), userId != null ? Origin.AUTHOR : Origin.RESIDENT, userId, authorName, authorEmail,
        blank(in.authorPhone()), blank(in.sourceChannel()), null, Status.IN_REVIEW, null, 1, null, null, null, null, null, null, null);
    transaction.executeWithoutResult(tx -> {
      repository.insert(s);
      origins.record(CaseKind.CONTENT, number, in.origin());
      Map<String, Object> vars = new HashMap<>();
      vars.put(VAR_SUBMISSION_NUMBER, number);
      vars.put("caseNumber", number);
      vars.put(VAR_COMMUNITY_CODE, community.code());
      vars.put(VAR_COMMUNITY_NAME, community.name());
      vars.put(VAR_AUTHOR_USER_ID, s.authorUserId());
      vars.put(VAR_AUTHOR_NAME, ContentHandling.authorShown(s));
      repository.attachProcessInstance(number, runtime.startProcessInstanceByKey(KEY, number, vars).getId());
    });
    return view(number);
  }

  /**
   * A revision relayed by a channel (or sent by the author's own app): the same checks as a submission;
   * it completes the author's revision task, and the new version starts again at the first review.
   */
  @Transactional
  public ContentView revise(String number, String title, String body, List<String> mediaUrls, List<String> targetChannels,
                            java.time.Instant publishAt) {
    repository.require(number);
    ContentDraft draft = rules.check(title, body, mediaUrls, targetChannels, publishAt);
    Task task = tasks.createTaskQuery().processDefinitionKey(KEY).processInstanceBusinessKey(number)
        .taskDefinitionKey(Task_ReviseSubmission).singleResult();
    if (task == null) {
      throw new ConflictException("content.notAwaitingRevision", number);
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put(VAR_TITLE, draft.title());
    vars.put(VAR_BODY, draft.body());
    vars.put(VAR_MEDIA_URLS_TEXT, String.join("\n", draft.mediaUrls()));
    vars.put(VAR_TARGET_CHANNELS, String.join(",", draft.targetChannels()));
    vars.put(VAR_PUBLISH_AT_TEXT, draft.publishAt() == null ? null : ContentHandling.MINUTE.format(draft.publishAt().atZone(ContentHandling.CHINA)));
    identity.clearAuthentication(); // the system relays it: the revision listener accepts no one else but the author
    tasks.complete(task.getId(), vars);
    return view(number);
  }

  @Transactional(readOnly = true)
  public ContentView view(String number) {
    ContentSubmission s = repository.require(number);
    Set<String> failing = new HashSet<>();
    for (var pi : runtime.createProcessInstanceQuery().processInstanceBusinessKey(number).list()) {
      for (Incident incident : runtime.createIncidentQuery().processInstanceId(pi.getId()).list()) {
        Object channel = runtime.getVariableLocal(incident.getExecutionId(), VAR_CHANNEL);
        if (channel != null) {
          failing.add(String.valueOf(channel));
        }
      }
    }
    return new ContentView(s, repository.reviews(number), repository.publications(number).stream()
        .sorted(java.util.Comparator.comparingInt(p -> s.targetChannels().indexOf(p.channel())))
        .map(p -> new ContentView.ChannelState(p, failing.contains(p.channel()))).toList());
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
