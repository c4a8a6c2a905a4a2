package dev.tproxy.model;

/** PROXY protocol versions (haproxy's proxy-protocol.txt). */
public enum ProxyProtocolVersion {
  V1("v1"),
  V2("v2");

  private final String id;

  ProxyProtocolVersion(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
