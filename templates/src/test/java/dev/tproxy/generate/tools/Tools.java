package dev.tproxy.generate.tools;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real programs that check generated files. A test that needs a program fails (never
 * skips) when it is missing, naming the Debian package that provides it.
 */
public final class Tools {
  private static final List<Path> SEARCH = List.of(
      Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin"), Path.of("/usr/bin"),
      Path.of("/sbin"), Path.of("/bin"));

  private Tools() {}

  /** The outcome of running a program. */
  public record Result(List<String> command, int exit, String stdout, String stderr) {
    public String output() {
      return stdout + stderr;
    }

    public String describe() {
      return String.join(" ", command) + "\nexit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** The absolute path of {@code program}; fails the test when it is not installed. */
  public static Path require(String program, String debianPackage) {
    for (Path dir : SEARCH) {
      Path p = dir.resolve(program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return fail(program + " is not installed, and this test checks generated files with it: install the Debian package "
        + debianPackage + " (scripts/install-debian-packages.sh installs every package the tests use)");
  }

  public static Result run(List<String> command, Duration timeout) {
    return run(command, timeout, Map.of(), null);
  }

  public static Result run(List<String> command, Duration timeout, Map<String, String> environment, Path directory) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(environment);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        return fail(String.join(" ", command) + " did not finish within " + timeout);
      }
      return new Result(List.copyOf(command), p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs and fails the test, with the whole output, unless the exit code is 0. */
  public static Result runOk(List<String> command) {
    Result r = run(command, Duration.ofSeconds(60));
    if (r.exit() != 0) {
      fail("failed: " + r.describe());
    }
    return r;
  }

  static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(unreadable: " + e.getMessage() + ")";
      }
    });
  }

  /** {@code unshare} arguments for a new network namespace: as root plainly, else in a user namespace. */
  public static List<String> newNetworkNamespace() {
    Path unshare = require("unshare", "util-linux");
    List<String> cmd = new ArrayList<>(List.of(unshare.toString()));
    if (!isRoot()) {
      cmd.add("--map-root-user");
    }
    cmd.add("--net");
    return cmd;
  }

  /**
   * {@code command} run in a new network namespace whose loopback device is up and carries
   * {@code addresses}: programs that bind (nginx -t does, as root; stunnel) bind there, never on
   * this machine's ports, which other tests may be using.
   */
  public static List<String> inNetworkNamespace(java.util.Collection<java.net.InetAddress> addresses, List<String> command) {
    StringBuilder script = new StringBuilder("ip link set lo up");
    for (java.net.InetAddress a : addresses) {
      if (!a.isLoopbackAddress() && !a.isAnyLocalAddress()) {
        boolean v6 = a instanceof java.net.Inet6Address;
        script.append(" && ip addr add ").append(a.getHostAddress()).append(v6 ? "/128 nodad" : "/32").append(" dev lo");
      }
    }
    script.append(" && exec \"$@\"");
    List<String> full = new ArrayList<>(newNetworkNamespace());
    full.addAll(List.of(require("sh", "dash").toString(), "-c", script.toString(), "sh"));
    full.addAll(command);
    return full;
  }

  public static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
