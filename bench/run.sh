#!/usr/bin/env bash
# drillbook benchmark harness: one command, prints a table of ratios to drillbook
# and writes it to bench/results/<date>.md. See bench/README.md.
#
# Steps: 1. install the peers if missing (mdBook, Hugo, Pagefind, GNU time);
# 2. build a release drillbook; 3. generate one corpus per N (gen_corpus.py);
# 4. time every tool, repetitions interleaved, under /usr/bin/time -v;
# 5. serve path and browser search at the largest N; 6. report.py → table.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
MDBOOK_VERSION=${MDBOOK_VERSION:-0.5.4}     # current 0.5.x on crates.io
PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.6.0} # current on npm (PERF.md measured 1.5.2)
PLAYWRIGHT_VERSION=${PLAYWRIGHT_VERSION:-1.65.1}
MDBOOK_MAX_PAGES=${MDBOOK_MAX_PAGES:-1000}  # mdBook grows as N²: 10k would take ~10 min per rep

PAGES="1000,10000"
REPS=3
SEED=1
QUICK=0
SKIP_INSTALL=0
BROWSER=0
DRILLBOOK_BIN=""
WORK="$BENCH/out"
RESULTS="$BENCH/results"

usage() {
  cat <<EOF
usage: bench/run.sh [--pages 1000,10000] [--reps 3] [--quick] [--skip-install] [--browser]
                    [--drillbook PATH] [--seed S] [--work DIR] [--results DIR]

  --pages LIST     page counts to benchmark (default 1000,10000)
  --reps N         repetitions per measurement; the median is reported (default 3)
  --quick          N=200, 1 rep, no mdBook, no 10k (a smoke test of the harness)
  --skip-install   do not install missing peers (their rows then say n/a)
  --browser        also install Chromium (Debian) and playwright-core (npm) for the
                   in-browser search measurement (used whenever present anyway)
  --drillbook PATH use this drillbook binary instead of 'cargo build --release'
  --seed S         corpus seed (default 1)
  --work DIR       corpora, built sites and logs (default bench/out)
  --results DIR    where the dated table goes (default bench/results)
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --pages) PAGES=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --skip-install) SKIP_INSTALL=1; shift ;;
    --browser) BROWSER=1; shift ;;
    --drillbook) DRILLBOOK_BIN=$(realpath "$2"); shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --work) WORK=$(realpath -m "$2"); shift 2 ;;
    --results) RESULTS=$(realpath -m "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown option \`$1\`" >&2; usage >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then PAGES=200; REPS=1; MDBOOK_MAX_PAGES=0; fi
case "$REPS" in ''|*[!0-9]*|0) echo "error: --reps must be a positive integer" >&2; exit 2 ;; esac
IFS=, read -r -a NS <<<"$PAGES"
for n in "${NS[@]}"; do
  case "$n" in ''|*[!0-9]*|0) echo "error: --pages wants numbers, got \`$n\`" >&2; exit 2 ;; esac
done
NMAX=$(printf '%s\n' "${NS[@]}" | sort -n | tail -1)

log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

