package dev.tproxy.model;

/** PROXY protocol versions (haproxy's proxy-protocol.txt). */
public enum ProxyProtocolVersion implements FileId {
  V1("v1"),
  V2("v2");

  private final String id;

  ProxyProtocolVersion(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
