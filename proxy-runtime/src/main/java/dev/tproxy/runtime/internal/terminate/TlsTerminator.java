package dev.tproxy.runtime.internal.terminate;

import dev.tproxy.model.TlsTerminate;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.TproxyStartException;
import dev.tproxy.runtime.internal.PipelineNames;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of one tls-terminate service: what its files held when last read (a {@link
 * Generation}), the TLS handlers each new connection gets from it, and the reload that replaces
 * it when the files change. A connection keeps the generation it started with, so a reload never
 * touches open connections; a reload that fails (a file half written, the key not yet swapped
 * with its certificate) keeps the old generation and is tried again at the next check.
 */
public final class TlsTerminator {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tproxy.runtime.tls");

  /** An SSL context with the check that goes with it, made from one reading of the files. */
  private record Generation(SslContext context, ClientCertificateCheck clients, FileStamps stamps) {}

  private final String service;
  private final TlsTerminate stage;
  private final TlsProvider provider;
  private final Duration handshakeTimeout;
  private final AtomicReference<Generation> current = new AtomicReference<>();
  /** Files that could not be used, as they were then: not read again (nor warned about) until they change. */
  private volatile FileStamps unusable;

  private TlsTerminator(String service, TlsTerminate stage, TlsProvider provider, Duration handshakeTimeout) {
    this.service = service;
    this.stage = stage;
    this.provider = provider;
    this.handshakeTimeout = handshakeTimeout;
  }

  /** Reads the stage's files; a start fails when they cannot be used. */
  public static TlsTerminator start(String service, TlsTerminate stage, TlsProvider provider, Duration handshakeTimeout) {
    TlsContextFactory.checkAvailable(provider);
    TlsTerminator t = new TlsTerminator(service, stage, provider, handshakeTimeout);
    try {
      t.current.set(t.read());
    } catch (IOException | RuntimeException e) {
      throw new TproxyStartException("service \"" + service + "\" cannot terminate TLS: " + e.getMessage(), e);
    }
    return t;
  }

  private Generation read() throws IOException {
    // Stamps first: a change while reading shows up at the next check and is read again.
    FileStamps stamps = FileStamps.of(TlsCredentials.files(stage));
    TlsCredentials credentials = TlsCredentials.read(stage);
    ClientCertificateCheck clients = TlsContextFactory.clientCheck(stage, credentials);
    return new Generation(TlsContextFactory.create(stage, credentials, clients, provider), clients, stamps);
  }

  public String service() {
    return service;
  }

  /** Files the stage reads: certificates, keys, passphrase files, the client CA. */
  public List<java.nio.file.Path> files() {
    return TlsCredentials.files(stage);
  }

  /**
   * Reads the files again if they changed since the last reading; returns whether a new
   * generation took over. Runs off the event loops (file reads, key decryption).
   */
  public boolean reloadIfChanged() {
    Generation g = current.get();
    FileStamps now = FileStamps.of(TlsCredentials.files(stage));
    if (now.equals(g.stamps()) || now.equals(unusable)) {
      return false;
    }
    try {
      current.set(read());
      unusable = null;
      LOG.info("service \"{}\": certificates reloaded ({}); open connections keep the ones they started with",
          service, now.describeChangeFrom(g.stamps()));
      return true;
    } catch (IOException | RuntimeException e) {
      unusable = now;
      LOG.warn("service \"{}\": certificate files changed but cannot be used yet, keeping the previous ones until"
          + " they change again: {}", service, e.getMessage());
      return false;
    }
  }

  /** Adds the TLS handler and the handshake gate to a new connection's pipeline. */
  public void addHandlers(Channel ch, ConnectionRecord record) {
    Generation g = current.get();
    SslHandler tls = g.context().newHandler(ch.alloc());
    SSLEngine engine = tls.engine();
    SSLParameters p = engine.getSSLParameters();
    p.setUseCipherSuitesOrder(true); // nginx: ssl_prefer_server_ciphers on, as generated
    engine.setSSLParameters(p);
    tls.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    ch.pipeline().addLast(PipelineNames.TLS, tls);
    ch.pipeline().addLast(PipelineNames.TLS_GATE,
        new HandshakeGate(tls, g.clients(), record, stage.session().cacheSize() == 0 && provider == TlsProvider.JDK));
  }
}
