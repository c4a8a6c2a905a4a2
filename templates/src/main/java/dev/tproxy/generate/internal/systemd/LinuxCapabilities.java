package dev.tproxy.generate.internal.systemd;

import java.util.List;
import java.util.Set;

/**
 * The capability names of Linux (linux/capability.h, numbers 0 to 40) as systemd spells them in
 * unit files. systemd drops an unknown name without a word, even under
 * {@code systemd-analyze verify} (sslh's own unit shipped {@code CAP_SETGIT}), so every name a
 * generated unit grants is checked against this list.
 */
public final class LinuxCapabilities {

  /** In kernel order, so that position is the capability number. */
  public static final List<String> NAMES = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
      "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
      "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
      "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
      "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
      "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  private static final Set<String> KNOWN = Set.copyOf(NAMES);

  private LinuxCapabilities() {}

  public static boolean isKnown(String name) {
    return KNOWN.contains(name);
  }
}
