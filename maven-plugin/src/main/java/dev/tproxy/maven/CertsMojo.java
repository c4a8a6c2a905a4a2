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
 * overwritten unless {@code overwrite} is set.
 */
@Mojo(name = "certs", threadSafe = true, requiresProject = false)
public class CertsMojo extends AbstractTproxyMojo {

  /** Where the development CA ({@code ca.pem}, {@code ca.key}) is kept; default: {@code certs/} next to the topology. */
  @Parameter(property = "tproxy.certs.caDirectory")
  File caDirectory;

  /** Replace existing certificates and keys. */
  @Parameter(property = "tproxy.certs.overwrite", defaultValue = "false")
  boolean overwrite;

  @Override
  void run(Reporter reporter) throws TaskException {
    CertsTask.run(new CertsTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER,
        caDirectory == null ? null : caDirectory.toPath(), null, overwrite), reporter);
  }
}
