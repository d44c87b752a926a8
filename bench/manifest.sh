# Sourced by bench/run.sh: one file sink with signed manifests (cfaudit.sink.all.manifest.*) against the same sink
# without, rounds interleaved on one simulator; the cost target is ≤ 10% of one-sink throughput (docs/archive.md).
# Environment: BENCH_MANIFEST=0 skips it; BENCH_MANIFEST_ENTRIES (default 240000); BENCH_MANIFEST_ROUNDS (default 3).
MANIFEST_SECTION=
if [ "${BENCH_MANIFEST:-1}" != 0 ] && [ "${BENCH_SKIP_VARIANTS:-0}" != 1 ]; then
  MF_N=${BENCH_MANIFEST_ENTRIES:-240000}
  MF_ROUNDS=${BENCH_MANIFEST_ROUNDS:-3}
  MF_KEY=$T/manifest-key.pem
  [ -f "$MF_KEY" ] || openssl genpkey -algorithm ed25519 -out "$MF_KEY" 2>/dev/null || die "openssl genpkey failed"
  IDS=$T/ids-manifest.txt
  start_sim sim-manifest "$MF_N" $(( MF_N / 1000 * 55 / 10 + 768 )) --ids-out "$IDS"
  MF_SAVED_N=$N; N=$MF_N
  MF_VERIFY=
  for mf_round in $(seq 1 "$MF_ROUNDS"); do
    for mf in off on; do
      RUN_DIR=$T/runs/ours-manifest-$mf-r$mf_round; rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
      write_config "$RUN_DIR" one
      [ "$mf" = on ] && echo "cfaudit.sink.all.manifest.signing-key-file=$MF_KEY" >>"$RUN_DIR/app.properties"
      mf_jvm=(); [ -n "$XMX" ] && mf_jvm+=("-Xmx$XMX")
      run_one "ours-manifest-$mf" "$mf_round" "$MF_N" -- java "${mf_jvm[@]}" -jar "$OURS_JAR" --config "$RUN_DIR/app.properties" --once
      check org any "$RUN_DIR/out/all"
      if [ "$mf" = on ]; then
        # the archive the run left must verify, and the manifests must be few
        mf_out=$(java -jar "$OURS_JAR" --verify all --config "$RUN_DIR/app.properties" 2>/dev/null)
        mf_rc=$?
        MF_VERIFY="exit $mf_rc, $(grep -E '^(Intact|[0-9]+ problem)' <<<"$mf_out" | head -1)"
        log "  --verify: $MF_VERIFY"
      fi
      record "ours-manifest-$mf" "$mf_round" "$MF_N"
    done
  done
  N=$MF_SAVED_N
  stop_sim sim-manifest
  mf_row() { # contender label
    local c=$1 med cpu walls cpus loads
    med=$(awk -F'\t' -v c="$c" '$1 == c { print $3 }' "$RESULTS" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
    cpu=$(awk -F'\t' -v c="$c" '$1 == c { print $9 }' "$RESULTS" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
    walls=$(awk -F'\t' -v c="$c" '$1 == c { print $3 }' "$RESULTS" | paste -sd' ' -)
    cpus=$(awk -F'\t' -v c="$c" '$1 == c { print $9 }' "$RESULTS" | paste -sd' ' -)
    loads=$(awk -F'\t' -v c="$c" '$1 == c { print $7 }' "$RESULTS" | paste -sd' ' -)
    awk -v l="$2" -v m="$med" -v n="$MF_N" -v cpu="$cpu" -v w="$walls" -v cs="$cpus" -v ld="$loads" 'BEGIN {
      printf "| %s | %.1f | %.0f | %.1f | %s | %s | %s |\n", l, m, (m > 0 ? n / m : 0), cpu, w, cs, ld }'
    MF_MED=$med; MF_CPU=$cpu
  }
  MF_OFF=$(mf_row ours-manifest-off "1 file sink, no manifests"); MF_OFF_MED=$(awk -F'|' '{ print $3 }' <<<"$MF_OFF")
  MF_ON=$(mf_row ours-manifest-on "1 file sink, signed manifests (manifest.interval PT1H)"); MF_ON_MED=$(awk -F'|' '{ print $3 }' <<<"$MF_ON")
  MF_OFF_CPU=$(awk -F'|' '{ print $5 }' <<<"$MF_OFF"); MF_ON_CPU=$(awk -F'|' '{ print $5 }' <<<"$MF_ON")
  MANIFEST_SECTION=$(
    echo "Manifests (issue 24): $MF_N entries, $MF_ROUNDS rounds, off and on interleaved on one simulator; java -jar${XMX:+ -Xmx$XMX}; --verify of the last \"on\" archive: $MF_VERIFY"
    echo
    echo "| run | median wall s | entries/s | median CPU s (user+sys) | wall s per round | CPU s per round | load avg before each |"
    echo "|---|---:|---:|---:|---|---|---|"
    echo "$MF_OFF"
    echo "$MF_ON"
    echo
    awk -v off="$MF_OFF_MED" -v on="$MF_ON_MED" -v coff="$MF_OFF_CPU" -v con="$MF_ON_CPU" 'BEGIN {
      r = (on > 0 ? off / on : 0); cost = 1 - r; c = (coff > 0 ? con / coff - 1 : 0);
      printf "| ratio | value | target | met |\n|---|---:|---:|---|\n";
      printf "| throughput cost of manifests (1 − on ÷ off throughput) | %.1f%% | ≤ 10%% | %s |\n", cost * 100, (cost <= 0.10 ? "yes" : "**no**");
      printf "| CPU cost (on ÷ off CPU − 1) | %.1f%% | (informative) | |\n", c * 100 }'
  )
fi
