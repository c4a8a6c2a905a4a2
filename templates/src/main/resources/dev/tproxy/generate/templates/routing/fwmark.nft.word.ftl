<#-- nftables rules of the fwmark method. Names and the mark are plain words. -->
# Marks replies to transparent connections with [=view.mark]: the routing script's
# "ip rule add fwmark [=view.mark]" then delivers them locally, to the proxy's socket.
# Loading this file replaces the table as a whole (the first two lines make sure it exists).
add table inet [=view.table]
delete table inet [=view.table]
table inet [=view.table] {
    chain prerouting {
        type filter hook prerouting priority mangle; policy accept;
        # Replies from remote targets to a transparent socket.
        meta l4proto tcp socket transparent 1 meta mark set [=view.mark]
    }
    chain output {
        type route hook output priority mangle; policy accept;
        # Connections a proxy opens from a client's address (not one of this host's) ...
        meta l4proto tcp ct state new fib saddr type != local ct mark set [=view.mark]
        # ... and the replies of local targets on them.
        ct direction reply ct mark [=view.mark] meta mark set ct mark
    }
}
