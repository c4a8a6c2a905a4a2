package dev.tproxy.runtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The transparency test bed of ../shared/research/transparency-testbed.md, made and removed by the
 * test: a server namespace and a client namespace joined by a veth pair (10.77.0.1 / 10.77.0.2),
 * the hidden address 192.168.255.254 on the server's {@code lo} (the kernel here has no dummy
 * driver), {@code ip rule from 192.168.255.254 table 111} and a local default route in table 111,
 * so that replies to transparent connections come back to the proxy. Names carry a random suffix,
 * so that parallel runs never collide; nothing outside the two namespaces is touched.
 *
 * <p>It needs root (CAP_SYS_ADMIN for namespaces, CAP_NET_ADMIN for links and routes): without
 * it, {@link #create()} fails with what is missing, it never skips.
 */
public final class NetnsTestBed implements AutoCloseable {
  public static final String SERVER_IP = "10.77.0.1";
  public static final String CLIENT_IP = "10.77.0.2";
  public static final String HIDDEN_IP = "192.168.255.254";

  private final String server;
  private final String client;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> etcDirectories = new ArrayList<>();
  private final Path dir;

  private NetnsTestBed(String id, Path dir) {
    this.server = "tpr-" + id + "-s";
    this.client = "tpr-" + id + "-c";
    this.dir = dir;
  }

  /** Checks the preconditions, then builds the two namespaces, with the hidden address and its routing. */
  public static NetnsTestBed create() {
    return create(true);
  }

  /**
   * Like {@link #create()}, but without the hidden address, its ip rule and local route in the
   * server namespace: for tests where a generated routing script sets them up.
   */
  public static NetnsTestBed createWithoutRouting() {
    return create(false);
  }

  private static NetnsTestBed create(boolean routing) {
    requireRoot();
    requireExecutable("/usr/sbin/ip", "iproute2 (ip netns, ip rule); run scripts/install-debian-packages.sh");
    String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    NetnsTestBed bed;
    try {
      bed = new NetnsTestBed(id, Files.createTempDirectory("tproxy-netns-" + id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      bed.up(id, routing);
    } catch (RuntimeException e) {
      bed.close();
      throw e;
    }
    return bed;
  }

  static void requireRoot() {
    try {
      String status = Files.readString(Path.of("/proc/self/status"));
      boolean root = status.lines().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
      if (!root) {
        throw new AssertionError("this test needs root: it creates network namespaces, a veth pair, an ip rule and"
            + " a local route, and binds with IP_TRANSPARENT (CAP_SYS_ADMIN, CAP_NET_ADMIN); run the build as root"
            + " (CI does), e.g. sudo ./mvnw verify");
      }
    } catch (IOException e) {
      throw new AssertionError("cannot tell whether this process is root: /proc/self/status is unreadable", e);
    }
  }

  public static void requireExecutable(String path, String what) {
    if (!Files.isExecutable(Path.of(path))) {
      throw new AssertionError(path + " is missing: this test needs " + what);
    }
  }

  private void up(String id, boolean routing) {
    String vs = "tpr" + id + "s";
    String vc = "tpr" + id + "c";
    run("ip", "netns", "add", server);
    run("ip", "netns", "add", client);
    run("ip", "link", "add", vs, "netns", server, "type", "veth", "peer", "name", vc, "netns", client);
    run("ip", "-n", server, "addr", "add", SERVER_IP + "/24", "dev", vs);
    run("ip", "-n", client, "addr", "add", CLIENT_IP + "/24", "dev", vc);
    run("ip", "-n", server, "link", "set", "lo", "up");
    run("ip", "-n", client, "link", "set", "lo", "up");
    run("ip", "-n", server, "link", "set", vs, "up");
    run("ip", "-n", client, "link", "set", vc, "up");
    if (routing) {
      run("ip", "-n", server, "addr", "add", HIDDEN_IP + "/32", "dev", "lo");
      run("ip", "-n", server, "rule", "add", "from", HIDDEN_IP, "table", "111");
      run("ip", "-n", server, "route", "add", "local", "0.0.0.0/0", "dev", "lo", "table", "111");
    }
    // Pitfall P5: a hop without SO_REUSEADDR (sslh 1.20) collides with its own TIME_WAIT entries.
    run("ip", "netns", "exec", server, "sysctl", "-q", "-w", "net.ipv4.tcp_max_tw_buckets=0");
  }

  public String serverNamespace() {
    return server;
  }

  public String clientNamespace() {
    return client;
  }

  /** A file in the bed's own temporary directory. */
  public Path file(String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a long-running program inside a namespace; it is stopped, with its children, at close. */
  public Process start(String namespace, String... command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    cmd.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a {@link NetnsAgent} JVM inside a namespace, on this JVM's class path. */
  public Agent agent(String namespace) {
    Process p = start(namespace, Agent.javaCommand().toArray(String[]::new));
    Agent agent = new Agent(namespace, p);
    agent.expectOk("ready");
    return agent;
  }

  /** The bed's own temporary directory. */
  public Path directory() {
    return dir;
  }

  /**
   * Starts a long-running program inside a namespace with its output (stdout and stderr) going
   * to {@code log}; it is stopped, with its children, at close.
   */
  public Process startLogged(String namespace, Path log, String... command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    cmd.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Gives programs run in {@code namespace} their own {@code /etc/hosts}: {@code ip netns exec}
   * bind-mounts {@code /etc/netns/<namespace>/hosts} over it. The directory carries the bed's
   * unique name and is removed at close.
   */
  public void hosts(String namespace, String content) {
    Path etc = Path.of("/etc/netns", namespace);
    try {
      Files.createDirectories(etc);
      etcDirectories.add(etc);
      Files.writeString(etc.resolve("hosts"), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command to completion, failing with its output if it fails. */
  public static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
      }
      return output;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Stops what it started (children first), then deletes both namespaces, which removes the veth pair. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Path etc : etcDirectories) {
      try (var files = Files.walk(etc)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException ignored) {
        // best effort, as for the temporary directory
      }
    }
    List<String> errors = new ArrayList<>();
    for (String ns : List.of(server, client)) {
      try {
        if (Files.exists(Path.of("/run/netns", ns))) {
          run("ip", "netns", "del", ns);
        }
      } catch (AssertionError e) {
        errors.add(e.getMessage());
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; best effort
    }
    if (!errors.isEmpty()) {
      throw new AssertionError("could not remove the test namespaces: " + errors);
    }
  }

  /** A {@link NetnsAgent} JVM, driven line by line. */
  public static final class Agent implements AutoCloseable {
    private final String namespace;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuffer log = new StringBuffer();

    /** The command that starts a {@link NetnsAgent} on this JVM's class path. */
    static List<String> javaCommand() {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      return List.of(java, "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.showDateTime=true",
          NetnsAgent.class.getName());
    }

    /**
     * Starts an agent outside any namespace, its command behind {@code shellPrefix} run by bash
     * (e.g. {@code ulimit -n 256 &&}); {@link #close()} stops it.
     */
    public static Agent launch(String label, String shellPrefix) {
      String command = shellPrefix + " exec " + javaCommand().stream().map(Agent::quote).collect(java.util.stream.Collectors.joining(" "));
      try {
        Agent agent = new Agent(label, new ProcessBuilder("bash", "-c", command).start());
        agent.expectOk("ready");
        return agent;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String quote(String s) {
      return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Stops the agent's process (its runtimes die with it). */
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    Agent(String namespace, Process process) {
      this.namespace = namespace;
      this.process = process;
      this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true);
      pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false);
    }

    private void pump(BufferedReader reader, boolean isAnswers) {
      Thread t = new Thread(() -> {
        try {
          String line;
          while ((line = reader.readLine()) != null) {
            if (isAnswers) {
              answers.add(line);
            } else {
              log.append(line).append('\n');
            }
          }
        } catch (IOException ignored) {
          // the process ended
        }
      }, "agent-" + namespace + (isAnswers ? "-out" : "-err"));
      t.setDaemon(true);
      t.start();
    }

    /** Sends a command and returns what follows "OK "; an "ERR" answer fails with the agent's log. */
    public String call(String command) {
      try {
        commands.write(command + "\n");
        commands.flush();
        return expectOk(command);
      } catch (IOException e) {
        throw new AssertionError("agent in " + namespace + " is gone; its log:\n" + log, e);
      }
    }

    String expectOk(String what) {
      try {
        String answer = answers.poll(30, TimeUnit.SECONDS);
        if (answer == null || !answer.startsWith("OK")) {
          throw new AssertionError("agent in " + namespace + " answered " + answer + " to \"" + what
              + "\"; its log:\n" + log);
        }
        return answer.length() > 3 ? answer.substring(3) : "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** What the agent logged so far (the runtime's connection lines among it). */
    public String log() {
      return log.toString();
    }

    public Process process() {
      return process;
    }
  }
}
