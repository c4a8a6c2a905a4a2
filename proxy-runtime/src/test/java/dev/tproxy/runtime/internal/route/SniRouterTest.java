package dev.tproxy.runtime.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.Target;
import dev.tproxy.runtime.internal.tls.ClientHelloParser;
import dev.tproxy.runtime.testing.ClientHellos;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** nginx's map semantics do not depend on the order the rules are written in. */
class SniRouterTest {

  private static final List<SniRule> RULES = List.of(
      SniRule.serverNames(List.of("*.example.org"), "wild"),
      SniRule.serverNames(List.of("*.a.example.org"), "deeper"),
      SniRule.serverNames(List.of("www.a.example.org"), "exact"),
      SniRule.alpn(List.of("h2"), "h2"),
      SniRule.alpn(List.of("http/1.1", "h2"), "h1"));

  private static String route(List<SniRule> rules, String sni, String... alpn) {
    SniRouter router = new SniRouter(new SniRoute(rules, Target.of("default")));
    return router.route(ClientHelloParser.parse(Unpooled.wrappedBuffer(ClientHellos.jdk(sni, alpn)))).target().name();
  }

  @RepeatedTest(6)
  void exactThenLongestWildcardThenAlpnWhateverTheOrder(RepetitionInfo info) {
    List<SniRule> rules = new ArrayList<>(RULES.subList(0, 3));
    Collections.rotate(rules, info.getCurrentRepetition());
    if (info.getCurrentRepetition() % 2 == 0) {
      Collections.reverse(rules);
    }
    rules.addAll(RULES.subList(3, 5));
    assertThat(route(rules, "www.a.example.org")).isEqualTo("exact");
    assertThat(route(rules, "x.a.example.org")).isEqualTo("deeper");
    assertThat(route(rules, "x.example.org")).isEqualTo("wild");
    assertThat(route(rules, "example.org")).isEqualTo("default");
  }

  @Test
  void firstAlpnRuleOfferingAnOfferedProtocolWins() {
    // the h2 rule comes first, so a client offering both goes there; nginx's map would too
    assertThat(route(RULES, "unknown.test", "http/1.1", "h2")).isEqualTo("h2");
    assertThat(route(RULES, "unknown.test", "http/1.1")).isEqualTo("h1");
    assertThat(route(RULES, "unknown.test", "spdy/3")).isEqualTo("default");
  }
}
