package dev.tproxy.generate.internal.systemd;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.FileSource;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.InstallLayout;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Network;
import dev.tproxy.model.OpenFiles;
import dev.tproxy.model.Service;
import dev.tproxy.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * systemd units: a hardened unit per sslh service, one hardened unit for all the services of
 * tproxy's own runtime, the oneshot unit that sets up policy routing, and drop-ins that order
 * Debian's nginx and stunnel@ units after it and give them the open files their max-connections
 * need. Everything that listens on the hidden address needs that address first, so with routing
 * every unit requires the routing unit.
 */
public final class SystemdFiles implements FileSource {

  /** sslh 1.22 switched the capability it keeps for transparency (ChangeLog 1.22, PR #297). */
  private static final Version NET_RAW_SINCE = Version.of(1, 22);

  /** sslh 2.1.0 added its Landlock sandbox (landlock.c). */
  private static final Version LANDLOCK_SINCE = Version.of(2, 1);

  @Override
  public List<GeneratedFile> files(GenerationContext context) {
    InstallLayout layout = context.layout();
    String routing = context.hasRouting() ? layout.routingUnit() : null;
    String topology = context.topology().name();
    List<GeneratedFile> files = new ArrayList<>();
    for (Service s : context.services(EngineKind.SSLH)) {
      SystemdViews.SslhUnit view = new SystemdViews.SslhUnit(topology, s.name(),
          context.options().sslhBinary().toString(),
          "-F" + layout.sslhConfigInstalled(s),
          routing, capabilities(s), s.engine().version().isAtLeast(LANDLOCK_SINCE),
          openFiles(EngineKind.SSLH, List.of(s)));
      files.add(checked(context, s, context.file(InstallLayout.SYSTEMD + "/" + layout.sslhUnit(s),
          "systemd/sslh.service.systemd.ftl", view, s, FileHeader.CommentStyle.HASH, FileMode.CONFIG)));
    }
    new RuntimeUnitFile().file(context).ifPresent(files::add);
    if (routing != null) {
      String method = context.topology().network() instanceof Network.Fwmark ? "fwmark" : "dedicated-address";
      files.add(checked(context, null, context.file(InstallLayout.SYSTEMD + "/" + routing,
          "systemd/routing.service.systemd.ftl",
          new SystemdViews.RoutingUnit(topology, layout.routingScriptInstalled().toString(), method),
          null, FileHeader.CommentStyle.HASH, FileMode.CONFIG)));
    }
    List<Service> nginx = context.services(EngineKind.NGINX);
    Integer nginxFiles = openFiles(EngineKind.NGINX, nginx);
    if (!nginx.isEmpty() && (routing != null || nginxFiles != null)) {
      files.add(dropIn(context, "nginx.service", "nginx", nginxFiles));
    }
    for (Service s : context.services(EngineKind.STUNNEL)) {
      Integer stunnelFiles = openFiles(EngineKind.STUNNEL, List.of(s));
      if (routing != null || stunnelFiles != null) {
        files.add(dropIn(context, layout.stunnelUnit(s), "stunnel", stunnelFiles));
      }
    }
    return files;
  }

  /** LimitNOFILE= for one program running {@code services}; null when systemd's default will do. */
  static Integer openFiles(EngineKind program, List<Service> services) {
    OptionalInt limit = OpenFiles.limitFor(program, services);
    return limit.isPresent() ? limit.getAsInt() : null;
  }

  private static GeneratedFile dropIn(GenerationContext context, String unit, String note, Integer openFiles) {
    InstallLayout layout = context.layout();
    String routing = context.hasRouting() ? layout.routingUnit() : null;
    SystemdViews.DropIn view = new SystemdViews.DropIn(context.topology().name(), unit, routing, note, openFiles);
    return checked(context, null, context.file(InstallLayout.SYSTEMD + "/" + unit + ".d/" + layout.dropIn(),
        "systemd/dropin.conf.systemd.ftl", view, null, FileHeader.CommentStyle.HASH, FileMode.CONFIG));
  }

  /**
   * Exactly what sslh needs: binding a port below 1024, and for transparent forwarding
   * (IP_TRANSPARENT) CAP_NET_ADMIN before 1.22, CAP_NET_RAW from 1.22 on.
   */
  static List<String> capabilities(Service s) {
    List<String> caps = new ArrayList<>();
    if (s.listen().stream().anyMatch(e -> e.port() < 1024)) {
      caps.add("CAP_NET_BIND_SERVICE");
    }
    if (s.transparent()) {
      caps.add(s.engine().version().isAtLeast(NET_RAW_SINCE) ? "CAP_NET_RAW" : "CAP_NET_ADMIN");
    }
    return caps;
  }

  /** Every capability a unit names must exist: systemd drops unknown names silently. */
  static GeneratedFile checked(GenerationContext context, Service s, GeneratedFile unit) {
    for (String line : unit.content().split("\n")) {
      if (!line.startsWith("AmbientCapabilities=") && !line.startsWith("CapabilityBoundingSet=")) {
        continue;
      }
      String list = line.substring(line.indexOf('=') + 1).strip();
      if (list.startsWith("~")) {
        list = list.substring(1);
      }
      for (String name : list.split("\\s+")) {
        if (!name.isEmpty() && !LinuxCapabilities.isKnown(name)) {
          throw new GenerationException(s == null ? null : s.name(), null,
              unit.relativePath() + " names the capability " + name + ", which does not exist",
              "systemd would drop it without a word; check the systemd template (known: CAP_NET_ADMIN, CAP_NET_RAW, ...)");
        }
      }
    }
    return unit;
  }
}
