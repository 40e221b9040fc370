#!/usr/bin/env bash
# Redis mode on one machine: a redis-server with the durability settings of deploy/redis.conf (append-only file,
# fsync on every write) and three ControlRoom hosts on loopback, forming one Orleans cluster (Redis clustering, the
# ingest log in Redis Streams, journaled grain state) and one SignalR fan-out (Redis backplane). Ctrl-C stops
# everything, hosts first. Kill any host (kill -9) and the others take over its grains, rebuilt from the log.
#
#   bash deploy/run-cluster.sh   # nodes on http://127.0.0.1:5101, :5102 and :5103
#
# Environment: REDIS_PORT (6390), API_KEY (dev-controlroom-key), SIMULATOR (true: node 1 runs the simulator).
set -euo pipefail
cd "$(dirname "$0")/.."
run="deploy/.run"
mkdir -p "$run/redis"
redis_port="${REDIS_PORT:-6390}"
api_key="${API_KEY:-dev-controlroom-key}"

command -v redis-server >/dev/null || { echo "redis-server is missing: sudo apt-get install redis-server" >&2; exit 1; }

echo "Publishing (Release, compiled ahead of time for this machine) to $run/app..."
dotnet publish src/ControlRoom.Host -c Release --use-current-runtime --self-contained false -o "$run/app" -nologo -clp:ErrorsOnly

pids=()
stop() {
  trap - EXIT INT TERM
  echo "Stopping hosts..."
  for pid in "${pids[@]:1}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]:1}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopping Redis..."
  kill "${pids[0]}" 2>/dev/null || true
  wait "${pids[0]}" 2>/dev/null || true
}
trap stop EXIT INT TERM

redis-server deploy/redis.conf --port "$redis_port" --bind 127.0.0.1 --dir "$(pwd)/$run/redis" >"$run/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

start_node() { # name http-port silo-port gateway-port simulator
  (
    cd "$run/app"
    export ASPNETCORE_URLS="http://127.0.0.1:$2"
    export ConnectionStrings__Redis="127.0.0.1:$redis_port"
    export Orleans__ClusterId="controlroom-local" Orleans__ServiceId="controlroom-local" Orleans__SiloPort="$3" Orleans__GatewayPort="$4"
    export Ingest__ApiKeys__0="$api_key" Auth__DevelopmentUsers=true Simulator__Enabled="$5"
    exec dotnet ControlRoom.Host.dll
  ) >"$run/$1.log" 2>&1 &
  pids+=($!)
}

# One simulator for the whole cluster: two would post the same contacts twice.
start_node node1 5101 11111 30000 "${SIMULATOR:-true}"
start_node node2 5102 11112 30001 false
start_node node3 5103 11113 30002 false

# Ready: the store answers, the silo is in the cluster and the log is applied (GET /health/ready).
for port in 5101 5102 5103; do
  for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.5; done
done

cat <<INFO
ControlRoom cluster is up (logs in $run/):
  node 1  http://127.0.0.1:5101   (runs the simulator)
  node 2  http://127.0.0.1:5102
  node 3  http://127.0.0.1:5103
  Redis   127.0.0.1:$redis_port (deploy/redis.conf: append-only file, fsync always, in $run/redis)
Sign in as admin, lead, planner or viewer with password 'controlroom' (Auth:DevelopmentUsers, loopback demo only).
Events: curl -H 'X-Api-Key: $api_key' -H 'Content-Type: application/json' -d @events.json http://127.0.0.1:5102/api/events
Press Ctrl-C to stop.
INFO
wait "${pids[1]}"
