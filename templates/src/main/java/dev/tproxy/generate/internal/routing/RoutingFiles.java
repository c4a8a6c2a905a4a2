package dev.tproxy.generate.internal.routing;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.FileSource;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.InstallLayout;
import dev.tproxy.model.IpLiterals;
import dev.tproxy.model.IpPrefix;
import dev.tproxy.model.Network;
import dev.tproxy.model.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How replies to transparent connections reach the proxies: the rt_tables.d entry naming the
 * table, an idempotent {@code up|down} script (run by the routing unit) and, for the fwmark
 * method, the nftables rules that mark those replies.
 */
public final class RoutingFiles implements FileSource {

  @Override
  public List<GeneratedFile> files(GenerationContext context) {
    Network network = context.topology().network();
    InstallLayout layout = context.layout();
    List<GeneratedFile> files = new ArrayList<>();
    RoutingTable table;
    if (network instanceof Network.DedicatedAddress d) {
      table = d.table();
      RoutingViews.Dedicated view = new RoutingViews.Dedicated(
          d.interfaceName(), d.address().toString(), IpLiterals.format(d.address().address()),
          d.address6().map(IpPrefix::toString).orElse(null),
          d.address6().map(a -> IpLiterals.format(a.address())).orElse(null),
          table.id(), table.name(), d.fallback().id());
      files.add(script(context, "routing/dedicated-address.sh.shell.ftl", view));
    } else if (network instanceof Network.Fwmark m) {
      table = m.table();
      String mark = "0x" + Long.toHexString(m.mark()).toLowerCase(Locale.ROOT);
      files.add(script(context, "routing/fwmark.sh.shell.ftl", new RoutingViews.Fwmark(
          mark, table.id(), table.name(), layout.nftablesInstalled().toString(), layout.nftablesTable())));
      files.add(context.file(InstallLayout.CONFIG + "/" + layout.nftablesFile(), "routing/fwmark.nft.word.ftl",
          new RoutingViews.Nftables(layout.nftablesTable(), mark), null, FileHeader.CommentStyle.HASH, FileMode.CONFIG));
    } else {
      return List.of();
    }
    files.add(context.file(InstallLayout.RT_TABLES + "/" + layout.rtTablesFile(), "routing/rt_tables.word.ftl",
        new RoutingViews.RtTable(table.id(), table.name()), null, FileHeader.CommentStyle.HASH, FileMode.CONFIG));
    return files;
  }

  private static GeneratedFile script(GenerationContext context, String template, Object view) {
    return context.file(InstallLayout.SCRIPTS + "/" + context.layout().routingScript(), template, view, null,
        FileHeader.CommentStyle.HASH, FileMode.SCRIPT);
  }
}
