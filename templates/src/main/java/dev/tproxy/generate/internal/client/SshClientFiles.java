package dev.tproxy.generate.internal.client;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.FileSource;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.InstallLayout;
import dev.tproxy.generate.internal.syntax.SshConfigSyntax;
import dev.tproxy.generate.internal.syntax.SyntaxOutputFormat;
import dev.tproxy.generate.internal.syntax.UnsafeValueException;
import dev.tproxy.model.ClientTool;
import dev.tproxy.model.IpLiterals;
import dev.tproxy.model.SshClient;
import dev.tproxy.model.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One ssh_config snippet per client entry ({@code Include} it from {@code ~/.ssh/config}): a
 * {@code Host} whose ProxyCommand tunnels ssh through TLS, optionally through an HTTP proxy.
 */
public final class SshClientFiles implements FileSource {

  /** proxytunnel 1.12.0 added -c/-k and made -o set the SNI as well as the Host header. */
  private static final Version PROXYTUNNEL_CLIENT_CERTS = Version.of(1, 12);

  /**
   * @param command the ProxyCommand, one word each: text (quoted by the ssh format) or markup
   *     for {@code ~/} paths, whose tilde must stay unquoted
   */
  public record View(String host, String service, String tool, String toolVersion, List<Object> command,
      long serverAliveInterval) {}

  @Override
  public List<GeneratedFile> files(GenerationContext context) {
    List<GeneratedFile> files = new ArrayList<>();
    List<SshClient> clients = context.topology().clients();
    for (int i = 0; i < clients.size(); i++) {
      SshClient c = clients.get(i);
      List<Object> command;
      try {
        command = c.tool() == ClientTool.PROXYTUNNEL ? proxytunnel(c) : openssl(c);
      } catch (UnsafeValueException e) {
        throw new GenerationException(null, "clients[" + i + "]", e.getMessage(), "change the path in the topology", e);
      }
      View view = new View(c.host(), c.service().name(), c.tool().id(), c.toolVersion().toString(), command,
          c.serverAliveInterval().toSeconds());
      files.add(context.file(InstallLayout.SSH + "/" + c.host() + ".conf", "ssh/client.conf.ssh.ftl", view, null,
          FileHeader.CommentStyle.HASH, FileMode.CONFIG));
    }
    return files;
  }

  /**
   * {@code proxytunnel -e -p PROXY -d HOST:PORT}; proxytunnel verifies the server certificate
   * against the system store, or {@code -C ca}. Before 1.12 it sends the -d host as SNI and has
   * no client certificates (validation refuses entries that need them).
   */
  private static List<Object> proxytunnel(SshClient c) {
    List<Object> w = new ArrayList<>(List.of("proxytunnel", "-e", "-p", c.proxy().orElseThrow().toString(),
        "-d", c.connect().toString()));
    c.ca().ifPresent(ca -> w.addAll(List.of("-C", home(ca))));
    if (c.toolVersion().isAtLeast(PROXYTUNNEL_CLIENT_CERTS)) {
      if (c.certificate().isPresent()) {
        w.addAll(List.of("-c", home(c.certificate().get()), "-k", home(c.key().orElseThrow())));
      }
      if (!c.effectiveSni().equalsIgnoreCase(c.connect().host())) {
        w.addAll(List.of("-o", c.effectiveSni()));
      }
    }
    return w;
  }

  /**
   * {@code openssl s_client -quiet} (without it, a line starting with Q, R or k would be read as
   * a command); the certificate is verified and the connection refused when it does not verify
   * or does not name the host.
   */
  private static List<Object> openssl(SshClient c) {
    List<Object> w = new ArrayList<>(List.of("openssl", "s_client", "-quiet", "-verify_return_error"));
    c.proxy().ifPresent(p -> w.addAll(List.of("-proxy", p.toString())));
    w.addAll(List.of("-connect", c.connect().toString()));
    String sni = c.effectiveSni();
    if (IpLiterals.isLiteral(sni)) {
      w.addAll(List.of("-verify_ip", sni));
    } else {
      w.addAll(List.of("-servername", sni, "-verify_hostname", sni));
    }
    if (c.certificate().isPresent()) {
      w.addAll(List.of("-cert", home(c.certificate().get()), "-key", home(c.key().orElseThrow())));
    }
    c.ca().ifPresent(ca -> w.addAll(List.of("-CAfile", home(ca))));
    return w;
  }

  private static Object home(Path p) {
    return SyntaxOutputFormat.SSH.markup(SshConfigSyntax.homePath(p.toString()));
  }
}
