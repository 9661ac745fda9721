package org.gongzhi.volunteer;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.gongzhi.sla.SlaKind;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The delegates and task listeners of {@code processes/volunteer-order.bpmn}, one bean each (named as in
 * the model's {@code camunda:delegateExpression}); each calls one rule of {@link VolunteerHandling}.
 */
@Configuration(proxyBeanMethods = false)
class VolunteerOrderDelegates {

  @Bean JavaDelegate openDispatchDeadlineDelegate(VolunteerHandling h) {
    return h::openDispatchDeadline;
  }

  @Bean JavaDelegate assignTeamDelegate(VolunteerHandling h) {
    return h::assignTeam;
  }

  @Bean JavaDelegate declineOrderDelegate(VolunteerHandling h) {
    return h::declineOrder;
  }

  @Bean JavaDelegate recordAcceptanceDelegate(VolunteerHandling h) {
    return h::recordAcceptance;
  }

  @Bean JavaDelegate recordTeamDeclineDelegate(VolunteerHandling h) {
    return h::recordTeamDecline;
  }

  @Bean JavaDelegate recordAcceptTimeoutDelegate(VolunteerHandling h) {
    return h::recordAcceptTimeout;
  }

  @Bean JavaDelegate returnToDispatcherDelegate(VolunteerHandling h) {
    return h::returnToDispatcher;
  }

  @Bean JavaDelegate recordServiceDelegate(VolunteerHandling h) {
    return h::recordService;
  }

  @Bean JavaDelegate closeVolunteerOrderDelegate(VolunteerHandling h) {
    return h::closeOrder;
  }

  @Bean JavaDelegate handOverForPublicityDelegate(VolunteerHandling h) {
    return h::handOverForPublicity;
  }

  @Bean JavaDelegate dispatchSlaWarningDelegate(VolunteerHandling h) {
    return ex -> h.warn(ex, SlaKind.DISPATCH);
  }

  @Bean JavaDelegate dispatchSlaBreachDelegate(VolunteerHandling h) {
    return ex -> h.breach(ex, SlaKind.DISPATCH);
  }

  @Bean JavaDelegate acceptSlaWarningDelegate(VolunteerHandling h) {
    return ex -> h.warn(ex, SlaKind.ACCEPT);
  }

  @Bean JavaDelegate serveSlaWarningDelegate(VolunteerHandling h) {
    return ex -> h.warn(ex, SlaKind.SERVE);
  }

  @Bean JavaDelegate serveSlaBreachDelegate(VolunteerHandling h) {
    return ex -> h.breach(ex, SlaKind.SERVE);
  }

  @Bean TaskListener validateDispatchListener(VolunteerHandling h) {
    return h::checkDispatch;
  }

  @Bean TaskListener validateAcceptanceListener(VolunteerHandling h) {
    return h::checkAcceptance;
  }

  @Bean TaskListener validateServiceRecordListener(VolunteerHandling h) {
    return h::checkServiceRecord;
  }

  @Bean TaskListener validatePublicityReviewListener(VolunteerHandling h) {
    return h::checkPublicityReview;
  }
}
