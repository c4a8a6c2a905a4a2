<#-- The oneshot unit that sets up (and tears down) policy routing for transparent proxies. -->
[Unit]
Description=Policy routing for the transparent proxies of tproxy topology [=view.topology] ([=view.method])
# Before network.target: the hidden address must exist before anything listens on it.
DefaultDependencies=no
After=local-fs.target
Wants=network-pre.target
After=network-pre.target
Before=network.target shutdown.target
Conflicts=shutdown.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=[=view.script] up
ExecStop=[=view.script] down

# ip and nft need CAP_NET_ADMIN and netlink, nothing else.
CapabilityBoundingSet=CAP_NET_ADMIN
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectHostname=yes
ProtectClock=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
RestrictAddressFamilies=AF_NETLINK AF_UNIX AF_INET AF_INET6
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
MemoryDenyWriteExecute=yes
PrivateMounts=yes
ProtectProc=invisible
UMask=0077
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
