package dev.tproxy.runtime.internal.terminate;

import dev.tproxy.runtime.ConnectionEvent;
import dev.tproxy.runtime.internal.Causes;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Holds a tls-terminate connection back until its TLS handshake is done and its client
 * certificate (if the stage asks for one) passes: only then does the rest of the pipeline see the
 * connection become active, so the target is connected to only for a client that got through,
 * as nginx's SSL phase runs before its proxy. A failure closes the connection and says at which
 * step in the log: the handshake (protocol, cipher, timeout, a broken client) or the certificate
 * check after it.
 */
final class HandshakeGate extends ChannelInboundHandlerAdapter {
  private final SslHandler tls;
  private final ClientCertificateCheck clients;
  private final ConnectionRecord record;
  private final boolean forgetSessions;
  private final List<Object> held = new ArrayList<>();
  private boolean failed;

  /** @param forgetSessions invalidate each session after its handshake (a JDK provider with the session cache off) */
  HandshakeGate(SslHandler tls, ClientCertificateCheck clients, ConnectionRecord record, boolean forgetSessions) {
    this.tls = tls;
    this.clients = clients;
    this.record = record;
    this.forgetSessions = forgetSessions;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    // Not passed on yet; the TLS handler reads on by itself until its handshake is done.
    ctx.read();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        handshaken(ctx);
      } else if (done.cause() instanceof SslHandshakeTimeoutException) {
        timedOut(ctx, "TLS handshake failed: " + Causes.describe(done.cause()));
      } else {
        failHandshake(ctx, "TLS handshake failed: " + Causes.describe(done.cause()));
      }
      return;
    }
    if (evt == ChannelInputShutdownEvent.INSTANCE) {
      record.clientInputEnded();
      failHandshake(ctx, "client ended its data during the TLS handshake");
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void handshaken(ChannelHandlerContext ctx) {
    record.tlsHandshakeDone();
    SSLSession session = tls.engine().getSession();
    Optional<String> refused = clients.check(session);
    if (refused.isPresent()) {
      session.invalidate();
      if (!failed) {
        failed = true;
        record.clientCertificateRefused("TLS handshake done, then refused: " + refused.get());
      }
      ctx.close();
      return;
    }
    record.tls(settled(session));
    if (forgetSessions) {
      session.invalidate();
    }
    ctx.pipeline().remove(this);
    ctx.fireChannelActive();
    for (Object msg : held) {
      ctx.fireChannelRead(msg);
    }
    if (!held.isEmpty()) {
      ctx.fireChannelReadComplete();
    }
    held.clear();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (failed) {
      ReferenceCountUtil.release(msg);
    } else {
      held.add(msg); // only TLS early data could come before the handshake event; kept in order
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    failHandshake(ctx, "TLS error: " + Causes.describe(cause));
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (failed) {
      held.forEach(ReferenceCountUtil::release);
      held.clear();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    failed = true;
    held.forEach(ReferenceCountUtil::release);
    held.clear();
    record.closeReason("client closed during the TLS handshake");
    ctx.fireChannelInactive();
  }

  /** Before the handshake completed: counted once, as a failed handshake. */
  private void failHandshake(ChannelHandlerContext ctx, String reason) {
    count(reason);
    ctx.close();
  }

  /**
   * At the handshake timeout: counted, and closed without a TLS alert, as nginx does (it skips
   * {@code SSL_shutdown} during a handshake) and the OpenSSL provider too. Closed from the TLS
   * handler's place in the pipeline, so that it does not close its engine's output first, which
   * in the JDK's engine writes user_canceled and close_notify (TlsTerminateLikeNginxIT, a client
   * silent after its ClientHello). Other failures go through the TLS handler: its engine's alert
   * for a refused protocol or suite is written then.
   */
  private void timedOut(ChannelHandlerContext ctx, String reason) {
    count(reason);
    ChannelHandlerContext beforeTls = ctx.pipeline().context(tls);
    (beforeTls != null ? beforeTls : ctx).close();
  }

  private void count(String reason) {
    if (!failed) {
      failed = true;
      record.tlsHandshakeFailed(reason);
    }
  }

  /** Protocol, suite, server name, the certificates' subjects: the log shows {@code TLSv1.3 TLS_AES_256_GCM_SHA384 sni t2.example.org certificate CN=t2.example.org client CN=alice}. */
  static ConnectionEvent.Tls settled(SSLSession session) {
    String certificate = null;
    Certificate[] local = session.getLocalCertificates();
    if (local != null && local.length > 0 && local[0] instanceof X509Certificate x) {
      certificate = x.getSubjectX500Principal().getName();
    }
    String client = null;
    try {
      Certificate[] peer = session.getPeerCertificates();
      if (peer.length > 0 && peer[0] instanceof X509Certificate x) {
        client = x.getSubjectX500Principal().getName();
      }
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate
    }
    return new ConnectionEvent.Tls(session.getProtocol(), session.getCipherSuite(),
        Optional.ofNullable(SniKeyManager.requestedServerName(session)), Optional.ofNullable(certificate),
        Optional.ofNullable(client));
  }
}
