# Sourced by run.sh (not run on its own): the fsync variant, what the per-page syncs cost ours.
# Ours, one file sink, started by the launcher, N = BENCH_FSYNC_ENTRIES (default 300000; 0 skips it), against a
# simulator of its own, BENCH_FSYNC_ROUNDS times (default 2) each: as always, and under eatmydata (Debian's
# package: LD_PRELOAD makes fsync/fdatasync no-ops, so the sink's fdatasync per page, the checkpoint's fsync and the
# directory syncs cost nothing). Nothing in the application changes; only the durability is gone in the second run.
# Sets FSYNC_SECTION, which the report prints.
FSYNC_N=${BENCH_FSYNC_ENTRIES:-300000}
FSYNC_ROUNDS=${BENCH_FSYNC_ROUNDS:-2}
FSYNC_SECTION=
if [ "$FSYNC_N" -gt 0 ] && [ "${BENCH_SKIP_VARIANTS:-0}" != 1 ]; then
  if ! command -v eatmydata >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      log "installing Debian's 'eatmydata' package (the fsync variant)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq eatmydata >/dev/null 2>&1 || log "warning: apt-get install eatmydata failed"
    fi
  fi
  if command -v eatmydata >/dev/null; then
    FSYNC_HEAP=$(( FSYNC_N / 1000 * 55 / 10 + 768 ))
    IDS=$T/ids-fsync.txt
    start_sim sim-fsync "$FSYNC_N" "$FSYNC_HEAP" --ids-out "$IDS"
    SAVED_N=$N; N=$FSYNC_N
    fsync_run() { # round how(synced|eatmydata)
      local round=$1 how=$2 name=ours-fsync-$2
      RUN_DIR=$T/runs/$name-r$round; rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
      write_config "$RUN_DIR" one
      local jvm=""
      [ -n "$XMX" ] && jvm="-Xmx$XMX"
      local wrap=()
      [ "$how" = eatmydata ] && wrap=(eatmydata)
      run_one "$name" "$round" "$N" -- "${wrap[@]}" env CFAUDIT_JAR="$OURS_JAR" JAVA_OPTS="$jvm" \
        "$ROOT/bin/camel-cloudflare-audit" --config "$RUN_DIR/app.properties" --once
      check org any "$RUN_DIR/out/all"
      record "$name" "$round" "$N"
    }
    for round in $(seq 1 "$FSYNC_ROUNDS"); do
      if [ $(( round % 2 )) = 1 ]; then fsync_run "$round" synced; fsync_run "$round" eatmydata
      else fsync_run "$round" eatmydata; fsync_run "$round" synced; fi
    done
    N=$SAVED_N
    stop_sim sim-fsync
    FSYNC_SECTION=$(
      median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
      c() { awk -F'\t' -v c="$1" -v k="$2" '$1 == c { print $k }' "$RESULTS"; }
      echo "Per-page syncs (ours, 1 file sink, launcher, $FSYNC_N entries, $FSYNC_ROUNDS rounds each, alternating; off = under eatmydata, which makes fsync and fdatasync no-ops):"
      echo
      echo "| ours, 1 file sink | median wall s | wall s per round | median CPU s | load before each | check |"
      echo "|---|---:|---|---:|---|---|"
      for how in synced eatmydata; do
        label=$([ "$how" = synced ] && echo "as always: fdatasync per page + checkpoint fsync + directory sync" || echo "syncs off (eatmydata)")
        echo "| $label | $(c ours-fsync-$how 3 | median) | $(c ours-fsync-$how 3 | paste -sd' ' -) | $(c ours-fsync-$how 9 | median) | $(c ours-fsync-$how 7 | paste -sd' ' -) | $(c ours-fsync-$how 8 | sort | uniq -c | awk '{ printf "%s%s×%s", (NR > 1 ? ", " : ""), $1, $2 }') |"
      done
      awk -v on="$(c ours-fsync-synced 3 | median)" -v off="$(c ours-fsync-eatmydata 3 | median)" -v pages="$(( (FSYNC_N + 999) / 1000 ))" 'BEGIN {
        printf "\nThe syncs cost %.1f s of wall time in all, %.1f ms per page (%d pages).\n", on - off, (on - off) * 1000 / pages, pages }'
    )
  else
    log "warning: no eatmydata: the fsync variant is skipped"
  fi
fi