mkdir -p "$WORK/logs" "$RESULTS"
TIMES="$WORK/times.tsv"     # label n rep seconds cpu_seconds maxrss_kb out_bytes out_files exit
NOTES="$WORK/notes.tsv"     # key n value
printf 'label\tn\trep\tseconds\tcpu_seconds\tmaxrss_kb\tout_bytes\tout_files\texit\n' >"$TIMES"
: >"$NOTES"
note() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$NOTES"; }
note load.start - "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- 1. peers
APT_UPDATED=0
apt_install() {
  [ "$APT_UPDATED" = 1 ] || { apt-get update -qq >&2; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
PAGEFIND="$BENCH/.tools/node_modules/.bin/pagefind"
need_mdbook=0
for n in "${NS[@]}"; do [ "$n" -le "$MDBOOK_MAX_PAGES" ] && need_mdbook=1; done
if [ "$SKIP_INSTALL" = 0 ]; then
  if [ ! -x /usr/bin/time ]; then log "installing GNU time (Debian)"; apt_install time; fi
  if ! have hugo; then log "installing Hugo (Debian)"; apt_install hugo; fi
  if [ ! -x "$PAGEFIND" ]; then
    log "installing Pagefind $PAGEFIND_VERSION (npm, into bench/.tools)"
    npm install --prefix "$BENCH/.tools" --no-fund --no-audit "pagefind@$PAGEFIND_VERSION" >&2
  fi
  if [ "$need_mdbook" = 1 ] && ! mdbook --version 2>/dev/null | grep -q "v$MDBOOK_VERSION"; then
    log "installing mdBook $MDBOOK_VERSION (cargo install; several minutes on 2 cores)"
    nice -n 10 cargo install mdbook --version "$MDBOOK_VERSION" --locked >&2
  fi
  if [ "$BROWSER" = 1 ]; then
    [ -x /usr/bin/chromium ] || { log "installing Chromium (Debian)"; apt_install chromium; }
    if [ ! -f "$BENCH/.tools/node_modules/playwright-core/package.json" ]; then
      log "installing playwright-core (npm, into bench/.tools; it uses /usr/bin/chromium)"
      npm install --prefix "$BENCH/.tools" --no-fund --no-audit "playwright-core@$PLAYWRIGHT_VERSION" >&2
    fi
  fi
fi
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
HAVE_HUGO=0; have hugo && HAVE_HUGO=1
HAVE_PAGEFIND=0; [ -x "$PAGEFIND" ] && HAVE_PAGEFIND=1
HAVE_MDBOOK=0; have mdbook && HAVE_MDBOOK=1
note version.hugo - "$( [ $HAVE_HUGO = 1 ] && hugo version | awk '{print $2}' || echo missing)"
note version.pagefind - "$( [ $HAVE_PAGEFIND = 1 ] && "$PAGEFIND" --version | awk '{print $2}' || echo missing)"
note version.mdbook - "$( [ $HAVE_MDBOOK = 1 ] && mdbook --version | awk '{print $2}' || echo missing)"

# ---------------------------------------------------------------- 2. drillbook
if [ -z "$DRILLBOOK_BIN" ]; then
  log "building drillbook (cargo build --release in $REPO)"
  if (cd "$REPO" && cargo build --release >"$WORK/logs/cargo-build.log" 2>&1); then
    DRILLBOOK_BIN="$REPO/target/release/drillbook"
  else
    log "cargo build --release failed: see $WORK/logs/cargo-build.log; drillbook rows will say n/a"
  fi
fi
note drillbook.bin - "${DRILLBOOK_BIN:-none}"
note git.commit - "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"

# ---------------------------------------------------------------- 3. corpora
GEN_HASH=$(cat "$BENCH/gen_corpus.py" "$BENCH/corpus_words.py" | sha256sum | cut -c1-16)
corpus() { # corpus N → path; regenerated only when N, seed or the generator changed
  local dir="$WORK/corpus-$1" stamp="$1 $SEED $GEN_HASH"
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    log "generating corpus N=$1 seed=$SEED"
    python3 "$BENCH/gen_corpus.py" --pages "$1" --seed "$SEED" --out "$dir" >&2
    echo "$stamp" >"$dir/.stamp"
  fi
  echo "$dir"
}

# ---------------------------------------------------------------- 4. timing
# measure LABEL N REP OUTDIR -- CMD...: wall time (date +%N), peak RSS (time -v),
# output size. OUTDIR is emptied first (not timed) unless LABEL is pagefind,
# which indexes the site Hugo just wrote, or drillbook-warm, which rebuilds
# over its previous output on purpose.
measure() {
  local label=$1 n=$2 rep=$3 out=$4; shift 5
  local logf="$WORK/logs/$label-$n-$rep.log" tf="$WORK/logs/time.txt" t0 t1 rc rss cpu bytes files
  case "$label" in pagefind|drillbook-warm) ;; *) rm -rf "$out" ;; esac
  sync
  t0=$(date +%s%N)
  set +e
  /usr/bin/time -v -o "$tf" "$@" >"$logf" 2>&1
  rc=$?
  set -e
  t1=$(date +%s%N)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
  cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$tf")
  if [ -d "$out" ]; then
    bytes=$(du -sb "$out" | cut -f1); files=$(find "$out" -type f | wc -l)
  else
    bytes=0; files=0
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$n" "$rep" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", (b - a) / 1e9}')" \
    "${cpu:-0}" "${rss:-0}" "$bytes" "$files" "$rc" >>"$TIMES"
  [ "$rc" = 0 ] || log "$label N=$n rep $rep exited $rc: see $logf"
  return 0
}

