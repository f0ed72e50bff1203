#!/usr/bin/env bash
# Two builds of ipr, side by side on the same inputs, interleaved so that a
# change in the machine's load falls on both alike. Run from the crate root
# after benches/run.sh has generated its inputs under target/bench/:
#
#     benches/pair.sh OLD_IPR NEW_IPR [FOLDER...]
#
# FOLDER defaults to the council-year (target/bench/council) and its 6
# committee packs (target/bench/council-packs); each holds an ipr.toml. Every
# run writes to a new output folder, as a monthly run does. ROUNDS (default 10)
# sets the rounds. Prints the median wall time, CPU time (user + system) and
# peak memory of each build on each folder.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: benches/pair.sh OLD_IPR NEW_IPR [FOLDER...]" >&2; exit 2; }
OLD=$(realpath "$1"); NEW=$(realpath "$2"); shift 2
FOLDERS=("$@")
[ ${#FOLDERS[@]} -gt 0 ] || FOLDERS=(target/bench/council target/bench/council-packs)
ROUNDS=${ROUNDS:-10}
OUTS=$(mktemp -d -p "$PWD/target")
LOG=$OUTS/times.tsv
trap 'rm -rf "$OUTS"' EXIT
uptime
for _ in $(seq "$ROUNDS"); do
  for f in "${FOLDERS[@]}"; do
    for b in old new; do
      bin=$OLD; [ $b = new ] && bin=$NEW
      o=$(mktemp -d -p "$OUTS")
      # ipr exits 1 when the returns hold errors, as generated ones do.
      (cd "$f" && /usr/bin/time -f "$b $(basename "$f") %e %U %S %M" -a -o "$LOG" \
        "$bin" consolidate --config ipr.toml --out "$o" -q >/dev/null 2>&1) || true
      rm -rf "$o"
    done
  done
done
uptime
python3 - "$LOG" <<'PY'
import collections, statistics as st, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) != 6 or parts[0] not in ("old", "new"):
        continue  # /usr/bin/time's "Command exited with non-zero status 1"
    b, f, e, u, s, m = parts
    runs[(f, b)].append((float(e), float(u) + float(s), int(m) / 1024))
for (f, b), v in sorted(runs.items()):
    print(f"{f:20} {b}: wall {st.median(x[0] for x in v):.3f} s, "
          f"CPU {st.median(x[1] for x in v):.3f} s, peak {st.median(x[2] for x in v):.0f} MiB ({len(v)} runs)")
PY
