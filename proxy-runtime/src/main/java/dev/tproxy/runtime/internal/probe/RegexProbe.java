package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The regex probe (sslh regex_probe): matches when any pattern is found anywhere in the bytes
 * (pcre2_match is unanchored; anchor with {@code ^}). Bytes are seen one char each
 * (ISO-8859-1), NULs included. Never waits by itself; min-length is the rule's business.
 */
final class RegexProbe implements ProtocolProbe {
  private final List<Pattern> patterns;

  RegexProbe(List<String> patterns) {
    this.patterns = patterns.stream().map(p -> Pattern.compile(p)).toList();
  }

  @Override
  public ProbeVerdict probe(ByteBuf received) {
    CharSequence text = Bytes.latin1(received);
    for (Pattern p : patterns) {
      if (p.matcher(text).find()) {
        return ProbeVerdict.MATCH;
      }
    }
    return ProbeVerdict.NEXT;
  }
}
