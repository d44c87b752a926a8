#!/usr/bin/env bash
# Benchmark of camel-cloudflare-audit against the official Cloudflare SDK and a bare-copy limit.
# Usage: bench/run.sh [N] [ROUNDS]     (defaults 1000000 and 3; see bench/README.md)
# Environment: BENCH_RATE_ENTRIES (rate-budget variant size, default 240000; 0 skips it),
#              BENCH_XMX (heap of ours, default 128m; empty: the JVM's default),
#              BENCH_PLAIN=0 (skip the rows of ours started by plain java -jar with the JVM's defaults),
#              BENCH_BACKFILL=0 (skip the backfill variant, bench/backfill.sh),
#              BENCH_SKIP_VARIANTS=1 (only the rounds), BENCH_JFR=1 (JFR recordings of ours, 1 and 3 sinks, round 1),
#              BENCH_FORMATS=0 (skip the format rows of bench/formats.sh), BENCH_KEEP_OUTPUT=1 (keep the NDJSON outputs), BENCH_REBUILD=1 (mvn package even if the jar exists),
#              BENCH_OURS_JAR=/other/target/camel-cloudflare-audit.jar (measure that build as "ours", with the lib/
#              beside it, e.g. the build before a change; the simulator still comes from this tree).
set -uo pipefail

N=${1:-1000000}
ROUNDS=${2:-3}
RATE_N=${BENCH_RATE_ENTRIES:-240000}
RATE_LIMIT=${BENCH_RATE_LIMIT:-60/PT10S}
XMX=${BENCH_XMX-128m}

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
T=$BENCH/target
BUILT_JAR=$ROOT/app/target/camel-cloudflare-audit.jar
# The run uses a snapshot of the built jar and its lib/ (others may rebuild target/ while the benchmark runs).
APP=$T/app
JAR=$APP/camel-cloudflare-audit.jar
CP_APP="$JAR:$APP/lib/*"
CP_BENCH="$T/classes:$APP/lib/*"
ORG=0123456789abcdef0123456789abcdef
TOKEN=bench-token-0123456789
SDK_DIR=$BENCH/sdk-baseline

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---- prerequisites ------------------------------------------------------------------------------------------------
mkdir -p "$T/classes" "$T/runs"
cd "$ROOT" || exit 1

if [ ! -x /usr/bin/time ]; then
  log "installing Debian's 'time' package"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null || die "apt-get install time failed"
  else
    die "/usr/bin/time is missing (apt-get install time)"
  fi
fi
command -v node >/dev/null || die "node is missing"
command -v npm >/dev/null || die "npm is missing"

# The simulator (the benchmark's API server) is the test kit's, in the application's lib/.
SIM_CLASS='io/github/cfaudit/simulator/SimulatorMain.class'
has_simulator() { # not grep -q: with pipefail, SIGPIPE would fail it
  local j
  for j in "$ROOT"/app/target/lib/camel-cloudflare-audit-test-kit-*.jar; do
    [ -f "$j" ] && unzip -l "$j" 2>/dev/null | grep -c "$SIM_CLASS" >/dev/null && return 0
  done
  return 1
}
# Rebuilt when missing, without the simulator, or older than a simulator source (the benchmark's own code).
if [ "${BENCH_REBUILD:-0}" = 1 ] || [ ! -f "$BUILT_JAR" ] || ! has_simulator \
   || [ -n "$(find "$ROOT/test-kit/src/main/java/io/github/cfaudit/simulator" -name '*.java' -newer "$BUILT_JAR" 2>/dev/null)" ]; then
  log "building the jar: mvn -q -B package -DskipTests"
  mvn -q -B package -DskipTests || die "the build failed"
fi
has_simulator || die "$ROOT/app/target/lib has no test kit with SimulatorMain"
rm -rf "$APP" && mkdir -p "$APP" && cp -r "$ROOT/app/target/lib" "$APP/lib" && cp "$BUILT_JAR" "$JAR" || die "cannot copy the jar"
OURS_JAR=$JAR
if [ -n "${BENCH_OURS_JAR:-}" ]; then
  rm -rf "$T/app-ours" && mkdir -p "$T/app-ours" && cp -r "$(dirname "$BENCH_OURS_JAR")/lib" "$T/app-ours/lib" \
    && cp "$BENCH_OURS_JAR" "$T/app-ours/camel-cloudflare-audit.jar" || die "cannot copy $BENCH_OURS_JAR"
  OURS_JAR=$T/app-ours/camel-cloudflare-audit.jar
  BUILT_JAR=$BENCH_OURS_JAR
