package dev.tproxy.generate.internal.access;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.FileSource;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.InstallLayout;
import dev.tproxy.model.CertificateAccess;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Service;
import dev.tproxy.model.TlsTerminate;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificate-ACL script of the reference document: nginx loads certificates named by
 * variables at each handshake, as its worker user, so that user must be able to read the store,
 * including files a renewal creates later (default ACLs). tproxy's runtime reads the certificates
 * and keys (0600) of its tls-terminate services as the runtime's user, so that user is added to
 * the topology's certificate-access. The stores stay what the topology names: deriving them from
 * the key files' directories could grant a whole /etc/ssl/private.
 */
public final class CertificateAccessFiles implements FileSource {

  /** @param users system users; @param stores certificate directories */
  public record View(List<String> users, List<String> stores) {}

  @Override
  public List<GeneratedFile> files(GenerationContext context) {
    CertificateAccess access = context.topology().certificateAccess();
    if (access.isEmpty()) {
      return List.of();
    }
    Set<String> users = new LinkedHashSet<>(access.users());
    if (runtimeReadsKeys(context)) {
      users.add(context.options().runtimeUser());
    }
    View view = new View(List.copyOf(users), access.paths().stream().map(Path::toString).toList());
    return List.of(context.file(InstallLayout.SCRIPTS + "/" + context.layout().certificateAclScript(),
        "access/certificate-acl.sh.shell.ftl", view, null, FileHeader.CommentStyle.HASH, FileMode.SCRIPT));
  }

  /** Whether a service of tproxy's runtime terminates TLS, reading certificates and keys. */
  private static boolean runtimeReadsKeys(GenerationContext context) {
    return context.services(EngineKind.TPROXY).stream().anyMatch(s -> s.stage() instanceof TlsTerminate);
  }
}
