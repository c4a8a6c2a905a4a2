package dev.tproxy.runtime.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

  @Test
  void starMatchesAnyRunIncludingDotsButNeedsTheLiteralDot() {
    Glob g = Glob.serverName("*.example.org");
    assertThat(g.matches("www.example.org")).isTrue();
    assertThat(g.matches("a.b.example.org")).isTrue(); // fnmatch without FNM_PATHNAME: '*' crosses dots
    assertThat(g.matches("example.org")).isFalse(); // sslh issue #373: the apex is not matched
    assertThat(g.matches("wwwexample.org")).isFalse();
  }

  @Test
  void serverNamesCompareCaseInsensitivelyAlpnExactly() {
    assertThat(Glob.serverName("*.Example.ORG").matches("WWW.example.org")).isTrue();
    assertThat(Glob.alpn("h2").matches("H2")).isFalse();
    assertThat(Glob.alpn("http/1.*").matches("http/1.1")).isTrue();
  }

  @Test
  void questionMarkAndSets() {
    assertThat(Glob.serverName("sni?").matches("sni1")).isTrue();
    assertThat(Glob.serverName("sni?").matches("sni12")).isFalse();
    assertThat(Glob.serverName("sni[12]").matches("sni2")).isTrue();
    assertThat(Glob.serverName("sni[12]").matches("sni3")).isFalse();
    assertThat(Glob.serverName("sni[!12]").matches("sni3")).isTrue();
    assertThat(Glob.serverName("sni[^12]").matches("sni1")).isFalse();
    assertThat(Glob.serverName("host[0-9].test").matches("host7.test")).isTrue();
    assertThat(Glob.serverName("host[0-9].test").matches("hosta.test")).isFalse();
    assertThat(Glob.serverName("a[-x]b").matches("a-b")).isTrue();
  }

  @Test
  void regexCharactersAreLiterals() {
    assertThat(Glob.serverName("a.b").matches("axb")).isFalse();
    assertThat(Glob.alpn("x+y").matches("x+y")).isTrue();
    assertThat(Glob.serverName("open[bracket").matches("open[bracket")).isTrue();
    assertThat(Glob.serverName("a\\*b").matches("a*b")).isTrue();
    assertThat(Glob.serverName("a\\*b").matches("axxb")).isFalse();
  }
}
