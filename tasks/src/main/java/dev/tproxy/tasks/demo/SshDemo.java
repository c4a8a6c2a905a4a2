package dev.tproxy.tasks.demo;

import dev.tproxy.model.SocketEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd (Debian package openssh-server) on the backend's address, with its own
 * host key and a generated client key that is the only one it accepts. It runs as the current
 * user, in the foreground, until closed.
 */
final class SshDemo implements DemoServerHandle {
  static final Path SSHD = Path.of("/usr/sbin/sshd");

  private final Process sshd;
  private final String description;

  private SshDemo(Process sshd, String description) {
    this.sshd = sshd;
    this.description = description;
  }

  /**
   * @param dir a private directory for the keys
   * @param clientPort the port clients connect to (the proxy's), for the printed command
   */
  static SshDemo start(String name, InetSocketAddress address, Path dir, String clientHostPort, Path sshd)
      throws IOException {
    if (!Files.isExecutable(sshd)) {
      throw new MissingProgramException("the ssh demo for " + name + " needs " + sshd
          + " (Debian package openssh-server; scripts/install-debian-packages.sh installs it)");
    }
    Files.createDirectories(dir);
    Path hostKey = dir.resolve("host_ed25519");
    Path clientKey = dir.resolve("id_ed25519");
    keygen(hostKey);
    keygen(clientKey);
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    if ("root".equals(System.getProperty("user.name"))) {
      // sshd started by root insists on its privilege-separation directory.
      Files.createDirectories(Path.of("/run/sshd"));
    }
    List<String> cmd = new ArrayList<>(List.of(sshd.toString(), "-D", "-e", "-f", "/dev/null",
        "-o", "ListenAddress=" + SocketEndpoint.of(address).toString(),
        "-o", "HostKey=" + hostKey,
        "-o", "AuthorizedKeysFile=" + dir.resolve("authorized_keys"),
        "-o", "PidFile=none",
        "-o", "UsePAM=no",
        "-o", "StrictModes=no",
        "-o", "PasswordAuthentication=no",
        "-o", "KbdInteractiveAuthentication=no",
        "-o", "PermitRootLogin=prohibit-password"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("sshd.log").toFile()).start();
    String[] hp = clientHostPort.split(":(?=[0-9]+$)");
    String how = "ssh demo (real sshd), try: ssh -p " + hp[1] + " -i " + clientKey
        + " -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no " + System.getProperty("user.name") + "@" + hp[0];
    return new SshDemo(p, how);
  }

  private static void keygen(Path key) throws IOException {
    Files.deleteIfExists(key);
    Files.deleteIfExists(Path.of(key + ".pub"));
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tproxy-demo", "-f", key.toString())
        .redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("ssh-keygen failed for " + key + ": " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating " + key, e);
    }
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    sshd.destroy();
    try {
      if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
        sshd.destroyForcibly();
      }
    } catch (InterruptedException e) {
      sshd.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
