package dev.tproxy.it.tunnel;

import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.it.support.Listening;
import dev.tproxy.it.support.Nginx;
import dev.tproxy.runtime.testing.NetnsTestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One realisation of examples/proxytunnel-endpoint's chain, running in its own pair of network
 * namespaces, started only from what tproxy produced from the example: the generated routing
 * script (hidden address, policy routing), the generated certificate-ACL script, then the SNI
 * router and the two terminators (nginx 1.22 on the generated nginx.conf, or the runtime), the
 * front on the public :443 (sslh 1.20 on the generated front.cfg, or the runtime), sshd and the
 * web backend on the hidden address, tinyproxy and an agent in the client namespace.
 * {@link #close()} stops all of it and removes the namespaces.
 */
final class RunningRealisation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunningRealisation.class);
  static final String TOPOLOGY = "proxytunnel-endpoint";
  static final String FRONT = "front";
  static final String TERMINATORS = "sni-router,tunnel,tunnel-client-cert";

  final Realisation realisation;
  final ProxytunnelEndpointChain chain;
  final Path nginxErrorLog;
  /** The runtimes this realisation started, the first one's log being {@link #runtimeLog()}. */
  private final List<NetnsTestBed.Agent> runtimes = new ArrayList<>();
  NetnsTestBed.Agent client;

  private RunningRealisation(Realisation realisation, ProxytunnelEndpointChain chain, Path nginxErrorLog) {
    this.realisation = realisation;
    this.chain = chain;
    this.nginxErrorLog = nginxErrorLog;
  }

  static RunningRealisation start(Realisation realisation) throws IOException {
    if (realisation.terminators == Realisation.Terminators.NGINX) {
      Nginx.requireInstalled();
    }
    NetnsTestBed.requireExecutable("/usr/bin/setfacl", "setfacl (package acl), which the generated certificate-ACL script runs");
    NetnsTestBed bed = NetnsTestBed.createWithoutRouting();
    Path dir = bed.directory();
    Path nginxErrorLog = dir.resolve("nginx-error.log");
    ProxytunnelEndpointChain chain;
    try {
      chain = ProxytunnelEndpointChain.prepare(bed, GeneratorOptions.builder()
          .nginxConfigDirectory(dir.resolve("generated/nginx"))
          .nginxPidFile(dir.resolve("nginx.pid"))
          .nginxErrorLog(nginxErrorLog)
          .build());
    } catch (IOException | RuntimeException | AssertionError e) {
      bed.close();
      throw e;
    }
    RunningRealisation running = new RunningRealisation(realisation, chain, nginxErrorLog);
    try {
      running.up();
    } catch (IOException | RuntimeException | AssertionError e) {
      running.close();
      throw e;
    }
    return running;
  }

  private void up() throws IOException {
    NetnsTestBed bed = chain.bed;
    Path dir = bed.directory();
    Path generated = chain.generated;
    // The routing script, as its unit runs it at boot, inside the server namespace.
    NetnsTestBed.run("ip", "netns", "exec", bed.serverNamespace(), "bash",
        generated.resolve("sbin/tproxy-" + TOPOLOGY + "-routing.sh").toString(), "up");
    // A real system's /etc is world-searchable; the test's temporary directory is not.
    for (Path p = dir.resolve("letsencrypt"); !p.equals(dir.getParent()); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    NetnsTestBed.run("bash", generated.resolve("sbin/tproxy-" + TOPOLOGY + "-certificate-acl.sh").toString());
    chain.startSshd();
    // Back to front, so that each hop finds the next one listening.
    if (realisation == Realisation.ALL_RUNTIME) {
      startRuntime(FRONT + "," + TERMINATORS);
    } else if (realisation.terminators == Realisation.Terminators.NGINX) {
      startNginx();
    } else {
      startRuntime(TERMINATORS);
    }
    if (realisation.front == Realisation.Front.SSLH) {
      chain.startSslh();
    } else if (realisation.terminators == Realisation.Terminators.NGINX) {
      startRuntime(FRONT);
    }
    chain.startTinyproxy();
    NetnsTestBed.Agent web = bed.agent(bed.serverNamespace());
    runtimes.add(web);
    web.call("backend web " + HIDDEN_IP + " 443");
    client = bed.agent(bed.clientNamespace());
  }

  /** Debian's nginx on the generated nginx.conf (checked with nginx -t first), in the server namespace. */
  private void startNginx() {
    NetnsTestBed bed = chain.bed;
    Path config = chain.generated.resolve("nginx/nginx.conf");
    String test = NetnsTestBed.run("ip", "netns", "exec", bed.serverNamespace(), Nginx.NGINX, "-t",
        "-e", nginxErrorLog.toString(), "-c", config.toString());
    assertThat(test).contains("test is successful");
    bed.startLogged(bed.serverNamespace(), bed.directory().resolve("nginx.out"), Nginx.NGINX, "-e", nginxErrorLog.toString(),
        "-c", config.toString(), "-g", "daemon off;");
    for (String port : List.of("1443", "444", "445")) {
      Listening.await(bed.serverNamespace(), HIDDEN_IP + ":" + port, "nginx (error log: " + nginxErrorLog + ")");
    }
  }

  /** Some of the example's services in tproxy's runtime, in the server namespace, binding as their engines do. */
  private void startRuntime(String services) {
    NetnsTestBed.Agent agent = chain.bed.agent(chain.bed.serverNamespace());
    runtimes.add(agent);
    agent.call("runtime r " + chain.topologyFile + " " + services);
  }

  /** The log of the first runtime this realisation started (the web backend's agent when none). */
  String runtimeLog() {
    return runtimes.get(0).log();
  }

  /** Stops every program, logging what the runtimes and nginx said, and removes the namespaces. */
  @Override
  public void close() {
    runtimes.forEach(r -> LOG.info("{}: agent log:\n{}", realisation, r.log()));
    if (realisation.terminators == Realisation.Terminators.NGINX) {
      LOG.info("{}: nginx error log:\n{}", realisation, chain.read(nginxErrorLog));
    }
    chain.close();
  }
}
