package dev.tproxy.it.tunnel;

import dev.tproxy.it.tunnel.CaseOutcome.Bytes;
import dev.tproxy.it.tunnel.CaseOutcome.End;
import dev.tproxy.it.tunnel.CaseOutcome.Port;
import dev.tproxy.it.tunnel.ReferenceCase.Expected;
import dev.tproxy.runtime.testing.NetnsTestBed;
import java.util.List;

/**
 * The cases every realisation of the reference chain runs, in this order, from the client
 * namespace. The ports the reference gives the backend follow from how its programs bind
 * (docs/cooperative-binding.md): sslh 1.20, the first hop, binds the client's own address and
 * port, so sshd straight behind it sees the client's port; nginx, the SNI router every other
 * route passes, always binds a new port.
 */
final class ReferenceCases {
  private ReferenceCases() {}

  /** sslh 1.20 (the reference's front) binds the client's own port towards sshd. */
  private static final Port FRONT_TO_SSHD = Port.KEPT;
  /** nginx's {@code proxy_bind $remote_addr transparent} takes a new port: the SNI router is on every other route. */
  private static final Port THROUGH_THE_SNI_ROUTER = Port.NEW;

  static List<ReferenceCase> all(Payload payload) {
    Expected sshd = Expected.answeredBy("sshd", 1);
    Expected web = Expected.answeredBy("web", 1);
    return List.of(
        new ReferenceCase("ssh straight to :443 (the front's ssh probe), a command run", sshd, FRONT_TO_SSHD,
            c -> c.sshEcho(c.directSshConfig(), "direct")),
        new ReferenceCase("ssh through tinyproxy to :444, ProxyCommand openssl s_client (t2-alias)", sshd, THROUGH_THE_SNI_ROUTER,
            c -> c.sshEcho(c.generatedSshConfig("t2-alias"), "t2-alias")),
        new ReferenceCase("ssh through tinyproxy to :444, ProxyCommand Debian's proxytunnel (t2.yourdomain.top)", sshd,
            THROUGH_THE_SNI_ROUTER, c -> {
              NetnsTestBed.requireExecutable("/usr/bin/proxytunnel", "Debian's proxytunnel 1.10 (package proxytunnel)");
              return c.sshEcho(c.generatedSshConfig("t2.yourdomain.top"), "t2.yourdomain.top");
            }),
        new ReferenceCase("ssh through tinyproxy to :445 with the client certificate (cryptic.foo.notexist)", sshd,
            THROUGH_THE_SNI_ROUTER, c -> c.sshEcho(c.generatedSshConfig("cryptic.foo.notexist"), "cryptic.foo.notexist")),
        new ReferenceCase("ssh through tinyproxy to :445 without the client certificate: refused, sshd never sees it",
            new Expected(CaseOutcome.NO_BACKEND, Bytes.NONE, End.CLOSED_AFTER_TLS_HANDSHAKE, 1), Port.NOT_SEEN,
            c -> c.refusedWithoutClientCertificate(c.configWithoutClientCertificate(), "cryptic.foo.notexist")),
        new ReferenceCase("TLS to :443 for t1.yourdomain.top (the SNI router's t1 route)", web, THROUGH_THE_SNI_ROUTER,
            c -> c.exchange("hello:t1.yourdomain.top")),
        new ReferenceCase("TLS to :443 for unknown.example.org (the SNI router's default)", web, THROUGH_THE_SNI_ROUTER,
            c -> c.exchange("hello:unknown.example.org")),
        new ReferenceCase("TLS to :443 without a server name (the SNI router's default)", web, THROUGH_THE_SNI_ROUTER,
            c -> c.exchange("hello:-")),
        new ReferenceCase("50 TLS clients at once to :443, t1.yourdomain.top", Expected.answeredBy("web", 50), THROUGH_THE_SNI_ROUTER,
            c -> c.exchanges(50, "hello:t1.yourdomain.top")),
        new ReferenceCase("plain HTTP to :443 (the front's anyprot rule, the SNI router's default)", web, THROUGH_THE_SNI_ROUTER,
            c -> c.exchange("HTTP")),
        new ReferenceCase("a silent client on :443 (sshd at the 2 s probe timeout)", sshd, FRONT_TO_SSHD,
            c -> c.exchange("SILENT")),
        new ReferenceCase("100 MiB up through the :444 tunnel (t2-alias), SHA-256 on sshd's side", sshd, THROUGH_THE_SNI_ROUTER,
            c -> c.sshUpload(c.generatedSshConfig("t2-alias"), "t2-alias", payload.file(), payload.sha256())),
        new ReferenceCase("100 MiB down through the :444 tunnel (t2-alias), SHA-256 on the client's side", sshd,
            THROUGH_THE_SNI_ROUTER,
            c -> c.sshDownload(c.generatedSshConfig("t2-alias"), "t2-alias", payload.file(), payload.sha256())));
  }
}
