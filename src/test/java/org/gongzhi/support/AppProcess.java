package org.gongzhi.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gongzhi.GongzhiApplication;
import org.gongzhi.support.child.ShiftedEngineClock;

/**
 * Gongzhi in a JVM of its own, started the way production starts it (main class, command-line properties, no test
 * classes on its class path): for the crash and restart test, the two-node test and the benchmark. The caller gives
 * the database and whatever else differs; {@link #kill()} is a SIGKILL, {@link #stop()} an orderly shutdown.
 *
 * <p>Each application writes its output to {@code target/app-processes/<name>.log}; a start that fails says so with
 * the log's tail.
 */
public final class AppProcess implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Path DIR = Paths.get("target", "app-processes");

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private AppProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Settings for an application on PostgreSQL at {@code jdbcUrl} (user postgres, as the embedded server has). */
  public static Builder onPostgres(String name, String jdbcUrl) {
    return new Builder(name)
        .property("spring.profiles.active", "postgres")
        .property("spring.datasource.url", jdbcUrl)
        .property("spring.datasource.username", "postgres")
        .property("spring.datasource.password", "");
  }

  public static final class Builder {
    private final String name;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC",
        "-Dfile.encoding=UTF-8", "-Duser.timezone=Asia/Shanghai"));
    private Duration startTimeout = Duration.ofMinutes(3);

    private Builder(String name) {
      this.name = name;
      // production-like: an explicit administrator (AdministratorGuard), no demo key, the job executor on
      property("camunda.bpm.admin-user.id", ADMIN);
      property("camunda.bpm.admin-user.password", ADMIN_PASSWORD);
      property("camunda.bpm.admin-user.first-name", "Ops");
      property("camunda.bpm.admin-user.last-name", "Admin");
      property("gongzhi.jurisdiction.staff-file", "classpath:jurisdiction/demo-staff.csv");
      property("spring.mail.host", "localhost");
      property("management.endpoints.web.exposure.include", "health,info,metrics");
      property("management.health.mail.enabled", "false"); // "up" means serving; a mail outage is a test of its own
    }

    /** A Spring property, passed as {@code --key=value}. */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /** Camunda's clock (and so every deadline) this far ahead of the machine's, from before the engine starts. */
    public Builder clockAhead(Duration offset) {
      return property(ShiftedEngineClock.PROPERTY, offset.toString());
    }

    /**
     * Camunda's clock ahead by the ISO-8601 duration in {@code file}, read at the start and whenever the file changes
     * while the application runs (checked every 100 ms): writing the file moves every node started with it at once.
     */
    public Builder clockFrom(Path file) {
      return property(ShiftedEngineClock.FILE_PROPERTY, file.toAbsolutePath().toString());
    }

    public Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Starts the application and waits until its health endpoint answers UP. */
    public AppProcess start() {
      try {
        Files.createDirectories(DIR);
        int port = freePort();
        Path log = DIR.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        Path argFile = DIR.resolve(name + ".classpath");
        Files.writeString(argFile, "-cp \"" + classPath().replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
        command.add("@" + argFile.toAbsolutePath());
        command.add(GongzhiApplication.class.getName());
        command.add("--server.port=" + port);
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Files.writeString(log, "\n==== " + Instant.now() + " starting: " + String.join(" ", command.subList(1, command.size()))
            + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        AppProcess app = new AppProcess(name, port, process, log);
        app.awaitHealthy(startTimeout);
        return app;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Starts several applications at once (each in a thread of its own) and returns them in the builders' order, or
   * throws after killing those that did start. Only for a database whose schema already exists: two first starts at the
   * same moment both create Camunda's schema and one fails.
   */
  public static List<AppProcess> startTogether(Builder... builders) {
    List<java.util.concurrent.CompletableFuture<AppProcess>> starts = Arrays.stream(builders)
        .map(b -> java.util.concurrent.CompletableFuture.supplyAsync(b::start, runnable -> new Thread(runnable, "start-" + b.name).start()))
        .toList();
    List<AppProcess> started = new ArrayList<>();
    RuntimeException failure = null;
    for (var start : starts) {
      try {
        started.add(start.join());
      } catch (java.util.concurrent.CompletionException e) {
        failure = e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    if (failure != null) {
      started.forEach(AppProcess::kill);
      throw failure;
    }
    return started;
  }

  /** The administrator every AppProcess has (a Camunda admin: the admin API, engine REST). */
  public static final String ADMIN = "ops-admin";
  public static final String ADMIN_PASSWORD = "Ops-Admin-2026!";

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * A new API key for the whole demo city and every resource, created through the administrators' API as an operator
   * would, at the highest rate limit a key may have (100,000 a minute).
   */
  public String createApiKey(String channel) {
    String body = "{\"name\":\"" + channel + "\",\"channel\":\"" + channel + "\",\"nodeCodes\":[\"210100\"],"
        + "\"resources\":[\"complaints\",\"volunteer-orders\",\"content\",\"merchants\",\"webhooks\"],"
        + "\"rateLimitPerMinute\":100000}";
    HttpRequest create = HttpRequest.newBuilder(uri("/api/v1/admin/api-keys"))
        .header("Authorization", adminAuthorization()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> answer = CLIENT.send(create, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 201) {
        throw new IllegalStateException("creating an API key: " + answer.statusCode() + " " + answer.body());
      }
      java.util.regex.Matcher key = java.util.regex.Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
      if (!key.find()) {
        throw new IllegalStateException("no key in " + answer.body());
      }
      return key.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** HTTP Basic for {@link #ADMIN}: the admin API, engine REST. */
  public static String adminAuthorization() {
    return "Basic " + java.util.Base64.getEncoder()
        .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /** SIGKILL: no shutdown hook, no connection closed, no transaction finished. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM: Spring's orderly shutdown. */
  public void stop() {
    process.destroy();
    waitFor();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }

  /** Resident set size of the application's JVM in KiB, from /proc (Linux). */
  public long residentKib() {
    try {
      return Files.readAllLines(Paths.get("/proc", String.valueOf(process.pid()), "status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of the application's output, for a failure message. */
  public String logTail(int lines) {
    try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
      List<String> list = all.collect(Collectors.toList());
      return String.join("\n", list.subList(Math.max(0, list.size() - lines), list.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void waitFor() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitHealthy(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest health = HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(5)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting:\n" + logTail(60));
      }
      try {
        HttpResponse<String> answer = CLIENT.send(health, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200 && answer.body().contains("UP")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        process.waitFor(250, TimeUnit.MILLISECONDS); // polls readiness, no timer waits on this
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(name + " not healthy within " + timeout + ":\n" + logTail(60));
  }

  /**
   * The application's class path: this JVM's, without the test classes (their components would be scanned), plus a
   * directory holding only {@link ShiftedEngineClock} and the {@code META-INF/spring.factories} that registers it.
   */
  static synchronized String classPath() throws IOException { // synchronized: applications may start in parallel
    Path extra = DIR.resolve("child-classes");
    String resource = ShiftedEngineClock.class.getName().replace('.', '/') + ".class";
    Path target = extra.resolve(resource);
    Files.createDirectories(target.getParent());
    try (var in = ShiftedEngineClock.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    // registered through spring.factories: Spring Boot 3.5 no longer reads context.initializer.classes (its
    // DelegatingApplicationContextInitializer is gone), and a command-line property for it is silently ignored
    Path factories = extra.resolve("META-INF/spring.factories");
    Files.createDirectories(factories.getParent());
    Files.writeString(factories, "org.springframework.context.ApplicationContextInitializer=" + ShiftedEngineClock.class.getName()
        + "\n", StandardCharsets.UTF_8);
    List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
        .collect(Collectors.toCollection(ArrayList::new));
    entries.add(extra.toAbsolutePath().toString());
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** A TCP port free at the moment (for an application, or a test's SMTP server). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
