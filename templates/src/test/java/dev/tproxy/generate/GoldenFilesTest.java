package dev.tproxy.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files generated for each example, with default options, are exactly the checked-in golden
 * files under src/test/resources/golden/EXAMPLE, byte for byte and file for file.
 *
 * <p>After an intended change, regenerate them with
 * {@code ./mvnw -pl templates -am test -Dtest=GoldenFilesTest -Dtproxy.golden.update=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and review the diff.
 */
class GoldenFilesTest {
  private static final Logger LOG = LoggerFactory.getLogger(GoldenFilesTest.class);
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden").toAbsolutePath();
  private static final boolean UPDATE = Boolean.getBoolean("tproxy.golden.update");

  @ParameterizedTest
  @ValueSource(strings = {Examples.PROXYTUNNEL_ENDPOINT, Examples.QUICKSTART, Examples.RUNTIME_SERVICE})
  void generatedFilesAreTheGoldenFiles(String example) throws IOException {
    GeneratedFiles files = Generator.generate(Examples.load(example), GeneratorOptions.defaults());
    Path dir = GOLDEN.resolve(example);
    if (UPDATE) {
      rewrite(files, dir);
    }
    assertThat(listing(dir)).as("files under %s", dir).isEqualTo(files.paths());
    for (GeneratedFile f : files) {
      String golden = Files.readString(dir.resolve(f.relativePath()), StandardCharsets.UTF_8);
      assertThat(f.content()).as("%s (regenerate with -Dtproxy.golden.update=true)", f.relativePath()).isEqualTo(golden);
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  private static void rewrite(GeneratedFiles files, Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    for (GeneratedFile f : files) {
      Path p = dir.resolve(f.relativePath());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.content(), StandardCharsets.UTF_8);
    }
    LOG.warn("rewrote the golden files of {} in {}", files.topology(), dir);
  }
}
