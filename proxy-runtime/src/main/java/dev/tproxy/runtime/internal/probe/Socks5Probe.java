package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * SOCKS5 greeting (sslh is_socks5_protocol): version 5, 1 to 10 authentication methods, each
 * method number at most 9 (the IANA registry sslh refers to).
 */
final class Socks5Probe implements ProtocolProbe {
  static final Socks5Probe INSTANCE = new Socks5Probe();

  private Socks5Probe() {}

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    int len = received.readableBytes();
    int at = received.readerIndex();
    if (len < 2) {
      return ProbeVerdict.AGAIN;
    }
    if (received.getUnsignedByte(at) != 5) {
      return ProbeVerdict.NEXT;
    }
    int methods = received.getUnsignedByte(at + 1);
    if (methods < 1 || methods > 10) {
      return ProbeVerdict.NEXT;
    }
    if (len < 2 + methods) {
      return ProbeVerdict.AGAIN;
    }
    for (int i = 0; i < methods; i++) {
      if (received.getUnsignedByte(at + 2 + i) > 9) {
        return ProbeVerdict.NEXT;
      }
    }
    return ProbeVerdict.MATCH;
  }
}
