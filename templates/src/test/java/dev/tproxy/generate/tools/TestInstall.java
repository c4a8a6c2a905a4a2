package dev.tproxy.generate.tools;

import dev.tproxy.generate.GeneratedFiles;
import dev.tproxy.generate.GeneratedFilesWriter;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.Service;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated file set installed into a temporary directory the way it would be on a host: the
 * options point every install path into {@code root}, and the certificate files the topology
 * names exist there, so that nginx and stunnel can load them.
 */
public final class TestInstall {
  private final Path root;
  private final Path out;
  private final GeneratorOptions options;

  public TestInstall(Path root) {
    this.root = root;
    this.out = root.resolve("out");
    this.options = GeneratorOptions.builder()
        .sslhBinary(Tools.require("sslh", "sslh"))
        .launcher(root.resolve("opt/tproxy/bin/tproxy"))
        .stagedIn(out, root)
        .build();
    try {
      Files.createDirectories(root.resolve("run"));
      Files.createDirectories(root.resolve("log"));
      // systemd-analyze verify wants the runtime unit's launcher executable; a stand-in will do.
      Path launcher = Files.createDirectories(options.launcher().getParent()).resolve("tproxy");
      Files.writeString(launcher, "#!/bin/sh\nexit 0\n");
      launcher.toFile().setExecutable(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }

  public Path out() {
    return out;
  }

  public GeneratorOptions options() {
    return options;
  }

  /** Creates every certificate, key and CA file the topology's terminators name. */
  public void installCertificates(Topology topology, TestCertificates certificates) {
    for (Service s : topology.services()) {
      if (s.stage() instanceof TlsTerminate tls) {
        for (CertificateEntry e : tls.certificates()) {
          certificates.installCertificate(e.certificate());
          if (e.passwordFile().isPresent()) {
            copyFile(certificates.encryptedKey(), e.key());
            copyFile(certificates.passwordFile(), e.passwordFile().get());
          } else {
            certificates.installKey(e.key());
          }
        }
        tls.clientAuth().ca().ifPresent(certificates::installCa);
      }
    }
    for (Path p : topology.certificateAccess().paths()) {
      try {
        Files.createDirectories(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void copyFile(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Generates and writes the files into {@link #out()}. */
  public GeneratedFiles generate(Topology topology) {
    GeneratedFiles files = Generator.generate(topology, options);
    new GeneratedFilesWriter().write(files, out);
    return files;
  }

  /** Replaces this install's paths by the default ones, to compare with golden files. */
  public String withDefaultPaths(String content) {
    GeneratorOptions d = GeneratorOptions.defaults();
    return content
        .replace(options.sslhBinary().toString(), d.sslhBinary().toString())
        .replace(options.launcher().toString(), d.launcher().toString())
        .replace(options.sslhConfigDirectory().toString(), d.sslhConfigDirectory().toString())
        .replace(options.stunnelConfigDirectory().toString(), d.stunnelConfigDirectory().toString())
        .replace(options.nginxConfigDirectory().toString(), d.nginxConfigDirectory().toString())
        .replace(options.nginxPidFile().toString(), d.nginxPidFile().toString())
        .replace(options.nginxErrorLog().toString(), d.nginxErrorLog().toString())
        .replace(options.scriptDirectory().toString(), d.scriptDirectory().toString())
        .replace(options.configDirectory().toString(), d.configDirectory().toString())
        .replace(root.toString(), "");
  }
}
