package dev.tproxy.runtime.internal.proxyprotocol;

import dev.tproxy.model.ProxyProtocolVersion;
import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Writes the PROXY header (v1 text or v2 binary, through Netty's encoder) that tells a target
 * who the client really is, before anything else goes upstream. Both addresses of a header are
 * of one family: an IPv4 address next to an IPv6 one is written as its v4-mapped IPv6 form.
 */
public final class ProxyHeaderSender {
  private static final String ENCODER = "proxy-protocol-encoder";

  private ProxyHeaderSender() {}

  /** Must run on {@code upstream}'s event loop, before the first relayed byte is written. */
  public static void send(Channel upstream, ProxyProtocolVersion version, InetSocketAddress source,
      InetSocketAddress destination) {
    upstream.pipeline().addFirst(ENCODER, HAProxyMessageEncoder.INSTANCE);
    // The encoder turns the message into bytes within write(), so it can leave right after.
    upstream.writeAndFlush(message(version, source, destination), upstream.voidPromise());
    upstream.pipeline().remove(ENCODER);
  }

  static HAProxyMessage message(ProxyProtocolVersion version, InetSocketAddress source, InetSocketAddress destination) {
    InetAddress src = source.getAddress();
    InetAddress dst = destination.getAddress();
    boolean v4 = src instanceof Inet4Address && dst instanceof Inet4Address;
    return new HAProxyMessage(version == ProxyProtocolVersion.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
        HAProxyCommand.PROXY, v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
        text(src, v4), text(dst, v4), source.getPort(), destination.getPort());
  }

  private static String text(InetAddress a, boolean v4) {
    if (v4 || a instanceof Inet6Address) {
      return a.getHostAddress();
    }
    return "::ffff:" + a.getHostAddress();
  }
}
