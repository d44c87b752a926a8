# Backfill variant of the benchmark (issue 26), sourced by run.sh; BENCH_BACKFILL=0 skips it. See bench/README.md,
# "Backfill at the token's ceiling".
# A simulator with BENCH_BACKFILL_ENTRIES (60000) entries over 20 days, enforcing BENCH_BACKFILL_LIMIT (20/PT5S, the
# default budget of 1000 per 5 minutes scaled down) and answering every page after each latency of
# BENCH_BACKFILL_LATENCIES ("PT0.5S PT1S"); against it, one after the other, a full rate window apart, each with
# its own request and 429 counts: ours with each backfill-parallelism of
# BENCH_BACKFILL_PARALLELISM ("1 6": one chain and the default), cfaudit.api.rate-limit set to the same limit, page size 1000, one file sink,
# started by the launcher; then the SDK's for-await loop (BENCH_BACKFILL_SDK=0 skips it). Sets BACKFILL_REPORT (Markdown) for the report.
# Uses run.sh's functions and variables (start_sim, stop_sim, write_config, run_one, check, record, FROM, TO, ...).

BACKFILL_REPORT=
if [ "${BENCH_BACKFILL:-1}" != 0 ] && [ "${BENCH_SKIP_VARIANTS:-0}" != 1 ]; then
  BF_N=${BENCH_BACKFILL_ENTRIES:-60000}
  BF_LIMIT=${BENCH_BACKFILL_LIMIT:-20/PT5S}
  BF_LATENCIES=${BENCH_BACKFILL_LATENCIES:-PT0.5S PT1S}
  BF_PARALLELISM=${BENCH_BACKFILL_PARALLELISM:-1 6}
  BF_HEAP=$(( BF_N / 1000 * 55 / 10 + 768 ))
  BF_REQ=${BF_LIMIT%%/*}
  BF_WIN=$(iso_seconds "${BF_LIMIT#*/}")
  BF_PAGES=$(( (BF_N + 999) / 1000 ))
  # the option is declared in the component's jar, in lib/ beside the application's
  if for j in "$OURS_JAR" "$(dirname "$OURS_JAR")"/lib/camel-cloudflare-audit-[0-9]*.jar; do
       unzip -p "$j" 'io/github/cfaudit/config/*.class' 2>/dev/null; done | grep -ac 'backfill-parallelism' >/dev/null; then
    BF_HAS_KEY=1
  else
    BF_HAS_KEY=0
    log "backfill: this build has no backfill-parallelism; its rows are one chain whatever the column says"
  fi
  BF_SAVED_FROM=$FROM; BF_SAVED_N=$N; BF_SAVED_IDS=$IDS
  FROM=$(date -u -d "$TO - 20 days" +%Y-%m-%dT%H:%M:%SZ)
  N=$BF_N
  IDS=$T/ids-backfill.txt
  BF_ROWS=
  bf_row() { # label latency wall loop_ms n429 requests rc check cpu rss_kb load
    BF_ROWS+=$(awk -v l="$1" -v lat="$2" -v wall="$3" -v loop="$4" -v n429="$5" -v total="$6" -v rc="$7" -v chk="$8" \
        -v cpu="$9" -v rss="${10}" -v ld="${11}" -v n="$BF_N" -v req="$BF_REQ" -v win="$BF_WIN" 'BEGIN {
      ceiling = 1000 * req / win;
      t = (loop > 0 ? loop / 1000 : wall);
      eps = (t > 0 ? n / t : 0); epsw = (wall > 0 ? n / wall : 0);
      printf "| %s | %s | %.1f | %.1f | %.0f | %.2f | %.0f | %.2f | %d of %d | %.1f | %.0f | %s | %s | %s |\n",
        l, lat, t, wall, eps, eps / ceiling, epsw, epsw / ceiling, n429, total, cpu, rss / 1024, ld, rc, chk }')$'\n'
  }
  # One simulator per latency (populating 60,000 entries takes a while); it prints cumulative STATS when sent "stats"
  # on its standard input (a FIFO here), so each row takes the difference. Between rows, the fixed window passes.
  BF_FIFO=$T/sim-backfill.stdin
  bf_stats() { # prints the simulator's cumulative STATS line
    local before; before=$(grep -c '^STATS ' "$T/sim-backfill.out")
    echo stats >&7
    for _ in $(seq 100); do
      [ "$(grep -c '^STATS ' "$T/sim-backfill.out")" -gt "$before" ] && break
      sleep 0.1
    done
    grep '^STATS ' "$T/sim-backfill.out" | tail -1
  }
  for lat in $BF_LATENCIES; do
    rm -f "$BF_FIFO"; mkfifo "$BF_FIFO"
    # the FIFO is held open for writing on fd 7 for the simulator's whole life
    exec 7<>"$BF_FIFO"
    SIM_STDIN=$BF_FIFO start_sim sim-backfill "$BF_N" "$BF_HEAP" --ids-out "$IDS" --rate-limit "$BF_LIMIT" --latency "$lat"
    BF_WHO="$BF_PARALLELISM"; [ "${BENCH_BACKFILL_SDK:-1}" = 0 ] || BF_WHO="$BF_WHO sdk"
    for who in $BF_WHO; do
      sleep $(( BF_WIN + 1 ))
      BF_BEFORE=$(bf_stats)
      if [ "$who" = sdk ]; then
        RUN_DIR=$T/runs/backfill-sdk-$lat; rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
        run_one "backfill-sdk-$lat" 1 "$BF_N" -- node "$SDK_DIR/baseline.mjs" "$SIM_URL" "$TOKEN" "$ORG" "$FROM" "$(now_iso)" \
          "$RUN_DIR/out.ndjson"
        check org any "$RUN_DIR/out.ndjson"
        BF_LOOP=0
        BF_LABEL="SDK baseline: for await, one request at a time"
      else
        RUN_DIR=$T/runs/backfill-p$who-$lat; rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
        write_config "$RUN_DIR" one "$BF_LIMIT"
        [ "$BF_HAS_KEY" = 1 ] && echo "cfaudit.source.org.backfill-parallelism=$who" >>"$RUN_DIR/app.properties"
        run_one "backfill-p$who-$lat" 1 "$BF_N" -- env CFAUDIT_JAR="$OURS_JAR" JAVA_OPTS="${XMX:+-Xmx$XMX}" \
          "$ROOT/bin/camel-cloudflare-audit" --config "$RUN_DIR/app.properties" --once
        check org any "$RUN_DIR/out/all"
        BF_LOOP=$(grep -o '; [0-9]* ms; watermark' "$RUN_DIR/stdout.log" "$RUN_DIR/stderr.log" 2>/dev/null | head -1 | sed 's/.*; \([0-9]*\) ms;.*/\1/')
        BF_LABEL="ours, backfill-parallelism=$who"
      fi
      record "backfill-$who-$lat" 1 "$BF_N"
      BF_AFTER=$(bf_stats)
      log "backfill simulator ($lat, $who): before $BF_BEFORE; after $BF_AFTER"
      bf_row "$BF_LABEL" "$lat" "$WALL" "${BF_LOOP:-0}" \
        "$(( $(stat_field "$BF_AFTER" status_429) - $(stat_field "$BF_BEFORE" status_429) ))" \
        "$(( $(stat_field "$BF_AFTER" requests) - $(stat_field "$BF_BEFORE" requests) ))" \
        "$RC" "$(cut -d' ' -f1 <<<"$CHECK")" "$CPU" "$RSS_KB" "$LOAD"
    done
    stop_sim sim-backfill
    exec 7>&-
  done
  BACKFILL_REPORT="Backfill (issue 26): $BF_N entries over [$FROM, $TO) (20 days), page size 1000 ($BF_PAGES pages at
least), the simulator enforcing $BF_LIMIT (fixed window, 429 beyond it) and answering each page after the latency
given, one simulator per latency (rows one after the other, a full window apart); ours started by the launcher ($([ -n "$XMX" ] && echo "-Xmx$XMX"), one file sink,
cfaudit.api.rate-limit=$BF_LIMIT, \`start\` = the data's start, settle PT0S. Ceiling = 1000 entries × $BF_REQ/$BF_WIN
requests/s = $(( 1000 * BF_REQ / BF_WIN )) entries/s; run s = the run loop the application logs (the SDK: its whole
process); whole s = the whole process, JVM start included. A short run starts with a full budget (a burst of $BF_REQ
requests), which can carry it above the ceiling.

| contender | latency per page | run s | whole s | entries/s (run) | ÷ ceiling | entries/s (whole) | ÷ ceiling | 429s of requests | CPU s | peak RSS MB | load before | exit | check |
|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|---|
${BF_ROWS%$'\n'}"
  FROM=$BF_SAVED_FROM; N=$BF_SAVED_N; IDS=$BF_SAVED_IDS
  log "backfill variant done"
  printf '%s\n' "$BACKFILL_REPORT" >"$T/backfill.md"
fi
