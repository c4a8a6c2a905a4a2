package dev.tproxy.bench.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One proxy under test, run as its own process under a file limit, with two listeners: the
 * churn route (to the answering backends) and the idle route (to the echo backend). Its
 * configuration comes from {@code /faults/<kind>} with {@code {{placeholders}}} filled in.
 */
final class ProxyUnderTest {
  /** The kinds this harness knows, with their configuration and graceful stop signal. */
  enum Kind {
    TPROXY_FORWARD("tproxy-forward", "tproxy-forward.yaml", "TERM", false),
    TPROXY_DEMUX("tproxy-demux", "tproxy-demux.yaml", "TERM", true),
    NGINX("nginx", "nginx.conf", "QUIT", false),
    HAPROXY("haproxy", "haproxy.cfg", "USR1", false);

    final String label;
    final String config;
    final String gracefulSignal;
    final boolean demultiplexes;

    Kind(String label, String config, String gracefulSignal, boolean demultiplexes) {
      this.label = label;
      this.config = config;
      this.gracefulSignal = gracefulSignal;
      this.demultiplexes = demultiplexes;
    }

    static Kind of(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException("no proxy kind \"" + label + "\"; known: tproxy-forward, tproxy-demux, nginx, haproxy");
    }
  }

  final Kind kind;
  final InetSocketAddress churn;
  final InetSocketAddress idle;
  private final Path runDir;
  private final Path jar;
  private final int fileLimit;
  private final Path config;
  private Process process;

  ProxyUnderTest(Kind kind, Path runDir, Path jar, int fileLimit, Map<String, InetSocketAddress> backends) throws IOException {
    this.kind = kind;
    this.runDir = Files.createDirectories(runDir);
    this.jar = jar;
    this.fileLimit = fileLimit;
    this.churn = freeLoopbackPort();
    this.idle = freeLoopbackPort();
    String text;
    try (InputStream in = ProxyUnderTest.class.getResourceAsStream("/faults/" + kind.config)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    text = text.replace("{{run}}", runDir.toString())
        .replace("{{file_limit}}", Integer.toString(fileLimit))
        .replace("{{churn}}", hostPort(churn))
        .replace("{{idle}}", hostPort(idle));
    for (Map.Entry<String, InetSocketAddress> b : backends.entrySet()) {
      String key = b.getKey().equals("any") ? "answer" : b.getKey();
      text = text.replace("{{" + key + "}}", hostPort(b.getValue()));
    }
    if (text.contains("{{")) {
      throw new IllegalStateException(kind.config + ": a placeholder is left: " + text);
    }
    this.config = runDir.resolve(kind.config);
    Files.writeString(config, text);
  }

  /** The answer a churning client should get for a flight through this proxy. */
  String expectedAnswer(Flight f) {
    return (kind.demultiplexes ? f.demuxRoute() : "any") + "\n";
  }

  void start() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("prlimit", "--nofile=" + fileLimit + ":" + fileLimit, "--"));
    switch (kind) {
      case TPROXY_FORWARD, TPROXY_DEMUX -> command.addAll(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
          "run", "--local", "--log-level", "warn", config.toString()));
      case NGINX -> command.addAll(List.of("nginx", "-p", runDir.toString(), "-e", runDir.resolve("error.log").toString(),
          "-c", config.toString()));
      case HAPROXY -> command.addAll(List.of("haproxy", "-db", "-f", config.toString()));
    }
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!(accepts(churn) && accepts(idle))) {
      if (!process.isAlive()) {
        throw new IllegalStateException(kind.label + " exited at start (" + process.exitValue() + "); see " + log());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(kind.label + " did not listen within 60 s; see " + log());
      }
      Thread.sleep(100);
    }
  }

  Path log() {
    return runDir.resolve("proxy.log");
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Sends a signal by name (TERM, QUIT, USR1, KILL) to the proxy's main process. */
  void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  /** Waits for the process to end; kills it after {@code limit}. Returns whether it ended by itself. */
  boolean awaitExit(Duration limit) throws InterruptedException, IOException {
    if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly().waitFor();
    return false;
  }

  /** CPU seconds (user + system) of the proxy and its child processes so far. */
  double cpuSeconds() {
    return processes().mapToDouble(h -> ticks(h.pid()) / 100.0).sum();
  }

  /** Resident memory of the proxy and its child processes, in MB. */
  double rssMegabytes() {
    return processes().mapToLong(h -> statusKb(h.pid(), "VmRSS:")).sum() / 1024.0;
  }

  /** Open file descriptors of the proxy's processes. */
  long openFiles() {
    return processes().mapToLong(h -> {
      try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(h.pid()), "fd"))) {
        return fds.count();
      } catch (IOException | RuntimeException e) { // the process ended meanwhile
        return 0;
      }
    }).sum();
  }

  /** The proxy's main process and its children (nginx's workers). */
  private Stream<ProcessHandle> processes() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants());
  }

  /** Lines of the proxy's logs (its output and, for nginx, the error log). */
  List<String> logLines() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(log(), StandardCharsets.ISO_8859_1));
    Path errorLog = runDir.resolve("error.log");
    if (Files.exists(errorLog)) {
      lines.addAll(Files.readAllLines(errorLog, StandardCharsets.ISO_8859_1));
    }
    return lines;
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14-17 of stat(5), counted after the command: utime stime cutime cstime
      return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long statusKb(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  private static boolean accepts(InetSocketAddress a) {
    try (Socket s = new Socket()) {
      s.connect(a, 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static InetSocketAddress freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
