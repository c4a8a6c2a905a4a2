#!/bin/bash
<#-- Policy routing, dedicated-address method. Every value is shell-quoted by the format. -->
# Policy routing for transparent proxies, dedicated-address method: targets listen on a hidden
# address on an interface of its own; replies from that address are looked up in a table whose
# only route delivers every destination locally, so they reach the proxy's transparent socket.
# No firewall rules are needed.
#
# Usage: $0 up|down. Both are idempotent: running one twice changes nothing the second time.
set -euo pipefail

INTERFACE=[=view.interfaceName]
ADDRESS=[=view.address]
SOURCE=[=view.source]
<#if view.address6??>
ADDRESS6=[=view.address6]
SOURCE6=[=view.source6]
</#if>
# Named [=view.tableName] in /etc/iproute2/rt_tables.d; used by number so that this script works
# before that file is installed.
TABLE=[=bare(view.table)]
# What carries the address when the kernel has no dummy driver: ifb, lo or none.
FALLBACK=[=view.fallback]

log() {
    printf 'tproxy-routing: %s\n' "$*" >&2
}

has_link() {
    ip link show dev "$INTERFACE" >/dev/null 2>&1
}

# True when "from <source> lookup TABLE" exists; $1 is -4 or -6.
has_rule() {
    [[ -n "$(ip "$1" rule show from "$2" table "$TABLE" 2>/dev/null)" ]]
}

has_route() {
    [[ -n "$(ip "$1" route show table "$TABLE" type local "$2" dev "$3" 2>/dev/null)" ]]
}

has_address() {
    [[ -n "$(ip "$1" -o addr show dev "$3" to "$2" 2>/dev/null)" ]]
}

# The dedicated interface as a dummy device; when the kernel lacks the dummy driver (some VM
# and container kernels), the configured fallback.
create_interface() {
    if has_link; then
        return 0
    fi
    if ip link add "$INTERFACE" type dummy 2>/dev/null; then
        return 0
    fi
    case "$FALLBACK" in
        ifb)
            log "the kernel has no dummy driver (ip link add $INTERFACE type dummy failed); creating $INTERFACE as an ifb device instead"
            ip link add "$INTERFACE" type ifb
            ;;
        lo)
            log "the kernel has no dummy driver (ip link add $INTERFACE type dummy failed); putting $ADDRESS on lo instead"
            ;;
        *)
            log "the kernel has no dummy driver (ip link add $INTERFACE type dummy failed) and no fallback device is configured"
            log "load the driver (modprobe dummy), or set fallback-device: ifb or lo in the topology"
            exit 1
            ;;
    esac
}

# The device that carries the hidden address.
carrier() {
    if has_link; then
        printf '%s\n' "$INTERFACE"
    else
        printf 'lo\n'
    fi
}

up() {
    create_interface
    local dev
    dev=$(carrier)
    ip link set dev "$dev" up
    ip -4 addr replace "$ADDRESS" dev "$dev"
    has_rule -4 "$SOURCE" || ip -4 rule add from "$SOURCE" table "$TABLE"
    ip -4 route replace local 0.0.0.0/0 dev "$dev" table "$TABLE"
<#if view.address6??>
    ip -6 addr replace "$ADDRESS6" dev "$dev" nodad
    has_rule -6 "$SOURCE6" || ip -6 rule add from "$SOURCE6" table "$TABLE"
    ip -6 route replace local ::/0 dev "$dev" table "$TABLE"
</#if>
}

down() {
    while has_rule -4 "$SOURCE"; do
        ip -4 rule del from "$SOURCE" table "$TABLE"
    done
<#if view.address6??>
    while has_rule -6 "$SOURCE6"; do
        ip -6 rule del from "$SOURCE6" table "$TABLE"
    done
</#if>
    if has_link; then
        # Its addresses and routes go with it.
        ip link del "$INTERFACE"
        return 0
    fi
    if has_route -4 0.0.0.0/0 lo; then
        ip -4 route del local 0.0.0.0/0 dev lo table "$TABLE"
    fi
    if has_address -4 "$ADDRESS" lo; then
        ip -4 addr del "$ADDRESS" dev lo
    fi
<#if view.address6??>
    if has_route -6 ::/0 lo; then
        ip -6 route del local ::/0 dev lo table "$TABLE"
    fi
    if has_address -6 "$ADDRESS6" lo; then
        ip -6 addr del "$ADDRESS6" dev lo
    fi
</#if>
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    *)
        printf 'usage: %s up|down\n' "$0" >&2
        exit 2
        ;;
esac
