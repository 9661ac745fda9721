package org.gongzhi.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A channel's webhook endpoint, as an integrator would write it: a real HTTP server on a free port that checks every
 * delivery's signature with its own HMAC code (not Gongzhi's), refuses stale timestamps, and answers 503 to the first
 * {@link #failNext} deliveries. Every request is recorded, accepted or not.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One delivery as received. */
  record Delivery(String eventId, String type, String caseRef, long sequence, JsonNode body, boolean signatureValid, int answered) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private HttpServer server;
  private final List<Delivery> deliveries = new ArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  volatile String secret;

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/hooks", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  String url() {
    return "http://localhost:" + port + "/hooks";
  }

  /** The channel goes down: connections to its port are refused until {@link #start()}. */
  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** The channel comes back, on the same port. */
  synchronized void start() throws IOException {
    if (server == null) {
      server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
      server.createContext("/hooks", this::handle);
      server.start();
    }
  }

  /** The next {@code n} deliveries are answered 503. */
  void failNext(int n) {
    failures.set(n);
  }

  synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Deliveries answered 2xx. */
  synchronized List<Delivery> accepted() {
    return deliveries.stream().filter(d -> d.answered() / 100 == 2).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] raw = exchange.getRequestBody().readAllBytes();
    String body = new String(raw, StandardCharsets.UTF_8);
    String timestamp = exchange.getRequestHeaders().getFirst("X-Gongzhi-Timestamp");
    String signature = exchange.getRequestHeaders().getFirst("X-Gongzhi-Signature");
    boolean valid = verify(timestamp, body, signature);
    JsonNode json = JSON.readTree(body);
    int status = !valid ? 401 : failures.getAndUpdate(n -> Math.max(n - 1, 0)) > 0 ? 503 : 204;
    synchronized (this) {
      deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Gongzhi-Event-Id"),
          exchange.getRequestHeaders().getFirst("X-Gongzhi-Event-Type"), json.path("caseRef").asText(),
          json.path("sequence").asLong(), json, valid, status));
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** What docs/webhooks.md tells integrators to do: HMAC-SHA256(secret, timestamp + "." + body), constant-time compare, 5 minutes. */
  private boolean verify(String timestamp, String body, String signature) {
    try {
      if (timestamp == null || signature == null || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
        return false;
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
      return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
