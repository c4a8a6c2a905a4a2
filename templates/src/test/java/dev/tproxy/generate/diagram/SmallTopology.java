package dev.tproxy.generate.diagram;

import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Probe;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import java.nio.file.Path;
import java.util.List;

/** A topology with one route of every kind, for the renderers' exact expected output. */
final class SmallTopology {
  private SmallTopology() {}

  static Topology of() {
    return Topology.builder("small")
        .backend("sshd", "10.0.0.1:22")
        .backend("web", "10.0.0.1:443")
        .service(Service.builder("front").engine(EngineKind.SSLH, "1.20").listen("0.0.0.0:443").transparent(true)
            .demux(d -> d.rule(Probe.SSH, "sshd").tls("router", List.of("*.example.org"), List.of("h2"))))
        .service(Service.builder("router").engine(EngineKind.NGINX).listen("127.0.0.1:1443")
            .sniRoute("web", r -> r.serverNames("tls", "t.example.org", "u.example.org").alpn("sshd", "ssh/2")))
        .service(Service.builder("tls").listen("127.0.0.1:1444")
            .tlsTerminate("plain", t -> t.certificate(Path.of("c.pem"), Path.of("c.key"))))
        .service(Service.builder("plain").listen("127.0.0.1:1445").forward("web"))
        .buildUnvalidated();
  }
}