fi
JAR_DATE=$(date -u -r "$BUILT_JAR" +%Y-%m-%dT%H:%M:%SZ)
# What the snapshot was built from (as far as git can tell: HEAD now, and whether src/ differs from it).
GIT_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)
GIT_DIRTY=$(git -C "$ROOT" status --porcelain -- pom.xml component sinks cluster app test-kit 2>/dev/null | grep -c . >/dev/null && echo ", the modules have uncommitted changes" || true)

SDK_PINNED=$(node -p "require('$SDK_DIR/package.json').dependencies.cloudflare")
SDK_INSTALLED=$(node -p "try { require('$SDK_DIR/node_modules/cloudflare/package.json').version } catch (e) { '' }")
if [ "$SDK_INSTALLED" != "$SDK_PINNED" ]; then
  log "installing the SDK baseline: npm ci (cloudflare $SDK_PINNED)"
  (cd "$SDK_DIR" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
fi
grep -q 'cursors?.after' "$SDK_DIR/node_modules/cloudflare/core/pagination.js" \
  || log "warning: the SDK's pagination no longer reads result_info.cursors.after"

javac -d "$T/classes" -cp "$APP/lib/*" "$BENCH"/java/*.java || die "javac of the bench programs failed"

# A client-side rate budget (cfaudit.api.rate-limit) exists in builds that have it; unknown keys are errors before.
# (the key is in the parser in older builds, in the option declarations, config/*Options, since they exist; those
# are in the component's jar in lib/ since the modules split: look in the application's jar and every jar of ours)
HAS_RATE_KEY=0
for j in "$OURS_JAR" "$(dirname "$OURS_JAR")"/lib/camel-cloudflare-audit-*.jar; do
  [ -f "$j" ] || continue
  if unzip -p "$j" 'io/github/cfaudit/config/*.class' 2>/dev/null | grep -ac 'rate-limit' >/dev/null; then
    HAS_RATE_KEY=1
    break
  fi
done

# ---- data window: N entries spread over the 7 days before the last full hour --------------------------------------
TO=$(date -u -d "$(date -u +%Y-%m-%dT%H:00:00Z) - 1 hour" +%Y-%m-%dT%H:%M:%SZ)
FROM=$(date -u -d "$TO - 7 days" +%Y-%m-%dT%H:%M:%SZ)

SIM_PID=
SIM_URL=
start_sim() { # name entries heap_mb [extra args...]
  local name=$1 entries=$2 heap=$3; shift 3
  local out=$T/$name.out err=$T/$name.err
  : >"$out"
  log "starting the simulator ($entries entries, -Xmx${heap}m)"
  java -Xms${heap}m -Xmx${heap}m -cp "$CP_APP" io.github.cfaudit.simulator.SimulatorMain \
    --port 0 --org "$ORG" --entries "$entries" --from "$FROM" --to "$TO" --token "$TOKEN" \
    --cursor-placement both --avg-entry-bytes 1000 "$@" <"${SIM_STDIN:-/dev/null}" >"$out" 2>"$err" &
  SIM_PID=$!
  for _ in $(seq 1200); do
    grep -q '^READY ' "$out" && break
    kill -0 "$SIM_PID" 2>/dev/null || { cat "$err" >&2; die "the simulator died"; }
    sleep 0.5
  done
  SIM_URL=$(awk '/^READY /{print $2; exit}' "$out")
  [ -n "$SIM_URL" ] || die "the simulator did not become ready"
  log "$(grep '^simulator:' "$err" | head -1)"
}
SIM_STATS=
stop_sim() { # sets SIM_STATS to the STATS line the simulator prints when it stops
  local name=$1
  [ -n "$SIM_PID" ] || return 0
  kill -TERM "$SIM_PID" 2>/dev/null
  wait "$SIM_PID" 2>/dev/null
  SIM_PID=
  SIM_STATS=$(grep '^STATS ' "$T/$name.out" | tail -1)
}
cleanup() { [ -n "$SIM_PID" ] && kill -TERM "$SIM_PID" 2>/dev/null; }
trap cleanup EXIT

stat_field() { sed -n "s/.* $2=\([0-9]*\).*/\1/p" <<<"$1"; }

now_iso() { date -u +%Y-%m-%dT%H:%M:%SZ; }
iso_seconds() { # PT1H2M3S -> 3723 (hours, minutes, seconds only)
  local d=${1^^} h=0 m=0 s=0
  [[ $d =~ ^PT(([0-9]+)H)?(([0-9]+)M)?(([0-9]+)S)?$ ]] || die "unsupported duration $1"
  h=${BASH_REMATCH[2]:-0}; m=${BASH_REMATCH[4]:-0}; s=${BASH_REMATCH[6]:-0}
  echo $(( h * 3600 + m * 60 + s ))
}

# ---- contenders ---------------------------------------------------------------------------------------------------
write_config() { # dir kind [rate]
  local dir=$1 kind=$2 rate=${3:-}
  {
    echo "cfaudit.api.token=$TOKEN"
    echo "cfaudit.api.base-url=$SIM_URL"
    echo "cfaudit.state.directory=$dir/state"
    if [ "$HAS_RATE_KEY" = 1 ]; then
      # throughput runs: a budget far above what one run asks, so that it never waits; the rate variant: the limit
      echo "cfaudit.api.rate-limit=${rate:-1000000/PT1S}"
    fi
    echo "cfaudit.source.org.type=organization"
    echo "cfaudit.source.org.organization-id=$ORG"
    echo "cfaudit.source.org.start=$FROM"
    echo "cfaudit.source.org.settle=PT0S"
    echo "cfaudit.source.org.page-size=1000"
    echo "cfaudit.source.org.max-pages=100000"
    echo "cfaudit.sink.all.type=file"
    echo "cfaudit.sink.all.directory=$dir/out/all"
    if [ "$kind" = three ]; then
      # the routing of issue 15: an archive of everything, failures by JsonPath, one actor type by Simple
      echo "cfaudit.sink.failures.type=file"
      echo "cfaudit.sink.failures.directory=$dir/out/failures"
      echo "cfaudit.sink.failures.when=jsonpath:\$[?(@.action.result == 'failure')]"
      echo "cfaudit.sink.users.type=file"
      echo "cfaudit.sink.users.directory=$dir/out/users"
      echo "cfaudit.sink.users.when=\${body[actor][type]} == 'user'"
    fi
  } >"$dir/app.properties"
}

RESULTS=$T/measurements.tsv
# run_one LABEL ROUND ENTRIES -- command...   (in $RUN_DIR; records wall s, peak RSS KB, exit code)
run_one() {
  local label=$1 round=$2 entries=$3; shift 4
  log "round $round: $label"
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -o "$RUN_DIR/time.txt" -f '%e %M %U %S' "$@" >"$RUN_DIR/stdout.log" 2>"$RUN_DIR/stderr.log"
  local rc=$?
  local user sys
  read -r WALL RSS_KB user sys < <(grep -E '^[0-9.]+ [0-9]+ [0-9.]+ [0-9.]+$' "$RUN_DIR/time.txt" | tail -1) || true
  WALL=${WALL:-0}; RSS_KB=${RSS_KB:-0}
  CPU=$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN { printf "%.1f", u + s }')
  RC=$rc
  LOAD=$load
  [ "$rc" = 0 ] || log "  $label exited $rc: $(tail -3 "$RUN_DIR/stderr.log" "$RUN_DIR/stdout.log" | tr '\n' ' ' | cut -c1-400)"
}
check() { # ids-scope result paths...  -> CHECK ("OK" or "FAIL ...")
  local out
  out=$(java -Xmx2g -cp "$CP_BENCH" CheckIds "$IDS" "$@" 2>&1)
  CHECK=$out
  log "  check: $out"
  [[ $out == OK* ]]
}
record() { # contender round entries
  local eps; eps=$(awk -v n="$3" -v w="$WALL" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$WALL" "$RSS_KB" "$RC" "$eps" "$LOAD" "$(cut -d' ' -f1 <<<"$CHECK")" "$CPU" >>"$RESULTS"
  log "  $1: ${WALL} s, $eps entries/s, CPU ${CPU} s, peak RSS $((RSS_KB / 1024)) MB, exit $RC, load before $LOAD"
  [ "${BENCH_KEEP_OUTPUT:-0}" = 1 ] || rm -rf "$RUN_DIR/out" "$RUN_DIR"/*.ndjson
}

run_ours() { # round [kind: one|three] [how: launcher|plain]
  local round=$1 kind=${2:-one} how=${3:-launcher} name=ours
  [ "$kind" = one ] || name=ours-$kind
  [ "$how" = launcher ] || name=$name-$how
  RUN_DIR=$T/runs/$name-r$round; rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
  write_config "$RUN_DIR" "$kind"
  local jvm=()
  [ -n "$XMX" ] && jvm+=("-Xmx$XMX")
  if [ "${BENCH_JFR:-0}" = 1 ] && [ "$round" = 1 ]; then
    jvm+=("-XX:StartFlightRecording=duration=600s,settings=profile,filename=$T/$name.jfr")
  fi
  if [ "$how" = launcher ]; then
    # as users start it: the launcher's JVM options, then these (a later -Xmx wins); exec keeps one process to measure
    run_one "$name" "$round" "$N" -- env CFAUDIT_JAR="$OURS_JAR" JAVA_OPTS="${jvm[*]}" "$ROOT/bin/camel-cloudflare-audit" \
      --config "$RUN_DIR/app.properties" --once
  else
    run_one "$name" "$round" "$N" -- java "${jvm[@]}" -jar "$OURS_JAR" --config "$RUN_DIR/app.properties" --once
  fi
  if [ "$kind" = three ]; then
    local c1 c2 c3
    check org any "$RUN_DIR/out/all"; c1=$CHECK
    check org failure "$RUN_DIR/out/failures"; c2=$CHECK
    check org actor:user "$RUN_DIR/out/users"; c3=$CHECK
    if [[ $c1 == OK* && $c2 == OK* && $c3 == OK* ]]; then CHECK="OK"; else CHECK="FAIL"; fi
    THREE_LINES="all: ${c1#OK }; failures: ${c2#OK }; users: ${c3#OK }"
  else
    check org any "$RUN_DIR/out/all"
  fi
  record "$name" "$round" "$N"
}
run_three() { run_ours "$1" three; }
run_plain() { run_ours "$1" one plain; }
run_threeplain() { run_ours "$1" three plain; }
run_sdk() {
  local round=$1
  RUN_DIR=$T/runs/sdk-r$round; rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
  run_one sdk "$round" "$N" -- node "$SDK_DIR/baseline.mjs" "$SIM_URL" "$TOKEN" "$ORG" "$FROM" "$(now_iso)" "$RUN_DIR/out.ndjson"
  check org any "$RUN_DIR/out.ndjson"
  record sdk "$round" "$N"
}
run_bare() {
  local round=$1
  RUN_DIR=$T/runs/bare-r$round; rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
  run_one bare "$round" "$N" -- java -cp "$CP_BENCH" BareCopy "$SIM_URL" "$TOKEN" "$ORG" "$FROM" "$(now_iso)" "$RUN_DIR/out.ndjson"
  check org any "$RUN_DIR/out.ndjson"
  record bare "$round" "$N"
}

# ---- main benchmark -----------------------------------------------------------------------------------------------
: >"$RESULTS"
STARTED=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
HEAP_MB=$(( N / 1000 * 55 / 10 + 768 ))
IDS=$T/ids.txt
start_sim sim "$N" "$HEAP_MB" --ids-out "$IDS"
SIM_LINE=$(grep '^simulator: [0-9]* entries for organization' "$T/sim.err" | head -1)
AVG_BYTES=$(sed -n 's/.*average \([0-9]*\) bytes.*/\1/p' <<<"$SIM_LINE")
MINMAX=$(sed -n 's/.*(min \([0-9]*\), max \([0-9]*\)).*/\1–\2/p' <<<"$SIM_LINE")
DATA_MB=$(sed -n 's/.*, \([0-9.]*\) MB of entries.*/\1/p' <<<"$SIM_LINE")

# Warm-up, not measured: the first pass over the data is slower for whoever makes it (the simulator's JIT and heap
# settle; round 1 was the slowest round of every contender in earlier runs), and round 1 always starts with ours.
# One bare copy of the whole window.
log "warm-up (not measured): bare copy of [$FROM, $TO)"
java -cp "$CP_BENCH" BareCopy "$SIM_URL" "$TOKEN" "$ORG" "$FROM" "$TO" "$T/warm-up.ndjson" >/dev/null 2>&1 \
  || log "warning: the warm-up failed"
rm -f "$T/warm-up.ndjson"

for round in $(seq 1 "$ROUNDS"); do
  case $(( (round - 1) % 4 )) in
    0) order="ours three sdk bare" ;;
    1) order="three sdk bare ours" ;;
    2) order="sdk bare ours three" ;;
    *) order="bare ours three sdk" ;;
  esac
  [ "${BENCH_PLAIN:-1}" = 1 ] && order="$order plain threeplain"
  for c in $order; do "run_$c" "$round"; done
