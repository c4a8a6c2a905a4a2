package dev.tproxy.it.support;

import dev.tproxy.runtime.testing.NetnsTestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's tinyproxy, a real HTTP proxy that tunnels CONNECT to port 443 (as restrictive
 * corporate proxies do), started in a namespace with its own configuration, in the foreground,
 * its log in the test's directory. The package's own service is never started (policy-rc.d).
 */
public final class Tinyproxy {
  public static final String TINYPROXY = "/usr/bin/tinyproxy";

  private final Path log;

  private Tinyproxy(Path log) {
    this.log = log;
  }

  /** Listens on {@code ip:port}, lets only {@code ip} (loopback) in, CONNECTs to port 443 only. */
  public static Tinyproxy start(NetnsTestBed bed, String namespace, String ip, int port) {
    NetnsTestBed.requireExecutable(TINYPROXY, "tinyproxy, a real HTTP CONNECT proxy (package tinyproxy;"
        + " scripts/install-debian-packages.sh)");
    Path dir = bed.directory().resolve("tinyproxy");
    try {
      Files.createDirectories(dir);
      Path conf = Files.writeString(dir.resolve("tinyproxy.conf"), String.join("\n",
          "Port " + port,
          "Listen " + ip,
          "Allow " + ip,
          "ConnectPort 443",
          "Timeout 120",
          "MaxClients 20",
          "LogLevel Info",
          ""));
      Path log = dir.resolve("tinyproxy.log");
      bed.startLogged(namespace, log, TINYPROXY, "-d", "-c", conf.toString());
      Listening.await(namespace, ip + ":" + port, "tinyproxy (log: " + log + ")");
      return new Tinyproxy(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
