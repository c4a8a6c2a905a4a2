package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * OpenVPN over TCP (sslh is_openvpn_protocol, TCP branch): a 2-byte big-endian packet length
 * equal to the number of bytes that follow it.
 */
final class OpenVpnProbe implements ProtocolProbe {
  static final OpenVpnProbe INSTANCE = new OpenVpnProbe();

  private OpenVpnProbe() {}

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    int len = received.readableBytes();
    if (len < 2) {
      return ProbeVerdict.AGAIN;
    }
    int packetLength = received.getUnsignedShort(received.readerIndex());
    return packetLength == len - 2 ? ProbeVerdict.MATCH : ProbeVerdict.NEXT;
  }
}
