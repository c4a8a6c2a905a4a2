package dev.tproxy.generate.internal.access;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.FileSource;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.InstallLayout;
import dev.tproxy.model.CertificateAccess;
import java.nio.file.Path;
import java.util.List;

/**
 * The certificate-ACL script of the reference document: nginx loads certificates named by
 * variables at each handshake, as its worker user, so that user must be able to read the store,
 * including files a renewal creates later (default ACLs).
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
    View view = new View(access.users(), access.paths().stream().map(Path::toString).toList());
    return List.of(context.file(InstallLayout.SCRIPTS + "/" + context.layout().certificateAclScript(),
        "access/certificate-acl.sh.shell.ftl", view, null, FileHeader.CommentStyle.HASH, FileMode.SCRIPT));
  }
}
