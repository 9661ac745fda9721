package org.gongzhi.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gongzhi.system.HttpUrls;
import org.gongzhi.system.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where Gongzhi may post a webhook (against SSRF): by default only {@code https} URLs whose host resolves to public
 * addresses only. Checked when a channel registers its URL and again before every delivery, since a name can resolve
 * elsewhere later (DNS rebinding). {@code gongzhi.webhook.allow-private-addresses} and {@code require-https} relax it
 * for the test and dev profiles, whose receivers run on localhost.
 *
 * <p>Residual: the HTTP client resolves the name once more when it connects; a name that changes its answer between
 * the check and the connection (TTL 0) can still slip through. The check closes the plain cases (a literal private
 * address, a name pointing into the network).
 */
@Component
public class WebhookUrlPolicy {

  /** Name resolution, replaceable in tests. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  private final boolean allowPrivateAddresses;
  private final boolean requireHttps;
  private final Resolver resolver;

  @Autowired
  public WebhookUrlPolicy(WebhookProperties properties) {
    this(properties.allowPrivateAddresses(), properties.requireHttps(), host -> List.of(InetAddress.getAllByName(host)));
  }

  public WebhookUrlPolicy(boolean allowPrivateAddresses, boolean requireHttps, Resolver resolver) {
    this.allowPrivateAddresses = allowPrivateAddresses;
    this.requireHttps = requireHttps;
    this.resolver = resolver;
  }

  /**
   * At registration: a 400 naming {@code url} for a non-https URL (when required) or a host that is or resolves to a
   * private address. A name that does not resolve yet is accepted (it is checked again before each delivery).
   */
  public void checkRegistration(String url) {
    if (!HttpUrls.isHttpUrl(url)) {
      throw new InvalidInputException("url", "webhook.url");
    }
    URI uri = URI.create(url.strip());
    if (requireHttps && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new InvalidInputException("url", "webhook.url.https");
    }
    if (!allowPrivateAddresses) {
      String host = host(uri);
      if (host.equals("localhost") || host.endsWith(".localhost")) {
        throw new InvalidInputException("url", "webhook.url.private");
      }
      try {
        if (resolver.resolve(host).stream().anyMatch(WebhookUrlPolicy::isPrivate)) {
          throw new InvalidInputException("url", "webhook.url.private");
        }
      } catch (UnknownHostException notYet) {
        // checked again before every delivery
      }
    }
  }

  /** Before a delivery: why it must not be sent (resolved now), or empty when it may. */
  public Optional<String> refusal(URI uri) {
    if (requireHttps && !"https".equalsIgnoreCase(uri.getScheme())) {
      return Optional.of("refused: not an https URL");
    }
    if (allowPrivateAddresses) {
      return Optional.empty();
    }
    String host = host(uri);
    try {
      for (InetAddress address : resolver.resolve(host)) {
        if (isPrivate(address)) {
          return Optional.of("refused: " + host + " resolves to the non-public address " + address.getHostAddress());
        }
      }
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.of("refused: unknown host " + host);
    }
  }

  private static String host(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * Loopback, RFC 1918 (site-local), link-local (169.254/16 with the cloud metadata address, fe80::/10), any-local,
   * multicast, unique-local IPv6 (fc00::/7), 0/8, carrier-grade NAT 100.64/10 and the broadcast address.
   */
  public static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true;
      }
      boolean mapped = true; // ::ffff:a.b.c.d not already turned into an Inet4Address
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isPrivate(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException impossible) {
          return true;
        }
      }
      return false;
    }
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || (first == 100 && second >= 64 && second < 128)
          || (first == 255 && (b[1] & b[2] & b[3] & 0xff) == 0xff);
    }
    return false;
  }
}
