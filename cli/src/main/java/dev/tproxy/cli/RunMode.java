package dev.tproxy.cli;

import picocli.CommandLine;

/**
 * The mode of {@code run}. As written unless local mode is asked for: a unit (or a benchmark)
 * that runs {@code tproxy run FILE} gets the topology it wrote, never a loopback development
 * server without anyone noticing. The quickstart's {@code --demo-backends} implies local mode,
 * since stand-in backends are never production.
 */
enum RunMode {
  /** Loopback, ports below 1024 moved up, no transparency, every service: for trying a topology. */
  LOCAL,
  /** The topology's addresses, ports and transparency, the tproxy services by default: for production. */
  AS_WRITTEN;

  /** @throws CommandLine.ParameterException (exit code 2) when both are given */
  static RunMode of(CommandLine cmd, boolean local, boolean asWritten, boolean demoBackends) {
    if (local && asWritten) {
      throw new CommandLine.ParameterException(cmd, "--local and --as-written (--transparent) exclude each other");
    }
    if (asWritten) {
      return AS_WRITTEN;
    }
    return local || demoBackends ? LOCAL : AS_WRITTEN;
  }
}
