package org.gongzhi.api;

import static org.gongzhi.api.ChinaTime.time;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import org.gongzhi.channel.ApiKey;
import org.gongzhi.channel.ApiKeys;
import org.gongzhi.channel.ApiResource;
import org.gongzhi.supervision.SupervisorAccess;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators create, list and revoke the channels' API keys ({@code /api/v1/admin/api-keys}, Camunda administrator
 * by session or HTTP Basic). The key itself is shown once, in the answer that creates it.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyAdminController {

  private final ApiKeys keys;
  private final SupervisorAccess staff;

  ApiKeyAdminController(ApiKeys keys, SupervisorAccess staff) {
    this.keys = keys;
    this.staff = staff;
  }

  /**
   * @param residentScoped a resident channel (WeChat, app, TV): every call must name the resident, who sees only their own cases
   */
  record KeyRequest(String name, String channel, List<String> nodeCodes, List<String> resources, Boolean residentScoped,
                    Integer rateLimitPerMinute) {
  }

  record KeyView(String id, String name, String channel, String prefix, List<String> nodeCodes, List<String> resources,
                 boolean residentScoped, int rateLimitPerMinute, String createdBy, OffsetDateTime createdAt, String revokedBy,
                 OffsetDateTime revokedAt) {
  }

  /** {@code key}: the API key itself, shown this once; only its hash is kept. */
  record CreatedKey(String key, KeyView apiKey) {
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CreatedKey> create(@RequestBody KeyRequest r, HttpServletRequest request) {
    String admin = staff.requireAdmin(request);
    ApiKeys.CreatedApiKey created = keys.create(new ApiKeys.NewApiKey(r.name(), r.channel(), r.nodeCodes(), r.resources(),
        Boolean.TRUE.equals(r.residentScoped()), r.rateLimitPerMinute()), admin);
    return ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + created.apiKey().id()))
        .body(new CreatedKey(created.key(), view(created.apiKey())));
  }

  @GetMapping
  PageOf<KeyView> list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                       HttpServletRequest request) {
    staff.requireAdmin(request);
    Paging paging = Paging.of(page, size, null, Paging.fields("createdAt", "created_at"), "createdAt,desc", "id");
    return PageOf.of(keys.list(paging.offset(), paging.size()).stream().map(ApiKeyAdminController::view).toList(), paging, keys.count());
  }

  @GetMapping("/{id}")
  KeyView get(@PathVariable String id, HttpServletRequest request) {
    staff.requireAdmin(request);
    return keys.find(id).map(ApiKeyAdminController::view).orElseThrow(() -> new ApiKeyNotFoundException(id));
  }

  /** Revoked at once: the key's next request is refused (401). Revoking a revoked key changes nothing. */
  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id, HttpServletRequest request) {
    String admin = staff.requireAdmin(request);
    if (keys.find(id).isEmpty()) {
      throw new ApiKeyNotFoundException(id);
    }
    keys.revoke(id, admin);
    return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
  }

  static class ApiKeyNotFoundException extends RuntimeException {
    final String id;

    ApiKeyNotFoundException(String id) {
      super("no API key " + id);
      this.id = id;
    }
  }

  private static KeyView view(ApiKey k) {
    return new KeyView(k.id(), k.name(), k.channel(), k.prefix(), k.nodeCodes(), k.resources().stream().map(ApiResource::code).toList(),
        k.residentScoped(), k.rateLimitPerMinute(), k.createdBy(), time(k.createdAt()), k.revokedBy(), time(k.revokedAt()));
  }
}
