package org.gongzhi.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs the purge every {@code gongzhi.privacy.purge-interval} ({@code gongzhi.privacy.purge-enabled}, on unless switched
 * off; the test profile switches it off). Every node schedules it; the lease in {@code job_lease} lets one run at a time,
 * and each case is erased in its own transaction under a lock on its row, so a case is erased once.
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(prefix = "gongzhi.privacy", name = "purge-enabled", havingValue = "true", matchIfMissing = true)
class PersonalDataPurgeSchedule {

  private static final Logger log = LoggerFactory.getLogger(PersonalDataPurgeSchedule.class);

  private final PersonalDataPurge purge;

  PersonalDataPurgeSchedule(PersonalDataPurge purge) {
    this.purge = purge;
  }

  @Scheduled(initialDelayString = "${gongzhi.privacy.purge-interval:PT6H}", fixedDelayString = "${gongzhi.privacy.purge-interval:PT6H}")
  void run() {
    try {
      purge.purge();
    } catch (RuntimeException e) { // a database hiccup: the next run tries again
      log.warn("Personal-data purge failed: {}", e.toString());
    }
  }
}
