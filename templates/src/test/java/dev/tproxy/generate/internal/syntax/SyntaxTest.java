package dev.tproxy.generate.internal.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each target syntax writes a value as one inert token, or refuses it. */
class SyntaxTest {

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\rb", "a\u0000b", "a\u007fb", "a\u0085b", "a\u2028b", "\u202eevil", "zero\u200bwidth", "bom\ufeff"})
  void everySyntaxRefusesControlAndFormatCharacters(String value) {
    assertThatThrownBy(() -> NginxSyntax.token(value)).isInstanceOf(UnsafeValueException.class).hasMessageContaining("U+");
    assertThatThrownBy(() -> LibconfigSyntax.string(value)).isInstanceOf(UnsafeValueException.class);
    assertThatThrownBy(() -> SystemdSyntax.word(value)).isInstanceOf(UnsafeValueException.class);
    assertThatThrownBy(() -> ShellSyntax.word(value)).isInstanceOf(UnsafeValueException.class);
    assertThatThrownBy(() -> SshConfigSyntax.word(value)).isInstanceOf(UnsafeValueException.class);
    assertThatThrownBy(() -> StunnelSyntax.value(value)).isInstanceOf(UnsafeValueException.class);
    assertThatThrownBy(() -> WordSyntax.word(value)).isInstanceOf(UnsafeValueException.class);
    assertThatThrownBy(() -> TextSyntax.text(value)).isInstanceOf(UnsafeValueException.class);
  }

  @Test
  void unicodeLettersAndPairedSurrogatesAreNotControlCharacters() {
    assertThat(LibconfigSyntax.string("ünï 日本 \ud83d\ude00")).isEqualTo("\"ünï 日本 \ud83d\ude00\"");
    assertThatThrownBy(() -> LibconfigSyntax.string("lone \ud83d")).hasMessageContaining("U+D83D");
  }

  @Nested
  class Nginx {
    @Test
    void plainValuesStayBare() {
      assertThat(NginxSyntax.token("192.168.255.254:443")).isEqualTo("192.168.255.254:443");
      assertThat(NginxSyntax.token("[fd00::1]:443")).isEqualTo("[fd00::1]:443");
      assertThat(NginxSyntax.token("/etc/letsencrypt/live/a.example.org/fullchain.pem"))
          .isEqualTo("/etc/letsencrypt/live/a.example.org/fullchain.pem");
      assertThat(NginxSyntax.token("*.example.org")).isEqualTo("*.example.org");
    }

    @Test
    void anythingElseIsOneQuotedToken() {
      assertThat(NginxSyntax.token("a b")).isEqualTo("\"a b\"");
      assertThat(NginxSyntax.token("a\"; } server { listen 1; #")).isEqualTo("\"a\\\"; } server { listen 1; #\"");
      assertThat(NginxSyntax.token("back\\slash")).isEqualTo("\"back\\\\slash\"");
      assertThat(NginxSyntax.token("it's")).isEqualTo("\"it's\"");
      assertThat(NginxSyntax.token("")).isEqualTo("\"\"");
      assertThat(NginxSyntax.token("ünï")).isEqualTo("\"ünï\"");
    }

    @Test
    void dollarIsRefusedBecauseNginxCannotEscapeIt() {
      assertThatThrownBy(() -> NginxSyntax.token("/etc/$name/cert.pem"))
          .isInstanceOf(UnsafeValueException.class).hasMessageContaining("contains $");
    }

    @Test
    void mapKeysThatReadAsMapParametersOrRegexesAreEscaped() {
      assertThat(NginxSyntax.mapKey("default")).isEqualTo("\"\\\\default\"");
      assertThat(NginxSyntax.mapKey("hostnames")).isEqualTo("\"\\\\hostnames\"");
      assertThat(NginxSyntax.mapKey("include")).isEqualTo("\"\\\\include\"");
      assertThat(NginxSyntax.mapKey("volatile")).isEqualTo("\"\\\\volatile\"");
      assertThat(NginxSyntax.mapKey("~x")).isEqualTo("\"\\\\~x\"");
      assertThat(NginxSyntax.mapKey("a.example.org")).isEqualTo("a.example.org");
      assertThat(NginxSyntax.mapKey("defaults.example.org")).isEqualTo("defaults.example.org");
    }
  }

