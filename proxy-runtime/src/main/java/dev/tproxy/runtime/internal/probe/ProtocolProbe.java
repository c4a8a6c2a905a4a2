package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * Recognises a protocol from the first bytes of a connection. Called again with all the bytes
 * received so far each time a chunk arrives; must not change the buffer's indexes or content.
 */
@FunctionalInterface
public interface ProtocolProbe {
  ProbeVerdict probe(ByteBuf received);

  /**
   * The same verdict, knowing that the first {@code probedBefore} bytes were probed already
   * without a match: a probe that searches the bytes looks at the new ones only, so that a client
   * trickling a byte at a time costs work in proportion to what it sends, not to its square.
   */
  default ProbeVerdict probe(ByteBuf received, int probedBefore) {
    return probe(received);
  }
}
