package org.gongzhi.volunteer;

import static org.gongzhi.volunteer.VolunteerOrderProcess.MSG_PUBLICITY_REQUESTED;

import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 媒体宣传: hands a served order to the media team. Each hand-over is stored in {@code publicity_handover}
 * and delivered as the message {@value VolunteerOrderProcess#MSG_PUBLICITY_REQUESTED} (summary, photo URLs,
 * community, source order, the dispatcher) to the process that starts on it — the content approval. The started
 * case's business key (the submission number) is written back ({@code content_ref}, status TAKEN), so order and content case are linked both ways. While
 * no such process is deployed, hand-overs wait as PENDING and are delivered at the next start-up after it is.
 */
@Component
public class PublicityHandovers {

  private static final Logger log = LoggerFactory.getLogger(PublicityHandovers.class);

  private final JdbcClient jdbc;
  private final RepositoryService repository;
  private final RuntimeService runtime;

  public PublicityHandovers(JdbcClient jdbc, RepositoryService repository, RuntimeService runtime) {
    this.jdbc = jdbc;
    this.repository = repository;
    this.runtime = runtime;
  }

  /** Delivers one PENDING hand-over if a catching process is deployed; returns whether it did. */
  public boolean deliver(String orderNumber) {
    return systemCall(() -> {
      if (repository.createProcessDefinitionQuery().messageEventSubscriptionName(MSG_PUBLICITY_REQUESTED).latestVersion().count() == 0) {
        log.info("Publicity hand-over of {} is PENDING: no process catching {} is deployed yet", orderNumber, MSG_PUBLICITY_REQUESTED);
        return false;
      }
      var row = jdbc.sql("select summary, photo_urls, community_code, requested_by from publicity_handover where order_number = ? and status = 'PENDING'")
          .param(orderNumber).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}).optional();
      if (row.isEmpty()) {
        return false;
      }
      String[] r = row.get();
      List<String> photos = r[1] == null ? List.of() : Arrays.stream(r[1].split("\\s+")).filter(s -> !s.isBlank()).toList();
      ProcessInstance started = runtime.createMessageCorrelation(MSG_PUBLICITY_REQUESTED)
          .processInstanceBusinessKey("publicity-" + orderNumber)
          .setVariable("sourceOrderNumber", orderNumber).setVariable("summary", r[0])
          .setVariable("photoUrls", String.join("\n", photos)).setVariable("communityCode", r[2])
          .setVariable("requestedBy", r[3])
          .correlateStartMessage();
      // the catching process names its case (the content approval gives it its submission number)
      jdbc.sql("update publicity_handover set status = 'TAKEN', content_ref = ? where order_number = ?")
          .params(started.getBusinessKey() != null ? started.getBusinessKey() : started.getId(), orderNumber).update();
      return true;
    });
  }

  /** At start-up: hand-overs that waited for the content process go out once it is deployed. */
  @EventListener(ApplicationReadyEvent.class)
  public int deliverPending() {
    int delivered = 0;
    for (String order : jdbc.sql("select order_number from publicity_handover where status = 'PENDING' order by requested_at")
        .query(String.class).list()) {
      delivered += deliver(order) ? 1 : 0;
    }
    return delivered;
  }

  public String status(String orderNumber) {
    return jdbc.sql("select status from publicity_handover where order_number = ?").param(orderNumber).query(String.class).optional().orElse(null);
  }

  /** The hand-over is the system's doing, not the dispatcher's: no authorization checks inside a running command. */
  private static boolean systemCall(java.util.concurrent.Callable<Boolean> call) {
    try {
      var command = Context.getCommandContext();
      return command != null ? command.runWithoutAuthorization(call) : call.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
