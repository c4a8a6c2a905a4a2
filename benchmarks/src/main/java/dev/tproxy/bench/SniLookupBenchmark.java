package dev.tproxy.bench;

import dev.tproxy.runtime.internal.route.HostnameMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Choosing a route (or a certificate) by server name among 100 exact names and 20 wildcards. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SniLookupBenchmark {
  private final HostnameMap<String> map = new HostnameMap<>();

  public SniLookupBenchmark() {
    for (int i = 0; i < 100; i++) {
      map.put("host" + i + ".example.org", "exact" + i);
    }
    for (int i = 0; i < 20; i++) {
      map.put("*.zone" + i + ".example.net", "wild" + i);
    }
  }

  @Benchmark
  public Optional<HostnameMap.Match<String>> exact() {
    return map.find("host42.example.org");
  }

  @Benchmark
  public Optional<HostnameMap.Match<String>> wildcard() {
    return map.find("www.zone7.example.net");
  }

  @Benchmark
  public Optional<HostnameMap.Match<String>> miss() {
    return map.find("unknown.example.com");
  }
}
