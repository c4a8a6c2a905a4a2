package dev.tproxy.generate.internal.systemd;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.InstallLayout;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unit of the services whose engine is {@code tproxy}: one launcher process (one JVM) runs
 * them all, as written ({@code tproxy run --as-written}), as a user of its own with only the
 * capabilities they need. When the topology has services of other engines, {@code --services}
 * names the unit's own, so that it never takes the ports of sslh, nginx or stunnel.
 */
final class RuntimeUnitFile {

  /**
   * The runtime binds ports below 1024 with CAP_NET_BIND_SERVICE and sets IP_TRANSPARENT with
   * CAP_NET_RAW or CAP_NET_ADMIN (Transport.checkTransparencyAllowed accepts either). CAP_NET_RAW
   * is the smaller grant: CAP_NET_ADMIN would also let the process rewrite routes and firewall
   * rules, including the ones that bring transparent replies back.
   */
  static List<String> capabilities(List<Service> services) {
    List<String> caps = new ArrayList<>();
    if (services.stream().anyMatch(s -> s.listen().stream().anyMatch(e -> e.port() > 0 && e.port() < 1024))) {
      caps.add("CAP_NET_BIND_SERVICE");
    }
    if (services.stream().anyMatch(Service::transparent)) {
      caps.add("CAP_NET_RAW");
    }
    return caps;
  }

  /** The unit, or empty when no service runs in tproxy's runtime. */
  Optional<GeneratedFile> file(GenerationContext context) {
    List<Service> own = context.services(EngineKind.TPROXY);
    if (own.isEmpty()) {
      return Optional.empty();
    }
    InstallLayout layout = context.layout();
    boolean othersToo = own.size() < context.topology().services().size();
    List<String> names = own.stream().map(Service::name).toList();
    SystemdViews.RuntimeUnit view = new SystemdViews.RuntimeUnit(
        context.topology().name(),
        names,
        context.options().launcher().toString(),
        layout.topologyInstalled().toString(),
        othersToo ? String.join(",", names) : null,
        context.options().javaHome().map(home -> "JAVA_HOME=" + home).orElse(null),
        context.options().runtimeUser(),
        context.hasRouting() ? layout.routingUnit() : null,
        capabilities(own),
        own.stream().anyMatch(Service::transparent),
        SystemdFiles.openFiles(EngineKind.TPROXY, own));
    return Optional.of(SystemdFiles.checked(context, null, context.file(InstallLayout.SYSTEMD + "/" + layout.runtimeUnit(),
        "systemd/tproxy.service.systemd.ftl", view, null, FileHeader.CommentStyle.HASH, FileMode.CONFIG)));
  }
}
