#!/bin/bash
<#-- Policy routing, fwmark method. Every value is shell-quoted by the format. -->
# Policy routing for transparent proxies, fwmark method: nftables marks replies to transparent
# connections, "ip rule ... fwmark" looks them up in a table whose only route delivers every
# destination locally (on lo), so they reach the proxy's transparent socket. Targets on
# 127.0.0.0/8 additionally need net.ipv4.conf.all.route_localnet=1; the dedicated-address
# method needs neither.
#
# Usage: $0 up|down. Both are idempotent: running one twice changes nothing the second time.
set -euo pipefail

MARK=[=view.mark]
# Named [=view.tableName] in /etc/iproute2/rt_tables.d; used by number so that this script works
# before that file is installed.
TABLE=[=bare(view.table)]
RULES=[=view.rules]
NFT_TABLE=[=view.nftTable]

# True when "fwmark MARK lookup TABLE" exists; $1 is -4 or -6.
has_rule() {
    [[ -n "$(ip "$1" rule show fwmark "$MARK" table "$TABLE" 2>/dev/null)" ]]
}

has_route() {
    [[ -n "$(ip "$1" route show table "$TABLE" type local "$2" dev lo 2>/dev/null)" ]]
}

up() {
    # The rules file replaces its table as a whole, so loading it again is harmless.
    nft -f "$RULES"
    has_rule -4 || ip -4 rule add fwmark "$MARK" table "$TABLE"
    has_rule -6 || ip -6 rule add fwmark "$MARK" table "$TABLE"
    ip -4 route replace local 0.0.0.0/0 dev lo table "$TABLE"
    ip -6 route replace local ::/0 dev lo table "$TABLE"
}

down() {
    while has_rule -4; do
        ip -4 rule del fwmark "$MARK" table "$TABLE"
    done
    while has_rule -6; do
        ip -6 rule del fwmark "$MARK" table "$TABLE"
    done
    if has_route -4 0.0.0.0/0; then
        ip -4 route del local 0.0.0.0/0 dev lo table "$TABLE"
    fi
    if has_route -6 ::/0; then
        ip -6 route del local ::/0 dev lo table "$TABLE"
    fi
    if nft list table inet "$NFT_TABLE" >/dev/null 2>&1; then
        nft delete table inet "$NFT_TABLE"
    fi
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    *)
        printf 'usage: %s up|down\n' "$0" >&2
        exit 2
        ;;
esac
