package dev.tproxy.it.tunnel;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim of issue 12: the reference document's whole chain behaves the same on the generated
 * files and on the runtime. examples/proxytunnel-endpoint is realised four ways
 * ({@link Realisation}), one after the other, each in namespaces of its own, started only from
 * what tproxy produced; each runs the same cases ({@link ReferenceCases}) and every case's
 * outcome must keep the example's promise. Then each case's outcomes are compared with the
 * reference's, (a), field by field: a difference fails with both sides printed, unless it is
 * declared with its reason ({@link ExpectedDifferences}). target/reference-chain/report.md
 * holds the table case × realisation, also printed in the build log.
 *
 * <pre>
 *  client netns 10.77.0.2                               server netns 10.77.0.1, 203.0.113.10, 192.168.255.254
 *  ssh -> openssl s_client / proxytunnel -> tinyproxy ==> front :443 -> SNI router :1443 -> :444 / :445 (TLS) -> sshd :22
 *  raw ClientHellos, HTTP, silence, ssh ==============> front :443 -> sshd :22, or SNI router -> web :443
 * </pre>
 *
 * One class brings the four up in turn (rather than a class per realisation) so that the
 * comparison sees every outcome and CI runs each realisation once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceChainAgreementIT {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceChainAgreementIT.class);

  private List<ReferenceCase> cases;
  private final Outcomes outcomes = new Outcomes();
  private RunningRealisation running;

  @BeforeAll
  void payload(@TempDir Path dir) throws IOException {
    cases = ReferenceCases.all(Payload.create(dir, 100));
  }

  /** Whatever a failure left running. */
  @AfterAll
  void stop() {
    if (running != null) {
      try {
        running.close();
      } finally {
        running = null;
      }
    }
  }

  @TestFactory
  Stream<DynamicNode> everyRealisationKeepsTheExamplesPromiseAndAgreesWithTheGeneratedFiles() {
    Stream<DynamicNode> realisations = Arrays.stream(Realisation.values())
        .map(r -> dynamicContainer(r.label + ": " + r.programs, realisation(r)));
    Stream<DynamicNode> agreement = Stream.of(
        dynamicContainer("agreement with " + Realisation.REFERENCE, cases.stream().map(c -> dynamicTest(c.title(), () -> agree(c)))),
        dynamicTest("report", this::report));
    return Stream.concat(realisations, agreement);
  }

  /** Start, each case, the programs' own evidence, stop: run lazily, in this order. */
  private Stream<DynamicNode> realisation(Realisation r) {
    return Stream.of(
        Stream.<DynamicNode>of(dynamicTest("start", () -> running = RunningRealisation.start(r))),
        cases.stream().map(c -> (DynamicNode) dynamicTest(c.title(), () -> run(r, c))),
        Stream.<DynamicNode>of(
            dynamicTest("what its programs show", () -> RealisationChecks.check(started(r))),
            dynamicTest("stop", this::stop)))
        .flatMap(s -> s);
  }

  private RunningRealisation started(Realisation r) {
    if (running == null || running.realisation != r) {
      throw new AssertionError(r + " did not start (see its start test)");
    }
    return running;
  }

  /** Runs one case, keeps its outcome (or why there is none), and holds it to the example's promise. */
  private void run(Realisation r, ReferenceCase c) throws Exception {
    CaseOutcome outcome;
    try {
      outcome = c.run().on(new ChainClient(started(r)));
    } catch (Exception | AssertionError e) {
      outcomes.failed(r, c, String.valueOf(e));
      throw e;
    }
    outcomes.put(r, c, outcome);
    LOG.info("{}, \"{}\": {}", r, c.title(), outcome);
    List<String> unmet = c.unmet(outcome, r);
    if (!unmet.isEmpty()) {
      throw new AssertionError(r + ", \"" + c.title() + "\": " + String.join("; ", unmet) + "\n    outcome: " + outcome);
    }
  }

  private void agree(ReferenceCase c) {
    List<String> problems = Agreement.problems(c, outcomes, ExpectedDifferences.DECLARED);
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
  }

  private void report() throws IOException {
    String md = AgreementReport.markdown(cases, outcomes, ExpectedDifferences.DECLARED);
    Path out = Files.createDirectories(Path.of("target/reference-chain")).resolve("report.md");
    Files.writeString(out, md);
    LOG.info("{}:\n{}", out, md);
  }
}
