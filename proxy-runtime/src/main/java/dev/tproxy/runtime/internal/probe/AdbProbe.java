package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * Android Debug Bridge (sslh is_adb_protocol): a CNXN message whose payload starts with
 * "host:" at offset 24, possibly after the empty 24-byte message ADB 26.0.0 rc1 sent first.
 */
final class AdbProbe implements ProtocolProbe {
  static final AdbProbe INSTANCE = new AdbProbe();

  private static final int MIN_PACKET = 30;
  private static final byte[] CNXN = Bytes.ascii("CNXN");
  private static final byte[] HOST = Bytes.ascii("host:");
  private static final byte[] EMPTY_MESSAGE = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff
  };

  private AdbProbe() {}

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    int len = received.readableBytes();
    if (len < MIN_PACKET) {
      return ProbeVerdict.AGAIN;
    }
    if (isConnect(received, 0)) {
      return ProbeVerdict.MATCH;
    }
    if (len < MIN_PACKET + EMPTY_MESSAGE.length) {
      return ProbeVerdict.AGAIN;
    }
    if (!Bytes.startsWith(received, 0, EMPTY_MESSAGE)) {
      return ProbeVerdict.NEXT;
    }
    return isConnect(received, EMPTY_MESSAGE.length) ? ProbeVerdict.MATCH : ProbeVerdict.NEXT;
  }

  private static boolean isConnect(ByteBuf buf, int offset) {
    return Bytes.startsWith(buf, offset, CNXN) && Bytes.startsWith(buf, offset + 24, HOST);
  }
}
