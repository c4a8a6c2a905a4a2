package dev.tproxy.generate;

import dev.tproxy.generate.check.Programs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.tools.TestInstall;
import dev.tproxy.generate.tools.Tools;
import dev.tproxy.model.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated routing scripts, run for real in a new network namespace: {@code up} twice
 * leaves exactly one rule, one local route and the address on the right device; {@code down}
 * twice removes all of it. Where the kernel has no dummy driver (this machine's has none) the
 * script says so and uses the configured fallback.
 */
class RoutingScriptIT {
  @TempDir
  Path tmp;

  /** What {@code ip} shows in the namespace after each step, separated by marker lines. */
  private record Steps(List<String> sections, Programs.Result result) {
    String after(String step) {
      return sections.stream().filter(s -> s.startsWith(step + "\n")).findFirst().orElseThrow();
    }
  }

  private Steps run(Path script, String... steps) {
    StringBuilder scenario = new StringBuilder("set -u; ip link set lo up\n");
    scenario.append("if ip link add tproxyprobe type dummy 2>/dev/null; then ip link del tproxyprobe; echo '== dummy'; echo yes;")
        .append(" else echo '== dummy'; echo no; fi\n");
    for (String step : steps) {
      scenario.append("echo '== ").append(step).append("'\n")
          .append("\"$1\" ").append(step.split(" ")[0]).append(" 2>&1; echo \"rc=$?\"\n")
          .append("ip -4 rule show; ip -6 rule show; ip -o link show; ip -o addr show;")
          .append(" ip -4 route show table all type local 2>/dev/null | grep -v 'table local';")
          .append(" ip -6 route show table all type local 2>/dev/null | grep -v 'table local';")
          .append(" nft list ruleset 2>/dev/null\n");
    }
    List<String> command = new ArrayList<>(Tools.newNetworkNamespace());
    command.addAll(List.of(Tools.require("bash", "bash").toString(), "-c", scenario.toString(), "scenario", script.toString()));
    Tools.require("ip", "iproute2");
    Programs.Result r = Tools.run(command, Duration.ofSeconds(60));
    assertThat(r.exit()).as(r.describe()).isZero();
    List<String> sections = new ArrayList<>();
    for (String s : r.stdout().split("== ")) {
      sections.add(s);
    }
    return new Steps(sections, r);
  }

  private static boolean dummy(Steps s) {
    return s.after("dummy").contains("yes");
  }

  private Path generate(Topology t) {
    TestInstall install = new TestInstall(tmp);
    GeneratedFiles files = install.generate(t);
    String script = files.paths().stream().filter(p -> p.endsWith("-routing.sh")).findFirst().orElseThrow();
    return install.out().resolve(script);
  }

  @Test
  void dedicatedAddressUpAndDownAreIdempotent() {
    Path script = generate(Examples.load(Examples.PROXYTUNNEL_ENDPOINT));
    Steps s = run(script, "up", "up again", "down", "down again");

    for (String step : List.of("up", "up again")) {
      String state = s.after(step);
      assertThat(state).as(step).contains("rc=0");
      assertThat(count(state, "from 192.168.255.254 lookup 111")).as(step + "\n" + state).isEqualTo(1);
      assertThat(state).as(step).contains("local default dev tproxy0 table 111");
      assertThat(state).as(step).containsPattern("tproxy0\\s+inet 192\\.168\\.255\\.254/32");
    }
    if (dummy(s)) {
      assertThat(s.result().stdout()).doesNotContain("no dummy driver");
    } else {
      assertThat(s.after("up")).contains("the kernel has no dummy driver").contains("as an ifb device instead");
      assertThat(s.after("up again")).doesNotContain("dummy driver");
    }
    for (String step : List.of("down", "down again")) {
      String state = s.after(step);
      assertThat(state).as(step).contains("rc=0").doesNotContain("lookup 111").doesNotContain("tproxy0")
          .doesNotContain("192.168.255.254");
    }
  }

  @Test
  void theLoopbackFallbackCarriesIpv4AndIpv6() {
    Path script = generate(Fixtures.load(Fixtures.DEDICATED));
    Steps s = run(script, "up", "up again", "down", "down again");
    String device = dummy(s) ? "tproxy1" : "lo";
    for (String step : List.of("up", "up again")) {
      String state = s.after(step);
      assertThat(state).as(step).contains("rc=0");
      assertThat(count(state, "from 192.168.254.1 lookup 112")).as(step).isEqualTo(1);
      assertThat(count(state, "from fd00::feed lookup 112")).as(step).isEqualTo(1);
      assertThat(state).as(step).contains("local default dev " + device + " table 112");
      assertThat(state).as(step).containsPattern(device + "\\s+inet 192\\.168\\.254\\.1/32");
      assertThat(state).as(step).containsPattern(device + "\\s+inet6 fd00::feed/128");
    }
    if (!dummy(s)) {
      assertThat(s.after("up")).contains("putting 192.168.254.1/32 on lo instead");
    }
    for (String step : List.of("down", "down again")) {
      assertThat(s.after(step)).as(step).contains("rc=0").doesNotContain("lookup 112").doesNotContain("192.168.254.1")
          .doesNotContain("fd00::feed");
    }
  }

  @Test
  void withoutDummyDriverOrFallbackUpFailsAndSaysWhy() {
    String yaml = Examples.yaml(Examples.PROXYTUNNEL_ENDPOINT).replace("fallback-device: ifb", "fallback-device: none");
    Steps s = run(generate(Examples.loadYaml(yaml, tmp)), "up", "down");
    if (dummy(s)) {
      assertThat(s.after("up")).contains("rc=0").contains("tproxy0");
    } else {
      assertThat(s.after("up")).contains("rc=1").contains("the kernel has no dummy driver")
          .contains("no fallback device is configured").contains("fallback-device: ifb or lo");
    }
    assertThat(s.after("down")).contains("rc=0").doesNotContain("lookup 111");
  }

  @Test
  void fwmarkLoadsItsRulesOnceAndRemovesThem() {
    Tools.require("nft", "nftables");
    Path script = generate(Fixtures.load(Fixtures.FWMARK));
    Steps s = run(script, "up", "up again", "down", "down again");
    for (String step : List.of("up", "up again")) {
      String state = s.after(step);
      assertThat(state).as(step).contains("rc=0");
      assertThat(count(state, "from all fwmark 0x2a lookup 113")).as(step + "\n" + state).isEqualTo(2);
      assertThat(state).as(step).contains("local default dev lo table 113");
      assertThat(count(state, "table inet tproxy_fwmark_features")).as(step).isEqualTo(1);
      assertThat(count(state, "socket transparent 1 meta mark set 0x0000002a")).as(step).isEqualTo(1);
    }
    for (String step : List.of("down", "down again")) {
      assertThat(s.after(step)).as(step).contains("rc=0").doesNotContain("lookup 113")
          .doesNotContain("tproxy_fwmark_features");
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
