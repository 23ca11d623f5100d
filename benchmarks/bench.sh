#!/usr/bin/env bash
# Parley benchmark suite: installs the peers, builds the generator, runs every scenario on every peer (pinned with
# taskset, traffic on loopback only), runs the JMH codec benchmarks, draws the plots and rewrites the results
# section of the benchmarks document. One command re-runs everything:
#
#   scripts/bench                      # the full suite (hours; see docs/benchmarks.md)
#   scripts/bench --quick              # small sizes, one repetition: checks the harness in minutes
#   scripts/bench --peers node-ws,raw-netty --scenarios fanout,echo --reps 3
#   scripts/bench --report-only DIR    # re-render plots and document from an earlier run's results
#
# Options:
#   --quick            profile "quick" (small sizes, 1 repetition, short JMH)
#   --peers LIST       peers of peers/peers.json to run (default: every enabled one)
#   --scenarios LIST   fanout,echo,connect,idle,polling,cluster (default: all)
#   --reps N           repetitions of every point (default 3; quick 1)
#   --out DIR          results directory (default: <repo>/.bench-results/<timestamp>, linked as latest)
#   --doc FILE         document whose generated section is rewritten (default: <repo>/docs/benchmarks.md if it
#                      exists, else benchmarks/BENCHMARKS-draft.md); plots go to <doc without .md>-plots/
#   --no-doc           do not touch any document nor its plots (results.md and plots/ go to the results directory)
#   --skip-setup       do not install or build anything
#   --skip-jmh         do not run the JMH codec benchmarks
#   --skip-suite       run only JMH (and the report)
#   --report-only DIR  only plots and report, from DIR
#   --gen-cpus L       taskset CPU list of the generator (default 0)
#   --server-cpus L    taskset CPU list of the servers (default 1)
#   -- ARGS            passed to the suite (e.g. -- --fanout-sizes 1000 --step-seconds 5; see Plan.java)
# Environment: BENCH_JAVA (java for the generator and the Java peers; default: java on PATH),
#              BENCH_GEN_OPTS (generator JVM options).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
JAVA="${BENCH_JAVA:-$(command -v java)}"
PY=/usr/bin/python3

quick=0; peers=""; scenarios=""; reps=""; out=""; doc=""; nodoc=0; skip_setup=0; skip_jmh=0; skip_suite=0
report_only=""; gen_cpus="0"; server_cpus="1"; extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --peers) peers="$2"; shift ;;
    --scenarios) scenarios="$2"; shift ;;
    --reps) reps="$2"; shift ;;
    --out) out="$2"; shift ;;
    --doc) doc="$2"; shift ;;
    --no-doc) nodoc=1 ;;
    --skip-setup) skip_setup=1 ;;
    --skip-jmh) skip_jmh=1 ;;
    --skip-suite) skip_suite=1 ;;
    --report-only) report_only="$2"; shift ;;
    --gen-cpus) gen_cpus="$2"; shift ;;
    --server-cpus) server_cpus="$2"; shift ;;
    --help|-h) sed -n '2,30p' "$0"; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*"; }

if [[ -z "$doc" ]]; then
  if [[ -f "$REPO/docs/benchmarks.md" ]]; then doc="$REPO/docs/benchmarks.md"; else doc="$BENCH_DIR/BENCHMARKS-draft.md"; fi
fi
img_dir="${doc%.md}-plots"
# with --no-doc nothing next to the document changes: the plots stay with the results (set below, once out is known)
[[ $nodoc -eq 1 ]] && img_dir=""
CP="$BENCH_DIR/target/parley-benchmarks.jar:$BENCH_DIR/target/lib/*"

