package dev.tproxy.ant;

import dev.tproxy.tasks.GenerateTask;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.io.File;

/** {@code <tproxy:generate topology="tproxy.yaml" outputdirectory="build/tproxy"/>}. */
public class Generate extends TproxyAntTask {
  private File outputDirectory;
  private File templateDirectory;

  public void setOutputDirectory(File dir) {
    this.outputDirectory = dir;
  }

  public void setTemplateDirectory(File dir) {
    this.templateDirectory = dir;
  }

  @Override
  void run(Reporter reporter) throws TaskException {
    File out = outputDirectory != null ? outputDirectory : new File(getProject().getBaseDir(), "build/tproxy");
    GenerateTask.run(new GenerateTask.Parameters(topology().toPath(), topologyParameter(), out.toPath(),
        templateDirectory == null ? null : templateDirectory.toPath()), reporter);
  }
}