done

source "$BENCH/formats.sh" # the format rows (issue 23), on the main simulator: bench/README.md, "Format rows"
stop_sim sim; MAIN_STATS=$SIM_STATS
log "simulator: $MAIN_STATS"

# ---- fsync variant (bench/perf.sh) ---------------------------------------------------------------------------------
source "$BENCH/perf.sh"

# ---- rate-budget variant ------------------------------------------------------------------------------------------
RATE_ROW=
if [ "$RATE_N" -gt 0 ] && [ "${BENCH_SKIP_VARIANTS:-0}" != 1 ]; then
  RATE_HEAP=$(( RATE_N / 1000 * 55 / 10 + 768 ))
  IDS=$T/ids-rate.txt
  start_sim sim-rate "$RATE_N" "$RATE_HEAP" --ids-out "$IDS" --rate-limit "$RATE_LIMIT"
  RUN_DIR=$T/runs/ours-rate-r1; rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
  write_config "$RUN_DIR" one "$RATE_LIMIT"
  SAVED_N=$N; N=$RATE_N
  run_one ours-rate 1 "$RATE_N" -- java -jar "$OURS_JAR" --config "$RUN_DIR/app.properties" --once
  check org any "$RUN_DIR/out/all"
  record ours-rate 1 "$RATE_N"
  N=$SAVED_N
  stop_sim sim-rate; RATE_STATS=$SIM_STATS
  log "rate simulator: $RATE_STATS"
  RATE_PAGES=$(( (RATE_N + 999) / 1000 ))
  RATE_REQ=${RATE_LIMIT%%/*}
  RATE_WIN=$(iso_seconds "${RATE_LIMIT#*/}")
  LOOP_MS=$(grep -o '; [0-9]* ms; watermark' "$RUN_DIR/stdout.log" | head -1 | tr -dc '0-9')
  RATE_ROW=$(awk -v pages="$RATE_PAGES" -v req="$RATE_REQ" -v win="$RATE_WIN" -v wall="$WALL" -v loop="${LOOP_MS:-0}" \
      -v n429="$(stat_field "$RATE_STATS" status_429)" -v total="$(stat_field "$RATE_STATS" requests)" \
      -v rc="$RC" -v chk="$(cut -d' ' -f1 <<<"$CHECK")" -v has="$HAS_RATE_KEY" -v lim="$RATE_LIMIT" 'BEGIN {
    rate = req / win; ideal = pages / rate; ratio = wall / ideal;
    ok = (ratio <= 1.1 && n429 == 0 && rc == 0 && chk == "OK") ? "yes" : "**no**";
    printf "| %d entries, %d pages | %s = %.2f req/s | %.1f | %.1f (run loop %.1f) | %.2f (run loop %.2f) | %d of %d requests | %d | %s | %s | %s |\n",
      pages * 1000, pages, lim, rate, ideal, wall, loop / 1000, ratio, loop / 1000 / ideal, n429, total, rc, chk, (has ? "set to " lim : "not in this build"), ok }')
