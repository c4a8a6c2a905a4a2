package dev.tproxy.generate.internal;

import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.model.Service;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names of the generated files and where each directory of the output is installed on the host.
 * Files refer to each other by installed path (a unit runs {@code -F/etc/sslh/front.cfg}), so
 * the names are decided here, once.
 */
public final class InstallLayout {

  public static final String NGINX = "nginx";
  public static final String SSLH = "sslh";
  public static final String STUNNEL = "stunnel";
  public static final String SYSTEMD = "systemd";
  public static final String RT_TABLES = "iproute2/rt_tables.d";
  public static final String SCRIPTS = "sbin";
  public static final String CONFIG = "tproxy";
  public static final String SSH = "ssh";

  private final String topology;
  private final GeneratorOptions options;

  public InstallLayout(String topology, GeneratorOptions options) {
    this.topology = topology;
    this.options = options;
  }

  /** Output directory to where its files go, in the order the README lists them. */
  public Map<String, String> destinations() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(NGINX, options.nginxConfigDirectory().toString());
    d.put(SSLH, options.sslhConfigDirectory().toString());
    d.put(STUNNEL, options.stunnelConfigDirectory().toString());
    d.put(SYSTEMD, "/etc/systemd/system");
    d.put(RT_TABLES, "/etc/iproute2/rt_tables.d");
    d.put(SCRIPTS, options.scriptDirectory().toString());
    d.put(CONFIG, options.configDirectory().toString());
    d.put(SSH, "~/.ssh on each client machine");
    return d;
  }

  public String nginxStreamFile() {
    return "stream.conf";
  }

  public Path nginxStreamInstalled() {
    return options.nginxConfigDirectory().resolve(nginxStreamFile());
  }

  public String sslhConfigFile(Service s) {
    return s.name() + ".cfg";
  }

  public Path sslhConfigInstalled(Service s) {
    return options.sslhConfigDirectory().resolve(sslhConfigFile(s));
  }

  /** Debian's stunnel@NAME.service reads /etc/stunnel/NAME.conf. */
  public String stunnelConfigFile(Service s) {
    return s.name() + ".conf";
  }

  public String sslhUnit(Service s) {
    return "sslh-" + s.name() + ".service";
  }

  public String stunnelUnit(Service s) {
    return "stunnel@" + s.name() + ".service";
  }

  /** The one unit of all the services tproxy's runtime realises (they share one JVM). */
  public String runtimeUnit() {
    return "tproxy-" + topology + ".service";
  }

  /** Where the runtime's unit reads the topology: {@link GeneratorOptions#topologyFile()}, or {@code <configDirectory>/<name>.yaml}. */
  public Path topologyInstalled() {
    return options.topologyFile().orElse(options.configDirectory().resolve(topology + ".yaml"));
  }

  public String routingUnit() {
    return "tproxy-" + topology + "-routing.service";
  }

  /** The drop-in file name inside {@code <unit>.d/}. */
  public String dropIn() {
    return "tproxy-" + topology + ".conf";
  }

  public String routingScript() {
    return "tproxy-" + topology + "-routing.sh";
  }

  public Path routingScriptInstalled() {
    return options.scriptDirectory().resolve(routingScript());
  }

  public String nftablesFile() {
    return "tproxy-" + topology + ".nft";
  }

  public Path nftablesInstalled() {
    return options.configDirectory().resolve(nftablesFile());
  }

  public String rtTablesFile() {
    return "tproxy-" + topology + ".conf";
  }

  public String certificateAclScript() {
    return "tproxy-" + topology + "-certificate-acl.sh";
  }

  /** The nftables table of the fwmark method; nft names take no {@code -}. */
  public String nftablesTable() {
    return "tproxy_" + topology.replace('-', '_');
  }
}
