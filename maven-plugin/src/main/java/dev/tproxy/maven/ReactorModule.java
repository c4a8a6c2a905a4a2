package dev.tproxy.maven;

import java.io.File;
import java.util.Properties;

/**
 * What the goals need of a module of the reactor (a {@code MavenProject}, read through its public
 * getters: the plugin does not compile against maven-core).
 */
record ReactorModule(String artifactId, File basedir, String buildDirectory, Properties properties) {

  File topology() {
    return new File(basedir, "tproxy.yaml");
  }

  static ReactorModule of(Object project) {
    try {
      Object build = call(project, "getBuild");
      return new ReactorModule((String) call(project, "getArtifactId"), (File) call(project, "getBasedir"),
          (String) call(build, "getDirectory"), (Properties) call(project, "getProperties"));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the reactor's project " + project + ": " + e, e);
    }
  }

  private static Object call(Object target, String getter) throws ReflectiveOperationException {
    return target.getClass().getMethod(getter).invoke(target);
  }
}
