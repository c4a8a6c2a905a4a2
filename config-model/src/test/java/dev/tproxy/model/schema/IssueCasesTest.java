package dev.tproxy.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cases issue 15 reported, where the schema accepted what the loader refused (engine-version
 * without engine, patterns of versions, marks and ports, keys per network.method, a regex rule
 * without patterns) or the loader accepted what the schema refused (send: 2, numeric names,
 * " 5s", verify: yes): now both refuse each, at the same field.
 */
class IssueCasesTest {

  private static final String BASE = """
      name: t
      backends: [{name: sshd, address: "127.0.0.1:22"}]
      services:
        - name: front
          listen: ["127.0.0.1:8443"]
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      engine-version without engine   | '    engine-version: "2.3"\\n    forward: {target: sshd}'                     | services[0].engine-version
      a version that is no version    | '    engine: nginx\\n    engine-version: "1.x"\\n    forward: {target: sshd}'  | services[0].engine-version
      an unquoted version             | '    engine: nginx\\n    engine-version: 1.20\\n    forward: {target: sshd}'   | services[0].engine-version
      a port out of range             | '    listen: ["127.0.0.1:70000"]\\n    forward: {target: sshd}'              | services[0].listen[0]
      a regex rule without patterns   | '    demux: {rules: [{probe: regex, target: sshd}]}'                         | services[0].demux.rules[0]
      send: 2                         | '    proxy-protocol: {send: 2}\\n    forward: {target: sshd}'                | services[0].proxy-protocol.send
      a numeric target                | '    forward: {target: 123}'                                                 | services[0].forward.target
      a duration with a space         | '    idle-timeout: " 5s"\\n    forward: {target: sshd}'                     | services[0].idle-timeout
      transparent: yes                | '    transparent: yes\\n    forward: {target: sshd}'                         | services[0].transparent
      verify: yes                     | '    tls-terminate: {certificates: [{certificate: /c, key: /k}], client-auth: {verify: yes, ca: /ca}, target: sshd}' | services[0].tls-terminate.client-auth.verify
      verify: true                    | '    tls-terminate: {certificates: [{certificate: /c, key: /k}], client-auth: {verify: true, ca: /ca}, target: sshd}' | services[0].tls-terminate.client-auth.verify
      an engine in capitals           | '    engine: NGINX\\n    forward: {target: sshd}'                            | services[0].engine
      """)
  void bothRefuseAServiceField(String what, String service, String field) {
    String yaml = BASE + service.replace("\\n", "\n") + "\n";
    if (service.contains("listen:")) {
      yaml = yaml.replaceFirst("    listen: \\[\"127.0.0.1:8443\"]\n", "");
    }
    bothRefuseAt(yaml, field);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a numeric topology name           | 'name: 123'                                                                      | name
      a mark written as text            | 'network: {method: fwmark, mark: "0x1", table: {id: 100, name: t}}'            | network.mark
      fwmark with an interface          | 'network: {method: fwmark, mark: 0x1, interface: tproxy0, table: {id: 100, name: t}}' | network.interface
      dedicated-address with a mark     | 'network: {method: dedicated-address, interface: tproxy0, address: 192.168.255.254/32, mark: 1, table: {id: 100, name: t}}' | network.mark
      dedicated-address without address | 'network: {method: dedicated-address, interface: tproxy0, table: {id: 100, name: t}}' | network
      """)
  void bothRefuseATopLevelField(String what, String line, String field) {
    String yaml = BASE + "    forward: {target: sshd}\n" + line + "\n";
    if (line.startsWith("name:")) {
      yaml = yaml.replaceFirst("name: t\n", "");
    }
    bothRefuseAt(yaml, field);
  }

  private static void bothRefuseAt(String yaml, String field) {
    List<String> schema = SchemaValidator.errorPaths(Yaml12Tree.read(yaml, false));
    List<Diagnostic> loader = TopologyLoader.read(yaml, "t.yaml", false, Path.of("/srv")).diagnostics().errors();
    assertThat(schema).as("the schema's complaints about\n%s", yaml)
        .anyMatch(p -> SchemaAndLoaderAgreeTest.related(p, field));
    assertThat(loader).as("the loader's complaints about\n%s", yaml)
        .anyMatch(d -> SchemaAndLoaderAgreeTest.related(d.path(), field));
    assertThat(loader).allSatisfy(d -> assertThat(d.location()).isPresent());
  }
}
