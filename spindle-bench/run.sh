#!/usr/bin/env bash
# Side-by-side benchmark of WORKLOADS.md: every workload on every peer, one fresh JVM per
# (workload, peer), peers alternating within each workload.
#
#   spindle-bench/run.sh [WORKLOAD...]        (default: every workload)
#
# stdout: one JSON line per (workload, peer). Also written: results/<UTC stamp>.jsonl and
# results/latest.jsonl (both git-ignored), results/latest.md (the Markdown table, committed),
# and each JVM's stderr under results/raw/ (git-ignored).
#
# Environment:
#   PEERS             peers to run, in this order (default "spindle-mt spindle-ct spindle-mt-hand
#                     spindle-ct-hand vt cf netty reactor submission-publisher floor-1t floor-2t"); a
#                     (workload, peer) pair that does not exist (the jar exits with 4, e.g. ping_pong on
#                     reactor) is skipped. floor-1t/floor-2t (tcp_echo only) are not JVMs: the workload
#                     in C straight on epoll with 1 or 2 threads (floor/tcp_echo_floor.c, built with gcc
#                     into target/ on first use; skipped without gcc) — the kernel's floor on this machine
#   SKIP_BUILD=1      use the existing jar instead of running Maven first
#   SPINDLE_BENCH_JAR the jar to run (default spindle-bench/target/spindle-bench.jar)
#   IDLE_BUSY_PCT     the machine is idle when less than this % of all CPUs is busy over 1 s (default 10)
#   IDLE_WAIT_MAX     seconds to wait for an idle machine before each JVM; then it runs anyway (default 60)
#   NOISE_PCT         a JVM is rerun once when other processes used more than this % of the
#                     machine's CPU capacity while it ran (default 5)
#
# Noise check: /proc/stat gives the CPU time all processes used during the JVM (busy jiffies of
# the "cpu" line: user+nice+system+irq+softirq+steal); the shell builtin `times` gives the
# JVM's own user+system time (it is this shell's only child while it runs). The difference,
# divided by wall time x CPUs, is the share of the machine other processes took. Above
# NOISE_PCT the pair is run once more, and the attempt with the smaller share is kept; if that
# is still above NOISE_PCT its JSON line gets "noisy":true,"other_cpu_pct":N.
#
# Exit status: 0 when every JVM succeeded, 1 when any failed (its stderr is shown), 2 on usage.
set -euo pipefail
export LC_ALL=C  # `times` and $EPOCHREALTIME print the locale's decimal point

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"

ALL_WORKLOADS=(spawn_local spawn_remote yield_many ping_pong chained_spawn mpsc_throughput mutex_contention idle_memory
               tcp_echo stream_pipeline stream_fanout)
read -r -a PEER_LIST <<< "${PEERS:-spindle-mt spindle-ct spindle-mt-hand spindle-ct-hand vt cf netty reactor submission-publisher floor-1t floor-2t}"
JAR="${SPINDLE_BENCH_JAR:-$HERE/target/spindle-bench.jar}"
SKIP_BUILD="${SKIP_BUILD:-0}"
IDLE_BUSY_PCT="${IDLE_BUSY_PCT:-10}"
IDLE_WAIT_MAX="${IDLE_WAIT_MAX:-60}"
NOISE_PCT="${NOISE_PCT:-5}"
JVM_FLAGS=(-Xms2g -Xmx8g -XX:+UseParallelGC)

RESULTS="$HERE/results"
RAW="$RESULTS/raw"
NCPU="$(getconf _NPROCESSORS_ONLN)"
CLK_TCK="$(getconf CLK_TCK)"

log() { echo "[run.sh] $*" >&2; }

