package org.gongzhi.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Polls the outbox on every node ({@code gongzhi.webhook.poller-enabled}, on unless switched off; the test profile
 * switches it off and calls {@link WebhookDispatcher#deliverDue()} itself). Several nodes may poll one database: the
 * dispatcher claims each event before sending it.
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(prefix = "gongzhi.webhook", name = "poller-enabled", havingValue = "true", matchIfMissing = true)
class WebhookPoller {

  private static final Logger log = LoggerFactory.getLogger(WebhookPoller.class);

  private final WebhookDispatcher dispatcher;

  WebhookPoller(WebhookDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Scheduled(fixedDelayString = "${gongzhi.webhook.poll-interval:PT10S}", initialDelayString = "${gongzhi.webhook.poll-interval:PT10S}")
  void poll() {
    try {
      dispatcher.deliverDue();
      int purged = dispatcher.purgeDelivered(); // DELIVERED events older than gongzhi.webhook.retention
      if (purged > 0) {
        log.info("Webhook outbox: {} delivered events past their retention deleted", purged);
      }
    } catch (RuntimeException e) { // a database hiccup: the next poll tries again
      log.warn("Webhook poll failed: {}", e.toString());
    }
  }
}
