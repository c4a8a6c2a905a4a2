<#-- The hardened unit of the services tproxy's own runtime realises (engine: tproxy): one JVM for all. -->
[Unit]
Description=tproxy runtime: <#list view.services as s>[=s]<#sep>, </#sep></#list> (tproxy topology [=view.topology])
Wants=network-online.target
After=network-online.target
<#if view.routingUnit??>
# The routing unit creates the hidden address the targets listen on and routes replies back.
Requires=[=view.routingUnit]
After=[=view.routingUnit]
</#if>

[Service]
Type=exec
# The topology is checked before every start: a mistake stops the start here, with file, line
# and column in the journal, instead of in the running service.
# --no-file-checks: the files of the services nginx and stunnel serve may be root's alone; run
# checks those of the services it runs itself, naming the field, before it listens.
ExecStartPre=[=view.launcher] validate --no-file-checks [=view.topologyFile]
<#if view.servicesArgument??>
# --as-written: the addresses, ports and transparency of the topology, not the loopback of
# --local. --services: only these; the topology's other services run in their own engines.
ExecStart=[=view.launcher] run --as-written --services [=view.servicesArgument] [=view.topologyFile]
<#else>
# --as-written: the addresses, ports and transparency of the topology, not the loopback of --local.
ExecStart=[=view.launcher] run --as-written [=view.topologyFile]
</#if>
# SIGHUP: the runtime reads the topology again and applies the changes.
ExecReload=/bin/kill -HUP $MAINPID
# SIGTERM: the listeners close at once and open connections may finish for the drain timeout
# (run --drain-timeout, 10 s by default) before the JVM exits.
TimeoutStopSec=30s
Restart=on-failure
RestartSec=2s
# A small heap is plenty for a proxy; the JVM dies rather than limp on when it runs out.
Environment="JAVA_OPTS=-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
<#if view.javaHome??>
Environment=[=view.javaHome]
</#if>
<#if view.openFiles??>
# Two descriptors per proxied connection for the services' max-connections, and the JVM's own.
LimitNOFILE=[=bare(view.openFiles)]
</#if>

# No root: a user of its own (named, so that the certificate-ACL script can let it read key
# files), and only the capabilities below. CAP_NET_BIND_SERVICE is for ports below 1024;
# transparency (IP_TRANSPARENT) takes CAP_NET_RAW, which the runtime accepts as well as
# CAP_NET_ADMIN and which cannot change routes or firewall rules.
User=[=view.user]
Group=[=view.user]
<#if view.capabilities?has_content>
AmbientCapabilities=<#list view.capabilities as c>[=c]<#sep> </#sep></#list>
CapabilityBoundingSet=<#list view.capabilities as c>[=c]<#sep> </#sep></#list>
<#else>
CapabilityBoundingSet=
</#if>
NoNewPrivileges=yes
SecureBits=noroot-locked

# The runtime reads the topology, certificates and keys, and talks TCP; everything else is closed.
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
PrivateIPC=yes
PrivateMounts=yes
ProtectHostname=yes
ProtectClock=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectProc=invisible
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
# MemoryDenyWriteExecute= stays off: the JVM's JIT compiler writes the code it then runs.
RemoveIPC=yes
UMask=0077
DevicePolicy=closed
KeyringMode=private
NotifyAccess=none
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @resources
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
