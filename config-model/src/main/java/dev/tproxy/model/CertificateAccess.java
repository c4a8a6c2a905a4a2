package dev.tproxy.model;

import java.nio.file.Path;
import java.util.List;

/**
 * Certificate stores that several system users must read (nginx workers load certificates named
 * by variables at each handshake, as the worker user): the generated ACL script grants them
 * read access, now and by default for files renewed later.
 */
public record CertificateAccess(List<Path> paths, List<String> users) {

  public static final CertificateAccess NONE = new CertificateAccess(List.of(), List.of());

  public CertificateAccess {
    paths = Lists.copy(paths);
    users = Lists.copy(users);
  }

  public boolean isEmpty() {
    return paths.isEmpty() && users.isEmpty();
  }
}
