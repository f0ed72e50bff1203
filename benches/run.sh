#!/usr/bin/env bash
# Benchmarks for issue 6 (SPEC section 9). Run from the crate root:
#
#     benches/run.sh            # council-year, check, read floor, pandas
#     NATIONAL=1 benches/run.sh # also the national set (2,400 files; slow)
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

cargo build --release --bin ipr --example generate --example read_floor --example phases
IPR=$PWD/target/release/ipr
GEN=target/release/examples/generate
FLOOR=$PWD/target/release/examples/read_floor

echo "== machine"
echo "nproc: $(nproc); $(lscpu | grep 'Model name' | sed 's/  */ /g')"
uptime

# A council-year: 20 directorates x 12 months x 100 indicators.
[ -f "$B/council/ipr.toml" ] || $GEN --directorates 20 --months 12 --indicators 100 --seed 1 --out "$B/council"
C=$PWD/$B/council
ONE=$(ls "$C"/returns/2026-03/Adults-and-Health-2026-03.xlsx)

echo "== stages of a council-year consolidation (one run, in memory)"
target/release/examples/phases "$C/ipr.toml"

# Each timed consolidation writes to a new folder, as a monthly run does (its
# forms have new names). Deleting the last run's 306 forms just before would
# time ext4 looking past the inodes it has just freed, which no user waits for.
OUTS=$PWD/$B/outs
rm -rf "$OUTS" && mkdir -p "$OUTS"

echo "== check one return; consolidate a council-year; read floor; pandas"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --ignore-failure --export-markdown "$B/council.md" \
  -n "ipr check (one return)" "cd $C && $IPR check $ONE" \
  -n "read floor (calamine, council-year)" "$FLOOR $C/returns" \
  -n "ipr consolidate (council-year)" "cd $C && $IPR consolidate --config ipr.toml --out \$(mktemp -d -p $OUTS)" \
  -n "pandas + openpyxl (council-year)" "python3 benches/pandas_consolidate.py $C/register.xlsx $C/returns 2026-03 $B/pandas.xlsx"
uptime
rm -rf "$OUTS"

echo "== a council-year with a pack for each of 6 committees, against without (issue 20: at most 1.6x)"
P=$PWD/$B/council-packs
[ -f "$P/ipr.toml" ] || python3 benches/packs_register.py "$C" "$P" 6
mkdir -p "$OUTS"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-markdown "$B/packs.md" \
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
target/release/examples/phases "$F/packs/ipr.toml"
(cd "$F/packs" && rm -rf output && /usr/bin/time -v "$IPR" consolidate --config ipr.toml >/dev/null) 2>&1 \
  | grep -E "Maximum resident|Elapsed" || true

echo "== peak memory, council-year"
(cd "$C" && rm -rf output && /usr/bin/time -v "$IPR" consolidate --config ipr.toml >/dev/null) 2>&1 \
  | grep -E "Maximum resident|Elapsed" || true
ls -l "$C"/returns/*/* | awk '{ if ($5 > max) max = $5 } END { print "largest input file: " max " bytes" }'

if [ "${NATIONAL:-0}" = 1 ]; then
  # A national set: 200 bodies x 12 months x 50 indicators = 2,400 files.
  [ -f "$B/national/ipr.toml" ] || $GEN --directorates 200 --months 12 --indicators 50 --seed 2 --out "$B/national"
  N=$PWD/$B/national
  echo "== national set"
  target/release/examples/phases "$N/ipr.toml"
  $FLOOR "$N/returns"
  (cd "$N" && rm -rf output && /usr/bin/time -v "$IPR" consolidate --config ipr.toml >/dev/null) 2>&1 \
    | grep -E "Maximum resident|Elapsed" || true
  uptime
fi
