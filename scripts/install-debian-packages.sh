#!/usr/bin/env bash
# Installs the Debian 12 packages that tproxy's tests and demo use: the real programs the
# generated files are checked with (nginx + stream module, sslh 1.20, OpenSSH, openssl,
# proxytunnel, tinyproxy, systemd-analyze, shellcheck, nft, setfacl, stunnel) and the tools of the
# network test bed.
#
# Services are NOT started by the package scripts: a policy-rc.d is in place for the duration
# of the install, so nothing starts listening on :22, :80 or :443 of this machine. Tests start
# their own instances on loopback or inside network namespaces they create.
#
# Idempotent: packages already present are left alone. Needs root (or sudo).
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
)

if [[ $(id -u) -ne 0 ]]; then
  exec sudo "$0" "$@"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-debian-packages: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-debian-packages: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 0755 "$policy"
  created_policy=1
fi
cleanup() { [[ $created_policy -eq 1 ]] && rm -f "$policy"; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-debian-packages: done"
