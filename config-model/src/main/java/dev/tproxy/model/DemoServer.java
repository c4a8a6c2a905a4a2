package dev.tproxy.model;

import java.util.Optional;

/**
 * A stand-in server that {@code tproxy run --demo-backends} starts on a loopback backend's
 * address, so a topology can be tried on a laptop without the real sshd or web server. The
 * generators ignore it.
 */
public enum DemoServer implements FileId {
  /** Answers HTTP requests with a page naming the backend and the client address it saw. */
  HTTP("http"),
  /** The same over TLS, with a certificate from the development CA. */
  HTTPS("https"),
  /** A real OpenSSH sshd (Debian package openssh-server) with a generated key pair. */
  SSH("ssh"),
  /** Greets with its name and the client address, then echoes. */
  ECHO("echo");

  private final String id;

  DemoServer(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  public static Optional<DemoServer> fromId(String id) {
    return FileId.find(DemoServer.class, id);
  }

  @Override
  public String toString() {
    return id;
  }
}
