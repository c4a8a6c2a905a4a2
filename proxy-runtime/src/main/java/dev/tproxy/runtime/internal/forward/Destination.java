package dev.tproxy.runtime.internal.forward;

import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Where a target is reached, resolved once at start. */
public sealed interface Destination {

  /** A TCP address: a backend, or another service's bound listener. */
  record Tcp(InetSocketAddress address) implements Destination {}

  /** A unix stream socket, as the transport spells its address. */
  record Unix(SocketAddress address) implements Destination {}

  /** A handler registered by the embedder; the client's channel is handed to it. */
  record InProcess(String name, ChannelHandler handler) implements Destination {}
}
