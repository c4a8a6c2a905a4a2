package dev.tproxy.runtime;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one client connection did, delivered once it has closed to {@link
 * RuntimeOptions.Builder#connectionListener}. Immutable. The connection log's line is one
 * rendering of it ({@link #toLogLine()}), a JSON object another ({@link #toJson()}).
 *
 * @param service the service that accepted the connection
 * @param client the client: the connection's peer, or the source a trusted PROXY header named
 * @param destination where the client connected to: the listener, or the destination a trusted
 *     PROXY header named
 * @param proxyHeader the trusted PROXY header that named client and destination, if one came
 * @param tls what the TLS handshake of a tls-terminate service settled, if it completed
 * @param route where the stage sent the connection; empty when it decided nothing (the client
 *     left first, a limit or the handshake refused it, or the stage closed it)
 * @param upstream what the connection was joined to; empty when nothing was reached
 * @param bytesFromClient bytes read from the client (TLS bytes for tls-terminate)
 * @param bytesToClient bytes written to the client
 * @param spliced relayed with splice(2): the byte counts stop at what crossed the pipeline
 * @param started when the connection was accepted
 * @param duration from accept to close
 * @param closeReason how it ended, in words: {@code client closed}, {@code idle timeout}, a
 *     refusal or a failure with its cause
 */
public record ConnectionEvent(
    String service,
    InetSocketAddress client,
    InetSocketAddress destination,
    Optional<ProxyHeader> proxyHeader,
    Optional<Tls> tls,
    Optional<Route> route,
    Optional<Upstream> upstream,
    long bytesFromClient,
    long bytesToClient,
    boolean spliced,
    Instant started,
    Duration duration,
    String closeReason) {

  public ConnectionEvent {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(proxyHeader, "proxyHeader");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(closeReason, "closeReason");
  }

  /**
   * A PROXY header from a trusted peer.
   *
   * @param version {@code v1} or {@code v2}
   * @param peer who sent it: the connection's own peer
   * @param ownAddressesKept when the header named no TCP client, why: {@code LOCAL} (its command)
   *     or its protocol ({@code UNKNOWN}, {@code UNIX_STREAM}, ...); the connection's own
   *     addresses were kept then, as the specification says
   */
  public record ProxyHeader(String version, InetSocketAddress peer, Optional<String> ownAddressesKept) {
    public ProxyHeader {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(ownAddressesKept, "ownAddressesKept");
    }
  }

  /**
   * What a completed TLS handshake settled.
   *
   * @param protocol e.g. {@code TLSv1.3}
   * @param cipherSuite e.g. {@code TLS_AES_256_GCM_SHA384}
   * @param serverName the server name the client asked for (SNI), if it asked
   * @param certificate the subject of the certificate the service presented
   * @param clientCertificate the subject of the client's certificate, if it sent one
   */
  public record Tls(String protocol, String cipherSuite, Optional<String> serverName, Optional<String> certificate,
      Optional<String> clientCertificate) {
    public Tls {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(cipherSuite, "cipherSuite");
      Objects.requireNonNull(serverName, "serverName");
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(clientCertificate, "clientCertificate");
    }
  }

  /**
   * The stage's decision.
   *
   * @param target the service or backend chosen
   * @param reason the kind of rule that chose it
   * @param why the log's words for it, e.g. {@code probe ssh}, {@code sni www.example.org (*.example.org)}
   * @param refused the route's connection limit was full: the connection was closed at once
   */
  public record Route(String target, RouteReason reason, String why, boolean refused) {
    public Route {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(why, "why");
    }
  }

  /** What a routed connection was joined to: a socket connection or an in-process backend. */
  public sealed interface Upstream permits Upstream.Socket, Upstream.InProcess {

    /**
     * A connection the runtime opened.
     *
     * @param local its local address (the client's, for a transparent service)
     * @param remote the target's address: TCP, or a unix socket
     * @param bind how the local address was bound
     */
    record Socket(SocketAddress local, SocketAddress remote, BindOutcome bind) implements Upstream {
      public Socket {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(bind, "bind");
      }
    }

    /** The embedder's in-process backend {@code backend}: the client's own channel, no socket. */
    record InProcess(String backend) implements Upstream {
      public InProcess {
        Objects.requireNonNull(backend, "backend");
      }
    }
  }

  /** The connection log's line, as logger {@code dev.tproxy.runtime.connections} writes it. */
  public String toLogLine() {
    return ConnectionLogFormat.text(this);
  }

  /** One JSON object on one line ({@link ConnectionLogFormat#json}). */
  public String toJson() {
    return ConnectionLogFormat.json(this);
  }
}
