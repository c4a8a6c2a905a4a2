package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * Microsoft RDP (sslh is_msrdp_protocol): a TPKT header, version 3, whose 16-bit length equals
 * the bytes received. sslh stores that length in a {@code char}, so lengths above 127 never
 * match there; this probe compares the whole length (see docs/runtime-vs-sslh-nginx.md).
 */
final class MsrdpProbe implements ProtocolProbe {
  static final MsrdpProbe INSTANCE = new MsrdpProbe();

  private MsrdpProbe() {}

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    int len = received.readableBytes();
    int at = received.readerIndex();
    if (len < 7 || received.getUnsignedByte(at) != 0x03) {
      return ProbeVerdict.NEXT;
    }
    return received.getUnsignedShort(at + 2) == len ? ProbeVerdict.MATCH : ProbeVerdict.NEXT;
  }
}
