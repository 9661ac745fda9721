package org.gongzhi.merchant;

import static org.gongzhi.merchant.MerchantOnboardingProcess.MSG_COMPLAINT_RECEIVED;
import static org.gongzhi.merchant.MerchantOnboardingProcess.VAR_MERCHANT_NUMBER;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The delegates and task listeners of {@code processes/merchant-onboarding.bpmn} (named as in the model),
 * each calling one rule of {@link MerchantHandling}; and the complaint process's message to it.
 */
@Configuration(proxyBeanMethods = false)
class MerchantDelegates {

  @Bean JavaDelegate checkDocumentsDelegate(MerchantHandling h) {
    return h::checkDocuments;
  }

  @Bean JavaDelegate requestDocumentsDelegate(MerchantHandling h) {
    return h::requestDocuments;
  }

  @Bean JavaDelegate expireApplicationDelegate(MerchantHandling h) {
    return h::expireApplication;
  }

  @Bean JavaDelegate openMerchantDeadlineDelegate(MerchantHandling h) {
    return h::openStepDeadline;
  }

  @Bean TaskListener merchantDecisionListener(MerchantHandling h) {
    return h::decide;
  }

  @Bean JavaDelegate merchantStepWarningDelegate(MerchantHandling h) {
    return h::warnOfStepDeadline;
  }

  @Bean JavaDelegate merchantStepBreachDelegate(MerchantHandling h) {
    return h::recordStepBreach;
  }

  @Bean JavaDelegate rejectApplicationDelegate(MerchantHandling h) {
    return h::rejectApplication;
  }

  @Bean JavaDelegate listMerchantDelegate(MerchantHandling h) {
    return h::listMerchant;
  }

  @Bean JavaDelegate renewListingDelegate(MerchantHandling h) {
    return h::renewListing;
  }

  @Bean JavaDelegate countMerchantComplaintsDelegate(MerchantHandling h) {
    return h::countComplaints;
  }

  @Bean JavaDelegate suspendListingDelegate(MerchantHandling h) {
    return h::suspendListing;
  }

  @Bean JavaDelegate reinstateListingDelegate(MerchantHandling h) {
    return h::reinstateListing;
  }

  @Bean JavaDelegate delistMerchantDelegate(MerchantHandling h) {
    return h::delistMerchant;
  }

  /**
   * The complaint process's throw event (async, so that nothing on the merchant's side can hold up or roll
   * back the complaint): tells the merchant's process that a complaint names it. A suspended merchant's
   * process is not listening; the complaint still counts, because the count is read from the complaints.
   */
  @Bean JavaDelegate reportMerchantComplaintDelegate() {
    return ex -> {
      Object merchant = ex.getVariable(VAR_MERCHANT_NUMBER);
      if (merchant != null) {
        ex.getProcessEngineServices().getRuntimeService().createMessageCorrelation(MSG_COMPLAINT_RECEIVED)
            .processInstanceBusinessKey(merchant.toString()).correlateAllWithResult();
      }
    };
  }
}
