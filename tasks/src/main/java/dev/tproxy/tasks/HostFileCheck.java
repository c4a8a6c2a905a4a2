package dev.tproxy.tasks;

import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.Service;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import dev.tproxy.pem.KeyMatcher;
import dev.tproxy.pem.PassphraseSource;
import dev.tproxy.pem.PemReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The files a topology names on the proxy host (certificates, keys, passphrase files, client CAs
 * of its TLS terminators): each must exist and be readable by this user, hold what it should, and
 * each key must be its certificate's. Every problem becomes a diagnostic at the field that names
 * the file; locations are added by the caller.
 */
public final class HostFileCheck {
  private HostFileCheck() {}

  /**
   * Problems with the files of the services {@code which} accepts, in topology order; empty when all is well.
   *
   * @param skip how the front end turns these checks off, for the hint of a missing file; null: not said
   */
  public static List<Diagnostic> check(Topology t, Predicate<Service> which, String skip) {
    String missing = "create it (tproxy certs makes development certificates)"
        + (skip == null ? "" : "; on a machine without it, validate with " + skip);
    List<Diagnostic> out = new ArrayList<>();
    for (int i = 0; i < t.services().size(); i++) {
      Service s = t.services().get(i);
      if (which.test(s) && s.stage() instanceof TlsTerminate tls) {
        String stage = "services[" + i + "]." + s.stage().kind().id();
        for (int j = 0; j < tls.certificates().size(); j++) {
          entry(tls.certificates().get(j), stage + ".certificates[" + j + "]", missing, out);
        }
        tls.clientAuth().ca().ifPresent(ca -> {
          String path = stage + ".client-auth.ca";
          if (usable(ca, "client-auth CA", path, missing, out)) {
            pem(path, out, () -> PemReader.readCertificates(ca));
          }
        });
      }
    }
    return out;
  }

  private static void entry(CertificateEntry e, String base, String missing, List<Diagnostic> out) {
    boolean cert = usable(e.certificate(), "certificate", base + ".certificate", missing, out);
    boolean key = usable(e.key(), "key", base + ".key", missing, out);
    boolean password = e.passwordFile().map(p -> usable(p, "password", base + ".password-file",
        "write the key's passphrase on its first line", out)).orElse(true);
    Optional<List<X509Certificate>> chain =
        cert ? pem(base + ".certificate", out, () -> PemReader.readCertificates(e.certificate())) : Optional.empty();
    if (!key || !password) {
      return;
    }
    PassphraseSource passphrase = e.passwordFile().map(PassphraseSource::fromFile).orElse(PassphraseSource.none());
    Optional<PrivateKey> privateKey = pem(base + ".key", out, () -> PemReader.readPrivateKey(e.key(), passphrase));
    if (chain.isPresent() && privateKey.isPresent()
        && !KeyMatcher.matches(chain.get().get(0).getPublicKey(), privateKey.get())) {
      out.add(Diagnostic.error(base + ".key",
          "the key file " + e.key() + " is not the key of the certificate in " + e.certificate(),
          "name the key issued with this certificate (after a renewal, both files of the new pair)"));
    }
  }

  /** Whether {@code file} exists, is a file and readable; a diagnostic when not. */
  private static boolean usable(Path file, String what, String path, String missing, List<Diagnostic> out) {
    if (file == null) {
      return false;
    }
    String problem;
    String hint;
    if (!Files.exists(file)) {
      problem = "does not exist";
      hint = missing;
    } else if (Files.isDirectory(file)) {
      problem = "is a directory";
      hint = "name the " + what + " file in it";
    } else if (!Files.isReadable(file)) {
      problem = "is not readable by the user " + System.getProperty("user.name");
      hint = "let the user that runs the service read it";
    } else {
      return true;
    }
    out.add(Diagnostic.error(path, "the " + what + " file " + file + " " + problem, hint));
    return false;
  }

  private interface PemRead<T> {
    T read() throws IOException;
  }

  private static <T> Optional<T> pem(String path, List<Diagnostic> out, PemRead<T> read) {
    try {
      return Optional.of(read.read());
    } catch (IOException e) {
      out.add(Diagnostic.error(path, e.getMessage(), ""));
      return Optional.empty();
    }
  }
}
