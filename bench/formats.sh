# The format rows (issue 23): one file sink per run, codec = cloudflare (verbatim) | ocsf | ecs | cef | leef, against
# the main simulator and its data, in rotated rounds of their own; each format's throughput against the verbatim
# row of the same rounds (target: >= 0.70). Sourced by run.sh after the main rounds, before the main simulator stops.
# Environment: BENCH_FORMATS=0 skips it; BENCH_FORMATS_ROUNDS (default: the run's ROUNDS; 0 skips it);
#              BENCH_FORMATS_CODECS (default "cloudflare ocsf ecs cef leef"; cloudflare is the reference and always
#              runs); BENCH_FORMATS_JFR=1 records round 1 of each codec to bench/target/format-<codec>.jfr.
# Writes bench/target/formats.md (run.sh prints it in its report) and rows "format-<codec>" in measurements.tsv.

FORMATS_SECTION=
FMT_ROUNDS=${BENCH_FORMATS_ROUNDS:-$ROUNDS}
if [ "${BENCH_FORMATS:-1}" != 0 ] && [ "${BENCH_SKIP_VARIANTS:-0}" != 1 ] && [ "$FMT_ROUNDS" -gt 0 ]; then
  FMT_CODECS=$(tr ' ' '\n' <<<"cloudflare ${BENCH_FORMATS_CODECS:-ocsf ecs cef leef}" | awk 'NF && !seen[$0]++' | paste -sd' ' -)
  IDS=$T/ids.txt

  run_format() { # round codec
    local round=$1 codec=$2 name=format-$2
    RUN_DIR=$T/runs/$name-r$round; rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
    write_config "$RUN_DIR" one
    echo "cfaudit.sink.all.codec=$codec" >>"$RUN_DIR/app.properties"
    local jvm=()
    [ -n "$XMX" ] && jvm+=("-Xmx$XMX")
    if [ "${BENCH_FORMATS_JFR:-0}" = 1 ] && [ "$round" = 1 ]; then
      jvm+=("-XX:StartFlightRecording=duration=600s,settings=profile,filename=$T/$name.jfr")
    fi
    # exactly as the one-sink row of ours: the launcher, its JVM options, then these
    run_one "$name" "$round" "$N" -- env CFAUDIT_JAR="$OURS_JAR" JAVA_OPTS="${jvm[*]}" "$ROOT/bin/camel-cloudflare-audit" \
      --config "$RUN_DIR/app.properties" --once
    # every id exactly once, read from where each codec keeps it (CheckIds --codec)
    check --codec="$codec" org any "$RUN_DIR/out/all"
    record "$name" "$round" "$N"
  }

  log "format rows: codecs $FMT_CODECS, $FMT_ROUNDS rounds"
  read -ra FMT_LIST <<<"$FMT_CODECS"
  for round in $(seq 1 "$FMT_ROUNDS"); do
    # rotated: each codec starts a round in turn, so no codec always follows the same one
    shift_by=$(( (round - 1) % ${#FMT_LIST[@]} ))
    for k in $(seq 0 $(( ${#FMT_LIST[@]} - 1 ))); do
      run_format "$round" "${FMT_LIST[$(( (k + shift_by) % ${#FMT_LIST[@]} ))]}"
    done
  done

  fmt_col() { awk -F'\t' -v c="format-$1" -v k="$2" '$1 == c { print $k }' "$RESULTS"; }
  fmt_median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
  FMT_REF_WALL=$(fmt_col cloudflare 3 | fmt_median)
  FMT_REF_CPU=$(fmt_col cloudflare 9 | fmt_median)
  {
    echo "Format rows (issue 23): one file sink, codec as named, $FMT_ROUNDS rotated rounds of their own after the main rounds, same simulator and data (N = $N); ratio = verbatim median wall ÷ codec median wall (throughput ratio, target ≥ 0.70), CPU ratio = codec median CPU ÷ verbatim median CPU; each output checked by \`CheckIds --codec=<codec>\` (every id exactly once, read from \`id\`, OCSF \`metadata.uid\`, ECS \`event.id\`, CEF/LEEF \`externalId\`):"
    echo
    echo "| codec | median wall s | entries/s | median CPU s (user+sys) | peak RSS MB (max) | throughput ÷ verbatim | CPU ÷ verbatim | wall s per round | load avg before each | exit | check | ≥ 0.70 |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|---|---|---|---|"
    for codec in "${FMT_LIST[@]}"; do
      med=$(fmt_col "$codec" 3 | fmt_median)
      cpu=$(fmt_col "$codec" 9 | fmt_median)
      rss=$(fmt_col "$codec" 4 | sort -n | tail -1)
      walls=$(fmt_col "$codec" 3 | paste -sd' ' -)
      loads=$(fmt_col "$codec" 7 | paste -sd' ' -)
      rcs=$(fmt_col "$codec" 5 | sort -u | paste -sd',' -)
      checks=$(fmt_col "$codec" 8 | sort | uniq -c | awk '{ printf "%s%s×%s", (NR > 1 ? ", " : ""), $1, $2 }')
      awk -v c="$codec" -v m="$med" -v n="$N" -v cpu="$cpu" -v r="${rss:-0}" -v rw="$FMT_REF_WALL" -v rc="$FMT_REF_CPU" \
          -v w="$walls" -v ld="$loads" -v x="$rcs" -v k="$checks" 'BEGIN {
        ratio = (m > 0 ? rw / m : 0); cratio = (rc > 0 ? cpu / rc : 0);
        met = (c == "cloudflare" ? "(reference)" : (ratio >= 0.7 && k !~ /FAIL/ && x == "0" ? "yes" : "**no**"));
        printf "| %s%s | %.1f | %.0f | %.1f | %.0f | %.2f | %.2f | %s | %s | %s | %s | %s |\n",
          c, (c == "cloudflare" ? " (verbatim)" : ""), m, (m > 0 ? n / m : 0), cpu, r / 1024, ratio, cratio, w, ld, x, k, met }'
    done
  } >"$T/formats.md"
  FORMATS_SECTION=$(cat "$T/formats.md")
  log "format rows done"
fi
