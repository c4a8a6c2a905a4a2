package dev.tproxy.it.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenSSH client run, watched while it runs. The remote command first prints sshd's
 * {@code SSH_CONNECTION} (the client address and port sshd saw) on standard error; when that line
 * arrives the session is open, and that is when the client's own port is looked up (the
 * connection is gone once ssh exits) and when a token, if any, is written to the remote command's
 * standard input. Standard output is summed (SHA-256) as it streams, so that 100 MB can come down
 * without being held.
 */
final class SshSession {
  private static final Logger LOG = LoggerFactory.getLogger(SshSession.class);
  private static final int TEXT_LIMIT = 64 * 1024;

  /**
   * What the client side saw.
   *
   * @param sshConnection sshd's {@code SSH_CONNECTION} ({@code CLIENT-IP CLIENT-PORT SERVER-IP SERVER-PORT}), or empty
   * @param clientPort the client's own port towards the front while the session was open, if found
   * @param stdout the first 64 KiB of standard output
   */
  record Result(int exit, String sshConnection, OptionalInt clientPort, String stdout, String stdoutSha256,
      long stdoutBytes, String stderr, double seconds) {
    /** A field of {@code SSH_CONNECTION}: 0 client address, 1 client port, 2 server address, 3 server port. */
    String connectionField(int i) {
      String[] f = sshConnection.split(" ");
      return f.length == 4 ? f[i] : "";
    }
  }

  private SshSession() {}

  /**
   * Runs {@code command} (the ssh command line without its remote command) with {@code remote}
   * as the remote command, behind the {@code SSH_CONNECTION} line; standard input is {@code
   * token} and a newline once the session is open (when {@code token} is not null), or the file
   * {@code stdin} (when not null), or nothing.
   */
  static Result run(List<String> command, String remote, String token, Path stdin, Supplier<OptionalInt> clientPort)
      throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(command);
    cmd.add("echo SSH_CONNECTION=$SSH_CONNECTION >&2; " + remote);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    long t0 = System.nanoTime();
    Process p = pb.start();
    OutputStream toSsh = p.getOutputStream();
    if (stdin == null && token == null) {
      toSsh.close();
    }
    Summed out = new Summed(p.getInputStream());
    Thread outPump = new Thread(out::pump, "ssh-stdout");
    outPump.setDaemon(true);
    outPump.start();
    StringBuilder err = new StringBuilder();
    String sshConnection = "";
    OptionalInt port = OptionalInt.empty();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        err.append(line).append('\n');
        if (line.startsWith("SSH_CONNECTION=") && sshConnection.isEmpty()) {
          sshConnection = line.substring("SSH_CONNECTION=".length()).trim();
          port = clientPort.get();
          if (token != null) {
            toSsh.write((token + "\n").getBytes(StandardCharsets.US_ASCII));
            toSsh.close();
          }
        }
      }
    } finally {
      if (token != null) {
        try {
          toSsh.close();
        } catch (IOException ignored) {
          // ssh is gone already
        }
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ssh did not finish within 120 s: " + err);
    }
    outPump.join(10_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Result result = new Result(p.exitValue(), sshConnection, port, out.text(), out.sha256(), out.count, err.toString(), seconds);
    LOG.info("ssh exited {} after {} s, SSH_CONNECTION {}, client port {}, {} bytes out:\n{}{}", result.exit(),
        String.format("%.1f", seconds), sshConnection, port, out.count, err, out.text());
    return result;
  }

  /** Standard output: summed whole, kept as text up to a limit. */
  private static final class Summed {
    private final InputStream in;
    private final MessageDigest sha;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private volatile long count;

    Summed(InputStream in) {
      this.in = in;
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void pump() {
      byte[] buf = new byte[1 << 16];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          synchronized (this) {
            sha.update(buf, 0, n);
            count += n;
            if (text.size() < TEXT_LIMIT) {
              text.write(buf, 0, Math.min(n, TEXT_LIMIT - text.size()));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    synchronized String text() {
      return text.toString(StandardCharsets.UTF_8);
    }

    synchronized String sha256() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }
}
