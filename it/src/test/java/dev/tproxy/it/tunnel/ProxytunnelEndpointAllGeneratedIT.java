package dev.tproxy.it.tunnel;

import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.runtime.testing.NetnsTestBed;
import org.junit.jupiter.api.Test;

/**
 * Realisation (a): the reference document's whole chain on the generated files alone. Debian's
 * sslh 1.20 runs the generated front.cfg, Debian's nginx 1.22 the generated nginx.conf (the SNI
 * router on :1443 and both terminators, workers as www-data), after the generated routing and
 * certificate-ACL scripts.
 *
 * <pre>
 *  client netns 10.77.0.2                         server netns 10.77.0.1, 203.0.113.10, 192.168.255.254 (routing script)
 *  ssh -> openssl s_client / proxytunnel -> tinyproxy ==> sslh :443 -> nginx :1443 (sni) -> :444 / :445 (tls) -> sshd :22
 * </pre>
 */
class ProxytunnelEndpointAllGeneratedIT extends ReferenceChainRealisation {
  @Override
  Front front() {
    return Front.SSLH;
  }

  @Override
  Terminators terminators() {
    return Terminators.NGINX;
  }

  @Test
  void theRoutingScriptPutTheHiddenAddressAndItsPolicyRoutingInPlace() {
    String server = chain.bed.serverNamespace();
    assertThat(NetnsTestBed.run("ip", "-n", server, "-4", "-o", "addr", "show")).contains(HIDDEN_IP + "/32");
    assertThat(NetnsTestBed.run("ip", "-n", server, "rule", "show")).contains("from " + HIDDEN_IP + " lookup 111");
    assertThat(NetnsTestBed.run("ip", "-n", server, "route", "show", "table", "111")).contains("local default");
  }

  @Test
  void nginxWorkersRunAsWwwDataAndTheAclLetsThemReadTheCertificates() {
    String workers = NetnsTestBed.run("ps", "-o", "user=,args=", "-C", "nginx");
    assertThat(workers).as(workers).contains("www-data nginx: worker process");
    String acl = NetnsTestBed.run("getfacl", "-p", chain.bed.directory().resolve("letsencrypt/live").toString());
    assertThat(acl).contains("user:www-data:r-x", "default:user:www-data:r-x");
  }
}
