package dev.tproxy.it.tunnel;

import static dev.tproxy.it.tunnel.ProxytunnelEndpointChain.PUBLIC_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;

import dev.tproxy.it.tunnel.CaseOutcome.Bytes;
import dev.tproxy.it.tunnel.CaseOutcome.End;
import dev.tproxy.it.tunnel.CaseOutcome.Port;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.Exchange;
import dev.tproxy.runtime.testing.NetnsTestBed;
import dev.tproxy.runtime.testing.OpensslClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The client's side of a running realisation: it makes each kind of connection the cases need,
 * from the client namespace, and says how it went as a {@link CaseOutcome}. Raw TLS first
 * flights, HTTP and silence go through the client agent ({@link Exchange}: the web backend
 * echoes what it got, so the bytes are checked both ways); ssh runs as the real client with the
 * generated ssh_config entries ({@link SshSession}); the backend's view comes from the web
 * backend's first line, from sshd's {@code SSH_CONNECTION} or from sshd's log.
 */
final class ChainClient {
  private static final Pattern BACKEND_LINE = Pattern.compile("BACKEND (\\S+) peer=([0-9.]+):(\\d+)");
  private static final Pattern SSHD_CONNECTION = Pattern.compile("Connection from ([0-9.]+) port (\\d+) on ");
  /** sshd's version line, whole: up to and with its carriage return ({@link Exchange} shows it as \x0d). */
  private static final Pattern SSHD_BANNER = Pattern.compile("SSH-2\\.0-OpenSSH_\\S+( \\S+)?\\\\x0d");
  private static final Pattern CLIENT_TO_FRONT = Pattern.compile("([0-9.]+):(\\d+)\\s+" + Pattern.quote(PUBLIC_IP) + ":443\\b");

  private final RunningRealisation running;
  private final ProxytunnelEndpointChain chain;

  ChainClient(RunningRealisation running) {
    this.running = running;
    this.chain = running.chain;
  }

  /** One connection to :443 with a first flight ({@link Exchange#flight(String)}). */
  CaseOutcome exchange(String flight) {
    long sshdBefore = chain.sshdConnections();
    Exchange e = Exchange.parse(running.client.call("exchange " + PUBLIC_IP + " 443 " + flight));
    return outcome(e, sshdBefore);
  }

  /** {@code n} connections to :443 at once, each with its own first flight; the outcome most of them had, and how many. */
  CaseOutcome exchanges(int n, String flight) {
    String answer = running.client.call("exchanges " + n + " " + PUBLIC_IP + " 443 " + flight);
    List<CaseOutcome> each = Arrays.stream(answer.split("\t")).map(Exchange::parse).map(e -> outcome(e, -1)).toList();
    // alike: equal in every compared field, which is what the cell shows
    Map<String, List<CaseOutcome>> alike = each.stream().collect(Collectors.groupingBy(CaseOutcome::cell));
    List<CaseOutcome> most = alike.values().stream().max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
    CaseOutcome o = most.get(0);
    String others = alike.size() == 1 ? "" : "the other " + (n - most.size()) + ": " + alike.entrySet().stream()
        .filter(x -> x.getValue() != most)
        .map(x -> x.getValue().size() + "× " + x.getKey()).collect(Collectors.joining("; "));
    return new CaseOutcome(o.backend(), o.clientAddress(), o.port(), o.bytes(), o.end(), most.size(), others);
  }

