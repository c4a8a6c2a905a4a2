package dev.tproxy.maven;

import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import dev.tproxy.tasks.check.CheckTask;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates into a staging directory and checks every file with the program that will read it
 * (nginx -t, sslh, stunnel, systemd-analyze, shellcheck, nft -c, ssh -G); fails the build when one
 * says no or a certificate file the topology names is missing.
 */
@Mojo(name = "check", threadSafe = true, requiresProject = false)
public class CheckMojo extends AbstractTproxyMojo {

  /** Check with certificates issued for the purpose by a made-up CA instead of the topology's files. */
  @Parameter(property = "tproxy.check.standInCertificates", defaultValue = "false")
  boolean standInCertificates;

  @Override
  void run(Reporter reporter) throws TaskException {
    CheckTask.run(new CheckTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER, standInCertificates,
        relativePathsBase()), reporter);
  }
}
