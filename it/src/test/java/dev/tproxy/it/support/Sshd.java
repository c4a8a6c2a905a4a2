package dev.tproxy.it.support;

import dev.tproxy.runtime.testing.NetnsTestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd (Debian's openssh-server) inside a namespace of the test bed: its own host
 * key, one authorized client key (also made here), its configuration given on the command line,
 * its log in the test's directory. Stopped with the bed.
 */
public final class Sshd {
  public static final String SSHD = "/usr/sbin/sshd";

  private final Path dir;
  private final Path log;

  private Sshd(Path dir, Path log) {
    this.dir = dir;
    this.log = log;
  }

  /** Starts sshd on {@code listen} ({@code ip:port}) in {@code namespace} and waits until it listens. */
  public static Sshd start(NetnsTestBed bed, String namespace, String listen) {
    NetnsTestBed.requireExecutable(SSHD, "OpenSSH's sshd (package openssh-server; scripts/install-debian-packages.sh)");
    NetnsTestBed.requireExecutable("/usr/bin/ssh-keygen", "ssh-keygen (package openssh-client)");
    Path dir = bed.directory().resolve("sshd");
    try {
      Files.createDirectories(dir);
      // sshd started as root wants its privilege-separation directory
      Files.createDirectories(Path.of("/run/sshd"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    keygen(dir.resolve("host_ed25519"));
    keygen(dir.resolve("id_ed25519"));
    try {
      Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path log = dir.resolve("sshd.log");
    bed.startLogged(namespace, log, SSHD, "-D", "-e", "-f", "/dev/null",
        "-o", "ListenAddress=" + listen,
        "-o", "HostKey=" + dir.resolve("host_ed25519"),
        "-o", "AuthorizedKeysFile=" + dir.resolve("authorized_keys"),
        "-o", "PidFile=none",
        "-o", "UsePAM=no",
        "-o", "StrictModes=no",
        "-o", "PasswordAuthentication=no",
        "-o", "KbdInteractiveAuthentication=no",
        "-o", "PermitRootLogin=prohibit-password",
        "-o", "LogLevel=VERBOSE");
    Listening.await(namespace, listen, "sshd (log: " + log + ")");
    return new Sshd(dir, log);
  }

  /** The private key sshd accepts. */
  public Path clientKey() {
    return dir.resolve("id_ed25519");
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void keygen(Path key) {
    try {
      Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tproxy-it", "-f", key.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("ssh-keygen failed for " + key + ": " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
