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
public final class Sshd implements AutoCloseable {
  public static final String SSHD = "/usr/sbin/sshd";

  private final Path dir;
  private final Path log;
  /** The process when it runs in this namespace; the bed stops the ones it started. */
  private final Process own;

  private Sshd(Path dir, Path log, Process own) {
    this.dir = dir;
    this.log = log;
    this.own = own;
  }

  /** Starts sshd on {@code listen} ({@code ip:port}) in {@code namespace} and waits until it listens. */
  public static Sshd start(NetnsTestBed bed, String namespace, String listen) {
    Path dir = bed.directory().resolve("sshd");
    Path log = dir.resolve("sshd.log");
    bed.startLogged(namespace, log, command(dir, listen));
    Listening.await(namespace, listen, "sshd (log: " + log + ")");
    return new Sshd(dir, log, null);
  }

  /**
   * Starts sshd on {@code listen} in this network namespace, its files in {@code dir}, and waits
   * until it listens; {@link #close()} stops it.
   */
  public static Sshd startHere(Path dir, String listen) {
    Path log = dir.resolve("sshd").resolve("sshd.log");
    String[] command = command(dir.resolve("sshd"), listen);
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Sshd sshd = new Sshd(dir.resolve("sshd"), log, p);
    try {
      Listening.await(null, listen, "sshd (log: " + log + ")");
    } catch (AssertionError e) {
      sshd.close();
      throw e;
    }
    return sshd;
  }

  /** Makes the keys in {@code dir} and returns sshd's command line. */
  private static String[] command(Path dir, String listen) {
    NetnsTestBed.requireExecutable(SSHD, "OpenSSH's sshd (package openssh-server; scripts/install-debian-packages.sh)");
    NetnsTestBed.requireExecutable("/usr/bin/ssh-keygen", "ssh-keygen (package openssh-client)");
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
    return new String[] {SSHD, "-D", "-e", "-f", "/dev/null",
        "-o", "ListenAddress=" + listen,
        "-o", "HostKey=" + dir.resolve("host_ed25519"),
        "-o", "AuthorizedKeysFile=" + dir.resolve("authorized_keys"),
        "-o", "PidFile=none",
        "-o", "UsePAM=no",
        "-o", "StrictModes=no",
        "-o", "PasswordAuthentication=no",
        "-o", "KbdInteractiveAuthentication=no",
        "-o", "PermitRootLogin=prohibit-password",
        "-o", "LogLevel=VERBOSE"};
  }

  @Override
  public void close() {
    if (own != null) {
      own.destroy();
      try {
        own.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