if [[ $# -gt 0 ]]; then
  WORKLOADS=("$@")
else
  WORKLOADS=("${ALL_WORKLOADS[@]}")
fi
for w in "${WORKLOADS[@]}"; do
  if [[ " ${ALL_WORKLOADS[*]} " != *" $w "* ]]; then
    log "unknown workload '$w' (known: ${ALL_WORKLOADS[*]})"
    exit 2
  fi
done

# --- the JDK -----------------------------------------------------------------------------

# Major version of the JDK at $1, from its `release` file (0 when unknown).
jdk_major() {
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" 2>/dev/null || true)"
  v="${v#1.}"
  v="${v%%[.+-]*}"
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

find_java_home() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(jdk_major "$JAVA_HOME")" -ge 21 ]]; then
    echo "$JAVA_HOME"
    return
  fi
  local best="" best_major=0 d m
  for d in /usr/lib/jvm/*/; do
    d="${d%/}"
    [[ -x "$d/bin/java" ]] || continue
    m="$(jdk_major "$d")"
    if (( m > best_major )); then
      best="$d"
      best_major="$m"
    fi
  done
  if (( best_major < 21 )); then
    log "no JDK >= 21: set JAVA_HOME or install one under /usr/lib/jvm"
    exit 2
  fi
  echo "$best"
}

# --- CPU accounting (builtins only between the two readings around a JVM) -----------------

# Sets CPU_BUSY and CPU_TOTAL (jiffies since boot, all CPUs) from /proc/stat.
read_cpu() {
  local _label user nice system idle iowait irq softirq steal _rest
  read -r _label user nice system idle iowait irq softirq steal _rest < /proc/stat
  CPU_BUSY=$((user + nice + system + irq + softirq + steal))
  CPU_TOTAL=$((CPU_BUSY + idle + iowait))
}

# Waits until less than IDLE_BUSY_PCT % of the machine is busy over one second, at most IDLE_WAIT_MAX s.
wait_idle() {
  local waited=0 b0 t0 pct
  while :; do
    read_cpu; b0=$CPU_BUSY; t0=$CPU_TOTAL
    sleep 1
    read_cpu
    pct=$(( (CPU_TOTAL > t0) ? 100 * (CPU_BUSY - b0) / (CPU_TOTAL - t0) : 0 ))
    if (( pct < IDLE_BUSY_PCT )); then
      return
    fi
    waited=$((waited + 1))
    if (( waited >= IDLE_WAIT_MAX )); then
      log "machine still ${pct}% busy after ${IDLE_WAIT_MAX}s; running anyway"
      return
    fi
  done
}

# Children's user+system time from a file written by the `times` builtin, in milliseconds.
children_cpu_ms() {
  awk 'NR == 2 {
         t = 0
         for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60000 + a[2] * 1000 }
         printf "%d\n", t
       }' "$1"
}

# Runs the C floor of a workload ($1) with $2 threads; exits 4 where there is none (or no gcc).
run_floor() {
  local workload="$1" threads="$2" bin="$HERE/target/tcp_echo_floor"
  [[ "$workload" == tcp_echo ]] || return 4
  if [[ ! -x "$bin" ]]; then
    command -v gcc > /dev/null || { echo "no gcc: the C floor is skipped" >&2; return 4; }
    mkdir -p "$HERE/target"
    gcc -O2 -pthread -o "$bin" "$HERE/floor/tcp_echo_floor.c" || return 1
  fi
  "$bin" "$threads" --json
}

# Runs one JVM (or, for a floor-* peer, the C floor). Sets RUN_LINE (its JSON line), RUN_OTHER_PCT and RUN_LOG; returns its status.
run_jvm() {
  local workload="$1" peer="$2" attempt="$3" out status=0 b0 b1 w0 w1 cpu0 cpu1
  out="$(mktemp)"
  RUN_LOG="$RAW/$STAMP-$workload-$peer-$attempt.log"
  read_cpu; b0=$CPU_BUSY
  w0=${EPOCHREALTIME//[.,]/}
  times > "$TIMES0"
  if [[ "$peer" == floor-*t ]]; then
    local threads="${peer#floor-}"
    run_floor "$workload" "${threads%t}" > "$out" 2> "$RUN_LOG" || status=$?
  else
    "$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" "$workload" "$peer" > "$out" 2> "$RUN_LOG" || status=$?
  fi
  times > "$TIMES1"
  w1=${EPOCHREALTIME//[.,]/}
  read_cpu; b1=$CPU_BUSY

  cpu0="$(children_cpu_ms "$TIMES0")"
  cpu1="$(children_cpu_ms "$TIMES1")"
  local busy_ms=$(( (b1 - b0) * 1000 / CLK_TCK ))
  local jvm_ms=$(( cpu1 - cpu0 ))
  local wall_ms=$(( (w1 - w0) / 1000 ))
  local other_ms=$(( busy_ms - jvm_ms ))
  (( other_ms < 0 )) && other_ms=0
  RUN_OTHER_PCT=$(( wall_ms > 0 ? 100 * other_ms / (wall_ms * NCPU) : 0 ))
  RUN_LINE="$(grep -m1 '^{' "$out" || true)"
  rm -f "$out"
  log "$workload $peer: exit $status, wall ${wall_ms} ms, JVM cpu ${jvm_ms} ms, others ${RUN_OTHER_PCT}% of the machine"
  if (( status == 0 )) && [[ -z "$RUN_LINE" ]]; then
    log "$workload $peer: no JSON line on stdout"
    status=1
  fi
  return "$status"
}

# --- main --------------------------------------------------------------------------------

if [[ "$SKIP_BUILD" != 1 ]]; then
  log "building spindle-bench (mvn -q -pl spindle-bench -am package -DskipTests)"
  (cd "$ROOT" && mvn -q -pl spindle-bench -am package -DskipTests)
fi
if [[ ! -f "$JAR" ]]; then
  log "no jar at $JAR"
  exit 2
fi

JAVA_HOME_FOUND="$(find_java_home)"
JAVA="$JAVA_HOME_FOUND/bin/java"
log "java: $JAVA (JDK $(jdk_major "$JAVA_HOME_FOUND")), flags ${JVM_FLAGS[*]}"

# Whether the code measured differs from the commit, checked before this run writes anything
# (results/latest.md, which it rewrites, is not code).
DIRTY=""
git -C "$ROOT" diff --quiet HEAD -- . ':(exclude)spindle-bench/results/latest.md' 2>/dev/null \
  || DIRTY=" (with uncommitted changes)"
mkdir -p "$RESULTS" "$RAW"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
JSONL="$RESULTS/$STAMP.jsonl"
TIMES0="$(mktemp)"
TIMES1="$(mktemp)"
trap 'rm -f "$TIMES0" "$TIMES1"' EXIT
: > "$JSONL"

failed=()
noisy=()
for workload in "${WORKLOADS[@]}"; do
  peers=("${PEER_LIST[@]}")
  for peer in "${peers[@]}"; do
    wait_idle
    status=0
    run_jvm "$workload" "$peer" 1 || status=$?
    if (( status == 4 )); then
      log "$workload $peer: this workload does not run on this peer; skipped"
      rm -f "$RUN_LOG"
      continue
    fi
    if (( status != 0 )); then
      log "FAILED: $workload $peer — its stderr ($RUN_LOG):"
      tail -n 40 "$RUN_LOG" >&2 || true
      failed+=("$workload/$peer")
      continue
    fi
    line="$RUN_LINE"
    other="$RUN_OTHER_PCT"
    if (( other > NOISE_PCT )); then
      log "$workload $peer: other processes took ${other}% (> ${NOISE_PCT}%): running it again"
      wait_idle
      if run_jvm "$workload" "$peer" 2; then
        if (( RUN_OTHER_PCT < other )); then
          line="$RUN_LINE"
          other="$RUN_OTHER_PCT"
        fi
      else
        log "$workload $peer: the rerun failed — keeping the first attempt; its stderr ($RUN_LOG):"
        tail -n 40 "$RUN_LOG" >&2 || true
        failed+=("$workload/$peer (rerun)")
      fi
      if (( other > NOISE_PCT )); then
        line="${line%\}},\"noisy\":true,\"other_cpu_pct\":$other}"
        noisy+=("$workload/$peer (${other}%)")
      fi
    fi
    echo "$line"
    echo "$line" >> "$JSONL"
  done
done

cp "$JSONL" "$RESULTS/latest.jsonl"
{
  echo "# spindle-bench — latest results"
  echo
  echo "Generated by \`spindle-bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC')" \
       "at commit \`$(git -C "$ROOT" rev-parse -q --verify --short HEAD 2>/dev/null || echo none)\`$DIRTY."
  echo "JDK: \`$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JAVA_HOME_FOUND/release")\`," \
       "flags \`${JVM_FLAGS[*]}\`. Machine: $NCPU CPUs," \
       "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)."
  echo "Each row is one fresh JVM: 1 warm-up + 5 counted runs; ns/op is the median run's time" \
       "divided by the workload's ops (WORKLOADS.md). The machine is shared and noisy:" \
       "compare ratios within this table, never absolute times across runs."
  echo
  "$JAVA" -jar "$JAR" --report "$JSONL"
  if (( ${#noisy[@]} > 0 )); then
    echo
    echo "Noisy even after a rerun (other processes' share of the CPU): ${noisy[*]}."
  fi
  if (( ${#failed[@]} > 0 )); then
    echo
    echo "FAILED (no figure): ${failed[*]}."
  fi
} > "$RESULTS/latest.md"
log "table written to $RESULTS/latest.md"

if (( ${#failed[@]} > 0 )); then
  log "FAILED: ${failed[*]}"
  exit 1
fi
