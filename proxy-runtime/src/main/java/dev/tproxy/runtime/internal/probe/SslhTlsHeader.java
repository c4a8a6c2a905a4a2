package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;

/**
 * Whether sslh 2.3 would call the first bytes TLS: its {@code parse_tls_header} (tls.c) up to
 * "By now we know it's TLS", before any extension is read. Only the first record counts, and
 * only the lengths sslh checks are checked: the handshake length and the session_id's 32-byte
 * bound are ignored, and the extensions block need only fit in the record. It answers the
 * question sslh answers with a {@code tls} rule that has no SNI or ALPN filter; which name or
 * protocol the hello carries is {@code ClientHelloParser}'s business.
 */
final class SslhTlsHeader {
  /** parse_tls_header's outcome, as is_tls_protocol (probe.c) turns it into a verdict. */
  enum Result {
    /** TLS_ELENGTH: the record header or the first record is not all there (PROBE_AGAIN). */
    INCOMPLETE,
    /** TLS_EPROTOCOL or TLS_EVERSION (PROBE_NEXT). */
    NOT_TLS,
    /** The header chain up to the extensions block is sound (TLS_MATCH when unfiltered). */
    TLS
  }

  private static final int RECORD_HEADER = 5;
  private static final int HANDSHAKE = 0x16;
  private static final int CLIENT_HELLO = 1;
  /** Handshake type, length, client_version and random: what sslh skips before session_id. */
  private static final int FIXED = 1 + 3 + 2 + 32;

  private SslhTlsHeader() {}

  /** Reads the readable bytes of {@code in}; its indexes are left as they are. */
  static Result read(ByteBuf in) {
    int start = in.readerIndex();
    int available = in.readableBytes();
    if (available < RECORD_HEADER) {
      return Result.INCOMPLETE;
    }
    if (in.getUnsignedByte(start) != HANDSHAKE) {
      return Result.NOT_TLS;
    }
    // sslh compares a plain (signed) char: majors 0x80-0xff are below 3 and refused, while
    // 4-0x7f pass as some future TLS. getByte is signed too.
    if (in.getByte(start + 1) < 3) {
      return Result.NOT_TLS;
    }
    int end = RECORD_HEADER + in.getUnsignedShort(start + 3); // bytes after the first record are not read
    if (available < end) {
      return Result.INCOMPLETE;
    }
    int pos = RECORD_HEADER;
    if (pos + 1 > end || in.getUnsignedByte(start + pos) != CLIENT_HELLO) {
      return Result.NOT_TLS;
    }
    pos += FIXED;
    if (pos + 1 > end) {
      return Result.NOT_TLS;
    }
    pos += 1 + in.getUnsignedByte(start + pos); // session_id
    if (pos + 2 > end) {
      return Result.NOT_TLS;
    }
    pos += 2 + in.getUnsignedShort(start + pos); // cipher_suites
    if (pos + 1 > end) {
      return Result.NOT_TLS;
    }
    pos += 1 + in.getUnsignedByte(start + pos); // compression_methods
    // No extensions length (the hello ends here, or the lengths ran past the record): sslh's
    // TLS_EVERSION for SSL 3.0, TLS_EPROTOCOL otherwise; not TLS either way.
    if (pos + 2 > end) {
      return Result.NOT_TLS;
    }
    int extensions = in.getUnsignedShort(start + pos);
    pos += 2;
    return pos + extensions > end ? Result.NOT_TLS : Result.TLS;
  }
}
