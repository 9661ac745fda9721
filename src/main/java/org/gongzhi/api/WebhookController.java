package org.gongzhi.api;

import java.util.List;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.webhook.ChannelWebhooks.Registration;
import org.gongzhi.webhook.ChannelWebhooks;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A channel's own webhook ({@code /api/v1/webhook}, resource {@code webhooks}): the calling key's channel registers,
 * reads and removes its callback. The secret is shown only in the answer to {@code PUT}; putting again rotates it.
 */
@RestController
@RequestMapping(path = "/api/v1/webhook", produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookController {

  record WebhookRequest(String url) {
  }

  record WebhookRegistered(String channel, String url, String secret) {
  }

  record WebhookView(String channel, String url) {
  }

  private final ChannelWebhooks webhooks;
  private final Problems problems;

  WebhookController(ChannelWebhooks webhooks, Problems problems) {
    this.webhooks = webhooks;
    this.problems = problems;
  }

  @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> register(ChannelCaller caller, @RequestBody WebhookRequest r) {
    if (caller.key().residentScoped()) {
      return residentScoped();
    }
    Registration reg = webhooks.register(caller.key().channel(), r.url(), caller.key().id());
    return ResponseEntity.ok(new WebhookRegistered(reg.channel(), reg.url(), reg.secret()));
  }

  @GetMapping
  ResponseEntity<?> get(ChannelCaller caller) {
    return webhooks.find(caller.key().channel())
        .<ResponseEntity<?>>map(reg -> ResponseEntity.ok(new WebhookView(reg.channel(), reg.url())))
        .orElseGet(() -> notRegistered(caller));
  }

  @DeleteMapping
  ResponseEntity<?> delete(ChannelCaller caller) {
    if (caller.key().residentScoped()) {
      return residentScoped();
    }
    return webhooks.remove(caller.key().channel()) ? ResponseEntity.noContent().build() : notRegistered(caller);
  }

  /**
   * A resident-scoped key (a resident's app or WeChat session acts through it) must not redirect or silence the whole
   * channel's webhook, nor learn its secret: only the channel's own server keys may.
   */
  private ResponseEntity<?> residentScoped() {
    var locale = LocaleContextHolder.getLocale();
    return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problems.problem(HttpStatus.FORBIDDEN, "forbidden", problems.text(locale, "error.forbidden.title"),
            problems.text(locale, "error.forbidden.residentWebhook"), (List<Problems.FieldMessage>) null));
  }

  private ResponseEntity<?> notRegistered(ChannelCaller caller) {
    var locale = LocaleContextHolder.getLocale();
    return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problems.problem(HttpStatus.NOT_FOUND, "not-found", problems.text(locale, "error.notFound.title"),
            problems.text(locale, "error.notFound.webhook", caller.key().channel()), (List<Problems.FieldMessage>) null));
  }
}
