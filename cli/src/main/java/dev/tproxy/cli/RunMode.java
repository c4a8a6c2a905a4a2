package dev.tproxy.cli;

import picocli.CommandLine;

/**
 * The mode of {@code run}, which the operator must say: a unit that runs {@code tproxy run FILE}
 * must never be a loopback development server without anyone noticing. Only the quickstart's
 * {@code --demo-backends} implies local mode, since stand-in backends are never production.
 */
enum RunMode {
  /** Loopback, ports below 1024 moved up, no transparency, every service: for trying a topology. */
  LOCAL,
  /** The topology's addresses, ports and transparency, the tproxy services by default: for production. */
  AS_WRITTEN;

  static final String NEITHER = "run needs a mode: --as-written (production: the topology's addresses, ports and"
      + " transparency, for its engine: tproxy services) or --local (trying it out: every service on loopback,"
      + " ports below 1024 moved up by 10000, no transparency, no privileges)";

  /** @throws CommandLine.ParameterException (exit code 2) when both or neither are given without --demo-backends */
  static RunMode of(CommandLine cmd, boolean local, boolean asWritten, boolean demoBackends) {
    if (local && asWritten) {
      throw new CommandLine.ParameterException(cmd, "--local and --as-written (--transparent) exclude each other");
    }
    if (asWritten) {
      return AS_WRITTEN;
    }
    if (local || demoBackends) {
      return LOCAL;
    }
    throw new CommandLine.ParameterException(cmd, NEITHER);
  }
}
