package dev.tproxy.runtime;

/**
 * The runtime could not start: a listener could not bind, the platform lacks what a service
 * needs (transparency without epoll or without the capability), or the options do not fit the
 * topology (an in-process backend without a handler). Nothing is left running.
 */
public final class TproxyStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TproxyStartException(String message) {
    super(message);
  }

  public TproxyStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
