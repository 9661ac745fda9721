package org.gongzhi.channel;

import static org.gongzhi.system.Timestamps.instant;
import static org.gongzhi.system.Timestamps.ts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.system.InvalidInputException.FieldProblem;
import org.gongzhi.system.InvalidInputException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The channels' and integrators' API keys: created and revoked by administrators, stored as SHA-256 only.
 *
 * <p>A key is {@code gz_} and 32 random bytes (base64url): with that much entropy an unsalted SHA-256 cannot be
 * reversed by guessing, and it lets a request's key be found by its hash in one indexed lookup.
 */
@Component
public class ApiKeys {

  /** What every key starts with, so that a leaked one is recognisable (secret scanners) and not mistaken for a password. */
  public static final String PREFIX = "gz_";
  private static final int SHOWN_PREFIX = 10;

  private final JdbcClient jdbc;
  private final Jurisdictions jurisdictions;
  private final ApiKeyProperties properties;
  private final SecureRandom random = new SecureRandom();
  /** Who creates the demo key; the only keys the application ever creates or revokes by itself. */
  private static final String SYSTEM = "system";
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiKeys.class);

  public ApiKeys(JdbcClient jdbc, Jurisdictions jurisdictions, ApiKeyProperties properties) {
    this.jdbc = jdbc;
    this.jurisdictions = jurisdictions;
    this.properties = properties;
  }

  /** What an administrator asks for; {@code rateLimitPerMinute} null takes the default. */
  public record NewApiKey(String name, String channel, List<String> nodeCodes, List<String> resources, boolean residentScoped,
                          Integer rateLimitPerMinute) {
  }

  /** The stored key and, this once, the key itself. */
  public record CreatedApiKey(ApiKey apiKey, String key) {
  }

  public CreatedApiKey create(NewApiKey in, String createdBy) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return store(in, PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), createdBy);
  }

  private CreatedApiKey store(NewApiKey in, String key, String createdBy) {
    List<FieldProblem> problems = new ArrayList<>();
    if (in.name() == null || in.name().isBlank()) {
      problems.add(new FieldProblem("name", "field.required"));
    } else if (in.name().length() > 100) {
      problems.add(new FieldProblem("name", "field.tooLong", 100));
    }
    if (in.channel() == null || !in.channel().matches("[a-z0-9-]{1,32}")) {
      problems.add(new FieldProblem("channel", "apiKey.channel"));
    }
    List<String> nodes = in.nodeCodes() == null ? List.of()
        : in.nodeCodes().stream().map(c -> c == null ? "" : c.strip()).distinct().toList();
    if (nodes.isEmpty()) {
      problems.add(new FieldProblem("nodeCodes", "field.required"));
    } else if (nodes.size() > 50) {
      problems.add(new FieldProblem("nodeCodes", "apiKey.tooManyNodes", 50));
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (jurisdictions.find(nodes.get(i)).isEmpty()) {
        problems.add(new FieldProblem("nodeCodes[" + i + "]", "apiKey.unknownNode", nodes.get(i)));
      }
    }
    Set<ApiResource> resources = EnumSet.noneOf(ApiResource.class);
    List<String> asked = in.resources() == null ? List.of() : in.resources().stream().map(r -> r == null ? "" : r).toList();
    if (asked.isEmpty()) {
      problems.add(new FieldProblem("resources", "field.required"));
    }
    for (int i = 0; i < asked.size(); i++) {
      int at = i;
      ApiResource.ofCode(asked.get(i)).ifPresentOrElse(resources::add,
          () -> problems.add(new FieldProblem("resources[" + at + "]", "apiKey.unknownResource", asked.get(at),
              Arrays.stream(ApiResource.values()).map(ApiResource::code).collect(Collectors.joining(", ")))));
    }
    int rate = in.rateLimitPerMinute() == null ? properties.defaultRateLimitPerMinute() : in.rateLimitPerMinute();
    if (rate < 1 || rate > 100_000) {
      problems.add(new FieldProblem("rateLimitPerMinute", "apiKey.rateLimit"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    String id = UUID.randomUUID().toString();
    var now = EngineTime.now();
    jdbc.sql("""
            insert into api_key (id, name, channel, key_prefix, key_hash, node_codes, resources, resident_scoped, rate_limit_per_minute,
                                 created_by, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(id, in.name().strip(), in.channel(), key.substring(0, SHOWN_PREFIX), sha256(key), String.join(",", nodes),
            resources.stream().map(ApiResource::code).collect(Collectors.joining(",")), in.residentScoped(), rate, createdBy, ts(now))
        .update();
    return new CreatedApiKey(find(id).orElseThrow(), key);
  }

  /** Revokes at once: the next request with the key is refused. False when there is no such key or it was already revoked. */
  public boolean revoke(String id, String revokedBy) {
    return jdbc.sql("update api_key set revoked_by = ?, revoked_at = ? where id = ? and revoked_at is null")
        .params(revokedBy, ts(EngineTime.now()), id).update() == 1;
  }

  public Optional<ApiKey> find(String id) {
    return jdbc.sql("select * from api_key where id = ?").param(id).query(ApiKeys::map).optional();
  }

  /** Newest first. */
  public List<ApiKey> list(int offset, int limit) {
    return jdbc.sql("select * from api_key order by created_at desc, id offset ? rows fetch next ? rows only")
        .params(offset, limit).query(ApiKeys::map).list();
  }

  public long count() {
    return jdbc.sql("select count(*) from api_key").query(Long.class).single();
  }

  /**
   * The caller behind a key, if the key exists and is not revoked. {@code residentId}: the channel's own id of the
   * resident the request is for, or null.
   */
  public Optional<ChannelCaller> authenticate(String key, String residentId) {
    if (key == null || key.isBlank() || key.length() > 200) {
      return Optional.empty();
    }
    return jdbc.sql("select * from api_key where key_hash = ? and revoked_at is null").param(sha256(key.strip()))
        .query(ApiKeys::map).optional()
        .map(k -> new ChannelCaller(k, k.nodeCodes().stream().map(jurisdictions::find).flatMap(Optional::stream).toList(),
            residentId == null || residentId.isBlank() ? null : residentRef(k.channel(), residentId.strip())));
  }

  /** How a resident is recorded: never the channel's id itself, a hash of it within the channel. */
  public static String residentRef(String channel, String residentId) {
    return sha256(channel + ":" + residentId);
  }

  /** The dev and test profiles' demo key, so that the README's examples work on a fresh start. */
  @EventListener(ApplicationReadyEvent.class)
  public void createDemoKey() {
    ApiKeyProperties.DemoKey demo = properties.demoKey();
    if (demo == null || demo.key() == null || demo.key().isBlank()) {
      // a database once run with the dev profile keeps the demo key: without the profile it must not open the door
      int revoked = jdbc.sql("update api_key set revoked_by = ?, revoked_at = ? where created_by = ? and revoked_at is null")
          .params(SYSTEM, ts(EngineTime.now()), SYSTEM).update();
      if (revoked > 0) {
        log.warn("Revoked {} demo API key(s) left by the dev profile: no gongzhi.api.demo-key is configured", revoked);
      }
      return;
    }
    if (jdbc.sql("select count(*) from api_key where key_hash = ? and revoked_at is null").param(sha256(demo.key())).query(Long.class).single() > 0) {
      return;
    }
    jdbc.sql("delete from api_key where key_hash = ? and created_by = ?").params(sha256(demo.key()), SYSTEM).update(); // a revoked demo key
    try {
      store(new NewApiKey(demo.name(), demo.channel(), demo.nodeCodes(), demo.resources(), false, demo.rateLimitPerMinute()),
          demo.key(), SYSTEM);
    } catch (org.springframework.dao.DuplicateKeyException anotherNode) {
      // two nodes started together on one database: the other one created it
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiKey map(ResultSet rs, int n) throws SQLException {
    Set<ApiResource> resources = EnumSet.noneOf(ApiResource.class);
    for (String code : rs.getString("resources").split(",")) {
      ApiResource.ofCode(code).ifPresent(resources::add);
    }
    return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("channel"), rs.getString("key_prefix"),
        List.of(rs.getString("node_codes").split(",")), Collections.unmodifiableSet(resources), rs.getBoolean("resident_scoped"),
        rs.getInt("rate_limit_per_minute"), rs.getString("created_by"), instant(rs, "created_at"), rs.getString("revoked_by"),
        instant(rs, "revoked_at"));
  }
}