# Is the drillbook binary a working builder yet? One untimed build at the
# smallest N (doubles as a warm-up of the page cache).
HAVE_DB=0
NMIN=$(printf '%s\n' "${NS[@]}" | sort -n | head -1)
if [ -n "$DRILLBOOK_BIN" ] && [ -x "$DRILLBOOK_BIN" ]; then
  c=$(corpus "$NMIN")
  rm -rf "$WORK/site-drillbook-probe"
  if "$DRILLBOOK_BIN" build --root "$c/drillbook" --out "$WORK/site-drillbook-probe" \
       >"$WORK/logs/drillbook-probe.log" 2>&1 && [ -f "$WORK/site-drillbook-probe/index.html" ]; then
    HAVE_DB=1
  else
    log "drillbook build does not produce a site yet (see $WORK/logs/drillbook-probe.log); its rows say n/a"
    note drillbook.missing - "\`drillbook build\` gave no index.html in --out; its output: $(head -c 200 "$WORK/logs/drillbook-probe.log" | tr '\n\t' '  ' | grep . || echo none)"
  fi
fi

# The per-stage split comes from `--timings` when this drillbook has it.
TIMINGS=()
if [ "$HAVE_DB" = 1 ] && "$DRILLBOOK_BIN" build --help 2>/dev/null | grep -q -- '--timings'; then
  TIMINGS=(--timings)
fi

# warm N: a copy of the corpus built once (untimed, fills the build cache in
# .drillbook-cache/), then REPS times: append a sentence to one page and time
# the rebuild into the same output, which starts from that cache. Notes how
# many rebuilt pages carried their edit.
warm() {
  local n=$1 src dir out page ok=0
  src="$(corpus "$n")/drillbook"; dir="$WORK/warm-$n"; out="$WORK/site-drillbook-warm-$n"
  rm -rf "$dir" "$out"
  cp -r "$src" "$dir"
  # sed reads to the end: `head` would close the pipe early and, under
  # pipefail, sort's SIGPIPE would end the whole harness.
  page=$(find "$dir/content" -name '*.md' | sort | sed -n 1p)
  "$DRILLBOOK_BIN" build --root "$dir" --out "$out" >"$WORK/logs/drillbook-warm-$n-0.log" 2>&1 || return 0
  for rep in $(seq 1 "$REPS"); do
    printf '\nWarm edit number %s of the benchmark.\n' "$rep" >>"$page"
    measure drillbook-warm "$n" "$rep" "$out" -- \
      "$DRILLBOOK_BIN" build "${TIMINGS[@]}" --root "$dir" --out "$out"
    grep -rqs --include=index.html "Warm edit number $rep of" "$out" && ok=$((ok + 1))
  done
  note drillbook.warm_ok "$n" "$ok/$REPS"
}

