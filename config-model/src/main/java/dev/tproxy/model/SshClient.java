package dev.tproxy.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An {@code ~/.ssh/config} entry that reaches a TLS-terminating service through a TLS tunnel,
 * optionally through an HTTP proxy.
 *
 * @param host the alias users type: {@code ssh <host>}
 * @param service the tls-terminate service this entry must end up at
 * @param connect where the client dials: the public name and port of the front door
 * @param proxy the HTTP proxy to tunnel through (CONNECT), if any
 * @param sni the server name to send; absent: the host of {@code connect}
 * @param certificate client certificate, for terminators that verify clients
 * @param key the client certificate's key
 * @param ca the CA that signed the server's certificate, when it is not publicly trusted
 * @param tool proxytunnel or openssl
 * @param toolVersion the version of {@code tool} on the client machine
 */
public record SshClient(
    String host,
    Target service,
    HostPort connect,
    Optional<HostPort> proxy,
    Optional<String> sni,
    Optional<Path> certificate,
    Optional<Path> key,
    Optional<Path> ca,
    ClientTool tool,
    Version toolVersion,
    Duration serverAliveInterval) {

  public static final Duration DEFAULT_SERVER_ALIVE_INTERVAL = Duration.ofSeconds(30);

  public SshClient {
    proxy = proxy == null ? Optional.empty() : proxy;
    sni = sni == null ? Optional.empty() : sni;
    certificate = certificate == null ? Optional.empty() : certificate;
    key = key == null ? Optional.empty() : key;
    ca = ca == null ? Optional.empty() : ca;
    tool = tool == null ? ClientTool.OPENSSL : tool;
    toolVersion = toolVersion == null ? tool.defaultVersion() : toolVersion;
    serverAliveInterval =
        serverAliveInterval == null ? DEFAULT_SERVER_ALIVE_INTERVAL : serverAliveInterval;
  }

  /** The server name the client sends: {@code sni}, else the host it connects to. */
  public String effectiveSni() {
    return sni.orElse(connect == null ? null : connect.host());
  }
}
