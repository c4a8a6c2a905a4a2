package dev.tproxy.tasks.check;

import dev.tproxy.certs.TopologyCertificates;
import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.ClientAuth;
import dev.tproxy.model.Service;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The topology with every certificate, key, passphrase and CA file of its terminators moved
 * below a staging directory (the same absolute path, under it), where a made-up CA issues
 * stand-ins for them: the real programs can then load what they would load in production,
 * before Let's Encrypt or the operator has put the real files in place.
 */
final class StandInCertificates {
  private StandInCertificates() {}

  static Topology below(Topology t, Path root) throws IOException {
    List<Service> services = new ArrayList<>();
    for (Service s : t.services()) {
      services.add(s.stage() instanceof TlsTerminate tls ? withStage(s, moved(tls, root)) : s);
    }
    Topology moved = new Topology(t.name(), services, t.backends(), t.network(), t.certificateAccess(), t.clients());
    TopologyCertificates.create(moved, TopologyCertificates.Options.in(root.resolve("stand-in-ca"))
        .withHome(root.resolve("home")));
    for (Service s : moved.services()) {
      if (s.stage() instanceof TlsTerminate tls) {
        for (CertificateEntry e : tls.certificates()) {
          if (e.passwordFile().isPresent()) {
            // The stand-in keys are not encrypted: any passphrase file will do.
            Files.createDirectories(e.passwordFile().get().getParent());
            Files.writeString(e.passwordFile().get(), "stand-in\n");
          }
        }
      }
    }
    return moved;
  }

  private static TlsTerminate moved(TlsTerminate tls, Path root) {
    List<CertificateEntry> entries = tls.certificates().stream()
        .map(e -> new CertificateEntry(e.serverNames(), under(root, e.certificate()), under(root, e.key()),
            e.passwordFile().map(p -> under(root, p))))
        .toList();
    ClientAuth auth = new ClientAuth(tls.clientAuth().verify(), tls.clientAuth().ca().map(p -> under(root, p)));
    return new TlsTerminate(entries, tls.protocols(), tls.ciphers(), tls.session(), auth, tls.handshakeTimeout(),
        tls.target());
  }

  static Path under(Path root, Path file) {
    return root.resolve(file.toAbsolutePath().toString().substring(1));
  }

  private static Service withStage(Service s, TlsTerminate stage) {
    return new Service(s.name(), s.listen(), s.engine(), s.transparent(), s.connectTimeout(), s.idleTimeout(),
        s.proxyProtocol(), s.maxConnections(), s.halfClose(), s.transparentBind(), stage);
  }

  /** Every host file the terminators of {@code t} read, with the service and field that name it. */
  static List<HostFile> hostFiles(Topology t) {
    List<HostFile> files = new ArrayList<>();
    if (t == null) {
      return files;
    }
    // An invalid topology can have holes: whatever is there is looked for.
    for (int i = 0; i < t.services().size(); i++) {
      Service s = t.services().get(i);
      if (s != null && s.name() != null && s.stage() instanceof TlsTerminate tls) {
        String stage = "services[" + i + "]." + s.stage().kind().id();
        for (int j = 0; j < tls.certificates().size(); j++) {
          CertificateEntry e = tls.certificates().get(j);
          if (e == null) {
            continue;
          }
          String entry = stage + ".certificates[" + j + "]";
          add(files, s, "certificate", entry + ".certificate", e.certificate());
          add(files, s, "key", entry + ".key", e.key());
          e.passwordFile().ifPresent(p -> add(files, s, "password", entry + ".password-file", p));
        }
        tls.clientAuth().ca().ifPresent(p -> add(files, s, "client-auth CA", stage + ".client-auth.ca", p));
      }
    }
    return files;
  }

  private static void add(List<HostFile> files, Service s, String what, String field, Path path) {
    if (path != null) {
      files.add(new HostFile(s, what, field, path));
    }
  }

  /**
   * A file a service reads at start.
   *
   * @param field where the topology names it, e.g. {@code services[2].tls-terminate.certificates[0].key}
   */
  record HostFile(Service service, String what, String field, Path path) {
    /** What is wrong with the file on this host, as validate says it; empty when it can be read. */
    Optional<String> problem() {
      if (!Files.exists(path)) {
        return Optional.of("does not exist");
      }
      return Files.isReadable(path) ? Optional.empty()
          : Optional.of("is not readable by the user " + System.getProperty("user.name"));
    }
  }
}