fi

# ---- manifest variant (bench/manifest.sh; BENCH_MANIFEST=0 skips it) -----------------------------------------------
. "$BENCH/manifest.sh"
source "$BENCH/backfill.sh"   # the backfill variant (issue 26); BENCH_BACKFILL=0 skips it

# ---- report -------------------------------------------------------------------------------------------------------
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v c="$1" -v k="$2" '$1 == c { print $k }' "$RESULTS"; }
MED_OURS=$(col ours 3 | median); MED_SDK=$(col sdk 3 | median); MED_BARE=$(col bare 3 | median)
MED_THREE=$(col ours-three 3 | median)
RSS_OURS=$(col ours 4 | sort -n | tail -1); RSS_THREE=$(col ours-three 4 | sort -n | tail -1)
row() { # contender label entries
  local c=$1 label=$2 entries=$3 med rss walls checks cpu loads
  med=$(col "$c" 3 | median)
  cpu=$(col "$c" 9 | median)
  loads=$(col "$c" 7 | paste -sd' ' -)
  rss=$(col "$c" 4 | sort -n | tail -1)
  walls=$(col "$c" 3 | paste -sd' ' -)
  checks=$(col "$c" 8 | sort | uniq -c | awk '{ printf "%s%s×%s", (NR > 1 ? ", " : ""), $1, $2 }')
  local rcs; rcs=$(col "$c" 5 | sort -u | paste -sd',' -)
  awk -v l="$label" -v m="$med" -v n="$entries" -v r="${rss:-0}" -v w="$walls" -v k="$checks" -v rc="$rcs" \
      -v cpu="$cpu" -v ld="$loads" 'BEGIN {
    printf "| %s | %.1f | %.0f | %.0f | %.1f | %s | %s | %s | %s |\n", l, m, (m > 0 ? n / m : 0), r / 1024, cpu, w, ld, rc, k }'
}
SDK_VERSION=$(node -p "require('$SDK_DIR/node_modules/cloudflare/package.json').version")
JAVA_VERSION=$(java -version 2>&1 | head -1)
ELAPSED=$(( $(date +%s) - STARTED ))
{
  echo "## camel-cloudflare-audit benchmark"
  echo
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/^Mem:/ { print $2 }') GiB memory (free -g), load average at start $LOAD_START"
  echo "- $JAVA_VERSION; node $(node --version); official SDK: cloudflare $SDK_VERSION"
  echo "- build: $([ -n "${BENCH_OURS_JAR:-}" ] && echo "ours from $BENCH_OURS_JAR" || basename "$JAR") built $JAR_DATE, HEAD $GIT_REV at snapshot$GIT_DIRTY; client-side rate budget key: $([ "$HAS_RATE_KEY" = 1 ] && echo 'present (set far above the run in throughput runs)' || echo 'absent')"
  echo "- data: N = $N organization entries, average $AVG_BYTES B (range $MINMAX B, $DATA_MB MB), spread over [$FROM, $TO); page size 1000; both cursor placements"
  echo "- $ROUNDS rounds, order rotated each round (ours/three/sdk/bare, three/sdk/bare/ours, ...); ours started by bin/camel-cloudflare-audit (its JVM options: $(sed -n 's/.*CFAUDIT_JVM_OPTS-\([^}]*\)}.*/\1/p' "$ROOT/bin/camel-cloudflare-audit")) and$( [ "${BENCH_PLAIN:-1}" = 1 ] && echo " by plain java -jar (the JVM's defaults), both") with $([ -n "$XMX" ] && echo "-Xmx$XMX" || echo "the launcher's heap"); wall time and peak RSS of the whole process by /usr/bin/time; every output checked: each id exactly once, each sink exactly its entries"
  echo
  echo "| contender | median wall s | entries/s | peak RSS MB (max) | median CPU s (user+sys) | wall s per round | load avg before each | exit | check |"
  echo "|---|---:|---:|---:|---:|---|---|---|---|"
  row ours "ours: bin/camel-cloudflare-audit … --once, 1 file sink" "$N"
  row ours-three "ours, 3 file sinks: all; failures by JsonPath; users by Simple" "$N"
  if [ "${BENCH_PLAIN:-1}" = 1 ]; then
    row ours-plain "ours started by java -jar (the JVM's defaults), 1 file sink" "$N"
    row ours-three-plain "ours started by java -jar (the JVM's defaults), 3 file sinks" "$N"
  fi
  row sdk "SDK baseline: node, cloudflare $SDK_VERSION, for await" "$N"
  row bare "bare copy: JDK HttpClient + Jackson streaming" "$N"
  echo
  awk -v o="$MED_OURS" -v s="$MED_SDK" -v b="$MED_BARE" -v t="$MED_THREE" -v r1k="${RSS_OURS:-0}" -v r3k="${RSS_THREE:-0}" 'BEGIN {
    r1 = (o > 0 ? s / o : 0); r2 = (o > 0 ? b / o : 0); r3 = (t > 0 ? o / t : 0);
    m1 = r1k / 1024; m3 = r3k / 1024;
    printf "| ratio | value | target | met |\n|---|---:|---:|---|\n";
    printf "| 3 sinks ÷ 1 sink throughput | %.2f | ≥ 0.80 | %s |\n", r3, (r3 >= 0.8 ? "yes" : "**no**");
    printf "| ours (1 sink) ÷ SDK throughput | %.2f | ≥ 2.00 | %s |\n", r1, (r1 >= 2 ? "yes" : "**no**");
    printf "| ours (1 sink) ÷ bare-copy throughput | %.2f | ≥ 0.80 | %s |\n", r2, (r2 >= 0.8 ? "yes" : "**no**");
    printf "| peak RSS, 1 sink / 3 sinks (MiB) | %.0f / %.0f | ≤ 200 | %s |\n", m1, m3, (m1 <= 200 && m3 <= 200 ? "yes" : "**no**") }'
  if [ "${BENCH_PLAIN:-1}" = 1 ]; then
    awk -v a="$(col ours-plain 4 | sort -n | tail -1)" -v b="$(col ours-three-plain 4 | sort -n | tail -1)" \
        -v o="$(col ours-plain 3 | median)" -v t="$(col ours-three-plain 3 | median)" 'BEGIN {
      printf "| (java -jar, JVM defaults) peak RSS, 1 sink / 3 sinks (MiB); 3 ÷ 1 sinks | %.0f / %.0f; %.2f | (informative) | |\n", a / 1024, b / 1024, (t > 0 ? o / t : 0) }'
  fi
  [ -n "${THREE_LINES:-}" ] && echo && echo "3-sink outputs (last round): $THREE_LINES"
  if [ "${BENCH_SKIP_VARIANTS:-0}" != 1 ]; then
    if [ -n "$RATE_ROW" ]; then
      echo
      echo "Rate budget (simulator enforcing $RATE_LIMIT, fixed window; ideal = pages ÷ allowed rate; target: actual ≤ 1.1 × ideal, zero 429s; actual = the whole process, JVM start included; run loop = the time the app logs for the run):"
      echo
      echo "| backfill | allowed rate | ideal s | actual s | actual ÷ ideal | 429s | exit | check | cfaudit.api.rate-limit | met |"
      echo "|---|---|---:|---:|---:|---|---|---|---|---|"
      echo "$RATE_ROW"
    fi
  fi
  [ -n "${MANIFEST_SECTION:-}" ] && printf '\n%s\n' "$MANIFEST_SECTION"
  [ -n "${BACKFILL_REPORT:-}" ] && echo && echo "$BACKFILL_REPORT"
  [ -n "${FSYNC_SECTION:-}" ] && echo && echo "$FSYNC_SECTION"
  [ -n "${FORMATS_SECTION:-}" ] && echo && echo "$FORMATS_SECTION"
  echo
  echo "Main simulator request counts: ${MAIN_STATS#STATS }. Benchmark took $((ELAPSED / 60)) min $((ELAPSED % 60)) s."
} | tee "$T/results.md"
