package dev.tproxy.maven;

import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.tasks.GenerateTask;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Validates the topology, then writes the files for nginx, sslh, stunnel, systemd, routing,
 * certificate access and ssh clients into {@code outputDirectory}, all or nothing. The files refer
 * to each other by where they will be installed on the proxy host: the install parameters below
 * (absolute paths; default: Debian's locations).
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true, requiresProject = false)
public class GenerateMojo extends AbstractTproxyMojo {

  /**
   * Where the files go; default {@code ${project.build.directory}/tproxy} (outside a project:
   * {@code target/tproxy} in the current directory). Formerly {@code -Dtproxy.outputDirectory}.
   */
  @Parameter(property = "tproxy.generate.outputDirectory")
  File outputDirectory;

  /**
   * Templates that replace the built-in ones of the same relative name (see the templates module's
   * README). Formerly {@code -Dtproxy.templateDirectory}.
   */
  @Parameter(property = "tproxy.generate.templateDirectory")
  File templateDirectory;

  /** Install path: the sslh program the units start; default {@code /usr/sbin/sslh}. */
  @Parameter(property = "tproxy.generate.sslhBinary")
  String sslhBinary;

  /** Install path: where {@code sslh/<service>.cfg} goes; default {@code /etc/sslh}. */
  @Parameter(property = "tproxy.generate.sslhConfigDirectory")
  String sslhConfigDirectory;

  /** Install path: where {@code stunnel/<service>.conf} goes; default {@code /etc/stunnel}. */
  @Parameter(property = "tproxy.generate.stunnelConfigDirectory")
  String stunnelConfigDirectory;

  /** Install path: where {@code nginx/stream.conf} goes; default {@code /etc/nginx/tproxy}. */
  @Parameter(property = "tproxy.generate.nginxConfigDirectory")
  String nginxConfigDirectory;

  /** Install path: the dynamic stream module the standalone nginx.conf loads; default: Debian's. */
  @Parameter(property = "tproxy.generate.nginxStreamModule")
  String nginxStreamModule;

  /** Install path: {@code pid} of the standalone nginx.conf; default {@code /run/nginx.pid}. */
  @Parameter(property = "tproxy.generate.nginxPidFile")
  String nginxPidFile;

  /** Install path: {@code error_log} of the standalone nginx.conf; default {@code /var/log/nginx/error.log}. */
  @Parameter(property = "tproxy.generate.nginxErrorLog")
  String nginxErrorLog;

  /** The worker user of the standalone nginx.conf; default {@code www-data}. */
  @Parameter(property = "tproxy.generate.nginxUser")
  String nginxUser;

  /** Install path: where the routing and certificate-ACL scripts go; default {@code /usr/local/sbin}. */
  @Parameter(property = "tproxy.generate.scriptDirectory")
  String scriptDirectory;

  /** Install path: tproxy's own configuration (nftables rules); default {@code /etc/tproxy}. */
  @Parameter(property = "tproxy.generate.configDirectory")
  String configDirectory;

  /** Install path: the launcher the unit of {@code engine: tproxy} services runs; default {@code /opt/tproxy/bin/tproxy}. */
  @Parameter(property = "tproxy.generate.launcher")
  String launcher;

  /** Install path: the JDK the launcher's unit uses ({@code JAVA_HOME}); default: the {@code java} on PATH. */
  @Parameter(property = "tproxy.generate.javaHome")
  String javaHome;

  /** The user the launcher's unit runs as; default {@code tproxy}. */
  @Parameter(property = "tproxy.generate.runtimeUser")
  String runtimeUser;

  /** Install path: where the launcher's unit reads the topology; default {@code <configDirectory>/<topology name>.yaml}. */
  @Parameter(property = "tproxy.generate.installedTopology")
  String installedTopology;

  @Override
  void run(Reporter reporter) throws TaskException {
    File out = orFormerProperty(outputDirectory, "tproxy.outputDirectory", "tproxy.generate.outputDirectory");
    if (out == null) {
      out = new File(buildDirectory(), "tproxy");
    }
    File templates = orFormerProperty(templateDirectory, "tproxy.templateDirectory", "tproxy.generate.templateDirectory");
    GeneratorOptions.Builder options = GeneratorOptions.builder();
    set(options, "sslhBinary", sslhBinary, b -> p -> b.sslhBinary(p));
    set(options, "sslhConfigDirectory", sslhConfigDirectory, b -> p -> b.sslhConfigDirectory(p));
    set(options, "stunnelConfigDirectory", stunnelConfigDirectory, b -> p -> b.stunnelConfigDirectory(p));
    set(options, "nginxConfigDirectory", nginxConfigDirectory, b -> p -> b.nginxConfigDirectory(p));
    set(options, "nginxStreamModule", nginxStreamModule, b -> p -> b.nginxStreamModule(p));
    set(options, "nginxPidFile", nginxPidFile, b -> p -> b.nginxPidFile(p));
    set(options, "nginxErrorLog", nginxErrorLog, b -> p -> b.nginxErrorLog(p));
    set(options, "scriptDirectory", scriptDirectory, b -> p -> b.scriptDirectory(p));
    set(options, "configDirectory", configDirectory, b -> p -> b.configDirectory(p));
    set(options, "launcher", launcher, b -> p -> b.launcher(p));
    set(options, "javaHome", javaHome, b -> p -> b.javaHome(p));
    set(options, "installedTopology", installedTopology, b -> p -> b.topologyFile(p));
    try {
      if (nginxUser != null && !nginxUser.isBlank()) {
        options.nginxUser(nginxUser.trim());
      }
      if (runtimeUser != null && !runtimeUser.isBlank()) {
        options.runtimeUser(runtimeUser.trim());
      }
      options.build();
    } catch (IllegalArgumentException e) {
      throw TaskException.user("<nginxUser>, <runtimeUser> or an install path (-Dtproxy.generate.*): " + e.getMessage());
    }
    GenerateTask.run(new GenerateTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER, out.toPath(),
        templates == null ? null : templates.toPath(), relativePathsBase(), options), reporter);
  }

  private static void set(GeneratorOptions.Builder options, String element, String value,
      Function<GeneratorOptions.Builder, java.util.function.Consumer<Path>> setter) throws TaskException {
    if (value == null || value.isBlank()) {
      return;
    }
    Path p = Path.of(value.trim());
    if (!p.isAbsolute()) {
      throw TaskException.user("<" + element + "> (-Dtproxy.generate." + element + "): \"" + value
          + "\" is a path on the proxy host and must be absolute");
    }
    try {
      setter.apply(options).accept(p);
    } catch (IllegalArgumentException e) {
      throw TaskException.user("<" + element + "> (-Dtproxy.generate." + element + "): " + e.getMessage());
    }
  }
}