  @Test
  void libconfigQuotesEveryString() {
    assertThat(LibconfigSyntax.string("443")).isEqualTo("\"443\"");
    assertThat(LibconfigSyntax.string("a\"b\\c;#d")).isEqualTo("\"a\\\"b\\\\c;#d\"");
  }

  @Test
  void systemdDoublesSpecifiersAndVariablesInsideQuotes() {
    assertThat(SystemdSyntax.word("-F/etc/sslh/front.cfg")).isEqualTo("-F/etc/sslh/front.cfg");
    assertThat(SystemdSyntax.word("/opt/my sslh/sslh")).isEqualTo("\"/opt/my sslh/sslh\"");
    assertThat(SystemdSyntax.word("/opt/100%/x")).isEqualTo("\"/opt/100%%/x\"");
    assertThat(SystemdSyntax.word("/opt/$HOME/x")).isEqualTo("\"/opt/$$HOME/x\"");
    assertThat(SystemdSyntax.word("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void shellSingleQuotesAndKeepsTheTildeOutside() {
    assertThat(ShellSyntax.word("/etc/letsencrypt/live")).isEqualTo("/etc/letsencrypt/live");
    assertThat(ShellSyntax.word("a b")).isEqualTo("'a b'");
    assertThat(ShellSyntax.word("it's $(id) `id`")).isEqualTo("'it'\\''s $(id) `id`'");
    assertThat(ShellSyntax.word("")).isEqualTo("''");
    assertThat(ShellSyntax.word("/etc/certs/a,b")).as("shellcheck SC2054 reads a bare comma in an array as a typo").isEqualTo("'/etc/certs/a,b'");
    assertThat(ShellSyntax.homePath("~/.ssh/a b/c.pem")).isEqualTo("~/'.ssh/a b/c.pem'");
    assertThat(ShellSyntax.homePath("~/.ssh/c.pem")).isEqualTo("~/.ssh/c.pem");
    assertThat(ShellSyntax.homePath("/etc/ssl/ca.pem")).isEqualTo("/etc/ssl/ca.pem");
  }

  @Test
  void sshConfigDoublesPercentAfterShellQuoting() {
    assertThat(SshConfigSyntax.word("50%")).isEqualTo("50%%");
    assertThat(SshConfigSyntax.word("a b%c")).isEqualTo("'a b%%c'");
    assertThat(SshConfigSyntax.homePath("~/x%y")).isEqualTo("~/x%%y");
  }

  @Test
  void stunnelWritesValuesAsTheyAreButRefusesWhatItWouldTrim() {
    assertThat(StunnelSyntax.value("/etc/a b;#c/cert.pem")).isEqualTo("/etc/a b;#c/cert.pem");
    assertThatThrownBy(() -> StunnelSyntax.value(" lead")).isInstanceOf(UnsafeValueException.class);
    assertThatThrownBy(() -> StunnelSyntax.value("trail ")).isInstanceOf(UnsafeValueException.class);
    assertThatThrownBy(() -> StunnelSyntax.value("")).isInstanceOf(UnsafeValueException.class);
  }

  @Test
  void wordsArePlainOrRefused() {
    assertThat(WordSyntax.word("tproxy-features_1.x")).isEqualTo("tproxy-features_1.x");
    assertThatThrownBy(() -> WordSyntax.word("a b")).isInstanceOf(UnsafeValueException.class);
    assertThatThrownBy(() -> WordSyntax.word("a;b")).isInstanceOf(UnsafeValueException.class);
  }

  @Test
  void messagesShowTheValueWithInvisibleCharactersVisible() {
    assertThatThrownBy(() -> NginxSyntax.token("a\nb"))
        .hasMessage("\"a\\u000ab\" contains the character U+000A, which cannot be written into an nginx configuration safely");
  }
}
