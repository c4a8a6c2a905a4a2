package dev.tproxy.model;

/** A feature a topology can ask of an engine; {@link EngineCapabilities} says who has it. */
public enum Feature {
  TRANSPARENT("transparent forwarding (IP_TRANSPARENT)"),
  CONNECT_TIMEOUT("a connect timeout"),
  IDLE_TIMEOUT("an idle timeout"),
  HALF_CLOSE("half-close relaying"),
  MAX_CONNECTIONS("a connection limit"),
  ROUTE_MAX_CONNECTIONS("a connection limit per route"),
  PROXY_PROTOCOL_ACCEPT("accepting the PROXY protocol"),
  PROXY_PROTOCOL_SEND_V1("sending PROXY protocol v1"),
  PROXY_PROTOCOL_SEND_V2("sending PROXY protocol v2"),
  UNIX_SOCKET_BACKEND("unix-socket backends"),
  PROBE_SYSLOG("the syslog probe"),
  PROBE_MSRDP("the msrdp probe"),
  REGEX_MIN_LENGTH("min-length on regex probes"),
  SUB_SECOND_PROBE_TIMEOUT("a probe timeout that is not whole seconds"),
  CLIENT_VERIFY_OPTIONAL("optional client-certificate verification"),
  KEY_PASSWORD_FILE("a passphrase file for encrypted keys"),
  IN_PROCESS_BACKEND("in-process backends"),
  PREREAD_TIMEOUT("a preread timeout"),
  PREREAD_BUFFER("a preread buffer size"),
  TLS_HANDSHAKE_TIMEOUT("a TLS handshake timeout"),
  PROXY_PROTOCOL_TIMEOUT("a PROXY header timeout"),
  TRANSPARENT_NEW_PORT("binding transparent connections to a new port (transparent-bind: new-port)"),
  TRANSPARENT_KEEP_CLIENT_PORT("keeping the client's port on transparent connections (transparent-bind: keep-client-port)");

  private final String description;

  Feature(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
