package org.gongzhi.content;

import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.task.IdentityLink;
import org.gongzhi.content.ContentSubmission.PublicationStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The delegates, task listeners and expression beans of {@code processes/content-approval.bpmn} and
 * {@code content-withdrawal.bpmn}, one bean each (named as in the models); each calls one rule of
 * {@link ContentHandling}.
 */
@Configuration(proxyBeanMethods = false)
class ContentDelegates {

  @Bean JavaDelegate registerPublicityHandoverDelegate(ContentHandling h) {
    return h::registerPublicityHandover;
  }

  @Bean JavaDelegate openReviewDeadlineDelegate(ContentHandling h) {
    return h::openReviewDeadline;
  }

  @Bean JavaDelegate recordReviewDecisionDelegate(ContentHandling h) {
    return h::recordReviewDecision;
  }

  @Bean JavaDelegate reviewSlaWarningDelegate(ContentHandling h) {
    return h::warnOfReviewDeadline;
  }

  @Bean JavaDelegate reviewSlaBreachDelegate(ContentHandling h) {
    return h::recordReviewBreach;
  }

  @Bean JavaDelegate returnToAuthorDelegate(ContentHandling h) {
    return h::returnToAuthor;
  }

  @Bean JavaDelegate recordRevisionDelegate(ContentHandling h) {
    return h::recordRevision;
  }

  @Bean JavaDelegate abandonSubmissionDelegate(ContentHandling h) {
    return h::abandonSubmission;
  }

  @Bean JavaDelegate approveForPublicationDelegate(ContentHandling h) {
    return h::approveForPublication;
  }

  @Bean JavaDelegate publishToChannelDelegate(ContentHandling h) {
    return h::publishToChannel;
  }

  @Bean JavaDelegate markPublishedDelegate(ContentHandling h) {
    return h::markPublished;
  }

  @Bean JavaDelegate checkWithdrawalDelegate(ContentHandling h) {
    return h::checkWithdrawal;
  }

  @Bean JavaDelegate stopPublicationDelegate(ContentHandling h) {
    return h::stopPublication;
  }

  @Bean JavaDelegate takeDownFromChannelDelegate(ContentHandling h) {
    return h::takeDownFromChannel;
  }

  @Bean JavaDelegate recordWithdrawalCompleteDelegate(ContentHandling h) {
    return h::recordWithdrawalComplete;
  }

  @Bean TaskListener checkReviewerListener(ContentHandling h) {
    return h::checkReviewer;
  }

  @Bean TaskListener validateReviewListener(ContentHandling h) {
    return h::checkReview;
  }

  @Bean TaskListener validateRevisionListener(ContentHandling h) {
    return h::checkRevision;
  }

  /**
   * Tasklist shows a filter's variables through a query that needs READ on the process instance: the
   * task's candidate groups and its assignee get it (and nobody else — reviews are the reviewers' business).
   */
  @Bean TaskListener contentTaskAccessListener() {
    return task -> Context.getCommandContext().runWithoutAuthorization(() -> {
      var authorizations = task.getProcessEngineServices().getAuthorizationService();
      String instance = task.getProcessInstanceId();
      for (IdentityLink link : task.getCandidates()) {
        if (link.getGroupId() != null && authorizations.createAuthorizationQuery().groupIdIn(link.getGroupId())
            .resourceType(Resources.PROCESS_INSTANCE).resourceId(instance).count() == 0) {
          Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
          read.setGroupId(link.getGroupId());
          read.setResource(Resources.PROCESS_INSTANCE);
          read.setResourceId(instance);
          read.addPermission(Permissions.READ);
          authorizations.saveAuthorization(read);
        }
      }
      String assignee = task.getAssignee();
      if (assignee != null && authorizations.createAuthorizationQuery().userIdIn(assignee)
          .resourceType(Resources.PROCESS_INSTANCE).resourceId(instance).count() == 0) {
        Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        read.setUserId(assignee);
        read.setResource(Resources.PROCESS_INSTANCE);
        read.setResourceId(instance);
        read.addPermission(Permissions.READ);
        authorizations.saveAuthorization(read);
      }
      return null;
    });
  }

  /** {@code ${contentReview.levels()}}: the order of the three reviews. */
  @Bean ContentReview contentReview() {
    return new ContentReview();
  }

  public static class ContentReview {
    public List<String> levels() {
      return Arrays.stream(ReviewLevel.values()).map(Enum::name).toList();
    }
  }

  /** {@code ${contentPublishing.targetChannels(execution)}} and {@code ${contentPublishing.channelsToTakeDown(execution)}}. */
  @Bean ContentPublishing contentPublishing(ContentRepository repository) {
    return new ContentPublishing(repository);
  }

  public static class ContentPublishing {
    private final ContentRepository repository;

    ContentPublishing(ContentRepository repository) {
      this.repository = repository;
    }

    public List<String> targetChannels(DelegateExecution ex) {
      return repository.channelsIn(ex.getProcessBusinessKey(), PublicationStatus.SCHEDULED, PublicationStatus.FAILED);
    }

    public List<String> channelsToTakeDown(DelegateExecution ex) {
      return repository.channelsIn(ex.getProcessBusinessKey(), PublicationStatus.PUBLISHED);
    }
  }

  /** {@code ${contentPublishRetry.cycle}}: gongzhi.content.publish-retry-cycle. */
  @Bean ContentPublishRetry contentPublishRetry(ContentProperties properties) {
    return new ContentPublishRetry(properties.publishRetryCycle());
  }

  public record ContentPublishRetry(String cycle) {
    public String getCycle() {
      return cycle;
    }
  }
}
