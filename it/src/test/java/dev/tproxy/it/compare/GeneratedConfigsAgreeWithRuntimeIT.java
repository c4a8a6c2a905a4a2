package dev.tproxy.it.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.GeneratedFiles;
import dev.tproxy.generate.GeneratedFilesWriter;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.model.Backend;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.testing.FirstFlight;
import dev.tproxy.runtime.testing.NetnsTestBed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim of the project: the files tproxy generates, run by the real programs, and tproxy's
 * runtime, given the same topology, treat the same traffic the same way. A transparent chain of
 * Debian's sslh 1.20 and nginx 1.22 (configured only by the generated files) and then the runtime
 * (configured only by the topology) get the same first flights from a client in its own network
 * namespace; every connection must reach the same backend, and the backend must see the client's
 * own address both times.
 */
class GeneratedConfigsAgreeWithRuntimeIT {
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedConfigsAgreeWithRuntimeIT.class);
  private static final Pattern BACKEND_LINE =
      Pattern.compile("local=[0-9.]+:(\\d+) BACKEND (\\S+) peer=([0-9.]+):(\\d+)");

  /** Where each case must end up, by the semantics the model documents (sslh probing, nginx map). */
  private static final Map<FirstFlight, String> EXPECTED = new EnumMap<>(Map.ofEntries(
      Map.entry(FirstFlight.SSH, "sshd"),
      Map.entry(FirstFlight.HTTP, "web"),
      Map.entry(FirstFlight.TLS_T1, "site-t1"),
      Map.entry(FirstFlight.TLS_T1_UPPER_CASE, "site-t1"),
      Map.entry(FirstFlight.TLS_WILDCARD, "site-t2"),
      Map.entry(FirstFlight.TLS_WILDCARD_APEX, "site-default"),
      Map.entry(FirstFlight.TLS_UNKNOWN_NAME, "site-default"),
      Map.entry(FirstFlight.TLS_NO_SNI, "site-default"),
      Map.entry(FirstFlight.TLS_NO_SNI_ALPN_H2, "h2-site"),
      Map.entry(FirstFlight.TLS_TWO_RECORDS, "site-t1"),
      Map.entry(FirstFlight.NOT_A_PROTOCOL, "site-default"),
      Map.entry(FirstFlight.SILENT, "sshd")));

  @Test
  void theRealProgramsAndTheRuntimeRouteTheSameTrafficAlike() throws Exception {
    NetnsTestBed.requireExecutable("/usr/sbin/sslh", "Debian's sslh 1.20 (package sslh); run scripts/install-debian-packages.sh");
    NetnsTestBed.requireExecutable("/usr/sbin/nginx", "nginx with the stream module (packages nginx-light, libnginx-mod-stream)");
    try (NetnsTestBed bed = NetnsTestBed.create()) {
      Path dir = bed.file("compare.yaml", read("/compare/chain.yaml")).getParent();
      Path topologyFile = dir.resolve("compare.yaml");
      Topology topology = TopologyLoader.load(topologyFile);
      Path out = dir.resolve("generated");
      GeneratedFiles files = Generator.generate(topology, GeneratorOptions.builder()
          .sslhConfigDirectory(out.resolve("sslh"))
          .nginxConfigDirectory(out.resolve("nginx"))
          .nginxPidFile(dir.resolve("nginx.pid"))
          .nginxErrorLog(dir.resolve("nginx-error.log"))
          .build());
      new GeneratedFilesWriter().write(files, out);

      NetnsTestBed.Agent server = bed.agent(bed.serverNamespace());
      NetnsTestBed.Agent client = bed.agent(bed.clientNamespace());
      for (Backend b : topology.backends()) {
        BackendAddress.Tcp tcp = (BackendAddress.Tcp) b.address();
        server.call("backend " + b.name() + " " + tcp.endpoint().hostText() + " " + tcp.endpoint().port());
      }

      // 1. The generated files on the real programs.
      Process sslh = bed.start(bed.serverNamespace(), "/usr/sbin/sslh", "-F" + out.resolve("sslh/front.cfg"));
      Process nginx = bed.start(bed.serverNamespace(), "/usr/sbin/nginx", "-c", out.resolve("nginx/nginx.conf").toString(),
          "-g", "daemon off;");
      awaitListening(bed, NetnsTestBed.SERVER_IP + ":443", NetnsTestBed.HIDDEN_IP + ":1443");
      Map<FirstFlight, String> real = sendAll(client);
      stop(sslh);
      stop(nginx);
      awaitNotListening(bed, NetnsTestBed.SERVER_IP + ":443", NetnsTestBed.HIDDEN_IP + ":1443");

      // 2. The same topology in tproxy's runtime.
      server.call("runtime compare " + topologyFile);
      Map<FirstFlight, String> runtime = sendAll(client);
      server.call("stop compare");

      for (FirstFlight c : FirstFlight.values()) {
        LOG.info("{}: real programs {} | runtime {}", c, real.get(c), runtime.get(c));
      }
      for (FirstFlight c : FirstFlight.values()) {
        String expected = EXPECTED.get(c);
        assertThat(backend(real.get(c))).as("%s through sslh 1.20 + nginx (%s)", c, real.get(c)).isEqualTo(expected);
        assertThat(backend(runtime.get(c))).as("%s through the runtime (%s)", c, runtime.get(c)).isEqualTo(expected);
        assertThat(peerIp(real.get(c))).as("client address seen by %s through sslh + nginx", expected).isEqualTo(NetnsTestBed.CLIENT_IP);
        assertThat(peerIp(runtime.get(c))).as("client address seen by %s through the runtime", expected).isEqualTo(NetnsTestBed.CLIENT_IP);
        // The ports tell the binding behaviours apart (docs/cooperative-binding.md): sslh 1.20
        // binds the client's port; nginx always takes a new one. The runtime binds each service
        // the way its engine does (transparent-bind defaults to the engine's), so the two agree.
        boolean viaNginx = !Set.of("sshd", "web").contains(expected);
        assertThat(portKept(real.get(c))).as("%s keeps the client's port through sslh%s", c, viaNginx ? " + nginx" : "")
            .isEqualTo(!viaNginx);
        assertThat(portKept(runtime.get(c))).as("%s keeps the client's port through the runtime as through sslh%s", c,
            viaNginx ? " + nginx" : "").isEqualTo(!viaNginx);
      }
    }
  }

  private static Map<FirstFlight, String> sendAll(NetnsTestBed.Agent client) {
    Map<FirstFlight, String> results = new EnumMap<>(FirstFlight.class);
    for (FirstFlight c : FirstFlight.values()) {
      results.put(c, client.call("send " + NetnsTestBed.SERVER_IP + " 443 " + c.name()));
    }
    return results;
  }

  private static String backend(String line) {
    Matcher m = BACKEND_LINE.matcher(line);
    return m.matches() ? m.group(2) : "(no backend: " + line + ")";
  }

  private static String peerIp(String line) {
    Matcher m = BACKEND_LINE.matcher(line);
    return m.matches() ? m.group(3) : "(no backend: " + line + ")";
  }

  /** Whether the backend saw the client's own source port. */
  private static boolean portKept(String line) {
    Matcher m = BACKEND_LINE.matcher(line);
    return m.matches() && m.group(1).equals(m.group(4));
  }

  private static void awaitListening(NetnsTestBed bed, String... addresses) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      String listening = NetnsTestBed.run("ip", "netns", "exec", bed.serverNamespace(), "ss", "-Hltn");
      if (java.util.Arrays.stream(addresses).allMatch(listening::contains)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("sslh and nginx did not listen on " + String.join(", ", addresses) + " within 20 s:\n" + listening);
      }
      Thread.sleep(100);
    }
  }

  private static void awaitNotListening(NetnsTestBed bed, String... addresses) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      String listening = NetnsTestBed.run("ip", "netns", "exec", bed.serverNamespace(), "ss", "-Hltn");
      if (java.util.Arrays.stream(addresses).noneMatch(listening::contains)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("sslh and nginx still listen after being stopped:\n" + listening);
      }
      Thread.sleep(100);
    }
  }

  private static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  private static String read(String resource) throws IOException {
    try (var in = GeneratedConfigsAgreeWithRuntimeIT.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

}
