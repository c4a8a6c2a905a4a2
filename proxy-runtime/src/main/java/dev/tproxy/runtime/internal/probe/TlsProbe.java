package dev.tproxy.runtime.internal.probe;

import dev.tproxy.runtime.internal.route.Glob;
import dev.tproxy.runtime.internal.tls.ClientHello;
import dev.tproxy.runtime.internal.tls.ClientHelloParser;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * TLS, optionally restricted by server name and ALPN globs (sslh is_tls_protocol and tls.c):
 * without globs any complete ClientHello matches; with SNI globs the server name must match one;
 * with ALPN globs one offered protocol must match one; with both, both must. Not TLS, malformed,
 * or not matching: next probe. Incomplete: wait.
 */
final class TlsProbe implements ProtocolProbe {
  private final List<Glob> serverNames;
  private final List<Glob> alpn;

  TlsProbe(List<String> serverNames, List<String> alpn) {
    this.serverNames = serverNames.stream().map(Glob::serverName).toList();
    this.alpn = alpn.stream().map(Glob::alpn).toList();
  }

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    ClientHello hello = ClientHelloParser.parse(received);
    return switch (hello.status()) {
      case NEED_MORE -> ProbeVerdict.AGAIN;
      case NOT_TLS, MALFORMED -> ProbeVerdict.NEXT;
      case COMPLETE -> matches(hello) ? ProbeVerdict.MATCH : ProbeVerdict.NEXT;
    };
  }

  private boolean matches(ClientHello hello) {
    boolean sniOk = serverNames.isEmpty()
        || hello.serverName().map(name -> serverNames.stream().anyMatch(g -> g.matches(name))).orElse(false);
    boolean alpnOk = alpn.isEmpty()
        || hello.alpn().stream().anyMatch(p -> alpn.stream().anyMatch(g -> g.matches(p)));
    return sniOk && alpnOk;
  }
}
