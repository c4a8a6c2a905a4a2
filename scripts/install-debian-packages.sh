#!/usr/bin/env bash
# Installs the Debian 12 packages that tproxy's tests and demo use: the real programs the
# generated files are checked with (nginx + stream module, sslh 1.20, OpenSSH, openssl,
# proxytunnel, tinyproxy, systemd-analyze, shellcheck, nft, setfacl, stunnel) and the tools of the
# network test bed.
#
# The machine's running and boot-time services stay as they were:
# - nothing is started: a policy-rc.d that refuses every start is in place for the duration of
#   the install (one that is already there, as in every Debian container image, is left alone);
# - nothing is enabled at boot: the daemons' packages enable themselves when installed, so the
#   daemons this run newly enabled are disabled again, and the script says which.
# Tests start their own instances on loopback or inside network namespaces they create.
#
# Idempotent: packages already present are left alone; a second run changes nothing.
# Needs root (or sudo). Exits 0 only when every package is installed.
set -euo pipefail

PACKAGES=(
  nginx-light libnginx-mod-stream   # nginx 1.22 + the dynamic stream module
  sslh                              # 1.20: /usr/sbin/sslh (fork), /usr/sbin/sslh-select
  openssh-server openssh-client     # sshd as the final backend, ssh as the client
  openssl proxytunnel               # TLS tunnel clients (ProxyCommand)
  tinyproxy                         # a real HTTP CONNECT proxy for the ssh-in-TLS tunnel tests
  iproute2 util-linux procps        # ip netns / ip rule, unshare, sysctl
  nftables acl shellcheck           # validators for generated scripts and rules
  systemd                           # systemd-analyze verify/security/capability
  stunnel4                          # stunnel configs are checked by starting stunnel in a namespace
  python3                           # test-bed helpers
  curl                              # trying the quickstart (README)
  debootstrap                       # the test of this script installs into a fresh Debian root
  haproxy wrk iperf3                # the referee benchmark's peer and load (benchmarks/referee.sh)
  prometheus                        # 2.42: scrapes the launcher's /metrics in PrometheusScrapeIT
  ant                               # 1.10: the antlib jar is tested by a real Ant build (AntlibJarIT)
  graphviz                          # dot renders the topology diagram to SVG (tproxy diagram, DiagramSvgIT)
)

# The daemons among those packages, by the systemd unit and init script each package enables.
# Only what this run newly enabled is disabled again: a daemon the machine already ran at boot
# is not touched.
DAEMON_UNITS=(nginx.service sslh.service ssh.service ssh.socket tinyproxy.service stunnel.target nftables.service
  haproxy.service iperf3.service prometheus.service)
DAEMON_INIT_SCRIPTS=(nginx sslh ssh tinyproxy stunnel4 haproxy prometheus)

say() { echo "install-debian-packages: $*"; }

if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    say "needs root: run it as root (sudo is not installed)" >&2
    exit 1
  fi
  exec sudo "$0" "$@"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  say "all ${#PACKAGES[@]} packages present"
  exit 0
fi

# What starts at boot now: systemd's .wants links and SysV start links.
boot_set() {
  local u s
  for u in "${DAEMON_UNITS[@]}"; do
    compgen -G "/etc/systemd/system/*.wants/$u" >/dev/null && echo "unit $u"
  done
  for s in "${DAEMON_INIT_SCRIPTS[@]}"; do
    compgen -G "/etc/rc[2-5].d/S[0-9][0-9]$s" >/dev/null && echo "init $s"
  done
  return 0
}

say "installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\n# tproxy install-debian-packages: no service starts during the install\nexit 101\n' > "$policy"
  chmod 0755 "$policy"
  created_policy=1
fi
# An EXIT trap's last status becomes the script's: it must end in success whichever branch runs.
cleanup() {
  if [[ $created_policy -eq 1 ]]; then
    rm -f "$policy"
  fi
  return 0
}
trap cleanup EXIT

enabled_before=$(boot_set)

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

disabled=()
while read -r kind name; do
  [[ -z $kind ]] && continue
  grep -qxF "$kind $name" <<<"$enabled_before" && continue
  if [[ $kind == unit ]]; then
    # Works offline too (containers, chroots); upgrades keep it, since the packages' scripts
    # re-enable only what was enabled.
    systemctl disable --quiet --no-reload "$name" >/dev/null 2>&1
  else
    update-rc.d "$name" disable >/dev/null 2>&1
  fi
  disabled+=("$name")
done <<<"$(boot_set)"

if [[ ${#disabled[@]} -gt 0 ]]; then
  say "not enabled at boot (the packages enabled them; undone): ${disabled[*]}"
  say "to start one at boot yourself: systemctl enable --now <unit>"
fi
say "done"