  /**
   * What an exchange tells: the web backend names itself and the peer it saw in its first line
   * and echoes the flight; sshd greets with its version line, and its log names the peer.
   */
  private CaseOutcome outcome(Exchange e, long sshdBefore) {
    String[] local = e.local().split(":");
    if (!e.answered()) {
      return new CaseOutcome(CaseOutcome.NO_BACKEND, "-", Port.NOT_SEEN, Bytes.NONE, endBeforeAnswer(e.end()), 1, "");
    }
    Matcher web = BACKEND_LINE.matcher(e.firstLine());
    if (e.fromEchoBackend() && web.matches()) {
      Bytes bytes = switch (e.echo()) {
        case INTACT -> Bytes.INTACT;
        case CHANGED -> Bytes.CHANGED;
        case CUT, NONE -> Bytes.CUT;
      };
      return new CaseOutcome(web.group(1), web.group(2), Port.of(Integer.parseInt(local[1]), Integer.parseInt(web.group(3))),
          bytes, endAfterAnswer(e.end()), 1, after(e));
    }
    if (e.firstLine().startsWith("SSH-2.0-OpenSSH") && sshdBefore >= 0) {
      // sshd logs the peer when it accepts: wait for the new line, then read the peer from it.
      Eventually.await("sshd logged the connection", Duration.ofSeconds(10), () -> chain.sshdConnections() > sshdBefore);
      List<String> accepted = chain.sshd.log().lines().filter(l -> l.startsWith("Connection from")).toList();
      Matcher m = SSHD_CONNECTION.matcher(accepted.get(accepted.size() - 1));
      if (!m.find()) {
        throw new AssertionError("unexpected sshd log line: " + accepted.get(accepted.size() - 1));
      }
      Bytes bytes = SSHD_BANNER.matcher(e.firstLine()).matches() ? Bytes.INTACT : Bytes.CHANGED;
      return new CaseOutcome("sshd", m.group(1), Port.of(Integer.parseInt(local[1]), Integer.parseInt(m.group(2))), bytes,
          endAfterAnswer(e.end()), 1, "greeting " + e.firstLine() + after(e));
    }
    return new CaseOutcome("unknown", "-", Port.UNKNOWN, Bytes.CHANGED, endAfterAnswer(e.end()), 1,
        "first line: " + e.firstLine());
  }

  private static String after(Exchange e) {
    return e.bytesAfter() == 0 ? "" : ", " + e.bytesAfter() + " more bytes after the answer";
  }

  private static End endBeforeAnswer(Exchange.End end) {
    return switch (end) {
      case EOF -> End.CLOSED_BEFORE_ANSWER;
      case RESET -> End.RESET_BEFORE_ANSWER;
      case TIMEOUT -> End.TIMEOUT_BEFORE_ANSWER;
      case REFUSED -> End.REFUSED;
    };
  }

  /** After the answer the client ended its output: the peer should end too (bytes it still sent are in the note). */
  private static End endAfterAnswer(Exchange.End end) {
    return switch (end) {
      case EOF -> End.CLEAN;
      case RESET -> End.RESET_AFTER_ANSWER;
      case TIMEOUT, REFUSED -> End.TIMEOUT_AFTER_ANSWER;
    };
  }

  /**
   * An ssh login that runs a command with a generated ssh_config entry: sshd's view from {@code
   * SSH_CONNECTION}; a random token sent up and echoed back by the remote shell checks the bytes.
   */
  CaseOutcome sshEcho(Path config, String host) throws IOException, InterruptedException {
    String token = UUID.randomUUID().toString();
    SshSession.Result r = SshSession.run(chain.sshCommand(config, host), "read token; echo \"echo=$token\"", token, null,
        this::clientPortTowardsFront);
    boolean echoed = r.stdout().contains("echo=" + token);
    return sshOutcome(r, echoed ? Bytes.INTACT : Bytes.CHANGED, "");
  }

  /** {@code file} up through an ssh session, summed by sshd's side: the sum must be {@code sha256}'s. */
  CaseOutcome sshUpload(Path config, String host, Path file, String sha256) throws IOException, InterruptedException {
    SshSession.Result r = SshSession.run(chain.sshCommand(config, host), "sha256sum", null, file, this::clientPortTowardsFront);
    return sshOutcome(r, r.stdout().contains(sha256) ? Bytes.INTACT : Bytes.CHANGED,
        String.format("%d MiB up in %.1f s", Files.size(file) >> 20, r.seconds()));
  }

  /** {@code file} down through an ssh session ({@code cat} on sshd's side), summed here as it arrives. */
  CaseOutcome sshDownload(Path config, String host, Path file, String sha256) throws IOException, InterruptedException {
    SshSession.Result r = SshSession.run(chain.sshCommand(config, host), "cat " + file, null, null, this::clientPortTowardsFront);
    return sshOutcome(r, r.stdoutSha256().equals(sha256) ? Bytes.INTACT : Bytes.CHANGED,
        String.format("%d MiB down in %.1f s", r.stdoutBytes() >> 20, r.seconds()));
  }

  private CaseOutcome sshOutcome(SshSession.Result r, Bytes bytes, String note) {
    if (r.sshConnection().isEmpty()) {
      return new CaseOutcome(CaseOutcome.NO_BACKEND, "-", Port.NOT_SEEN, Bytes.NONE, sshFailure(r.stderr()), 1,
          "ssh exit " + r.exit());
    }
    String backend = r.connectionField(2).equals(HIDDEN_IP) && r.connectionField(3).equals("22") ? "sshd" : "unknown";
    Port port = r.clientPort().isEmpty() ? Port.UNKNOWN
        : Port.of(r.clientPort().getAsInt(), Integer.parseInt(r.connectionField(1)));
    End end = r.exit() == 0 ? End.CLEAN : sshFailure(r.stderr());
    return new CaseOutcome(backend, r.connectionField(0), port, r.exit() == 0 ? bytes : Bytes.CUT, end, 1, note);
  }

