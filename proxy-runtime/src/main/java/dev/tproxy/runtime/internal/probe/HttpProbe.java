package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * HTTP (sslh is_http_protocol): "HTTP" anywhere in the bytes, else a request line starting with
 * one of the RFC 2616 methods. The methods are tried in sslh's order and a buffer shorter than
 * the method being tried means "wait", so anything under 7 bytes without "HTTP" waits
 * (OPTIONS is tried first).
 */
final class HttpProbe implements ProtocolProbe {
  static final HttpProbe INSTANCE = new HttpProbe();

  private static final byte[] HTTP = Bytes.ascii("HTTP");
  private static final byte[][] METHODS = {
    Bytes.ascii("OPTIONS"), Bytes.ascii("GET"), Bytes.ascii("HEAD"), Bytes.ascii("POST"),
    Bytes.ascii("PUT"), Bytes.ascii("DELETE"), Bytes.ascii("TRACE"), Bytes.ascii("CONNECT")
  };

  private HttpProbe() {}

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    return probe(received, 0);
  }

  @Override
  public ProbeVerdict probe(ByteBuf received, int probedBefore) {
    // "HTTP" was not in the bytes probed before; it can only end among the new ones.
    if (Bytes.contains(received, Math.max(0, probedBefore - (HTTP.length - 1)), HTTP)) {
      return ProbeVerdict.MATCH;
    }
    for (byte[] method : METHODS) {
      if (received.readableBytes() < method.length) {
        return ProbeVerdict.AGAIN;
      }
      if (Bytes.startsWith(received, 0, method)) {
        return ProbeVerdict.MATCH;
      }
    }
    return ProbeVerdict.NEXT;
  }
}
