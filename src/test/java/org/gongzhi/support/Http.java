package org.gongzhi.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A real HTTP client against the test's server, in the caller's language, sending the test channel's API key
 * (application-test.yaml) unless told to send another key, none, or a resident id as well.
 */
public final class Http {
  /** The test profile's demo key: the whole demo city, every resource. */
  public static final String TEST_KEY = "gz_test_shenyang_all_resources";

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private final int port;
  private final String key;
  private final String resident;

  public Http(int port) {
    this(port, TEST_KEY, null);
  }

  private Http(int port, String key, String resident) {
    this.port = port;
    this.key = key;
    this.resident = resident;
  }

  /** The same server with another API key (null: none). */
  public Http withKey(String apiKey) {
    return new Http(port, apiKey, resident);
  }

  /** Requests on behalf of a resident ({@code X-Resident-Id}; null: none). */
  public Http asResident(String residentId) {
    return new Http(port, key, residentId);
  }

  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** A request builder for {@code path} carrying this client's key and resident. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (key != null) {
      b.header("X-API-Key", key);
    }
    if (resident != null) {
      b.header("X-Resident-Id", resident);
    }
    return b;
  }

  public HttpResponse<String> post(String path, String json, String language) throws Exception {
    return send(request(path).header("Content-Type", "application/json").header("Accept-Language", language)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  public HttpResponse<String> get(String path, String language) throws Exception {
    return send(request(path).header("Accept-Language", language).GET().build());
  }

  public HttpResponse<String> send(HttpRequest request) throws Exception {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
