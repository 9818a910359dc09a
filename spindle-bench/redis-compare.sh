#!/usr/bin/env bash
# mini-redis against redis-server, side by side in one run:
#
#   spindle-bench/redis-compare.sh            # 3 rounds; 100,000 requests a run (1,000,000 at -P 16)
#   ROUNDS=5 REQUESTS=200000 PIPELINED_REQUESTS=2000000 spindle-bench/redis-compare.sh
#
# Starts `./spindle mini-redis` and `redis-server` (no persistence) on free ports, warms
# mini-redis's JIT up with one unrecorded run, then runs the same redis-benchmark command
#   redis-benchmark -t set,get -n REQUESTS -c 50 -P 1 --csv
#   redis-benchmark -t set,get -n PIPELINED_REQUESTS -c 50 -P 16 --csv
# (ten times the requests at -P 16, so that a run lasts about as long as at -P 1 and is not
# dominated by its start)
# against each server in turn (mini-redis, redis-server, mini-redis, ... so that machine noise
# falls on both alike), ROUNDS times, and prints a Markdown table of the median requests/s of
# each and their ratio (mini-redis / redis-server). Both servers share the machine with
# redis-benchmark itself; mini-redis uses as many worker threads as there are cores
# (THREADS=N to change), redis-server its one thread.
#
# Needs redis-benchmark and redis-server (Debian: redis-tools, redis-server) and what ./spindle
# needs (a JDK 21+, Maven to build the jar the first time).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
rounds=${ROUNDS:-3}
requests=${REQUESTS:-100000}
pipelined_requests=${PIPELINED_REQUESTS:-$((requests * 10))}
clients=50
threads=${THREADS:-$(nproc)}

die() {
    echo "redis-compare: $*" >&2
    exit 1
}

for tool in redis-benchmark redis-server redis-cli; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (apt-get install redis-tools redis-server)"
done

# A port nothing listens on (redis-cli's ping fails there).
free_port() {
    local p
    for p in $(shuf -i 20000-40000 -n 50); do
        if ! redis-cli -p "$p" ping >/dev/null 2>&1; then
            echo "$p"
            return 0
        fi
    done
    die "no free port found"
}

wait_for() {
    local port=$1 name=$2 i
    for i in $(seq 1 300); do
        if [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == PONG ]]; then
            return 0
        fi
        sleep 0.1
    done
    die "$name did not start on port $port"
}

pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# Build (if needed) in the foreground, so that its time is not taken for a slow start.
"$root/spindle" help >/dev/null

mini_port=$(free_port)
"$root/spindle" mini-redis --port "$mini_port" --threads "$threads" >/dev/null &
pids+=($!)
redis_port=$(free_port)
while [[ "$redis_port" == "$mini_port" ]]; do redis_port=$(free_port); done
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --logfile /dev/null >/dev/null &
pids+=($!)
wait_for "$mini_port" mini-redis
wait_for "$redis_port" redis-server

# Prints "TEST RPS" lines of one redis-benchmark run.
bench() {
    local port=$1 pipeline=$2 n=$requests
    (( pipeline > 1 )) && n=$pipelined_requests
    redis-benchmark -p "$port" -t set,get -n "$n" -c "$clients" -P "$pipeline" --csv \
        | awk -F'","' 'NR > 1 { gsub(/"/, "", $1); gsub(/"/, "", $2); print $1, $2 }'
}

echo "redis-compare: warming up mini-redis (unrecorded)" >&2
bench "$mini_port" 1 >/dev/null
bench "$mini_port" 16 >/dev/null

results=$(mktemp)
trap 'rm -f "$results"; cleanup' EXIT
for round in $(seq 1 "$rounds"); do
    for pipeline in 1 16; do
        for server in mini-redis redis-server; do
            port=$mini_port
            [[ $server == redis-server ]] && port=$redis_port
            echo "redis-compare: round $round/$rounds, -P $pipeline, $server" >&2
            bench "$port" "$pipeline" | while read -r test rps; do
                echo "$server $pipeline $test $rps" >>"$results"
            done
        done
    done
done

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo
echo "redis-benchmark -t set,get -c $clients, -n $requests at -P 1 and $pipelined_requests at -P 16," \
    "median of $rounds alternating rounds;" \
    "mini-redis on $threads worker threads, $(nproc) cores"
echo
echo "| test | pipeline | mini-redis req/s | redis-server req/s | mini-redis / redis-server |"
echo "|---|---:|---:|---:|---:|"
for pipeline in 1 16; do
    for test in SET GET; do
        mini=$(awk -v p="$pipeline" -v t="$test" '$1 == "mini-redis" && $2 == p && $3 == t { print $4 }' "$results" | median)
        real=$(awk -v p="$pipeline" -v t="$test" '$1 == "redis-server" && $2 == p && $3 == t { print $4 }' "$results" | median)
        ratio=$(awk -v a="$mini" -v b="$real" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }')
        printf '| %s | %s | %.0f | %.0f | %s |\n' "$test" "$pipeline" "$mini" "$real" "$ratio"
    done
done
