package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * A protocol that starts with fixed bytes: ssh ({@code "SSH-"}) and tinc ({@code "0 "}). Fewer
 * bytes than the prefix: wait (sslh is_ssh_protocol, is_tinc_protocol).
 */
final class PrefixProbe implements ProtocolProbe {
  static final PrefixProbe SSH = new PrefixProbe("SSH-");
  static final PrefixProbe TINC = new PrefixProbe("0 ");

  private final byte[] prefix;

  private PrefixProbe(String prefix) {
    this.prefix = Bytes.ascii(prefix);
  }

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    if (received.readableBytes() < prefix.length) {
      return ProbeVerdict.AGAIN;
    }
    return Bytes.startsWith(received, 0, prefix) ? ProbeVerdict.MATCH : ProbeVerdict.NEXT;
  }
}
