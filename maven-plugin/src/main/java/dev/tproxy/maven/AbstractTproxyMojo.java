package dev.tproxy.maven;

import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal shares: the topology file, the directory its relative paths resolve against,
 * skipping, and the defaults that differ inside and outside a project. Subclasses map their own
 * parameters and call one task; no logic lives here.
 *
 * <p>User properties follow one scheme: {@code tproxy.<name>} for what every goal shares
 * ({@code tproxy.topology}, {@code tproxy.baseDirectory}, {@code tproxy.skip}) and
 * {@code tproxy.<goal>.<name>} for the rest. The older names are still read, with a warning.
 */
abstract class AbstractTproxyMojo extends AbstractMojo {

  /** The POM element and user property naming the topology, for messages. */
  static final String TOPOLOGY_PARAMETER = "<topology> (-Dtproxy.topology)";

  /**
   * The topology file: YAML ({@code tproxy.yaml}) or JSON; default: {@code tproxy.yaml} in the
   * project's directory (outside a project: the current directory). In a multi-module build, a
   * module without that file is skipped.
   */
  @Parameter(property = "tproxy.topology")
  File topology;

  /**
   * Relative file paths in the topology (certificates, keys, client CAs, password files, unix
   * sockets) resolve against this directory; default: the project's build directory
   * ({@code target/}), so that {@code tproxy:certs} writes keys there, never under {@code src/},
   * and {@code tproxy:run} finds them; outside a project: the topology's directory.
   */
  @Parameter(property = "tproxy.baseDirectory")
  File baseDirectory;

  /** Skip this goal. */
  @Parameter(property = "tproxy.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  File projectDirectory;

  /** Outside a project Maven leaves this uninterpolated ({@code ${project.basedir}/target}). */
  @Parameter(defaultValue = "${project.build.directory}", readonly = true)
  String projectBuildDirectory;

  @Parameter(defaultValue = "${project.file}", readonly = true)
  File projectFile;

  @Parameter(defaultValue = "${session.executionRootDirectory}", readonly = true)
  String executionRootDirectory;

  @Parameter(defaultValue = "${reactorProjects}", readonly = true)
  List<?> reactorProjects;

  @Parameter(defaultValue = "${session.userProperties}", readonly = true)
  Properties userProperties;

  @Parameter(defaultValue = "${project.properties}", readonly = true)
  Properties projectProperties;

  /** {@code default-cli} when the goal was typed on the command line. */
  @Parameter(defaultValue = "${mojoExecution.executionId}", readonly = true)
  String executionId;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("tproxy: skipped (tproxy.skip)");
      return;
    }
    try {
      if (topology == null && needsTopology() && typedAtReactorRoot()) {
        // Maven runs a goal that needs no project once per build, in the first project: the goal
        // then runs for every module that has a topology.
        forEachModule();
        return;
      }
      if (topology == null && needsTopology()) {
        File defaultTopology = new File(directory(), "tproxy.yaml");
        if (!defaultTopology.isFile() && inMultiModuleBuild()) {
          getLog().info("tproxy: skipped, this module has no topology (" + defaultTopology
              + "); set <topology> to use another file");
          return;
        }
        topology = defaultTopology;
      }
      run(new MavenReporter(getLog()));
    } catch (TaskException e) {
      if (e.kind() == TaskException.Kind.USER) {
        throw new MojoFailureException(e.getMessage(), e);
      }
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  private boolean typedAtReactorRoot() {
    return inMultiModuleBuild() && executionId != null && executionId.startsWith("default-cli");
  }

  private void forEachModule() throws TaskException {
    List<ReactorModule> withTopology = new java.util.ArrayList<>();
    for (Object project : reactorProjects) {
      ReactorModule m = ReactorModule.of(project);
      if (m.topology().isFile()) {
        withTopology.add(m);
      } else {
        getLog().info("tproxy: skipped " + m.artifactId() + ", it has no topology (" + m.topology() + ")");
      }
    }
    if (withTopology.size() > 1 && !aggregates()) {
      throw TaskException.user(withTopology.size() + " modules have a topology ("
          + withTopology.stream().map(ReactorModule::artifactId).collect(java.util.stream.Collectors.joining(", "))
          + "); run this goal in one of them (-pl MODULE) or name the file with " + TOPOLOGY_PARAMETER);
    }
    for (ReactorModule m : withTopology) {
      getLog().info("tproxy: module " + m.artifactId() + ": " + m.topology());
      topology = m.topology();
      projectDirectory = m.basedir();
      projectBuildDirectory = m.buildDirectory();
      projectProperties = m.properties();
      run(new MavenReporter(getLog()));
    }
  }

  /**
   * Whether the goal may run for several modules' topologies in one build; false for one that
   * blocks or keeps a topology running (run, start).
   */
  boolean aggregates() {
    return true;
  }

  abstract void run(Reporter reporter) throws TaskException;

  /** False for a goal that reads no topology (stop). */
  boolean needsTopology() {
    return true;
  }

  /** Whether Maven runs in a project (requiresProject = false lets the goals run without one). */
  final boolean inProject() {
    return projectFile != null && projectBuildDirectory != null && !projectBuildDirectory.contains("${");
  }

  private boolean inMultiModuleBuild() {
    return inProject() && reactorProjects != null && reactorProjects.size() > 1;
  }

  /** The project's directory, or outside a project the directory Maven was started in. */
  final File directory() {
    if (inProject() && projectDirectory != null) {
      return projectDirectory;
    }
    return new File(executionRootDirectory != null ? executionRootDirectory : System.getProperty("user.dir"));
  }

  /** The project's build directory, or outside a project {@code target} in the current directory. */
  final File buildDirectory() {
    return inProject() ? new File(projectBuildDirectory) : new File(directory(), "target");
  }

  /** Where the topology's relative paths resolve: {@link #baseDirectory}, see there. */
  final Path relativePathsBase() {
    if (baseDirectory != null) {
      return baseDirectory.toPath().toAbsolutePath();
    }
    return inProject() ? buildDirectory().toPath().toAbsolutePath() : topology.toPath().toAbsolutePath().getParent();
  }

  /**
   * A parameter's value, or where it is unset the value of its former user property (with a
   * deprecation warning), else null.
   */
  final String orFormerProperty(String value, String formerProperty, String newProperty) {
    if (value != null) {
      return value;
    }
    String former = userProperties == null ? null : userProperties.getProperty(formerProperty);
    if (former == null && projectProperties != null) {
      former = projectProperties.getProperty(formerProperty);
    }
    if (former != null) {
      getLog().warn("tproxy: the property " + formerProperty + " is deprecated and will be removed;"
          + " use " + newProperty);
    }
    return former;
  }

  final File orFormerProperty(File value, String formerProperty, String newProperty) {
    String s = orFormerProperty(value == null ? null : value.getPath(), formerProperty, newProperty);
    if (s == null) {
      return null;
    }
    File f = new File(s);
    return f.isAbsolute() ? f : new File(directory(), s);
  }
}
