#!/usr/bin/env bash
# Benchmarks for issue 6 (SPEC section 9). Run from the crate root:
#
#     benches/run.sh            # council-year, check, read and io floors, pandas
#     NATIONAL=1 benches/run.sh # also the two national sets (2,400 files each; slow)
#
# Needs: hyperfine (apt-get install -y hyperfine), python3 with pandas and
# openpyxl (pip install pandas openpyxl) for the comparison, /usr/bin/time for
# peak memory. Generated data goes to target/bench/ (never into git).
# RUNS (default 5) and WARMUP (default 1) set hyperfine's repetitions.
# Wall-clock figures move with other work on the machine: the load is printed
# beside them; compare ratios taken in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null 2>&1 \
  || { echo "benches/run.sh needs hyperfine: apt-get install -y hyperfine (.ci/run installs it)" >&2; exit 2; }

RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
B=target/bench
mkdir -p "$B"

cargo build --release --bin ipr --example generate --example read_floor --example phases --example io_floor
IPR=$PWD/target/release/ipr
GEN=target/release/examples/generate
FLOOR=$PWD/target/release/examples/read_floor
IOFLOOR=$PWD/target/release/examples/io_floor

# The io floor writes as many History rows and forms as ipr did on the same
# inputs: read from examples/phases' lines "read N files (V values)" and
# "F forms in place".
io_args() {
  local v f
  v=$(sed -n 's/^read [0-9]* files (\([0-9]*\) values).*/\1/p' "$1" | head -1)
  f=$(sed -n 's/^\([0-9]*\) forms in place.*/\1/p' "$1" | head -1)
  echo "--rows ${v:-0} --forms ${f:-0}"
}

# Ratios of hyperfine's mean times in one run: ratio FILE.json "A" "B" prints A / B,
# in wall time and in CPU time (user + system). Under load, wall time counts
# waiting for a core; CPU time does not, but counts both of ipr's cores.
ratio() {
  python3 - "$@" <<'PY'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
a, b, say = sys.argv[2], sys.argv[3], sys.argv[4]
wall = lambda r: r["mean"]
cpu = lambda r: r["user"] + r["system"]
print(f"{say}: {wall(runs[a]) / wall(runs[b]):.2f} wall ({a} {wall(runs[a]):.3f} s, "
      f"{b} {wall(runs[b]):.3f} s); {cpu(runs[a]) / cpu(runs[b]):.2f} CPU "
      f"({cpu(runs[a]):.3f} s against {cpu(runs[b]):.3f} s)")
PY
}

echo "== machine"
echo "nproc: $(nproc); $(lscpu | grep 'Model name' | sed 's/  */ /g')"
uptime

# A council-year: 20 directorates x 12 months x 100 indicators.
[ -f "$B/council/ipr.toml" ] || $GEN --directorates 20 --months 12 --indicators 100 --seed 1 --out "$B/council"
C=$PWD/$B/council
ONE=$(ls "$C"/returns/2026-03/Adults-and-Health-2026-03.xlsx)

echo "== stages of a council-year consolidation (one run, in memory)"
target/release/examples/phases "$C/ipr.toml" | tee "$B/phases-council.txt"

# Each timed consolidation writes to a new folder, as a monthly run does (its
# forms have new names). Deleting the last run's 306 forms just before would
# time ext4 looking past the inodes it has just freed, which no user waits for.
OUTS=$PWD/$B/outs
rm -rf "$OUTS" && mkdir -p "$OUTS"

echo "== check one return; consolidate a council-year; read and io floors; pandas"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --ignore-failure --export-markdown "$B/council.md" \
  --export-json "$B/council.json" \
  -n "ipr check (one return)" "cd $C && $IPR check $ONE" \
  -n "read floor (calamine, council-year)" "$FLOOR $C/returns" \
  -n "io floor (council-year)" "$IOFLOOR $C/returns $B/io-council $(io_args "$B/phases-council.txt")" \
  -n "ipr consolidate (council-year)" "cd $C && $IPR consolidate --config ipr.toml --out \$(mktemp -d -p $OUTS)" \
  -n "pandas + openpyxl (council-year)" "python3 benches/pandas_consolidate.py $C/register.xlsx $C/returns 2026-03 $B/pandas.xlsx"
