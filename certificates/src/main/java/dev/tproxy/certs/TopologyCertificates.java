package dev.tproxy.certs;

import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.SshClient;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import dev.tproxy.pem.IssuedCertificate;
import dev.tproxy.pem.PassphraseSource;
import dev.tproxy.pem.PemContentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the certificates a topology names, signed by one development CA: a server certificate
 * for every certificate entry of a tls-terminate stage (its server names as CN and SAN), the CA
 * certificate wherever a terminator verifies clients or a client checks the server, and a client
 * certificate for every ssh client entry that names one. Files that exist are kept; nothing is
 * overwritten unless asked.
 */
public final class TopologyCertificates {

  private static final Logger LOG = LoggerFactory.getLogger(TopologyCertificates.class);

  /**
   * @param caDirectory where the CA's {@code ca.pem} and {@code ca.key} live (reused when present)
   * @param homeDirectory what {@code ~} means in client paths
   * @param overwrite replace existing files instead of keeping them
   */
  public record Options(Path caDirectory, Path homeDirectory, boolean overwrite, KeyAlgorithm keyAlgorithm) {
    public Options {
      Objects.requireNonNull(caDirectory, "caDirectory");
      Objects.requireNonNull(homeDirectory, "homeDirectory");
      Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
    }

    public static Options in(Path caDirectory) {
      return new Options(caDirectory, Path.of(System.getProperty("user.home")), false, KeyAlgorithm.EC_P256);
    }

    public Options overwriting(boolean replace) {
      return new Options(caDirectory, homeDirectory, replace, keyAlgorithm);
    }

    public Options withHome(Path home) {
      return new Options(caDirectory, home, overwrite, keyAlgorithm);
    }
  }

  /** What happened to one file pair. */
  public enum Outcome {
    CREATED,
    KEPT,
    REPLACED
  }

  /**
   * One certificate (and key, when it has one) that {@link #create} took care of.
   *
   * @param purpose e.g. "server t2.yourdomain.top for tunnel"
   * @param key null for CA copies, which carry no key
   */
  public record Result(String purpose, Path certificate, Path key, Outcome outcome) {}

  private final Topology topology;
  private final Options options;
  private final List<Result> results = new ArrayList<>();
  private final Set<Path> done = new LinkedHashSet<>();

  private TopologyCertificates(Topology topology, Options options) {
    this.topology = topology;
    this.options = options;
  }

  public static List<Result> create(Topology topology, Options options) throws IOException {
    return new TopologyCertificates(topology, options).run();
  }

  private List<Result> run() throws IOException {
    CertificateAuthority ca = authority();
    for (Service s : topology.services()) {
      if (!(s.stage() instanceof TlsTerminate tls)) {
        continue;
      }
      for (CertificateEntry e : tls.certificates()) {
        List<String> names = e.serverNames().isEmpty() ? List.of("localhost") : e.serverNames();
        List<String> ips = s.listen().stream().filter(l -> !l.isWildcard()).map(SocketEndpoint::address)
            .map(dev.tproxy.model.IpLiterals::format).distinct().toList();
        CertificateSpec spec = CertificateSpec.server(names.toArray(String[]::new))
            .withIpAddresses(e.serverNames().isEmpty() ? ips : List.of())
            .withKeyAlgorithm(options.keyAlgorithm());
        pair("server " + names.get(0) + " for " + s.name(), e.certificate(), e.key(), () -> ca.issueServer(spec));
      }
      if (tls.clientAuth().ca().isPresent()) {
        caCopy("client CA for " + s.name(), tls.clientAuth().ca().get(), ca);
      }
    }
    for (SshClient c : topology.clients()) {
      if (c.certificate().isPresent() && c.key().isPresent()) {
        CertificateSpec spec = CertificateSpec.client(c.host()).withKeyAlgorithm(options.keyAlgorithm());
        pair("client " + c.host(), home(c.certificate().get()), home(c.key().get()), () -> ca.issueClient(spec));
      }
      if (c.ca().isPresent()) {
        caCopy("server CA for client " + c.host(), home(c.ca().get()), ca);
      }
    }
    return List.copyOf(results);
  }

  private CertificateAuthority authority() throws IOException {
    Path cert = options.caDirectory().resolve("ca.pem");
    Path key = options.caDirectory().resolve("ca.key");
    boolean certExists = Files.exists(cert);
    boolean keyExists = Files.exists(key);
    if (certExists && keyExists && !options.overwrite()) {
      results.add(new Result("development CA", cert, key, Outcome.KEPT));
      return CertificateAuthority.load(cert, key, PassphraseSource.none());
    }
    if (certExists != keyExists && !options.overwrite()) {
      throw new PemContentException((certExists ? cert : key) + " exists without " + (certExists ? key : cert)
          + "; remove it or ask to overwrite");
    }
    CertificateAuthority ca = CertificateAuthority.create("tproxy development CA (" + topology.name() + ")",
        options.keyAlgorithm(), CertificateAuthority.DEFAULT_VALIDITY, java.time.Clock.systemUTC(),
        new java.security.SecureRandom());
    PemWriter.writePrivateKey(key, ca.privateKey(), existing());
    PemWriter.writeCertificates(cert, List.of(ca.certificate()), existing());
    results.add(new Result("development CA", cert, key, certExists ? Outcome.REPLACED : Outcome.CREATED));
    return ca;
  }

  private interface Issue {
    IssuedCertificate issue();
  }

  private void pair(String purpose, Path cert, Path key, Issue issue) throws IOException {
    if (!done.add(cert)) {
      return;
    }
    boolean certExists = Files.exists(cert);
    boolean keyExists = Files.exists(key);
    if (certExists && keyExists && !options.overwrite()) {
      results.add(new Result(purpose, cert, key, Outcome.KEPT));
      return;
    }
    if (certExists != keyExists && !options.overwrite()) {
      throw new PemContentException((certExists ? cert : key) + " exists without " + (certExists ? key : cert)
          + " (" + purpose + "); remove it or ask to overwrite");
    }
    PemWriter.write(issue.issue(), cert, key, existing());
    LOG.debug("wrote {} to {} and {}", purpose, cert, key);
    results.add(new Result(purpose, cert, key, certExists ? Outcome.REPLACED : Outcome.CREATED));
  }

  private void caCopy(String purpose, Path target, CertificateAuthority ca) throws IOException {
    if (!done.add(target)) {
      return;
    }
    String pem = PemWriter.toPem(ca.certificate());
    if (Files.exists(target)) {
      if (Arrays.equals(Files.readAllBytes(target), pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        results.add(new Result(purpose, target, null, Outcome.KEPT));
        return;
      }
      if (!options.overwrite()) {
        throw new PemContentException(target + " exists and holds another certificate than the development CA ("
            + purpose + "); remove it or ask to overwrite");
      }
    }
    boolean existed = Files.exists(target);
    PemWriter.writeCertificates(target, List.of(ca.certificate()), PemWriter.Existing.OVERWRITE);
    results.add(new Result(purpose, target, null, existed ? Outcome.REPLACED : Outcome.CREATED));
  }

  private Path home(Path p) {
    String s = p.toString();
    return s.startsWith("~/") ? options.homeDirectory().resolve(s.substring(2)) : p;
  }

  private PemWriter.Existing existing() {
    return options.overwrite() ? PemWriter.Existing.OVERWRITE : PemWriter.Existing.REFUSE;
  }
}
