package dev.tproxy.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile is checked by the build, since no Docker daemon runs here: what it adds is the
 * archive the build made, what it runs is in that archive, the base image is pinned, and the
 * process is not root.
 */
class DockerfileIT {
  private static final Path DOCKERFILE = Path.of("src/container/Dockerfile");

  /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
  static List<String> instructions() throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(DOCKERFILE)) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
      } else {
        out.add(current.append(line).toString().strip());
        current.setLength(0);
      }
    }
    return out;
  }

  static String one(List<String> instructions, String keyword) {
    List<String> found = instructions.stream().filter(i -> i.startsWith(keyword + " ")).toList();
    assertThat(found).as(keyword + " in " + DOCKERFILE).hasSize(1);
    return found.get(0).substring(keyword.length() + 1);
  }

  @Test
  void addsTheArchiveTheBuildMadeAndRunsItsLauncherAsAnUnprivilegedUser() throws Exception {
    List<String> in = instructions();
    String from = one(in, "FROM");
    assertThat(from).as("a pinned base image").matches("[a-z0-9./-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");

    String add = one(in, "ADD");
    Matcher m = Pattern.compile("(\\S+) /opt/").matcher(add);
    assertThat(m.matches()).as(add).isTrue();
    String archive = m.group(1).replace("${VERSION}", System.getProperty("tproxy.version"));
    assertThat(Path.of(System.getProperty("tproxy.archive")).getFileName().toString()).isEqualTo(archive);

    String entrypoint = one(in, "ENTRYPOINT");
    assertThat(entrypoint).isEqualTo("[\"/opt/tproxy/bin/tproxy\"]");
    List<String> runs = in.stream().filter(i -> i.startsWith("RUN ")).map(i -> i.replaceAll("\\s+", " ")).toList();
    assertThat(runs).as("the /opt/tproxy link").contains("RUN ln -s \"/opt/tproxy-${VERSION}\" /opt/tproxy");
    // the link's target is the archive's top directory, which holds bin/tproxy
    DistributionArchiveIT.Run listing = DistributionArchiveIT.run(Path.of("."), java.util.Map.of(), "tar", "-tzf",
        System.getProperty("tproxy.archive"));
    assertThat(listing.out().lines()).contains("tproxy-" + System.getProperty("tproxy.version") + "/bin/tproxy");

    assertThat(one(in, "USER")).isNotIn("root", "0");
    // a container is tried before it is deployed: the default command says local mode, as it must
    assertThat(one(in, "CMD")).contains("\"--local\"").doesNotContain("--transparent", "--as-written");
  }
}