uptime
rm -rf "$OUTS"
J=$B/council.json
ratio "$J" "ipr consolidate (council-year)" "read floor (calamine, council-year)" "ipr / read floor"
ratio "$J" "ipr consolidate (council-year)" "io floor (council-year)" "ipr / io floor (issue 23: at most 0.6)"
ratio "$J" "pandas + openpyxl (council-year)" "ipr consolidate (council-year)" "pandas / ipr (issue 23: at least 30)"

echo "== a council-year with a pack for each of 6 committees, against without (issue 20: at most 1.6x)"
P=$PWD/$B/council-packs
[ -f "$P/ipr.toml" ] || python3 benches/packs_register.py "$C" "$P" 6
mkdir -p "$OUTS"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --ignore-failure --export-markdown "$B/packs.md" \
  -n "ipr consolidate (council-year)" "cd $C && $IPR consolidate --config ipr.toml --out \$(mktemp -d -p $OUTS)" \
  -n "ipr consolidate (council-year, 6 committee packs)" "cd $P && $IPR consolidate --config ipr.toml --out \$(mktemp -d -p $OUTS)"
uptime
rm -rf "$OUTS"

echo "== a council-year with everything on (issue 23): 300 actions, 400 budget lines, packs for 6 committees"
F=$PWD/$B/council-full
[ -f "$F/base/ipr.toml" ] || $GEN --directorates 20 --months 12 --indicators 100 --seed 1 --actions 300 --budget 400 --out "$F/base"
if [ ! -f "$F/packs/ipr.toml" ]; then
  python3 benches/packs_register.py "$F/base" "$F/packs" 6
  # The plan and budget stay beside the generated returns.
  sed -i "s#^action_plan = .*#action_plan = \"$F/base/plan.xlsx\"#; s#^budget = .*#budget = \"$F/base/budget.xlsx\"#" "$F/packs/ipr.toml"
fi
target/release/examples/phases "$F/packs/ipr.toml" | tee "$B/phases-full.txt"
mkdir -p "$OUTS"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --ignore-failure --export-json "$B/full.json" \
  -n "io floor (full shape)" "$IOFLOOR $F/base/returns $F/base/plan.xlsx $F/base/budget.xlsx $B/io-full $(io_args "$B/phases-full.txt")" \
  -n "ipr consolidate (full shape)" "cd $F/packs && $IPR consolidate --config ipr.toml --out \$(mktemp -d -p $OUTS)"
uptime
rm -rf "$OUTS"
ratio "$B/full.json" "ipr consolidate (full shape)" "io floor (full shape)" "ipr / io floor, full shape (issue 23: at most 0.75)"
(cd "$F/packs" && rm -rf output && /usr/bin/time -v "$IPR" consolidate --config ipr.toml >/dev/null) 2>&1 \
  | grep -E "Maximum resident|Elapsed" || true

echo "== peak memory, council-year"
(cd "$C" && rm -rf output && /usr/bin/time -v "$IPR" consolidate --config ipr.toml >/dev/null) 2>&1 \
  | grep -E "Maximum resident|Elapsed" || true
ls -l "$C"/returns/*/* | awk '{ if ($5 > max) max = $5 } END { print "largest input file: " max " bytes" }'

if [ "${NATIONAL:-0}" = 1 ]; then
  # Two national sets of 200 bodies x 12 months = 2,400 files: the first with
  # 50 indicators (10,000), the second (issue 23) with 100 (20,000). One run
  # each (they take seconds to minutes): time, peak memory and the io floor.
  for n in 50 100; do
    N=$PWD/$B/national; [ $n = 100 ] && N=$PWD/$B/national100
    [ -f "$N/ipr.toml" ] || $GEN --directorates 200 --months 12 --indicators $n --seed 2 --out "$N"
    echo "== national set, $n indicators"
    target/release/examples/phases "$N/ipr.toml" | tee "$B/phases-national$n.txt"
    $FLOOR "$N/returns"
    # shellcheck disable=SC2046 # io_args gives several words
    $IOFLOOR "$N/returns" "$B/io-national" $(io_args "$B/phases-national$n.txt")
    rm -rf "$B/io-national"
    (cd "$N" && rm -rf output && /usr/bin/time -v "$IPR" consolidate --config ipr.toml >/dev/null) 2>&1 \
      | grep -E "Maximum resident|Elapsed" || true
    uptime
  done
fi
rm -rf "$B/io-council" "$B/io-full"
