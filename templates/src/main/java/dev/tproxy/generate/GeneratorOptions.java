package dev.tproxy.generate;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the generated files will be installed on the proxy host (files refer to each other by
 * these paths: a unit runs the sslh configuration from {@link #sslhConfigDirectory()}, nginx.conf
 * includes the stream file from {@link #nginxConfigDirectory()}), and an optional directory of
 * templates that replace the built-in ones. Built by {@link #builder()}; the defaults are
 * Debian's locations.
 */
public final class GeneratorOptions {

  private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,31}");

  private final Optional<Path> templateDirectory;
  private final Path sslhBinary;
  private final Path sslhConfigDirectory;
  private final Path stunnelConfigDirectory;
  private final Path nginxConfigDirectory;
  private final Path nginxStreamModule;
  private final Path nginxPidFile;
  private final Path nginxErrorLog;
  private final String nginxUser;
  private final Path scriptDirectory;
  private final Path configDirectory;
  private final Path launcher;
  private final Optional<Path> javaHome;
  private final String runtimeUser;
  private final Optional<Path> topologyFile;

  private GeneratorOptions(Builder b) {
    this.templateDirectory = Optional.ofNullable(b.templateDirectory);
    this.sslhBinary = b.sslhBinary;
    this.sslhConfigDirectory = b.sslhConfigDirectory;
    this.stunnelConfigDirectory = b.stunnelConfigDirectory;
    this.nginxConfigDirectory = b.nginxConfigDirectory;
    this.nginxStreamModule = b.nginxStreamModule;
    this.nginxPidFile = b.nginxPidFile;
    this.nginxErrorLog = b.nginxErrorLog;
    this.nginxUser = b.nginxUser;
    this.scriptDirectory = b.scriptDirectory;
    this.configDirectory = b.configDirectory;
    this.launcher = b.launcher;
    this.javaHome = Optional.ofNullable(b.javaHome);
    this.runtimeUser = b.runtimeUser;
    this.topologyFile = Optional.ofNullable(b.topologyFile);
  }

  public static GeneratorOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Templates here replace the built-in ones of the same relative name. */
  public Optional<Path> templateDirectory() {
    return templateDirectory;
  }

  /** The sslh program the units start; default {@code /usr/sbin/sslh}. */
  public Path sslhBinary() {
    return sslhBinary;
  }

  /** Where {@code sslh/<service>.cfg} is installed; default {@code /etc/sslh}. */
  public Path sslhConfigDirectory() {
    return sslhConfigDirectory;
  }

  /** Where {@code stunnel/<service>.conf} is installed; default {@code /etc/stunnel}, as Debian's stunnel@.service reads it. */
  public Path stunnelConfigDirectory() {
    return stunnelConfigDirectory;
  }

  /** Where {@code nginx/stream.conf} is installed; default {@code /etc/nginx/tproxy}. */
  public Path nginxConfigDirectory() {
    return nginxConfigDirectory;
  }

  /** The dynamic stream module the standalone nginx.conf loads; Debian's path by default. */
  public Path nginxStreamModule() {
    return nginxStreamModule;
  }

  /** {@code pid} of the standalone nginx.conf; default {@code /run/nginx.pid}. */
  public Path nginxPidFile() {
    return nginxPidFile;
  }

  /** {@code error_log} of the standalone nginx.conf; default {@code /var/log/nginx/error.log}. */
  public Path nginxErrorLog() {
    return nginxErrorLog;
  }

  /** The worker user of the standalone nginx.conf; default {@code www-data}. */
  public String nginxUser() {
    return nginxUser;
  }

  /** Where the routing and certificate-ACL scripts are installed; default {@code /usr/local/sbin}. */
  public Path scriptDirectory() {
    return scriptDirectory;
  }

  /** Where tproxy's own configuration (nftables rules) is installed; default {@code /etc/tproxy}. */
  public Path configDirectory() {
    return configDirectory;
  }

  /**
   * The launcher the unit of the {@code engine: tproxy} services runs: {@code bin/tproxy} of the
   * distribution archive unpacked to {@code /opt/tproxy} (docs/production.md), by default.
   */
  public Path launcher() {
    return launcher;
  }

  /** The Java runtime the launcher uses ({@code JAVA_HOME}); empty (the default): the {@code java} on PATH. */
  public Optional<Path> javaHome() {
    return javaHome;
  }

  /**
   * The system user the runtime's unit runs as; default {@code tproxy}. A named user rather than
   * systemd's DynamicUser=, because the certificate-ACL script grants it read access to key files
   * by name, before the unit ever runs.
   */
  public String runtimeUser() {
    return runtimeUser;
  }

  /**
   * Where the topology file is installed for the runtime's unit; empty (the default):
   * {@code <configDirectory>/<topology name>.yaml}.
   */
  public Optional<Path> topologyFile() {
    return topologyFile;
  }

  /** Fluent construction; {@link #build()} checks every path. */
  public static final class Builder {
    private Path templateDirectory;
    private Path sslhBinary = Path.of("/usr/sbin/sslh");
    private Path sslhConfigDirectory = Path.of("/etc/sslh");
    private Path stunnelConfigDirectory = Path.of("/etc/stunnel");
    private Path nginxConfigDirectory = Path.of("/etc/nginx/tproxy");
    private Path nginxStreamModule = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");
    private Path nginxPidFile = Path.of("/run/nginx.pid");
    private Path nginxErrorLog = Path.of("/var/log/nginx/error.log");
    private String nginxUser = "www-data";
    private Path scriptDirectory = Path.of("/usr/local/sbin");
    private Path configDirectory = Path.of("/etc/tproxy");
    private Path launcher = Path.of("/opt/tproxy/bin/tproxy");
    private Path javaHome;
    private String runtimeUser = "tproxy";
    private Path topologyFile;

    private Builder() {}

    public Builder launcher(Path path) {
      this.launcher = path;
      return this;
    }

    /** null: the {@code java} on PATH. */
    public Builder javaHome(Path directory) {
      this.javaHome = directory;
      return this;
    }

    public Builder runtimeUser(String user) {
      this.runtimeUser = user;
      return this;
    }

    /** null: {@code <configDirectory>/<topology name>.yaml}. */
    public Builder topologyFile(Path file) {
      this.topologyFile = file;
      return this;
    }

    public Builder templateDirectory(Path directory) {
      this.templateDirectory = directory;
      return this;
    }

    public Builder sslhBinary(Path path) {
      this.sslhBinary = path;
      return this;
    }

    public Builder sslhConfigDirectory(Path directory) {
      this.sslhConfigDirectory = directory;
      return this;
    }

    public Builder stunnelConfigDirectory(Path directory) {
      this.stunnelConfigDirectory = directory;
      return this;
    }

    public Builder nginxConfigDirectory(Path directory) {
      this.nginxConfigDirectory = directory;
      return this;
    }

    public Builder nginxStreamModule(Path path) {
      this.nginxStreamModule = path;
      return this;
    }

    public Builder nginxPidFile(Path path) {
      this.nginxPidFile = path;
      return this;
    }

    public Builder nginxErrorLog(Path path) {
      this.nginxErrorLog = path;
      return this;
    }

    public Builder nginxUser(String user) {
      this.nginxUser = user;
      return this;
    }

    public Builder scriptDirectory(Path directory) {
      this.scriptDirectory = directory;
      return this;
    }

    public Builder configDirectory(Path directory) {
      this.configDirectory = directory;
      return this;
    }

    /**
     * Every install path below a staging directory instead of the host's: the files are written
     * to {@code out} and point at themselves there (nginx's include, the units' configuration and
     * scripts), and nginx keeps its pid and error log in {@code root}/run and {@code root}/log. For
     * checking what would be installed before it is ({@code tproxy check}, the tests).
     */
    public Builder stagedIn(Path out, Path root) {
      return sslhConfigDirectory(out.resolve("sslh"))
          .stunnelConfigDirectory(out.resolve("stunnel"))
          .nginxConfigDirectory(out.resolve("nginx"))
          .nginxPidFile(root.resolve("run/nginx.pid"))
          .nginxErrorLog(root.resolve("log/nginx-error.log"))
          .scriptDirectory(out.resolve("sbin"))
          .configDirectory(out.resolve("tproxy"));
    }

    /**
     * @throws IllegalArgumentException naming the option when a path is not absolute, has
     *     {@code .}/{@code ..} steps or control characters, or (for paths nginx reads) a {@code $}
     */
    public GeneratorOptions build() {
      if (templateDirectory != null) {
        hostPath("templateDirectory", templateDirectory, false);
      }
      hostPath("sslhBinary", sslhBinary, false);
      hostPath("sslhConfigDirectory", sslhConfigDirectory, false);
      hostPath("stunnelConfigDirectory", stunnelConfigDirectory, false);
      hostPath("nginxConfigDirectory", nginxConfigDirectory, true);
      hostPath("nginxStreamModule", nginxStreamModule, true);
      hostPath("nginxPidFile", nginxPidFile, true);
      hostPath("nginxErrorLog", nginxErrorLog, true);
      hostPath("scriptDirectory", scriptDirectory, false);
      hostPath("configDirectory", configDirectory, false);
      hostPath("launcher", launcher, false);
      if (javaHome != null) {
        hostPath("javaHome", javaHome, false);
      }
      if (topologyFile != null) {
        hostPath("topologyFile", topologyFile, false);
      }
      if (nginxUser == null || !USER.matcher(nginxUser).matches()) {
        throw new IllegalArgumentException("nginxUser: \"" + nginxUser + "\" is not a user name (e.g. www-data)");
      }
      if (runtimeUser == null || !USER.matcher(runtimeUser).matches() || runtimeUser.equals("root")) {
        throw new IllegalArgumentException("runtimeUser: \"" + runtimeUser + "\" is not a user name of its own"
            + " (e.g. tproxy; root is refused: the unit grants the runtime only the capabilities it needs)");
      }
      return new GeneratorOptions(this);
    }

    private static void hostPath(String option, Path path, boolean readByNginx) {
      if (path == null) {
        throw new IllegalArgumentException(option + " is not set");
      }
      String s = path.toString();
      for (int i = 0; i < s.length(); i++) {
        if (Character.isISOControl(s.charAt(i))) {
          throw new IllegalArgumentException(option + ": the path contains a control character");
        }
      }
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException(option + ": \"" + s + "\" is not an absolute path");
      }
      if (!path.normalize().equals(path)) {
        throw new IllegalArgumentException(option + ": \"" + s + "\" has . or .. steps; write the plain path");
      }
      if (readByNginx && s.indexOf('$') >= 0) {
        throw new IllegalArgumentException(option + ": \"" + s + "\" contains $, which nginx would expand as a variable");
      }
    }
  }
}
