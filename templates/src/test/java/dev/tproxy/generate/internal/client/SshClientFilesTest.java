package dev.tproxy.generate.internal.client;

import static dev.tproxy.generate.Topologies.file;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ssh_config snippets: proxytunnel by version, openssl s_client. */
class SshClientFilesTest {

  static String withClient(String client) {
    return """
        name: t
        backends: [{name: sshd, address: "127.0.0.1:22"}]
        services:
          - name: term
            engine: nginx
            listen: ["127.0.0.1:4443"]
            tls-terminate:
              certificates: [{certificate: /etc/c.pem, key: /etc/c.key}]
              target: sshd
        clients:
        """ + client;
  }

  @Test
  void proxytunnel110SendsTheDestinationAsSniAndNeedsNothingElse() {
    String c = file(withClient("""
          - {host: t2, service: term, connect: "t2.example.org:443", proxy: "proxy.example.net:3128", tool: proxytunnel, tool-version: "1.10"}
        """), "ssh/t2.conf");
    assertThat(c).contains("\nHost t2\n    ProxyCommand proxytunnel -e -p proxy.example.net:3128 -d t2.example.org:443\n"
        + "    ServerAliveInterval 30\n");
  }

  @Test
  void proxytunnel112TakesClientCertificatesAndTheSni() {
    String c = file(withClient("""
          - host: hidden
            service: term
            connect: "t1.example.org:443"
            sni: cryptic.example.org
            proxy: "proxy.example.net:3128"
            tool: proxytunnel
            tool-version: "1.12"
            certificate: "~/.ssh/my certs/client.pem"
            key: ~/.ssh/client.key
            ca: /etc/ssl/ca.pem
        """), "ssh/hidden.conf");
    assertThat(c).contains("    ProxyCommand proxytunnel -e -p proxy.example.net:3128 -d t1.example.org:443 -C /etc/ssl/ca.pem"
        + " -c ~/'.ssh/my certs/client.pem' -k ~/.ssh/client.key -o cryptic.example.org\n");
  }

  @Test
  void opensslIsQuietVerifiesAndNamesTheServer() {
    String c = file(withClient("""
          - {host: direct, service: term, connect: "t1.example.org:443", sni: cryptic.example.org, tool: openssl, server-alive-interval: 10s}
        """), "ssh/direct.conf");
    assertThat(c).contains("    ProxyCommand openssl s_client -quiet -verify_return_error -connect t1.example.org:443"
        + " -servername cryptic.example.org -verify_hostname cryptic.example.org\n    ServerAliveInterval 10\n");
  }
}
