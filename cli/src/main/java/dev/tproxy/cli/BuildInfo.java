package dev.tproxy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * What {@code tproxy --version} prints: tproxy's version and the commit it was built from, the
 * Netty it runs on, whether its native transports loaded and which one {@code run} takes, and the JDK
 * and kernel. A bug
 * report needs all three lines.
 */
record BuildInfo(String version, String commit, String commitDate, boolean dirty) {
  private static final String RESOURCE = "build.properties";

  static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from the tproxy jar", e);
    }
    return new BuildInfo(value(p, "version"), value(p, "commit"), value(p, "commit-date"),
        "true".equals(value(p, "dirty")));
  }

  /** A property, or null where the build left it unset (a build without .git leaves "${...}"). */
  private static String value(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() || v.startsWith("${") ? null : v;
  }

  List<String> lines() {
    String build = commit == null ? "commit unknown"
        : "commit " + commit + (dirty ? " with uncommitted changes" : "") + (commitDate == null ? "" : ", " + commitDate);
    return List.of(
        "tproxy " + (version == null ? "(version unknown)" : version) + " (" + build + ")",
        "Netty " + nettyVersion() + ", native epoll " + epoll() + ", io_uring " + ioUring() + "; AUTO takes " + auto(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
            + System.getProperty("java.vm.name") + ") on " + System.getProperty("os.name") + " "
            + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
  }

  private static String nettyVersion() {
    io.netty.util.Version v = io.netty.util.Version.identify().get("netty-common");
    return v == null ? "(version unknown)" : v.artifactVersion();
  }

  private static String ioUring() {
    try {
      return io.netty.channel.uring.IoUring.isAvailable() ? "available"
          : "not available (" + io.netty.channel.uring.IoUring.unavailabilityCause() + ")";
    } catch (LinkageError e) {
      return "not available (" + e + ")";
    }
  }

  /** The transport {@code run} takes when none is asked for. */
  private static String auto() {
    try {
      return dev.tproxy.runtime.internal.transport.Transport.choose(dev.tproxy.runtime.TransportKind.AUTO, false).name();
    } catch (RuntimeException | LinkageError e) {
      return "none (" + e.getMessage() + ")";
    }
  }

  private static String epoll() {
    try {
      return io.netty.channel.epoll.Epoll.isAvailable() ? "available"
          : "not available (" + io.netty.channel.epoll.Epoll.unavailabilityCause() + "); NIO is used";
    } catch (LinkageError e) {
      return "not available (" + e + "); NIO is used";
    }
  }
}
