package dev.tproxy.generate.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Finds and runs the real programs that check generated files, with a timeout each. */
public final class Programs {
  private static final List<Path> SEARCH = List.of(
      Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin"), Path.of("/usr/bin"),
      Path.of("/sbin"), Path.of("/bin"));

  private Programs() {}

  /** The outcome of running a program. */
  public record Result(List<String> command, int exit, String stdout, String stderr) {
    public String output() {
      return stdout + stderr;
    }

    public String describe() {
      return String.join(" ", command) + "\nexit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** A program that did not finish in time; it and its children were killed. */
  public static final class TimedOut extends RuntimeException {
    TimedOut(List<String> command, Duration timeout) {
      super(String.join(" ", command) + " did not finish within " + timeout);
    }
  }

  /** The absolute path of {@code program}, looked up in the system's program directories. */
  public static Optional<Path> find(String program) {
    return SEARCH.stream().map(d -> d.resolve(program)).filter(Files::isExecutable).findFirst();
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
        throw new TimedOut(command, timeout);
      }
      return new Result(List.copyOf(command), p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(unreadable: " + e.getMessage() + ")";
      }
    });
  }

  /**
   * Starts {@code command} and waits for a line containing {@code wanted} on its output, then
   * stops it (and only it and its children). For programs that check their configuration only
   * by starting (stunnel). Empty when the line came; else what the program said.
   */
  public static Optional<String> awaitLine(List<String> command, String wanted, Duration timeout) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
    } catch (IOException e) {
      return Optional.of("cannot start " + command.get(0) + ": " + e.getMessage());
    }
    StringBuilder log = new StringBuilder();
    CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (log) {
            log.append(line).append('\n');
          }
          if (line.contains(wanted)) {
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
    try {
      return seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.empty() : Optional.of(text(log));
    } catch (java.util.concurrent.TimeoutException e) {
      return Optional.of("no \"" + wanted + "\" within " + timeout + ":\n" + text(log));
    } catch (java.util.concurrent.ExecutionException e) {
      return Optional.of(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } finally {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String text(StringBuilder log) {
    synchronized (log) {
      return log.toString();
    }
  }

  /** {@code unshare} arguments for a new network namespace: as root plainly, else in a user namespace. */
  public static List<String> newNetworkNamespace(Path unshare) {
    List<String> cmd = new ArrayList<>(List.of(unshare.toString()));
    if (!isRoot()) {
      cmd.add("--map-root-user");
    }
    cmd.add("--net");
    return cmd;
  }

  /**
   * {@code command} run in a new network namespace whose loopback device is up and carries
   * {@code addresses}: programs that bind to check (nginx -t as root, stunnel) bind there, never
   * on this machine's ports, which running services may hold.
   */
  public static List<String> inNetworkNamespace(Path unshare, Path sh, Collection<InetAddress> addresses, List<String> command) {
    StringBuilder script = new StringBuilder("ip link set lo up");
    for (InetAddress a : addresses) {
      if (!a.isLoopbackAddress() && !a.isAnyLocalAddress()) {
        boolean v6 = a instanceof Inet6Address;
        script.append(" && ip addr add ").append(a.getHostAddress()).append(v6 ? "/128 nodad" : "/32").append(" dev lo");
      }
    }
    script.append(" && exec \"$@\"");
    List<String> full = new ArrayList<>(newNetworkNamespace(unshare));
    full.addAll(List.of(sh.toString(), "-c", script.toString(), "sh"));
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
