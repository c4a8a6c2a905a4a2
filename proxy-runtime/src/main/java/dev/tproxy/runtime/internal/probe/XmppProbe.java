package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * XMPP (sslh is_xmpp_protocol): "jabber" somewhere in the opening stream element; clients may
 * send it late, so fewer than 50 bytes without it means "wait".
 */
final class XmppProbe implements ProtocolProbe {
  static final XmppProbe INSTANCE = new XmppProbe();

  private static final byte[] JABBER = Bytes.ascii("jabber");

  private XmppProbe() {}

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    if (Bytes.contains(received, JABBER)) {
      return ProbeVerdict.MATCH;
    }
    return received.readableBytes() < 50 ? ProbeVerdict.AGAIN : ProbeVerdict.NEXT;
  }
}
