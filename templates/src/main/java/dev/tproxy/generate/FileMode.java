package dev.tproxy.generate;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The permissions a generated file is written with. */
public enum FileMode {
  /** Configuration and unit files: {@code 0644}, readable by the services that load them. */
  CONFIG("rw-r--r--", 0644),
  /** Scripts run by administrators or units: {@code 0755}. */
  SCRIPT("rwxr-xr-x", 0755);

  private final String symbolic;
  private final int octal;

  FileMode(String symbolic, int octal) {
    this.symbolic = symbolic;
    this.octal = octal;
  }

  public Set<PosixFilePermission> permissions() {
    return PosixFilePermissions.fromString(symbolic);
  }

  /** {@code 0644} or {@code 0755}, for messages and manifests. */
  public String octal() {
    return String.format(java.util.Locale.ROOT, "%04o", octal);
  }
}
