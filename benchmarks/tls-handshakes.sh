#!/usr/bin/env bash
# Full TLS handshakes per second, and per second of server CPU (the "per core" figure), for
# nginx's stream TLS termination (1 worker) and the runtime's tls-terminate stage with the JDK's
# TLS and with OpenSSL (BoringSSL, netty-tcnative), one server at a time, on loopback.
#
#   benchmarks/tls-handshakes.sh [JAR] [SECONDS] [CLIENTS]
#
# Load: CLIENTS parallel `openssl s_time -new` (a new full TLS 1.3 handshake per connection, EC
# P-256 certificate). The runtime gets the referee harness's JVM flags and 10 s of the same load
# first (JIT warm-up); nginx needs none. Server CPU is utime+stime from /proc over the measured
# seconds. Needs nginx with the stream module, openssl, python3; the tcnative jar from ~/.m2
# (./mvnw package resolves it).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:-cli/target/tproxy.jar}
seconds=${2:-10}
clients=${3:-8}
tcnative=$(ls ~/.m2/repository/io/netty/netty-tcnative-boringssl-static/2.0.84.Final/netty-tcnative-boringssl-static-2.0.84.Final-linux-x86_64.jar)
tcclasses=$(ls ~/.m2/repository/io/netty/netty-tcnative-classes/2.0.84.Final/netty-tcnative-classes-2.0.84.Final.jar)
dir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
port=19443
backend=19444

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench.test \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
chmod 600 "$dir/key.pem"
# The backend accepts and closes: s_time -new ends each connection after its handshake.
python3 - "$backend" >/dev/null 2>&1 <<'PY' &
import asyncio, sys
async def main():
    async def h(r, w):
        w.close()
    s = await asyncio.start_server(h, "127.0.0.1", int(sys.argv[1]), backlog=1024)
    await s.serve_forever()
asyncio.run(main())
PY
pids+=($!)

cpu() { # utime+stime of a process and its threads, in clock ticks
  awk '{print $14+$15}' "/proc/$1/stat"
}

load() { # seconds -> total connections of all clients
  local out=()
  for i in $(seq "$clients"); do
    openssl s_time -connect "127.0.0.1:$port" -new -time "$1" > "$dir/s_time.$i" 2>&1 &
    out+=($!)
  done
  wait "${out[@]}"
  cat "$dir"/s_time.* | awk '/connections in [0-9.]+ real seconds/ {n += $1} END {print n+0}'
  rm -f "$dir"/s_time.*
}

wait_listening() {
  for _ in $(seq 300); do
    ss -ltn "sport = :$port" | grep -q LISTEN && return 0
    sleep 0.1
  done
  echo "nothing listens on $port" >&2; exit 1
}

measure() { # name pid
  local name=$1 pid=$2 before after n ticks
  before=$(cpu "$pid")
  n=$(load "$seconds")
  after=$(cpu "$pid")
  ticks=$(( after - before ))
  awk -v name="$name" -v n="$n" -v s="$seconds" -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    cpu = t / hz; printf "| %s | %.0f | %.0f %% | %.0f |\n", name, n / s, 100 * cpu / s, (cpu > 0 ? n / cpu : 0) }'
}

echo "| server | full handshakes/s | server CPU | handshakes per CPU-second |"
echo "|---|---|---|---|"

cat > "$dir/nginx.conf" <<NGINX
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 4096; }
stream {
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $dir/cert.pem;
    ssl_certificate_key $dir/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache off;
    ssl_session_tickets off;
    proxy_pass 127.0.0.1:$backend;
  }
}
NGINX
nginx -c "$dir/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_listening
sleep 1
worker=$(pgrep -P "${pids[-1]}" | head -n1)
measure "nginx 1 worker" "${worker:-${pids[-1]}}"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
sleep 1

cat > "$dir/t.yaml" <<YAML
name: tls-bench
backends:
  - {name: backend, address: "127.0.0.1:$backend"}
services:
  - name: tls
    listen: ["127.0.0.1:$port"]
    tls-terminate:
      certificates: [{certificate: $dir/cert.pem, key: $dir/key.pem}]
      session: {cache: "off", tickets: false}
      target: backend
YAML
for provider in JDK OPENSSL; do
  java -Xms512m -Xmx512m -cp "$jar:$tcnative:$tcclasses" dev.tproxy.cli.Tproxy run --log-level warn \
    --tls-provider "$provider" "$dir/t.yaml" > "$dir/tproxy-$provider.log" 2>&1 &
  pids+=($!)
  wait_listening
  load 10 > /dev/null # JIT warm-up, unmeasured
  measure "tproxy, $provider" "${pids[-1]}"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  sleep 1
done
