package dev.tproxy.runtime.internal.probe;

import dev.tproxy.runtime.internal.route.Glob;
import dev.tproxy.runtime.internal.tls.ClientHello;
import dev.tproxy.runtime.internal.tls.ClientHelloParser;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * TLS, optionally restricted by server name and ALPN globs (sslh is_tls_protocol and tls.c):
 * without globs any ClientHello matches; with SNI globs the server name must match one; with
 * ALPN globs one offered protocol must match one; with both, both must.
 *
 * <p>Two readings decide. Whether the bytes are TLS, not TLS or not yet known is sslh's
 * ({@link SslhTlsHeader}); the name and protocols are {@link ClientHelloParser}'s, which reads
 * them only from a well-formed hello. So a hello sslh takes for TLS but whose extensions do not
 * parse is TLS without a usable name: an unfiltered rule matches it, a filtered one does not.
 * Two differences from sslh are kept on purpose (docs/runtime-vs-sslh-nginx.md): a hello
 * fragmented over several records is waited for and reassembled, and a hello without
 * extensions is TLS.
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
    if (hello.isComplete()) {
      return matches(hello) ? ProbeVerdict.MATCH : ProbeVerdict.NEXT;
    }
    SslhTlsHeader.Result sslh = SslhTlsHeader.read(received);
    if (hello.status() == ClientHello.Status.NEED_MORE) {
      // The parser waits for the rest of the hello. sslh has seen enough when the first record
      // alone passes its checks: the handshake length claims more than the hello holds.
      return sslh == SslhTlsHeader.Result.TLS && unfiltered() ? ProbeVerdict.MATCH : ProbeVerdict.AGAIN;
    }
    return switch (sslh) {
      case INCOMPLETE -> ProbeVerdict.AGAIN;
      case NOT_TLS -> ProbeVerdict.NEXT;
      case TLS -> unfiltered() ? ProbeVerdict.MATCH : ProbeVerdict.NEXT;
    };
  }

  private boolean unfiltered() {
    return serverNames.isEmpty() && alpn.isEmpty();
  }

  private boolean matches(ClientHello hello) {
    boolean sniOk = serverNames.isEmpty()
        || hello.serverName().map(name -> serverNames.stream().anyMatch(g -> g.matches(name))).orElse(false);
    boolean alpnOk = alpn.isEmpty()
        || hello.alpn().stream().anyMatch(p -> alpn.stream().anyMatch(g -> g.matches(p)));
    return sniOk && alpnOk;
  }
}