for n in "${NS[@]}"; do
  c=$(corpus "$n")
  for rep in $(seq 1 "$REPS"); do
    log "N=$n rep $rep/$REPS"
    if [ "$HAVE_DB" = 1 ]; then
      # Cold means cold: no build cache from the run before (untimed, like
      # emptying the output). Each cold build still saves one, as a user's does.
      rm -rf "$c/drillbook/.drillbook-cache"
      measure drillbook "$n" "$rep" "$WORK/site-drillbook-$n" -- \
        "$DRILLBOOK_BIN" build "${TIMINGS[@]}" --root "$c/drillbook" --out "$WORK/site-drillbook-$n"
      rm -rf "$c/drillbook/.drillbook-cache"
      measure drillbook-1t "$n" "$rep" "$WORK/site-drillbook-1t-$n" -- \
        env RAYON_NUM_THREADS=1 "$DRILLBOOK_BIN" build --root "$c/drillbook" --out "$WORK/site-drillbook-1t-$n"
      rm -rf "$c/drillbook/.drillbook-cache"
      measure drillbook-2t "$n" "$rep" "$WORK/site-drillbook-2t-$n" -- \
        env RAYON_NUM_THREADS=2 "$DRILLBOOK_BIN" build --root "$c/drillbook" --out "$WORK/site-drillbook-2t-$n"
    fi
    if [ "$HAVE_HUGO" = 1 ]; then
      measure hugo "$n" "$rep" "$WORK/site-hugo-$n" -- \
        hugo --source "$c/hugo" --destination "$WORK/site-hugo-$n" --quiet
      if [ "$HAVE_PAGEFIND" = 1 ]; then
        measure pagefind "$n" "$rep" "$WORK/site-hugo-$n" -- "$PAGEFIND" --site "$WORK/site-hugo-$n"
      fi
    fi
    if [ "$HAVE_MDBOOK" = 1 ] && [ "$n" -le "$MDBOOK_MAX_PAGES" ]; then
      measure mdbook "$n" "$rep" "$WORK/site-mdbook-$n" -- \
        mdbook build "$c/mdbook" --dest-dir "$WORK/site-mdbook-$n"
    fi
  done
  if [ "$HAVE_DB" = 1 ]; then
    log "N=$n warm one-page rebuilds"
    warm "$n"
    note drillbook.summary "$n" "$( (grep -m1 -E 'Built [0-9]+ pages' "$WORK/logs/drillbook-$n-1.log" ||
      grep -m1 -i 'built' "$WORK/logs/drillbook-$n-1.log") | tr '\t' ' ' || true)"
    note drillbook.first_query "$n" "$(grep -m1 -i 'first query' "$WORK/logs/drillbook-$n-1.log" | tr '\t' ' ' || true)"
  fi
done

# ---------------------------------------------------------------- 5. serve, browser
SERVE_JSON="$WORK/serve-$NMAX.json"
rm -f "$SERVE_JSON"
if [ "$HAVE_DB" = 1 ]; then
  log "serve path at N=$NMAX"
  python3 "$BENCH/serve_latency.py" --bin "$DRILLBOOK_BIN" --root "$(corpus "$NMAX")/drillbook" \
    --work "$WORK/serve-$NMAX" --edits "$(( REPS < 5 ? 5 : REPS ))" >"$SERVE_JSON" 2>"$WORK/logs/serve.log" || true
fi

SEARCH_JSON="$WORK/search-$NMAX.json"
rm -f "$SEARCH_JSON"
if have node && [ -x /usr/bin/chromium ] && [ -f "$BENCH/.tools/node_modules/playwright-core/package.json" ]; then
  log "search latency in Chromium at N=$NMAX"
  args=()
  [ "$HAVE_DB" = 1 ] && args+=(--site "drillbook=$WORK/site-drillbook-$NMAX")
  [ "$HAVE_PAGEFIND" = 1 ] && args+=(--site "pagefind=$WORK/site-hugo-$NMAX")
  if [ ${#args[@]} -gt 0 ]; then
    timeout 900 node "$BENCH/search_latency.mjs" "${args[@]}" \
      >"$SEARCH_JSON" 2>"$WORK/logs/search.log" || true
  fi
else
  note search.missing - "needs node, /usr/bin/chromium and playwright-core: run with --browser"
fi

# ---------------------------------------------------------------- 6. report
note load.end - "$(cut -d' ' -f1-3 /proc/loadavg)"
stamp=$(date +%Y-%m-%d)
[ "$QUICK" = 1 ] && stamp="$stamp-quick"
python3 "$BENCH/report.py" --times "$TIMES" --notes "$NOTES" --serve "$SERVE_JSON" \
  --search "$SEARCH_JSON" --pages "$PAGES" --reps "$REPS" --seed "$SEED" \
  --quick "$QUICK" --logs "$WORK/logs" --out "$RESULTS/$stamp.md"
log "wrote $RESULTS/$stamp.md"
