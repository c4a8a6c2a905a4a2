package dev.tproxy.model;

/** The four things a service can do with a connection. */
public enum StageKind implements FileId {
  DEMUX("demux"),
  SNI_ROUTE("sni-route"),
  TLS_TERMINATE("tls-terminate"),
  FORWARD("forward");

  private final String id;

  StageKind(String id) {
    this.id = id;
  }

  /** The key used in topology files. */
  @Override
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
