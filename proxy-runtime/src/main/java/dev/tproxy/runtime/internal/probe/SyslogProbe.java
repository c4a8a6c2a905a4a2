package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;
import java.util.regex.Pattern;

/**
 * Syslog over TCP (sslh is_syslog_protocol): {@code <PRI>}, optionally preceded by an RFC 6587
 * octet count. Decided on whatever has arrived (sslh never waits for this probe); like sslh's
 * strncpy, the text ends at the first NUL byte.
 */
final class SyslogProbe implements ProtocolProbe {
  static final SyslogProbe INSTANCE = new SyslogProbe();

  private static final Pattern SYSLOG = Pattern.compile("^([0-9]{1,3} )?<[0-9]{1,3}>");

  private SyslogProbe() {}

  /** The longest text the anchored pattern can match ("999 <999>"): nothing after it matters. */
  private static final int WINDOW = 16;

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    int window = Math.min(received.readableBytes(), WINDOW);
    int nul = received.indexOf(received.readerIndex(), received.readerIndex() + window, (byte) 0);
    int length = nul < 0 ? window : nul - received.readerIndex();
    return SYSLOG.matcher(Bytes.latin1(received, length)).find() ? ProbeVerdict.MATCH : ProbeVerdict.NEXT;
  }
}
