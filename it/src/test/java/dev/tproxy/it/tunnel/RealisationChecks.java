package dev.tproxy.it.tunnel;

import static dev.tproxy.runtime.testing.NetnsTestBed.CLIENT_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.NetnsTestBed;
import java.time.Duration;

/**
 * What a realisation's own programs show after the cases ran, beyond the client's view: the
 * generated routing script's work (every realisation), nginx's workers and the certificate ACL
 * (where nginx runs), the runtime's connection lines for the tunnels (where the runtime runs the
 * terminators).
 */
final class RealisationChecks {
  private RealisationChecks() {}

  static void check(RunningRealisation running) {
    routingScriptPutTheHiddenAddressAndItsPolicyRoutingInPlace(running.chain);
    if (running.realisation.terminators == Realisation.Terminators.NGINX) {
      nginxWorkersRunAsWwwDataAndTheAclLetsThemReadTheCertificates(running.chain);
    } else {
      theRuntimeLoggedEachTunnelStepByStep(running);
    }
  }

  static void routingScriptPutTheHiddenAddressAndItsPolicyRoutingInPlace(ProxytunnelEndpointChain chain) {
    String server = chain.bed.serverNamespace();
    assertThat(NetnsTestBed.run("ip", "-n", server, "-4", "-o", "addr", "show")).contains(HIDDEN_IP + "/32");
    assertThat(NetnsTestBed.run("ip", "-n", server, "rule", "show")).contains("from " + HIDDEN_IP + " lookup 111");
    assertThat(NetnsTestBed.run("ip", "-n", server, "route", "show", "table", "111")).contains("local default");
  }

  /** The generated nginx.conf runs its workers as www-data, which reads the certificates through the generated ACL. */
  static void nginxWorkersRunAsWwwDataAndTheAclLetsThemReadTheCertificates(ProxytunnelEndpointChain chain) {
    String workers = NetnsTestBed.run("ps", "-o", "user=,args=", "-C", "nginx");
    assertThat(workers).as(workers).contains("www-data nginx: worker process");
    String acl = NetnsTestBed.run("getfacl", "-p", chain.bed.directory().resolve("letsencrypt/live").toString());
    assertThat(acl).contains("user:www-data:r-x", "default:user:www-data:r-x");
  }

  /**
   * The runtime's connection lines tell each tunnel's way: the SNI router routed t2 to the :444
   * terminator, which terminated TLS and reached sshd transparently from the client's address;
   * the :445 terminator named the client certificate's subject, and said at which step it
   * refused the client without one.
   */
  static void theRuntimeLoggedEachTunnelStepByStep(RunningRealisation running) {
    Duration wait = Duration.ofSeconds(10);
    Eventually.await("the runtime logged a tunnel connection through :444", wait,
        () -> running.runtimeLog().lines().anyMatch(l -> l.contains("connections - tunnel " + CLIENT_IP + ":")
            && l.contains("sni t2.yourdomain.top") && l.contains("route tls-terminate -> sshd")
            && l.contains("-> " + HIDDEN_IP + ":22 (transparent")));
    assertThat(running.runtimeLog()).contains("sni-router " + CLIENT_IP + ":").contains("route sni t2.yourdomain.top -> tunnel");
    Eventually.await("the runtime logged the client-certificate connection through :445", wait,
        () -> running.runtimeLog().lines().anyMatch(l -> l.contains("connections - tunnel-client-cert " + CLIENT_IP + ":")
            && l.contains("client CN=cryptic.foo.notexist") && l.contains("route tls-terminate -> sshd")
            && l.contains("-> " + HIDDEN_IP + ":22 (transparent")));
    Eventually.await("the runtime says at which step it refused the client without a certificate", wait,
        () -> running.runtimeLog().contains("closed TLS handshake done, then refused: client sent no certificate, one is required"));
  }
}
