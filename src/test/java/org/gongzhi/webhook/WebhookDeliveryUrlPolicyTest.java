package org.gongzhi.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gongzhi.system.InvalidInputException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Against SSRF, without Spring: which addresses count as private, the production settings (https only, public
 * addresses only) at registration and before a delivery, and the capped backoff.
 */
class WebhookDeliveryUrlPolicyTest {

  /** A DNS that answers what the test says: rebind.example points into the network, public.example does not. */
  static final Map<String, String> DNS = Map.of("rebind.example", "127.0.0.1", "metadata.example", "169.254.169.254",
      "public.example", "93.184.216.34", "v6.example", "fd12:3456::1");

  static List<InetAddress> resolve(String host) throws UnknownHostException {
    String ip = DNS.get(host);
    if (ip == null) {
      if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
        return List.of(InetAddress.getByName(host)); // a literal: no lookup
      }
      throw new UnknownHostException(host);
    }
    return List.of(InetAddress.getByName(ip));
  }

  final WebhookUrlPolicy production = new WebhookUrlPolicy(false, true, WebhookDeliveryUrlPolicyTest::resolve);

  @Test
  @DisplayName("本机、内网、链路本地（含云元数据地址）、唯一本地 IPv6、组播均属非公网地址")
  void privateAddresses() throws Exception {
    for (String ip : List.of("127.0.0.1", "127.5.5.5", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1")) {
      assertThat(WebhookUrlPolicy.isPrivate(InetAddress.getByName(ip))).as(ip).isTrue();
    }
    for (String ip : List.of("8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888")) {
      assertThat(WebhookUrlPolicy.isPrivate(InetAddress.getByName(ip))).as(ip).isFalse();
    }
  }

  @Test
  @DisplayName("登记（生产设置）：只接受 https 与公网地址，否则 400 指明 url；尚不能解析的域名留待投递前检查")
  void registration() {
    ChannelWebhooks webhooks = new ChannelWebhooks(null, production); // every refusal comes before the database
    for (String bad : List.of("http://public.example/hooks", "https://127.0.0.1/hooks", "https://localhost:8080/hooks",
        "https://10.0.0.5/hooks", "https://[::1]/hooks", "https://[fd00::1]/hooks", "https://169.254.169.254/latest/meta-data",
        "https://rebind.example/hooks", "https://metadata.example/hooks", "https://v6.example/hooks", "https://api.localhost/hooks")) {
      InvalidInputException e = catchThrowableOfType(() -> webhooks.register("wechat", bad, "key-1"), InvalidInputException.class);
      assertThat(e).as(bad).isNotNull();
      assertThat(e.problems()).as(bad).singleElement().satisfies(p -> {
        assertThat(p.field()).isEqualTo("url");
        assertThat(p.code()).isIn("webhook.url.https", "webhook.url.private");
      });
    }
    assertThatCode(() -> production.checkRegistration("https://public.example/hooks")).doesNotThrowAnyException();
    assertThatCode(() -> production.checkRegistration("https://not-yet.example/hooks")).doesNotThrowAnyException();
    WebhookUrlPolicy relaxed = new WebhookUrlPolicy(true, false, WebhookDeliveryUrlPolicyTest::resolve);
    assertThatCode(() -> relaxed.checkRegistration("http://localhost:8080/hooks")).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("每次投递前重新解析：域名改指内网（DNS 重绑定）或无法解析时拒绝发送")
  void beforeEachDelivery() {
    assertThat(production.refusal(URI.create("https://public.example/hooks"))).isEmpty();
    assertThat(production.refusal(URI.create("https://rebind.example/hooks"))).hasValueSatisfying(r -> assertThat(r).contains("127.0.0.1"));
    assertThat(production.refusal(URI.create("https://not-yet.example/hooks"))).hasValueSatisfying(r -> assertThat(r).contains("unknown host"));
    assertThat(production.refusal(URI.create("http://public.example/hooks"))).hasValueSatisfying(r -> assertThat(r).contains("https"));
    assertThat(new WebhookUrlPolicy(true, false, WebhookDeliveryUrlPolicyTest::resolve).refusal(URI.create("http://rebind.example/h"))).isEmpty();
  }

  @Test
  @DisplayName("提示文字：中英文均有")
  void messages() throws Exception {
    for (String file : List.of("/i18n/messages.properties", "/i18n/messages_en.properties")) {
      Properties p = new Properties();
      try (var in = new InputStreamReader(getClass().getResourceAsStream(file), StandardCharsets.UTF_8)) {
        p.load(in);
      }
      assertThat(p).as(file).containsKeys("webhook.url.https", "webhook.url.private", "webhook.notFailed",
          "error.forbidden.residentWebhook");
    }
  }

  @Test
  @DisplayName("退避加倍，但不超过 max-delay")
  void backoffIsCapped() {
    WebhookProperties p = new WebhookProperties(true, Duration.ofSeconds(10), Duration.ofSeconds(30), 30, Duration.ofSeconds(10), 50,
        Duration.ofHours(6), Duration.ofDays(30), false, true);
    assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.delayAfter(3)).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.delayAfter(10)).isEqualTo(Duration.ofHours(4).plusMinutes(16));
    assertThat(p.delayAfter(11)).isEqualTo(Duration.ofHours(6));
    assertThat(p.delayAfter(30)).isEqualTo(Duration.ofHours(6));
  }
}
