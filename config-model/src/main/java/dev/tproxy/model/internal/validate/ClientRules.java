package dev.tproxy.model.internal.validate;

import dev.tproxy.model.ClientTool;
import dev.tproxy.model.Service;
import dev.tproxy.model.SshClient;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import dev.tproxy.model.Version;
import dev.tproxy.model.VerifyMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** ssh client entries reach a TLS terminator with what it asks for, with a tool that can do it. */
public final class ClientRules {
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  /** proxytunnel 1.12.0 added -c/-k (client certificates) and made -o set the SNI. */
  public static final Version PROXYTUNNEL_CLIENT_CERTS = Version.of(1, 12);

  void check(Topology t, Findings f) {
    Map<String, String> aliases = new HashMap<>();
    for (int i = 0; i < t.clients().size(); i++) {
      SshClient c = t.clients().get(i);
      String base = Paths.index("clients", i);
      if (c == null) {
        continue;
      }
      if (c.host() == null || !ALIAS.matcher(c.host()).matches()) {
        f.error(Paths.field(base, "host"), Texts.quote(String.valueOf(c.host())) + " is not a host alias",
            "letters, digits, . _ -: the name you will type after ssh");
      } else {
        String earlier = aliases.putIfAbsent(c.host(), base);
        if (earlier != null) {
          f.error(Paths.field(base, "host"), "the alias \"" + c.host() + "\" is already used by " + earlier, "");
        }
      }
      if (c.connect() == null) {
        f.error(Paths.field(base, "connect"), "where the client connects is missing",
            "the public name and port of the front door, e.g. t1.example.org:443");
      } else {
        hostPort(Paths.field(base, "connect"), c.connect().host(), f);
      }
      c.proxy().ifPresent(p -> hostPort(Paths.field(base, "proxy"), p.host(), f));
      c.sni().ifPresent(sni -> {
        if (!Texts.HOST_NAME.matcher(sni).matches()) {
          f.error(Paths.field(base, "sni"), Texts.quote(sni) + " is not a server name", "");
        }
      });
      c.certificate().ifPresent(p -> Texts.checkClientPath(Paths.field(base, "certificate"), p, f));
      c.key().ifPresent(p -> Texts.checkClientPath(Paths.field(base, "key"), p, f));
      c.ca().ifPresent(p -> Texts.checkClientPath(Paths.field(base, "ca"), p, f));
      if (c.certificate().isPresent() != c.key().isPresent()) {
        f.error(Paths.field(base, c.certificate().isPresent() ? "key" : "certificate"),
            "a client certificate needs its key and the key its certificate", "give both certificate and key");
      }
      if (c.serverAliveInterval().isNegative() || c.serverAliveInterval().isZero()
          || c.serverAliveInterval().toMillis() % 1000 != 0) {
        f.error(Paths.field(base, "server-alive-interval"), "ServerAliveInterval is a positive number of seconds", "e.g. 30s");
      }
      service(t, c, base, f);
      tool(c, base, f);
    }
  }

  private static void hostPort(String path, String host, Findings f) {
    if (!Texts.HOST_NAME.matcher(host).matches() && !dev.tproxy.model.IpLiterals.isLiteral(host)) {
      f.error(path, Texts.quote(host) + " is not a host name or address", "");
    }
  }

  private static void service(Topology t, SshClient c, String base, Findings f) {
    String path = Paths.field(base, "service");
    if (c.service() == null || c.service().name() == null) {
      f.error(path, "the service this client reaches is missing", "name the tls-terminate service in front of sshd");
      return;
    }
    Optional<Service> s = t.service(c.service().name());
    if (s.isEmpty()) {
      java.util.List<String> names = t.services().stream().filter(x -> x != null && x.name() != null).map(Service::name).toList();
      f.error(path, "no service is named \"" + c.service().name() + "\"",
          Texts.closest(c.service().name(), names).map(n -> "did you mean \"" + n + "\"?").orElse(""));
      return;
    }
    if (!(s.get().stage() instanceof TlsTerminate tls)) {
      f.error(path, "\"" + c.service().name() + "\" does not terminate TLS",
          "an ssh client entry tunnels ssh through TLS; name the tls-terminate service that unwraps it");
      return;
    }
    if (tls.clientAuth().verify() == VerifyMode.ON && c.certificate().isEmpty()) {
      f.error(Paths.field(base, "certificate"),
          "\"" + c.service().name() + "\" requires a client certificate (client-auth verify: on) and this entry has none",
          "add certificate and key; `tproxy certs` can issue a client certificate from the development CA");
    }
  }

  private static void tool(SshClient c, String base, Findings f) {
    if (c.tool() != ClientTool.PROXYTUNNEL) {
      return;
    }
    if (c.proxy().isEmpty()) {
      f.error(Paths.field(base, "proxy"), "proxytunnel needs an HTTP proxy to tunnel through",
          "add proxy: HOST:PORT, or use tool: openssl to connect directly");
    }
    if (c.toolVersion().isAtLeast(PROXYTUNNEL_CLIENT_CERTS)) {
      return;
    }
    String version = "proxytunnel " + c.toolVersion();
    if (c.certificate().isPresent()) {
      f.error(Paths.field(base, "tool"), version + " cannot send a client certificate",
          "proxytunnel's -c/-k options arrived in 1.12.0 (Debian 12 ships 1.10); use tool: openssl,"
              + " or set tool-version: \"1.12\" if the client has it");
    }
    if (c.sni().isPresent() && c.connect() != null && !c.sni().get().equalsIgnoreCase(c.connect().host())) {
      f.error(Paths.field(base, "sni"), version + " sends the host it connects to (" + c.connect().host()
              + ") as SNI and cannot send " + c.sni().get(),
          "-o sets the SNI only from proxytunnel 1.12.0 (Debian 12 ships 1.10); use tool: openssl,"
              + " or set tool-version: \"1.12\" if the client has it");
    }
  }
}
