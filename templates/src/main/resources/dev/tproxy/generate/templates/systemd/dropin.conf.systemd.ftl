<#-- A drop-in for a packaged unit (nginx.service, stunnel@NAME.service). -->
# Drop-in for [=view.unit] (tproxy topology [=view.topology]).
<#if view.routingUnit??>
[Unit]
# The routing unit creates the hidden address this program listens on and routes replies to
# its transparent connections back to it.
Requires=[=view.routingUnit]
After=[=view.routingUnit]
<#if view.note == "nginx">
# Capabilities are left as Debian's unit has them: nginx's master runs as root, needs more than
# transparency (CAP_SETUID, CAP_SETGID for the worker user) and may serve HTTP too. For
# "proxy_bind ... transparent" nginx (1.13.8 and later) hands CAP_NET_RAW on to its workers; a
# CapabilityBoundingSet= set elsewhere must keep CAP_NET_RAW.
</#if>
<#if view.note == "stunnel">
# stunnel's "transparent = source" needs root without setuid, as Debian's unit runs it.
</#if>
</#if>
<#if view.openFiles??>
<#if view.routingUnit??>

</#if>
[Service]
<#if view.note == "nginx">
# Two descriptors per proxied connection for the nginx services' max-connections; the generated
# nginx.conf gives its workers as many (worker_connections, worker_rlimit_nofile).
<#else>
# Two descriptors per proxied connection for max-connections, and stunnel's own.
</#if>
LimitNOFILE=[=bare(view.openFiles)]
</#if>
