package dev.tproxy.generate.internal.sslh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.model.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The libconfig reader and the table of keys each sslh version reads. */
class SslhKeyTableTest {
  static final Version V1_20 = Version.of(1, 20);
  static final Version V2_2 = Version.of(2, 2);
  static final Version V2_3 = Version.of(2, 3);

  static List<String> problems(Version v, String config) throws Libconfig.SyntaxError {
    return SslhKeyTable.problems(v, Libconfig.parse(config));
  }

  @Test
  void readsTheLibconfigSubsetSslhUses() throws Libconfig.SyntaxError {
    Libconfig.Group g = Libconfig.parse("""
        # comment
        timeout: 2; // also a comment
        /* block
           comment */ on-timeout = "ssh"
        listen: ( { host: "::1"; port: "443"; keepalive: TRUE; } );
        protocols: ( { name: "tls"; sni_hostnames: [ "a", "b\\"c" ]; x: 0x10; y: 1.5; z: "con" "cat"; } );
        """);
    assertThat(g.settings()).containsOnlyKeys("timeout", "on-timeout", "listen", "protocols");
    assertThat(g.settings().get("timeout")).isEqualTo(new Libconfig.Int(2));
    Libconfig.Group p = (Libconfig.Group) ((Libconfig.ListValue) g.settings().get("protocols")).elements().get(0);
    assertThat(p.settings().get("sni_hostnames"))
        .isEqualTo(new Libconfig.ArrayValue(List.of(new Libconfig.Str("a"), new Libconfig.Str("b\"c"))));
    assertThat(p.settings().get("x")).isEqualTo(new Libconfig.Int(16));
    assertThat(p.settings().get("y")).isEqualTo(new Libconfig.Flt(1.5));
    assertThat(p.settings().get("z")).isEqualTo(new Libconfig.Str("concat"));
  }

  @Test
  void syntaxErrorsNameTheLine() {
    assertThatThrownBy(() -> Libconfig.parse("a: 1;\nb: \"open;\n")).hasMessageStartingWith("line 2:");
    assertThatThrownBy(() -> Libconfig.parse("a: [ 1, \"x\" ];")).hasMessageContaining("mixes types");
    assertThatThrownBy(() -> Libconfig.parse("a: 1; a: 2;")).hasMessageContaining("written twice");
    assertThatThrownBy(() -> Libconfig.parse("a: { b: 1;")).hasMessageContaining("missing }");
  }

  @Test
  void sslh120KnowsOnlyItsOwnSpellings() throws Libconfig.SyntaxError {
    assertThat(problems(V1_20, """
        foreground: true; numeric: true; transparent: true; timeout: 2; on-timeout: "ssh"; verbose: 1;
        listen: ( { host: "0.0.0.0"; port: "443"; keepalive: true; } );
        protocols: ( { name: "tls"; host: "1.2.3.4"; port: "1443"; sni_hostnames: [ "a" ]; alpn_protocols: [ "h2" ];
                       regex_patterns: [ "x" ]; fork: true; log_level: 0; service: "s"; keepalive: false; } );
        """)).isEmpty();
    assertThat(problems(V1_20, """
        on_timeout: "ssh";
        listen: ( { host: "0.0.0.0"; port: "443"; max_connections: 10; } );
        protocols: ( { name: "ssh"; host: "1.2.3.4"; port: "22"; transparent: true; minlength: 4; is_unix: false; } );
        """)).containsExactly(
            "on_timeout: sslh 1.20 does not know this global key",
            "listen[0].max_connections: sslh 1.20 does not know this listen entry key",
            "protocols[0].transparent: sslh 1.20 does not know this protocols entry key",
            "protocols[0].minlength: sslh 1.20 does not know this protocols entry key",
            "protocols[0].is_unix: sslh 1.20 does not know this protocols entry key");
  }

  @Test
  void aValueOfAnotherTypeIsAProblemBecauseSslhDropsItSilently() throws Libconfig.SyntaxError {
    assertThat(problems(V1_20, "transparent: 1; timeout: \"5\"; listen: ( { host: \"a\"; port: 443; } );"))
        .containsExactly(
            "transparent: sslh 1.20 reads it as bool and ignores a int",
            "timeout: sslh 1.20 reads it as int and ignores a str",
            "listen[0].port: sslh 1.20 reads it as string and ignores a int");
  }

  @Test
  void sslh2TreatsHyphenAndUnderscoreAlikeAndAddsKeysBy23() throws Libconfig.SyntaxError {
    String config = """
        on_timeout: "ssh"; verbose-connections: 2;
        listen: ( { host: "::"; port: "443"; max_connections: 10; proxyprotocol: true; } );
        protocols: ( { name: "ssh"; host: "1.2.3.4"; port: "22"; transparent: true; minlength: 4; proxyprotocol: 2;
                       max-connections: 5; is_unix: false; } );
        """;
    assertThat(problems(V2_3, config)).isEmpty();
    assertThat(problems(V2_2, config)).containsExactly(
        "listen[0].max_connections: sslh 2.2 does not know this listen entry key",
        "listen[0].proxyprotocol: sslh 2.2 does not know this listen entry key",
        "protocols[0].max-connections: sslh 2.2 does not know this protocols entry key");
  }

  @Test
  void versionsWithoutADialectKnowNoKeys() throws Libconfig.SyntaxError {
    assertThat(problems(Version.parse("2.1.4"), "timeout: 5;")).containsExactly("timeout: sslh 2.1.4 does not know this global key");
  }

  @Test
  void dialects() {
    assertThat(SslhDialect.of(Version.of(1, 20))).contains(SslhDialect.V1_20);
    assertThat(SslhDialect.of(Version.parse("1.20.9"))).contains(SslhDialect.V1_20);
    assertThat(SslhDialect.of(Version.of(1, 21))).isEmpty();
    assertThat(SslhDialect.of(Version.parse("2.1.4"))).isEmpty();
    assertThat(SslhDialect.of(Version.of(2, 2))).contains(SslhDialect.V2);
    assertThat(SslhDialect.of(Version.parse("2.3.1"))).contains(SslhDialect.V2);
    assertThat(SslhDialect.of(Version.of(1, 19))).isEmpty();
  }
}
