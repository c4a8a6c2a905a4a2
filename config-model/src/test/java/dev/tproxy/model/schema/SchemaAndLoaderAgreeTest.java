package dev.tproxy.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.TopologyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The schema and the loader accept and refuse the same files. Files come from the schema: every
 * value of the repository's topologies replaced by the schema's examples and enums, by values at
 * the edges of each field and by wrongly typed ones, keys removed, properties the schema names
 * added; and random walks of additions from valid skeletons. Each is written as YAML (in varying
 * styles) and some as JSON, read back to check the writing, then given to both.
 *
 * <p>The loader may refuse more than the schema only for the rules no schema can state
 * ({@link CannotBeStated}); it must never accept what the schema refuses. The figures are printed,
 * target/schema-agreement.txt has every file where the two differ, and
 * target/schema-agreement-corpus.jsonl every document with the schema's verdict (docs/testing.md
 * shows how to give them to ajv).
 */
class SchemaAndLoaderAgreeTest {
  private static final long SEED = 20261130L;
  private static final int REPLACEMENTS_PER_VALUE = 3;
  private static final int WALKS = 1500;
  private static final Path BASE = Path.of("/srv/tproxy");

  /** Documents that are valid for both, for the walks to start from: one service per stage and engine. */
  static final List<String> SKELETONS = List.of("""
      name: walk
      backends:
        - {name: sshd, address: "192.168.255.254:22"}
        - {name: web, address: "127.0.0.1:8080", demo: http}
      services:
        - {name: front, engine: sslh, listen: ["0.0.0.0:443"], demux: {rules: [{probe: ssh, target: sshd}, {probe: tls, target: router}, {probe: anyprot, target: web}]}}
        - {name: router, engine: nginx, listen: ["127.0.0.1:1443"], sni-route: {default: web, rules: [{server-names: [a.example.org], target: term}]}}
        - {name: term, engine: nginx, listen: ["127.0.0.1:1444"], tls-terminate: {certificates: [{certificate: /etc/c.pem, key: /etc/c.key}], target: plain}}
        - {name: plain, engine: nginx, listen: ["127.0.0.1:1445"], forward: {target: sshd}}
      """, """
      name: walk-runtime
      network: {method: dedicated-address, interface: tproxy0, address: 192.168.255.254/32, table: {id: 111, name: tproxy}}
      backends:
        - {name: sshd, address: "192.168.255.254:22"}
        - {name: app, in-process: true}
      services:
        - {name: front, listen: ["192.168.255.254:443"], transparent: true, demux: {rules: [{probe: ssh, target: sshd}, {probe: regex, patterns: ["^HELLO"], target: app}]}}
        - {name: term, engine: stunnel, listen: ["192.168.255.254:444"], tls-terminate: {certificates: [{server-names: [t.example.org], certificate: /etc/c.pem, key: /etc/c.key}], client-auth: {verify: optional, ca: /etc/ca.pem}, target: sshd}}
      clients:
        - {host: t, service: term, connect: "t.example.org:443"}
      """);

  @Test
  void schemaAndLoaderAgreeOnEveryFile() {
    Random random = new Random(SEED);
    TopologyDocuments documents = new TopologyDocuments(new SchemaNavigator(SchemaFile.tree()), random);
    List<TopologyDocuments.Document> all = new ArrayList<>();
    Map<String, JsonNode> corpus = Corpus.documents();
    corpus.forEach((name, tree) -> all.addAll(documents.mutants(name, tree, REPLACEMENTS_PER_VALUE)));
    int mutants = all.size();
    for (int i = 0; i < WALKS; i++) {
      String skeleton = SKELETONS.get(i % SKELETONS.size());
      all.add(documents.walk("walk " + i, Yaml12Tree.read(skeleton, false), 1 + random.nextInt(6)));
    }

    Tally tally = new Tally();
    Set<String> seen = new HashSet<>();
    for (TopologyDocuments.Document d : all) {
      if (!seen.add(d.tree().toString())) {
        continue; // the same data twice
      }
      String yaml = YamlWriter.write(d.tree(), random);
      JsonNode readBack = Yaml12Tree.read(yaml, false);
      if (!sameData(readBack, d.tree())) {
        tally.unreadable.add(d.origin() + "\n" + yaml + "read back as " + readBack);
        continue;
      }
      tally.judge(d, yaml, false);
      if (seen.size() % 4 == 0) {
        tally.judge(d, d.tree().toPrettyString(), true);
      }
    }
    tally.print(corpus.size(), mutants, all.size() - mutants);

    assertThat(tally.unreadable).as("files the loader's reader reads differently from what was written").isEmpty();
    assertThat(tally.loaderAccepts).as("files the loader accepts and the schema refuses").isEmpty();
    assertThat(tally.loaderRefuses).as("files the loader refuses, for a rule the schema could state").isEmpty();
    assertThat(tally.elsewhere).as("files both refuse, but for problems at unrelated places").isEmpty();
    assertThat(tally.bothAccept).as("files both accept").isGreaterThan(500);
    assertThat(tally.bothRefuse).as("files both refuse").isGreaterThan(2000);
  }

