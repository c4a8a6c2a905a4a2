package dev.tproxy.tasks.demo;

import dev.tproxy.certs.CertificateAuthority;
import dev.tproxy.certs.CertificateSpec;
import dev.tproxy.model.Backend;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Topology;
import dev.tproxy.pem.IssuedCertificate;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.Table;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Starts the demo stand-ins a topology's backends ask for ({@code demo: http|https|ssh|echo}),
 * so that a topology can be tried with real clients on a machine without the real backends.
 */
public final class DemoBackends implements AutoCloseable {

  private final List<DemoServerHandle> running;

  private DemoBackends(List<DemoServerHandle> running) {
    this.running = running;
  }

  /**
   * @param workDir private directory for generated keys (ssh) and the demo CA (https)
   * @param entryPoint for the printed client commands: where a backend is reached through the
   *     topology, by backend name (e.g. the front door's address), or null for the backend itself
   */
  public static DemoBackends start(Topology t, Path workDir, Function<String, String> entryPoint, Reporter reporter)
      throws IOException {
    return start(t, workDir, entryPoint, reporter, SshDemo.SSHD);
  }

  /** As {@link #start(Topology, Path, Function, Reporter)}, with sshd elsewhere (tests). */
  static DemoBackends start(Topology t, Path workDir, Function<String, String> entryPoint, Reporter reporter, Path sshd)
      throws IOException {
    List<DemoServerHandle> started = new ArrayList<>();
    Table table = new Table("demo backend", "address", "what");
    try {
      for (Backend b : t.backends()) {
        if (b.demo().isEmpty() || !(b.address() instanceof BackendAddress.Tcp tcp)) {
          continue;
        }
        InetSocketAddress address = tcp.endpoint().toInetSocketAddress();
        String via = entryPoint == null ? null : entryPoint.apply(b.name());
        DemoServerHandle h;
        try {
          h = switch (b.demo().get()) {
            case HTTP -> HttpDemo.http(b.name(), address, via != null ? via : SocketEndpoint.of(address).toString());
            case HTTPS -> HttpDemo.https(b.name(), address, tls(workDir.resolve("demo-ca")));
            case SSH -> SshDemo.start(b.name(), address, workDir.resolve("demo-ssh-" + b.name()),
                via != null ? via : SocketEndpoint.of(address).toString(), sshd);
            case ECHO -> EchoDemo.start(b.name(), address);
          };
        } catch (MissingProgramException e) {
          // One missing program should not keep the rest of the demo from running.
          reporter.warn("demo backend " + b.name() + " not started: " + e.getMessage());
          continue;
        }
        started.add(h);
        table.row(b.name(), tcp.endpoint().toString(), h.description());
      }
    } catch (IOException | RuntimeException e) {
      started.forEach(DemoServerHandle::close);
      throw e;
    }
    if (!started.isEmpty()) {
      table.print(reporter);
    }
    return new DemoBackends(started);
  }

  /** A TLS context with a "localhost" certificate signed by a throw-away demo CA. */
  private static SSLContext tls(Path dir) throws IOException {
    CertificateAuthority ca = CertificateAuthority.create("tproxy demo CA");
    IssuedCertificate cert = ca.issueServer(CertificateSpec.server("localhost").withIpAddresses(List.of("127.0.0.1", "::1")));
    dev.tproxy.certs.PemWriter.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()),
        dev.tproxy.certs.PemWriter.Existing.OVERWRITE);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] none = new char[0];
      ks.setKeyEntry("demo", cert.privateKey(), none, cert.chain().toArray(Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, none);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for the https demo", e);
    }
  }

  public int count() {
    return running.size();
  }

  @Override
  public void close() {
    running.forEach(DemoServerHandle::close);
  }
}
