package dev.tproxy.bench;

import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.runtime.internal.probe.ProbeChain;
import dev.tproxy.runtime.internal.tls.ClientHello;
import dev.tproxy.runtime.internal.tls.ClientHelloParser;
import dev.tproxy.runtime.testing.ClientHellos;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

/**
 * The decision on a connection's first bytes: a demux chain as the quickstart's (ssh, http, tls,
 * anyprot) on real first flights, and the ClientHello parser alone. Nanoseconds per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FirstFlightBenchmark {
  private final ProbeChain chain = new ProbeChain(List.of(
      ProbeRule.of(Probe.SSH, "ssh"),
      ProbeRule.of(Probe.HTTP, "http"),
      ProbeRule.of(Probe.TLS, "tls"),
      ProbeRule.of(Probe.ANYPROT, "any")));
  private final ByteBuf ssh = Unpooled.wrappedBuffer("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".getBytes(StandardCharsets.US_ASCII));
  private final ByteBuf http = Unpooled.wrappedBuffer("GET / HTTP/1.1\r\nHost: demo.test\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
      .getBytes(StandardCharsets.US_ASCII));
  private final ByteBuf hello = Unpooled.wrappedBuffer(ClientHellos.jdk("demo.test", "h2", "http/1.1"));

  @Benchmark
  public ProbeChain.Outcome demuxSsh() {
    return chain.probe(ssh);
  }

  @Benchmark
  public ProbeChain.Outcome demuxHttp() {
    return chain.probe(http);
  }

  @Benchmark
  public ProbeChain.Outcome demuxTls() {
    return chain.probe(hello);
  }

  @Benchmark
  public ClientHello parseClientHello() {
    return ClientHelloParser.parse(hello);
  }
}
