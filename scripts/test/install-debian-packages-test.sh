#!/usr/bin/env bash
# Tests scripts/install-debian-packages.sh where a newcomer first runs it: a fresh Debian 12
# root made by debootstrap, with nothing installed before. CI's own machine cannot show this,
# because it already has every package.
#
#   scripts/test/install-debian-packages-test.sh [WORK_DIR]
#
# Three runs, each must exit 0:
#   1. container image: a policy-rc.d is already there (every Debian container image has one);
#      it must be left as it was, and no daemon may be enabled at boot afterwards;
#   2. the same again: nothing to do;
#   3. a machine without policy-rc.d, one daemon (tinyproxy) missing: the script's own
#      policy-rc.d must keep it from starting, and be gone afterwards.
# Everything runs in private mount and PID namespaces, so mounts and any started daemon vanish
# with it. Needs root and debootstrap; the mirror is the host's (TPROXY_DEBIAN_MIRROR overrides).
# WORK_DIR (default: a new temporary folder) is removed at the end unless KEEP=1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "install-debian-packages-test: FAIL: $*" >&2; exit 1; }
say() { echo "install-debian-packages-test: $*"; }

[[ $(id -u) -eq 0 ]] || fail "needs root (debootstrap, chroot, mount namespaces)"
command -v debootstrap >/dev/null || fail "needs debootstrap (apt-get install debootstrap)"
command -v unshare >/dev/null || fail "needs unshare (util-linux)"

mirror=${TPROXY_DEBIAN_MIRROR:-}
if [[ -z $mirror ]]; then
  # The host's first Debian archive, in either sources format.
  mirror=$( (grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}';
             grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}') |
            grep -v -- '-security' | head -n1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi

work=${1:-$(mktemp -d /tmp/tproxy-install-test.XXXXXX)}
root=$work/root
if [[ ${KEEP:-0} != 1 ]]; then
  trap 'rm -rf --one-file-system "$work"' EXIT
fi
mkdir -p "$work"
rm -rf --one-file-system "$root"

say "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }

mkdir -p "$root/opt/tproxy/scripts"
cp "$here/../install-debian-packages.sh" "$root/opt/tproxy/scripts/"
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

# The checks run inside new mount and PID namespaces; $1 is the root.
# shellcheck disable=SC2016
inner='
set -euo pipefail
root=$1
logs=$2
fail() { echo "install-debian-packages-test: FAIL: $*" >&2; exit 1; }
say() { echo "install-debian-packages-test: $*"; }
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }
daemons_enabled() {
  in_root bash -c "ls /etc/systemd/system/*.wants/ 2>/dev/null | grep -xE \"(nginx|sslh|ssh|tinyproxy|haproxy|iperf3)\\.service|stunnel\\.target\" || true;
                   ls /etc/rc[2-5].d 2>/dev/null | grep -xE \"S[0-9]+(nginx|sslh|ssh|tinyproxy|stunnel4|haproxy)\" || true"
}
daemons_running() { ps -eo comm= | grep -xE "nginx|sslh|sslh-select|sshd|tinyproxy|stunnel4?|haproxy|iperf3" || true; }
run_script() {
  local log=$1
  set +e
  in_root /opt/tproxy/scripts/install-debian-packages.sh >"$log" 2>&1
  local rc=$?
  set -e
  sed "s/^/    | /" "$log"
  [[ $rc -eq 0 ]] || fail "$2: install-debian-packages.sh exited $rc"
}

policy=$root/usr/sbin/policy-rc.d
printf "#!/bin/sh\n# the image'"'"'s own\nexit 101\n" >"$policy"; chmod 0755 "$policy"
before=$(cat "$policy")

say "run 1: fresh root with the image'"'"'s own policy-rc.d"
run_script "$logs"/run1.log "run 1"
[[ -e $policy && $(cat "$policy") == "$before" ]] || fail "run 1: the existing policy-rc.d was changed or removed"
enabled=$(daemons_enabled)
[[ -z $enabled ]] || fail "run 1: daemons enabled at boot after the install: $enabled"
grep -q "not enabled at boot" "$logs"/run1.log || fail "run 1: the script did not say which daemons it kept from boot"
running=$(daemons_running)
[[ -z $running ]] || fail "run 1: daemons running after the install: $running"
say "run 1: exit 0, policy-rc.d kept, no daemon enabled or running"

say "run 2: the same again"
run_script "$logs"/run2.log "run 2"
grep -q "packages present" "$logs"/run2.log || fail "run 2: expected nothing to do"
say "run 2: exit 0, nothing to do"

say "run 3: no policy-rc.d, tinyproxy missing"
rm -f "$policy"
in_root apt-get purge -y -qq tinyproxy tinyproxy-bin >/dev/null 2>&1 || fail "could not remove tinyproxy for run 3"
run_script "$logs"/run3.log "run 3"
[[ ! -e $policy ]] || fail "run 3: the script left its policy-rc.d behind"
running=$(daemons_running)
[[ -z $running ]] || fail "run 3: daemons running after the install: $running"
enabled=$(daemons_enabled)
[[ -z $enabled ]] || fail "run 3: daemons enabled at boot after the install: $enabled"
say "run 3: exit 0, policy-rc.d removed again, tinyproxy neither running nor enabled"
'
unshare --mount --pid --fork --mount-proc --propagation private bash -c "$inner" inner "$root" "$work"
say "PASS"
