package dev.tproxy.it.tunnel;

import static dev.tproxy.runtime.testing.NetnsTestBed.CLIENT_IP;

import dev.tproxy.it.tunnel.CaseOutcome.Bytes;
import dev.tproxy.it.tunnel.CaseOutcome.End;
import dev.tproxy.it.tunnel.CaseOutcome.Port;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of the reference chain: what the client does ({@link #run}), what the example promises
 * for it in every realisation ({@link #expected}), and the port the reference's real programs give
 * the backend ({@link #referencePort}). The other realisations' ports are held to the reference's
 * by the comparison, not here, so that a difference there is either agreed on or declared
 * ({@link ExpectedDifferences}).
 */
record ReferenceCase(String title, Expected expected, Port referencePort, Run run) {
  /** What the client does, and how it went. */
  @FunctionalInterface
  interface Run {
    CaseOutcome on(ChainClient client) throws Exception;
  }

  /**
   * What the example means for the case: the backend that answers (and sees the client's own
   * address, unless none does), whether the bytes arrive intact, how the connection ends, over
   * how many connections.
   */
  record Expected(String backend, Bytes bytes, End end, int connections) {
    static Expected answeredBy(String backend, int connections) {
      return new Expected(backend, Bytes.INTACT, End.CLEAN, connections);
    }

    String clientAddress() {
      return backend.equals(CaseOutcome.NO_BACKEND) ? "-" : CLIENT_IP;
    }
  }

  /** What in {@code outcome}, which {@code realisation} gave, breaks the case's promise; empty when nothing does. */
  List<String> unmet(CaseOutcome outcome, Realisation realisation) {
    List<String> unmet = new ArrayList<>();
    check(unmet, "backend", expected.backend(), outcome.backend());
    check(unmet, "client address seen by the backend", expected.clientAddress(), outcome.clientAddress());
    check(unmet, "bytes", expected.bytes(), outcome.bytes());
    check(unmet, "end", expected.end(), outcome.end());
    check(unmet, "connections", expected.connections(), outcome.connections());
    if (realisation == Realisation.REFERENCE) {
      check(unmet, "port", referencePort, outcome.port());
    }
    return unmet;
  }

  private static void check(List<String> unmet, String what, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      unmet.add(what + ": expected " + expected + ", got " + actual);
    }
  }

  @Override
  public String toString() {
    return title;
  }
}
