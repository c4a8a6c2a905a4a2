<#-- sslh configuration (libconfig) of one demux service, in the dialect of its version. -->
# sslh configuration of service [=view.service], for sslh <#if view.v2>2.2 and later<#else>1.20 (Debian 12)</#if>.
# Start it as `sslh -F<this file>`: sslh 1.20 reads `-F <file>`, with a space, as no file at all.
foreground: true;
numeric: true;
<#if view.globalTransparent>
transparent: true;
</#if>
# Written out because the default differs: 2 s in sslh 1.20, 5 s from 1.21 on.
timeout: [=bare(view.timeout)];
on-timeout: [=view.onTimeout];

listen:
(
<#list view.listen as l>
    { host: [=l.host]; port: [=l.port];<#if l.maxConnections??> max_connections: [=bare(l.maxConnections)];</#if><#if l.proxyProtocol> proxyprotocol: true;</#if> }<#sep>,</#sep>
</#list>
);

# Probed in this order; the first match wins. When every probe fails, the last entry is used.
protocols:
(
<#list view.protocols as p>
<#if p.sentinelFor??>
    # Clients that send nothing go to [=p.sentinelFor]. on-timeout names a probe, and sslh takes
    # the first entry of that name; this regex entry comes first and never matches any data.
</#if>
    { name: [=p.name]; host: [=p.host]; port: [=p.port];<#if p.unix> is_unix: true;</#if><#if p.transparent> transparent: true;</#if><#if p.minLength??> minlength: [=bare(p.minLength)];</#if><#if p.proxyProtocol??> proxyprotocol: [=bare(p.proxyProtocol)];</#if><#if p.maxConnections??> max_connections: [=bare(p.maxConnections)];</#if><#if p.sni?has_content>
      sni_hostnames: [ <#list p.sni as n>[=n]<#sep>, </#sep></#list> ];</#if><#if p.alpn?has_content>
      alpn_protocols: [ <#list p.alpn as n>[=n]<#sep>, </#sep></#list> ];</#if><#if p.patterns?has_content>
      regex_patterns: [ <#list p.patterns as n>[=n]<#sep>, </#sep></#list> ];</#if> }<#sep>,</#sep>
</#list>
);
