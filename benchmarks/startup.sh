#!/usr/bin/env bash
# Time from `java -jar tproxy.jar run` to a listening socket, as the referee harness sees it (it
# reads /proc/net/tcp and sends no probe connection), with the harness's JVM flags. io_uring's
# listening sockets are IPv6 sockets bound to ::ffff:127.0.0.1, so /proc/net/tcp6 counts too.
#
#   benchmarks/startup.sh [JAR] [RUNS]
#
# Prints one line per run and the median, in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:-cli/target/tproxy.jar}
runs=${2:-7}
port=19977
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/t.yaml" <<YAML
name: startup
backends:
  - {name: backend, address: "127.0.0.1:18099"}
services:
  - name: relay
    engine: tproxy
    listen: ["127.0.0.1:$port"]
    forward:
      target: backend
YAML
hexport=$(printf '%04X' "$port")
listening() { awk -v p=":$hexport" '$2 ~ p"$" && $4 == "0A" {f=1} END {exit !f}' /proc/net/tcp /proc/net/tcp6; }
times=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  java -Xms512m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" run "$dir/t.yaml" >"$dir/log" 2>&1 &
  pid=$!
  until listening; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/log" >&2; exit 1; }
    sleep 0.005
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  while listening; do sleep 0.05; done
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms of " NR " runs"}'
