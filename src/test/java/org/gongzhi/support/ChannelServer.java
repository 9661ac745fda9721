package org.gongzhi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for the publishing channels: {@code POST /channels/<code>} on the port
 * that application-test.yaml gives the webhooks. It answers like a channel ({@code {"id","url"}}), or
 * 503 for channels told to fail, and keeps every request it got.
 */
public final class ChannelServer implements AutoCloseable {

  public static final int PORT = 18089;

  /** One request as received. */
  public record Received(String channel, String event, String idempotencyKey, JsonNode body) {
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final AtomicInteger ids = new AtomicInteger();
  private final ObjectMapper json = new ObjectMapper();

  private ChannelServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", PORT), 0);
    server.createContext("/channels/", this::handle);
    server.start();
  }

  public static ChannelServer start() {
    try {
      return new ChannelServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + PORT + " for the test channels", e);
    }
  }

  /** From now on the channel answers 503. */
  public void fail(String channel) {
    failing.add(channel);
  }

  public void recover(String channel) {
    failing.remove(channel);
  }

  public void reset() {
    failing.clear();
    received.clear();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(String event, String submissionNumber) {
    return received.stream().filter(r -> event.equals(r.event()) && submissionNumber.equals(r.body().path("submissionNumber").asText()))
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String channel = exchange.getRequestURI().getPath().substring("/channels/".length());
    byte[] in = exchange.getRequestBody().readAllBytes();
    JsonNode body = json.readTree(in);
    received.add(new Received(channel, exchange.getRequestHeaders().getFirst("X-Gongzhi-Event"),
        exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
    byte[] out;
    int status;
    if (failing.contains(channel)) {
      status = 503;
      out = "{\"error\":\"temporarily unavailable\"}".getBytes(StandardCharsets.UTF_8);
    } else {
      status = 200;
      String id = channel + "-" + ids.incrementAndGet();
      out = ("{\"id\":\"" + id + "\",\"url\":\"https://" + channel + ".example.com/p/" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