  /**
   * One path is the other, inside it, or beside it in the same mapping: services[0] and
   * services[0].listen[1]; backends[0].address and backends[0].demo (a rule on two fields).
   */
  static boolean related(String a, String b) {
    return a.equals(b) || inside(a, b) || inside(b, a) || parent(a).equals(parent(b));
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  private static boolean inside(String inner, String outer) {
    return outer.isEmpty() || inner.startsWith(outer + ".") || inner.startsWith(outer + "[");
  }

  /** Equal as JSON data: numbers by value (2 and 2.0 differ in type only). */
  static boolean sameData(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0 && a.isIntegralNumber() == b.isIntegralNumber();
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      var it = a.fields();
      while (it.hasNext()) {
        var e = it.next();
        if (!b.has(e.getKey()) || !sameData(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameData(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** The verdicts, counted. */
  static final class Tally {
    int yamlFiles;
    int jsonFiles;
    int bothAccept;
    int bothRefuse;
    int allowed;
    long schemaNanos;
    long loaderNanos;
    final Map<CannotBeStated, Integer> byKind = new EnumMap<>(CannotBeStated.class);
    final List<String> unreadable = new ArrayList<>();
    /** Every document tried and the schema's verdict, one JSON line each, for other validators. */
    final StringBuilder corpus = new StringBuilder();
    /** Both refuse, but not at the same place: one of them may refuse for the wrong reason. */
    final List<String> elsewhere = new ArrayList<>();
    final List<String> loaderAccepts = new ArrayList<>();
    final List<String> loaderRefuses = new ArrayList<>();

    void judge(TopologyDocuments.Document d, String text, boolean json) {
      if (json) {
        jsonFiles++;
      } else {
        yamlFiles++;
      }
      long t0 = System.nanoTime();
      List<String> schema = SchemaValidator.errors(d.tree());
      if (!json) {
        corpus.append("{\"valid\":").append(schema.isEmpty()).append(",\"document\":").append(d.tree()).append("}\n");
      }
      long t1 = System.nanoTime();
      List<Diagnostic> loader = TopologyLoader.read(text, json ? "t.json" : "t.yaml", json, BASE).diagnostics().errors();
      schemaNanos += t1 - t0;
      loaderNanos += System.nanoTime() - t1;
      if (schema.isEmpty() && loader.isEmpty()) {
        bothAccept++;
      } else if (!schema.isEmpty() && !loader.isEmpty()) {
        bothRefuse++;
        List<String> schemaAt = SchemaValidator.errorPaths(d.tree());
        boolean samePlace = loader.stream().anyMatch(l -> schemaAt.stream().anyMatch(s -> related(s, l.path())));
        if (!samePlace) {
          elsewhere.add(d.origin() + "\nschema at " + schemaAt + ": " + schema + "\nloader: "
              + loader.stream().map(Diagnostic::format).toList());
        }
      } else if (loader.isEmpty()) {
        loaderAccepts.add(d.origin() + "\n" + text + "schema: " + schema);
      } else {
        List<Optional<CannotBeStated>> kinds = loader.stream().map(CannotBeStated::of).toList();
        if (kinds.stream().allMatch(Optional::isPresent)) {
          allowed++;
          kinds.stream().map(Optional::get).distinct().forEach(k -> byKind.merge(k, 1, Integer::sum));
        } else {
          loaderRefuses.add(d.origin() + "\n" + text + "loader: "
              + loader.stream().filter(x -> CannotBeStated.of(x).isEmpty()).map(Diagnostic::format).toList());
        }
      }
    }

    void print(int documents, int mutants, int walks) {
      int tried = yamlFiles + jsonFiles;
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("schema/loader agreement: %d files tried (%d YAML, %d JSON), from %d mutants of %d"
          + " repository topologies and %d walks from %d skeletons%n", tried, yamlFiles, jsonFiles, mutants, documents,
          walks, SKELETONS.size()));
      sb.append(String.format("  agree: %d (both accept %d, both refuse %d)%n", bothAccept + bothRefuse, bothAccept,
          bothRefuse));
      sb.append(String.format("  the loader refuses, for a rule a schema cannot state: %d files%n", allowed));
      byKind.forEach((k, n) -> sb.append(String.format("    %-17s %5d  %s%n", k, n, k.why())));
      sb.append(String.format("  disagreements left: %d (the loader accepts what the schema refuses: %d;"
          + " refuses for a rule the schema could state: %d); files read back wrong: %d%n",
          loaderAccepts.size() + loaderRefuses.size(), loaderAccepts.size(), loaderRefuses.size(), unreadable.size()));
      sb.append(String.format("  both refuse, but at different places: %d%n", elsewhere.size()));
      for (List<String> list : List.of(unreadable, loaderAccepts, loaderRefuses, elsewhere)) {
        list.stream().limit(8).forEach(s -> sb.append("----\n").append(s).append('\n'));
      }
      sb.append(String.format("  time: schema %d ms, loader %d ms%n", schemaNanos / 1_000_000, loaderNanos / 1_000_000));
      System.out.println(sb);
      StringBuilder full = new StringBuilder(sb);
      for (List<String> list : List.of(unreadable, loaderAccepts, loaderRefuses, elsewhere)) {
        list.forEach(x -> full.append("----\n").append(x).append('\n'));
      }
      try {
        java.nio.file.Files.writeString(Path.of("target", "schema-agreement.txt"), full);
        java.nio.file.Files.writeString(Path.of("target", "schema-agreement-corpus.jsonl"), corpus);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

}
