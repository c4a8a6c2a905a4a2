package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * Recognises a protocol from the first bytes of a connection. Called again with all the bytes
 * received so far each time a chunk arrives; must not change the buffer's indexes or content.
 */
@FunctionalInterface
public interface ProtocolProbe {
  ProbeVerdict probe(ByteBuf received);
}
