#!/usr/bin/env bash
# The long soak and fault run (docs/reliability.md): tproxy (as a relay and as a demultiplexer),
# nginx and HAProxy side by side for 30 minutes under the same idle connections, churn, backend
# faults, fd surges and stop signals; writes docs/reliability-run.md.
#
#   benchmarks/fault-run.sh [MINUTES] [extra FaultRun options, e.g. --rate 150 --idle 1000]
#
# Loopback only, no root needed. Needs nginx, haproxy and prlimit
# (scripts/install-debian-packages.sh installs them). Takes MINUTES plus about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
shift || true
for tool in nginx haproxy prlimit; do
  command -v "$tool" >/dev/null || { echo "fault-run: $tool is missing (scripts/install-debian-packages.sh)" >&2; exit 2; }
done

./mvnw -B -q -pl cli,benchmarks -am package -DskipTests -DskipITs -Dinvoker.skip -Djacoco.skip -Dmaven.javadoc.skip
built=$(java -jar cli/target/tproxy.jar --version | head -n1)
out=$(mktemp -d /tmp/tproxy-fault-run.XXXXXX)
java -cp benchmarks/target/benchmarks.jar dev.tproxy.bench.faults.FaultRun \
    --jar cli/target/tproxy.jar --minutes "$minutes" --out "$out" "$@"

doc=docs/reliability-run.md
tmp=$(mktemp "$doc.XXXXXX")
{
  echo "# The long soak and fault run"
  echo
  echo "Written by \`benchmarks/fault-run.sh $minutes${*:+ $*}\` on $(date -u +%Y-%m-%d); the launcher: $built."
  echo "What each part does, and how to read it: [reliability.md](reliability.md#the-long-soak-and-fault-run)."
  echo
  echo "- machine: $(nproc) vCPUs, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
  echo "- JDK: $(java -version 2>&1 | head -n1)"
  echo "- peers: $(nginx -v 2>&1), $(haproxy -v 2>&1 | head -n1)"
  echo "- configurations: \`benchmarks/src/main/resources/faults/\`"
  echo
  sed 's/^### /## /' "$out/fault-run.md"
} > "$tmp"
mv "$tmp" "$doc"
echo "fault-run: wrote $doc (logs and configurations in $out)"
