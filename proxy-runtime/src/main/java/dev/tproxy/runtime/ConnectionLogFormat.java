package dev.tproxy.runtime;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The renderings of a {@link ConnectionEvent}: the connection log's text line and a JSON object
 * on one line (the launcher's {@code --log-format json}). Both are made only when someone reads
 * them.
 */
public final class ConnectionLogFormat {
  private ConnectionLogFormat() {}

  /**
   * The text line: {@code front 10.77.0.2:40368 -> 10.77.0.1:443 route probe ssh -> sshd upstream
   * 10.77.0.2:37846 -> 192.168.255.254:22 (transparent, client port kept) bytes 120/2048 duration
   * 1.204s closed client closed}; with {@code (via PROXY v2 from ip:port)} after the addresses
   * and {@code tls <protocol> <suite> sni <name> certificate <subject> [client <subject>]} before
   * the route where they apply.
   */
  public static String text(ConnectionEvent e) {
    StringBuilder b = new StringBuilder(200);
    b.append(e.service()).append(' ').append(address(e.client())).append(" -> ").append(address(e.destination()));
    e.proxyHeader().ifPresent(p -> {
      b.append(" (via PROXY ").append(p.version());
      p.ownAddressesKept().ifPresent(why -> b.append(' ').append(why).append(", own addresses kept,"));
      b.append(" from ").append(address(p.peer())).append(')');
    });
    e.tls().ifPresent(t -> {
      b.append(" tls ").append(t.protocol()).append(' ').append(t.cipherSuite());
      b.append(" sni ").append(t.serverName().orElse("none"));
      t.certificate().ifPresent(c -> b.append(" certificate ").append(c));
      t.clientCertificate().ifPresent(c -> b.append(" client ").append(c));
    });
    b.append(" route ");
    if (e.route().isPresent()) {
      ConnectionEvent.Route r = e.route().get();
      b.append(r.why()).append(" -> ").append(r.target());
      if (r.refused()) {
        b.append(" (refused)");
      }
    } else {
      b.append("none");
    }
    b.append(" upstream ");
    if (e.upstream().orElse(null) instanceof ConnectionEvent.Upstream.Socket s) {
      b.append(address(s.local())).append(" -> ").append(address(s.remote())).append(" (").append(s.bind().description()).append(')');
    } else if (e.upstream().orElse(null) instanceof ConnectionEvent.Upstream.InProcess p) {
      b.append("in-process \"").append(p.backend()).append('"');
    } else {
      b.append("none");
    }
    b.append(" bytes ").append(e.bytesFromClient()).append('/').append(e.bytesToClient());
    if (e.spliced()) {
      b.append(" (+spliced)");
    }
    long millis = e.duration().toMillis();
    // seconds with three decimals, e.g. 1.204s: 1000 + the milliseconds gives the leading zeros
    b.append(" duration ").append(millis / 1000).append('.').append(String.valueOf(1000 + millis % 1000), 1, 4).append('s');
    b.append(" closed ").append(e.closeReason());
    return b.toString();
  }

  /**
   * One JSON object on one line, with the event's fields (absent ones left out), addresses as
   * the text line writes them, enum values in lower case and the duration in milliseconds:
   * <pre>{@code {"event":"connection","service":"front","client":"203.0.113.7:40368",
   * "destination":"10.77.0.1:443","route":{"target":"sshd","reason":"probe","why":"probe ssh",
   * "refused":false},"upstream":{"local":"203.0.113.7:40368","remote":"127.0.0.1:22",
   * "bind":"client_port"},"bytesFromClient":120,"bytesToClient":2048,"spliced":false,
   * "started":"2025-01-31T12:00:00.123Z","durationMillis":1204,"closeReason":"client closed"}}</pre>
   */
  public static String json(ConnectionEvent e) {
    StringBuilder b = new StringBuilder(400);
    JsonObjectWriter o = new JsonObjectWriter(b)
        .field("event", "connection")
        .field("service", e.service())
        .field("client", address(e.client()))
        .field("destination", address(e.destination()));
    e.proxyHeader().ifPresent(p -> {
      JsonObjectWriter h = o.object("proxyHeader").field("version", p.version()).field("peer", address(p.peer()));
      p.ownAddressesKept().ifPresent(why -> h.field("ownAddressesKept", why));
      h.end();
    });
    e.tls().ifPresent(t -> {
      JsonObjectWriter w = o.object("tls").field("protocol", t.protocol()).field("cipherSuite", t.cipherSuite());
      t.serverName().ifPresent(n -> w.field("serverName", n));
      t.certificate().ifPresent(c -> w.field("certificate", c));
      t.clientCertificate().ifPresent(c -> w.field("clientCertificate", c));
      w.end();
    });
    e.route().ifPresent(r -> o.object("route").field("target", r.target()).field("reason", r.reason().tag())
        .field("why", r.why()).field("refused", r.refused()).end());
    e.upstream().ifPresent(u -> {
      JsonObjectWriter w = o.object("upstream");
      if (u instanceof ConnectionEvent.Upstream.Socket s) {
        w.field("local", address(s.local())).field("remote", address(s.remote()))
            .field("bind", s.bind().name().toLowerCase(Locale.ROOT));
      } else if (u instanceof ConnectionEvent.Upstream.InProcess p) {
        w.field("inProcess", p.backend());
      }
      w.end();
    });
    o.field("bytesFromClient", e.bytesFromClient())
        .field("bytesToClient", e.bytesToClient())
        .field("spliced", e.spliced())
        .field("started", DateTimeFormatter.ISO_INSTANT.format(e.started()))
        .field("durationMillis", e.duration().toMillis())
        .field("closeReason", e.closeReason())
        .end();
    return b.toString();
  }

  /** {@code 192.0.2.1:443}, {@code [2001:db8::1]:443}, {@code unix:/run/app.sock}; {@code unnamed} for none. */
  public static String address(SocketAddress a) {
    if (a instanceof InetSocketAddress i) {
      String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
    }
    if (a == null || a.toString().isEmpty()) {
      return "unnamed";
    }
    return "unix:" + a;
  }
}
