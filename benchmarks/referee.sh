#!/usr/bin/env bash
# Runs the referee harness (the loopback benchmark beside nginx, HAProxy and sslh; its README
# says what it measures) on the launcher jar, cold and warm, and writes docs/performance-run.md:
# the machine, the commands, and the harness's tables.
#
#   benchmarks/referee.sh [HARNESS_DIR] [ROUNDS]
#
# HARNESS_DIR: the folder with bench.py (default: ../shared/bench beside the checkout).
# Needs root-free loopback only, and the harness's programs: nginx, haproxy, sslh, wrk, iperf3
# (scripts/install-debian-packages.sh installs them). Takes about 12 minutes a round.
# The machine should be otherwise idle: every figure is a ratio to a direct connection taken in
# the same round, but a busy machine widens them.
set -euo pipefail
cd "$(dirname "$0")/.."
harness=$(cd "${1:-../shared/bench}" && pwd)
rounds=${2:-2}
entries=nginx-stream-w1,haproxy-t1,sslh-select-1.20,tproxy-forward,tproxy-forward-quiet,tproxy-demux
for tool in nginx haproxy sslh-select wrk iperf3 python3; do
  command -v "$tool" >/dev/null || { echo "referee: $tool is missing (scripts/install-debian-packages.sh)" >&2; exit 2; }
done

./mvnw -B -q -pl cli -am package -DskipTests -DskipITs -Dinvoker.skip
export TPROXY_JAR=$PWD/cli/target/tproxy.jar
out=$(mktemp -d /tmp/tproxy-referee.XXXXXX)
benchmarks/startup.sh "$TPROXY_JAR" 7 > "$out/startup.txt"
python3 "$harness/bench.py" run --only "$entries" --rounds "$rounds" --wrk-time 8 --out "$out/cold"
python3 "$harness/bench.py" run --only "$entries" --rounds "$rounds" --wrk-time 8 --warm-load 10 --out "$out/warm"

doc=docs/performance-run.md
tmp=$(mktemp "$doc.XXXXXX")
{
  echo "# The referee harness, cold and warm"
  echo
  echo "Written by \`benchmarks/referee.sh\` on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD)."
  echo
  echo "- machine: $(nproc) vCPUs, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
  echo "- JDK: $(java -version 2>&1 | head -n1)"
  echo "- peers: $(nginx -v 2>&1), $(haproxy -v 2>&1 | head -n1), $(sslh -V 2>&1 | head -n1)"
  echo "- rounds: $rounds; wrk 8 s; entries: $entries"
  echo
  echo "## Startup: from \`java -jar\` to a listening socket (benchmarks/startup.sh, the harness's JVM flags)"
  echo
  echo '```'
  cat "$out/startup.txt"
  echo '```'
  echo
  echo "## Cold: each proxy started afresh for every group and round"
  echo
  sed -n '/^## /,$p' "$out/cold/summary.md" | sed 's/^## /### /'
  echo
  echo "## Warm: 10 s of unmeasured load first (--warm-load 10)"
  echo
  sed -n '/^## /,$p' "$out/warm/summary.md" | sed 's/^## /### /'
} > "$tmp"
mv "$tmp" "$doc"
echo "referee: wrote $doc (raw results in $out)"