  /** How ssh says its connection ended when it had no session. */
  private static End sshFailure(String stderr) {
    if (stderr.contains("Connection refused")) {
      return End.REFUSED;
    }
    if (stderr.contains("reset")) {
      return End.RESET_BEFORE_ANSWER;
    }
    if (stderr.contains("timed out")) {
      return End.TIMEOUT_BEFORE_ANSWER;
    }
    return End.CLOSED_BEFORE_ANSWER;
  }

  /**
   * ssh through the :445 terminator without the client certificate, then the same tunnel step by
   * step with openssl s_client, which tells how far it got (the handshake, then the close). sshd
   * must see neither: its backend is "none" only if its log gained no connection.
   */
  CaseOutcome refusedWithoutClientCertificate(Path config, String host) throws IOException, InterruptedException {
    long sshdBefore = chain.sshdConnections();
    SshSession.Result r = SshSession.run(chain.sshCommand(config, host), "true", null, null, this::clientPortTowardsFront);
    OpensslClient.Result tls = OpensslClient.connect("t1.yourdomain.top:443").inNamespace(chain.bed.clientNamespace())
        .proxy("proxy.example.net:3128").serverName("cryptic.foo.notexist")
        .with("-CAfile", chain.home.resolve(".ssh/tproxy/ca.pem").toString())
        .answeredWhen(out -> out.contains("SSH-2.0-")).run();
    CaseOutcome ssh = sshOutcome(r, Bytes.NONE, "");
    End end = switch (tls.outcome()) {
      case REFUSED_IN_HANDSHAKE -> End.CLOSED_IN_TLS_HANDSHAKE;
      case REFUSED_AFTER_HANDSHAKE -> End.CLOSED_AFTER_TLS_HANDSHAKE;
      case CONNECTED -> ssh.end();
    };
    // sshd logs a connection before it greets; a moment more for a line on its way to the log file
    Thread.sleep(200);
    long reachedSshd = chain.sshdConnections() - sshdBefore;
    String backend = reachedSshd == 0 ? ssh.backend() : "sshd";
    String note = "ssh exit " + r.exit() + ", openssl s_client: " + tls.outcome()
        + (tls.output().contains("Verify return code: 0 (ok)") ? ", server certificate verified" : "")
        + (reachedSshd == 0 ? "" : ", sshd saw " + reachedSshd + " connection(s)");
    return new CaseOutcome(backend, ssh.clientAddress(), ssh.port(), ssh.bytes(), end, 1, note);
  }

  /**
   * The client's own port of its one connection to the front, while it is open: ssh's own, or
   * tinyproxy's towards :443 for a tunnel. Empty unless exactly one is open.
   */
  OptionalInt clientPortTowardsFront() {
    String sockets = NetnsTestBed.run("ip", "netns", "exec", chain.bed.clientNamespace(),
        "ss", "-Htn", "state", "established", "dst", PUBLIC_IP + ":443");
    List<Integer> ports = CLIENT_TO_FRONT.matcher(sockets).results().map(m -> Integer.parseInt(m.group(2))).toList();
    return ports.size() == 1 ? OptionalInt.of(ports.get(0)) : OptionalInt.empty();
  }

  /** The generated ssh_config entry for {@code host}. */
  Path generatedSshConfig(String host) {
    return chain.generated.resolve("ssh/" + host + ".conf");
  }

  /** An ssh_config entry {@code direct}: straight to the public :443, no proxy (the front's ssh probe). */
  Path directSshConfig() throws IOException {
    return Files.writeString(chain.bed.directory().resolve("direct.conf"),
        "Host direct\n  HostName " + PUBLIC_IP + "\n  Port 443\n");
  }

  /** The generated ssh_config entry for :445 without its client certificate. */
  Path configWithoutClientCertificate() throws IOException {
    String config = Files.readString(generatedSshConfig("cryptic.foo.notexist"))
        .replace(" -cert ~/.ssh/tproxy/client.pem -key ~/.ssh/tproxy/client.key", "");
    if (config.contains(" -cert ") || config.contains(" -key ")) {
      throw new AssertionError("the generated entry names its certificate differently now:\n" + config);
    }
    return Files.writeString(chain.bed.directory().resolve("no-cert.conf"), config);
  }
}
