package dev.tproxy.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the OpenSSL command line client, {@code openssl s_client}, against a TLS endpoint and
 * tells how far it got: the handshake failed, the handshake was done but the server closed
 * before the backend answered, or the backend answered. The same command works against the
 * runtime and against nginx, so that their outcomes can be compared.
 */
public final class OpensslClient {

  /** How far a connection got, step by step. */
  public enum Outcome {
    /** The TLS handshake did not complete (an alert, or the server closed during it). */
    REFUSED_IN_HANDSHAKE,
    /** The handshake completed, then the server closed before the backend said anything. */
    REFUSED_AFTER_HANDSHAKE,
    /** The backend's bytes came through. */
    CONNECTED
  }

  /** What the client printed, and the outcome. */
  public record Result(Outcome outcome, String output, List<String> command) {
    private static final Pattern SUBJECT = Pattern.compile("(?m)^subject=(.*)$");
    private static final Pattern SESSION = Pattern.compile("(?m)^(New|Reused), (TLSv1\\.[0-3]), Cipher is (\\S+)");

    /** The server certificate's subject as s_client prints it ({@code CN = t2.example.org}). */
    public Optional<String> serverSubject() {
      Matcher m = SUBJECT.matcher(output);
      return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
    }

    /** {@code TLSv1.3} etc., when the handshake completed. */
    public Optional<String> protocol() {
      Matcher m = SESSION.matcher(output);
      return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }

    public Optional<String> cipher() {
      Matcher m = SESSION.matcher(output);
      return m.find() ? Optional.of(m.group(3)) : Optional.empty();
    }

    public boolean resumed() {
      Matcher m = SESSION.matcher(output);
      return m.find() && m.group(1).equals("Reused");
    }

    @Override
    public String toString() {
      return outcome + " (" + String.join(" ", command) + ")\n" + output;
    }
  }

  private final List<String> args = new ArrayList<>();
  private String send = "ping-" + System.nanoTime() + "\n";
  private Predicate<String> answered;
  private Duration timeout = Duration.ofSeconds(10);

  private OpensslClient(String connect) {
    args.addAll(List.of("openssl", "s_client", "-connect", connect, "-ign_eof"));
    answered = out -> out.contains(send.trim());
  }

  /** {@code openssl s_client -connect host:port}; nothing else unless asked. */
  public static OpensslClient connect(InetSocketAddress address) {
    return new OpensslClient(address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  public static OpensslClient connect(String hostPort) {
    return new OpensslClient(hostPort);
  }

  public OpensslClient serverName(String name) {
    args.addAll(List.of("-servername", name));
    return this;
  }

  public OpensslClient noServerName() {
    args.add("-noservername");
    return this;
  }

  public OpensslClient certificate(TestPki.Pair pair) {
    args.addAll(List.of("-cert", pair.certificate().toString(), "-key", pair.key().toString()));
    return this;
  }

  /** Verifies the server against {@code ca}, and its name against {@code name}; a failure ends the handshake. */
  public OpensslClient verify(Path ca, String name) {
    args.addAll(List.of("-CAfile", ca.toString(), "-verify_return_error", "-verify_hostname", name));
    return this;
  }

  /** Any other s_client arguments, e.g. {@code -tls1_2}, {@code -sess_out f}. */
  public OpensslClient with(String... more) {
    args.addAll(List.of(more));
    return this;
  }

  /** Runs the client inside a network namespace ({@code ip netns exec}). */
  public OpensslClient inNamespace(String namespace) {
    args.addAll(0, List.of("ip", "netns", "exec", namespace));
    return this;
  }

  /** An HTTP proxy to tunnel through (CONNECT), as ssh ProxyCommands through corporate proxies do. */
  public OpensslClient proxy(String hostPort) {
    args.addAll(List.of("-proxy", hostPort));
    return this;
  }

  /** The line sent once connected; the backend is expected to echo it. */
  public OpensslClient send(String line) {
    this.send = line.endsWith("\n") ? line : line + "\n";
    String expected = send.trim();
    this.answered = out -> out.contains(expected);
    return this;
  }

  /** When the output shows the backend answered; by default, the echo of the sent line. */
  public OpensslClient answeredWhen(Predicate<String> answered) {
    this.answered = answered;
    return this;
  }

  public OpensslClient timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public List<String> command() {
    return List.copyOf(args);
  }

  /** Runs the client until the backend answered, the server closed, or the timeout. */
  public Result run() {
    Process p;
    try {
      p = new ProcessBuilder(args).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("cannot run openssl (package openssl; scripts/install-debian-packages.sh): " + e.getMessage(), e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread pump = new Thread(() -> copy(p.getInputStream(), out), "openssl-s_client");
    pump.setDaemon(true);
    pump.start();
    try (OutputStream in = p.getOutputStream()) {
      // After the handshake s_client reads stdin; -ign_eof keeps it reading the server after that.
      in.write(send.getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      // the client already ended: its output says why
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean gotAnswer = false;
    try {
      while (System.nanoTime() < deadline) {
        String text = text(out);
        if (answered.test(text)) {
          gotAnswer = true;
          break;
        }
        if (p.waitFor(20, TimeUnit.MILLISECONDS)) {
          pump.join(2000);
          gotAnswer = answered.test(text(out));
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        pump.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String output = text(out);
    Outcome outcome = gotAnswer ? Outcome.CONNECTED
        : handshakeCompleted(output) ? Outcome.REFUSED_AFTER_HANDSHAKE : Outcome.REFUSED_IN_HANDSHAKE;
    return new Result(outcome, output, List.copyOf(args));
  }

  /** s_client prints "New, TLSv1.3, Cipher is ..." once the handshake is done, "(NONE)" when it failed. */
  static boolean handshakeCompleted(String output) {
    return Pattern.compile("(?m)^(New|Reused), TLSv1\\.[0-3], Cipher is (?!\\(NONE\\))").matcher(output).find();
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (out) {
          out.write(buf, 0, n);
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }
}
