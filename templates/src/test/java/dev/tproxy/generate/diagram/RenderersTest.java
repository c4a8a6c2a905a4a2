package dev.tproxy.generate.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both renderers, exactly, on a topology with one route of every kind. */
class RenderersTest {

  @Test
  void dotDrawsEveryNodeAndRoute() {
    assertThat(DotRenderer.render(TopologyGraphs.of(SmallTopology.of()))).isEqualTo("""
        digraph topology {
          graph [rankdir=LR, labelloc=t, fontname="Helvetica", label="small"];
          node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];
          edge [fontname="Helvetica", fontsize=10];
          client [shape=circle, label="client"];
          s1 [label="front\\nsslh 1.20, demux\\n0.0.0.0:443\\ntransparent"];
          s2 [label="router\\nnginx 1.22.1, sni-route\\n127.0.0.1:1443"];
          s3 [label="tls\\ntproxy 0.1, tls-terminate\\n127.0.0.1:1444"];
          s4 [label="plain\\ntproxy 0.1, forward\\n127.0.0.1:1445"];
          b1 [shape=cylinder, style="", label="sshd\\n10.0.0.1:22"];
          b2 [shape=cylinder, style="", label="web\\n10.0.0.1:443"];
          client -> s1 [label="0.0.0.0:443"];
          s1 -> b1 [label="ssh", style="bold"];
          s1 -> s2 [label="tls sni=*.example.org alpn=h2", style="bold"];
          s1 -> b1 [label="on timeout 2s", style="bold,dashed"];
          s2 -> s3 [label="t.example.org u.example.org"];
          s2 -> b1 [label="alpn=ssh/2"];
          s2 -> b2 [label="default", style="dashed"];
          s3 -> s4 [label="TLS terminated"];
          s4 -> b2 [label="forward"];
        }
        """);
  }

  @Test
  void mermaidDrawsEveryNodeAndRoute() {
    assertThat(MermaidRenderer.render(TopologyGraphs.of(SmallTopology.of()))).isEqualTo("""
        flowchart LR
          client(("client"))
          s1["front<br>sslh 1.20, demux<br>0.0.0.0:443<br>transparent"]
          s2["router<br>nginx 1.22.1, sni-route<br>127.0.0.1:1443"]
          s3["tls<br>tproxy 0.1, tls-terminate<br>127.0.0.1:1444"]
          s4["plain<br>tproxy 0.1, forward<br>127.0.0.1:1445"]
          b1[("sshd<br>10.0.0.1:22")]
          b2[("web<br>10.0.0.1:443")]
          client -->|"0.0.0.0:443"| s1
          s1 ==>|"ssh"| b1
          s1 ==>|"tls sni=*.example.org alpn=h2"| s2
          s1 ==>|"on timeout 2s"| b1
          s2 -->|"t.example.org u.example.org"| s3
          s2 -->|"alpn=ssh/2"| b1
          s2 -.->|"default"| b2
          s3 -->|"TLS terminated"| s4
          s4 -->|"forward"| b2
        """);
  }
}
