package dev.tproxy.maven;

import dev.tproxy.tasks.CertsTask;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates the development CA and the certificates the topology names (server certificates of
 * tls-terminate stages, client CAs, ssh client certificates). Existing keys are never
 * overwritten unless {@code overwrite} is set. Relative paths in the topology resolve against
 * {@code baseDirectory}, by default the build directory: {@code certs/demo.test.pem} is written
 * to {@code target/certs/demo.test.pem}, where {@code tproxy:run} reads it, never under
 * {@code src/}.
 */
@Mojo(name = "certs", threadSafe = true, requiresProject = false)
public class CertsMojo extends AbstractTproxyMojo {

  /**
   * Where the development CA ({@code ca.pem}, {@code ca.key}) is kept; default: {@code certs/} in
   * {@code baseDirectory} ({@code target/certs} in a project).
   */
  @Parameter(property = "tproxy.certs.caDirectory")
  File caDirectory;

  /** Replace existing certificates and keys. */
  @Parameter(property = "tproxy.certs.overwrite", defaultValue = "false")
  boolean overwrite;

  @Override
  void run(Reporter reporter) throws TaskException {
    CertsTask.run(new CertsTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER,
        caDirectory == null ? null : caDirectory.toPath(), null, overwrite, relativePathsBase()), reporter);
  }
}
