package org.gongzhi.api;

import static org.gongzhi.api.ChinaTime.time;

import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.gongzhi.supervision.SupervisorAccess;
import org.gongzhi.system.ConflictException;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.webhook.WebhookEvents.Status;
import org.gongzhi.webhook.WebhookEvents;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators (Camunda admins) watch the webhook outbox and redeliver an event whose retries ran out:
 * {@code GET /api/v1/admin/webhook-events?status=FAILED&page=0&size=20}, {@code POST …/{id}/redeliver}.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/webhook-events", produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookAdminController {

  record EventItem(String id, long sequence, String channel, String caseRef, String caseKind, String type, String status,
                   int attempts, OffsetDateTime nextAttemptAt, Integer lastStatus, String lastError, OffsetDateTime createdAt,
                   OffsetDateTime deliveredAt) {
  }

  private final WebhookEvents events;
  private final SupervisorAccess access;
  private final Problems problems;

  WebhookAdminController(WebhookEvents events, SupervisorAccess access, Problems problems) {
    this.events = events;
    this.access = access;
    this.problems = problems;
  }

  @GetMapping
  PageOf<EventItem> list(HttpServletRequest request, @RequestParam(required = false) String status,
                         @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    access.requireAdmin(request);
    Status s = null;
    if (status != null && !status.isBlank()) {
      s = Arrays.stream(Status.values()).filter(v -> v.name().equals(status.strip())).findFirst()
          .orElseThrow(() -> new InvalidInputException("status", "webhook.status"));
    }
    // page at most 100,000 and size at most 100: page × size cannot overflow; the order is fixed (newest first)
    Paging paging = Paging.of(page, size, null, Paging.fields("sequence", "seq"), "sequence,desc", "id");
    long total = events.count(s);
    List<EventItem> items = events.list(s, paging.offset(), paging.size()).stream()
        .map(e -> new EventItem(e.id(), e.sequence(), e.channel(), e.caseRef(), e.caseKind(), e.type(), e.status().name(),
            e.attempts(), time(e.nextAttemptAt()), e.lastStatus(), e.lastError(), time(e.createdAt()), time(e.deliveredAt())))
        .toList();
    return PageOf.of(items, paging, total);
  }

  /** 202; 404 for no such event; 409 for an event that is not FAILED (still being retried, or delivered). */
  @PostMapping("/{id}/redeliver")
  ResponseEntity<?> redeliver(HttpServletRequest request, @PathVariable String id) {
    access.requireAdmin(request);
    switch (events.redeliver(id)) {
      case NOT_FOUND -> {
        var locale = LocaleContextHolder.getLocale();
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(problems.problem(HttpStatus.NOT_FOUND, "not-found", problems.text(locale, "error.notFound.title"),
                problems.text(locale, "error.notFound.webhookEvent", id), null));
      }
      case NOT_FAILED -> throw new ConflictException("webhook.notFailed", id);
      default -> {
        return ResponseEntity.accepted().build();
      }
    }
  }
}