setup() {
  # python3-redis: Flask-SocketIO's message queue in the cluster scenario; redis-server: the cluster's own Redis
  local debs=(python3-flask-socketio python3-eventlet python3-redis python3-matplotlib redis-server)
  log "setup: Debian packages for the Python peer, the cluster's Redis and the plots"
  if ! "$PY" -c 'import flask_socketio, eventlet, redis, matplotlib' 2>/dev/null || ! command -v redis-server >/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${debs[@]}"
    else
      echo "bench: run as root or install ${debs[*]}" >&2; exit 1
    fi
  fi
  log "setup: Node peers (npm ci)"
  (cd "$BENCH_DIR/peers/node" && npm ci --no-audit --no-fund --loglevel=error)
  log "setup: Maven (parent pom, codecs, generator, netty-socketio peer)"
  # the generator and the Parley peer, with every Parley module they need
  (cd "$REPO" && mvn -q -B install -DskipTests -pl benchmarks -am)
  (cd "$BENCH_DIR/peers/netty-socketio" && mvn -q package)
}

report() {
  local dir="$1"
  [[ -n "$img_dir" ]] || img_dir="$dir/plots"
  log "plots -> $img_dir"
  "$PY" "$BENCH_DIR/tools/plot.py" "$dir" "$img_dir"
  if [[ $nodoc -eq 1 ]]; then
    "$JAVA" -cp "$CP" dev.parley.benchmarks.report.Report --results "$dir" --img-dir "$img_dir"
  else
    "$JAVA" -cp "$CP" dev.parley.benchmarks.report.Report --results "$dir" --doc "$doc" --img-dir "$img_dir"
  fi
}

if [[ -n "$report_only" ]]; then
  report "$(cd "$report_only" && pwd)"
  exit 0
fi

[[ $skip_setup -eq 1 ]] || setup

# Open files: every connection is one descriptor in the generator and one in the server (two each for polling).
hard=$(ulimit -Hn)
if [[ "$hard" == "unlimited" ]] || (( hard > 1048576 )); then hard=1048576; fi
ulimit -n "$hard" 2>/dev/null || true
log "open-file limit $(ulimit -n) (points needing more are recorded as skipped)"

if [[ -z "$out" ]]; then
  out="$REPO/.bench-results/$(date +%Y%m%d-%H%M%S)"
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
ln -sfn "$out" "$(dirname "$out")/latest" 2>/dev/null || true

pin_gen=(); pin_server=()
if command -v taskset >/dev/null && (( $(nproc --all) >= 2 )); then
  pin_gen=(taskset -c "$gen_cpus"); pin_server=(--server-cpus "$server_cpus")
else
  log "not pinning: taskset missing or fewer than 2 CPUs"
fi

if [[ $skip_suite -eq 0 ]]; then
  args=(--bench-dir "$BENCH_DIR" --bench-cp "$CP" --java "$JAVA" --python "$PY" --out "$out" "${pin_server[@]}")
  [[ $quick -eq 1 ]] && args+=(--profile quick)
  [[ -n "$peers" ]] && args+=(--peers "$peers")
  [[ -n "$scenarios" ]] && args+=(--scenarios "$scenarios")
  [[ -n "$reps" ]] && args+=(--reps "$reps")
  if [[ $quick -eq 1 ]]; then gen_opts="${BENCH_GEN_OPTS:--Xms512m -Xmx2g -XX:+UseParallelGC}"
  else gen_opts="${BENCH_GEN_OPTS:--Xms2g -Xmx8g -XX:+UseParallelGC}"; fi
  log "suite -> $out (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  # shellcheck disable=SC2086
  "${pin_gen[@]}" "$JAVA" $gen_opts -cp "$CP" dev.parley.benchmarks.suite.Suite "${args[@]}" "${extra[@]}" \
    2>&1 | tee -a "$out/suite.log" || log "suite reported failed runs (see $out/suite.log)"
fi

if [[ $skip_jmh -eq 0 ]]; then
  log "JMH codec benchmarks -> $out/jmh.json"
  if [[ $quick -eq 1 ]]; then jmh=(-f 1 -wi 1 -w 500ms -i 2 -r 500ms); else jmh=(-f 1 -wi 3 -w 1s -i 5 -r 1s); fi
  "${pin_gen[@]}" "$JAVA" -cp "$CP" org.openjdk.jmh.Main 'dev\.parley\.benchmarks\.jmh\..*' "${jmh[@]}" \
    -rf json -rff "$out/jmh.json" 2>&1 | tee "$out/jmh.log" | grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.)' || true
fi

report "$out"
log "done: $out"
