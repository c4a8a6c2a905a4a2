<#-- A hardened unit for one sslh service. -->
[Unit]
Description=sslh protocol demultiplexer [=view.service] (tproxy topology [=view.topology])
Documentation=man:sslh(8)
Wants=network-online.target
After=network-online.target
<#if view.routingUnit??>
# The routing unit creates the hidden address the targets listen on and routes replies back.
Requires=[=view.routingUnit]
After=[=view.routingUnit]
</#if>

[Service]
Type=simple
# -F and the path in one word: sslh 1.20 reads "-F <file>" (with a space) as no file at all.
ExecStart=[=view.binary] [=view.configArgument]
Restart=on-failure
RestartSec=2s
<#if view.openFiles??>
# Two descriptors per proxied connection for max-connections, and sslh's own.
LimitNOFILE=[=bare(view.openFiles)]
</#if>

# No root: a transient user, and only the capabilities below. CAP_NET_BIND_SERVICE is for
# ports below 1024; transparent forwarding (IP_TRANSPARENT) needs CAP_NET_ADMIN in sslh 1.20
# and CAP_NET_RAW from 1.22 on. The configuration has no "user:" setting, so sslh keeps them.
DynamicUser=yes
<#if view.capabilities?has_content>
AmbientCapabilities=<#list view.capabilities as c>[=c]<#sep> </#sep></#list>
CapabilityBoundingSet=<#list view.capabilities as c>[=c]<#sep> </#sep></#list>
<#else>
CapabilityBoundingSet=
</#if>
NoNewPrivileges=yes
SecureBits=noroot-locked

# sslh reads its configuration and talks TCP; everything else is closed.
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
ProcSubset=pid
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
MemoryDenyWriteExecute=yes
RemoveIPC=yes
UMask=0077
DevicePolicy=closed
KeyringMode=private
NotifyAccess=none
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @resources
<#if view.landlock>
# sslh 2.1 and later confine themselves with Landlock, which @system-service does not include.
SystemCallFilter=landlock_create_ruleset landlock_add_rule landlock_restrict_self
</#if>
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
