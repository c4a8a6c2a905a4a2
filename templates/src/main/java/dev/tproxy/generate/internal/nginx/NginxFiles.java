package dev.tproxy.generate.internal.nginx;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.FileSource;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.InstallLayout;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.OpenFiles;
import dev.tproxy.model.Service;
import java.util.List;

/**
 * nginx: a file of stream-context directives (maps and one server per nginx service) to include
 * inside {@code stream {}}, and a standalone nginx.conf around it, with the {@code load_module}
 * line Debian needs, so that {@code nginx -t -c} can check it alone.
 */
public final class NginxFiles implements FileSource {

  @Override
  public List<GeneratedFile> files(GenerationContext context) {
    List<Service> services = context.services(EngineKind.NGINX);
    if (services.isEmpty()) {
      return List.of();
    }
    NginxServers servers = new NginxServers(context, new NginxNames(context, services));
    NginxViews.Stream stream = new NginxViews.Stream(services.stream().map(servers::server).toList());
    InstallLayout layout = context.layout();
    // One worker may get every connection, so each worker can hold what all services may have.
    java.util.OptionalInt openFiles = OpenFiles.limitFor(EngineKind.NGINX, services);
    NginxViews.Conf conf = new NginxViews.Conf(
        context.options().nginxStreamModule().toString(),
        context.options().nginxUser(),
        context.options().nginxPidFile().toString(),
        context.options().nginxErrorLog().toString(),
        layout.nginxStreamInstalled().toString(),
        openFiles.orElse(OpenFiles.DEFAULT_LIMIT),
        openFiles.isPresent() ? openFiles.getAsInt() : null);
    return List.of(
        context.file(InstallLayout.NGINX + "/" + layout.nginxStreamFile(), "nginx/stream.conf.nginx.ftl", stream,
            null, FileHeader.CommentStyle.HASH, FileMode.CONFIG),
        context.file(InstallLayout.NGINX + "/nginx.conf", "nginx/nginx.conf.nginx.ftl", conf,
            null, FileHeader.CommentStyle.HASH, FileMode.CONFIG));
  }
}
