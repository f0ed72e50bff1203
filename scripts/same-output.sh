#!/usr/bin/env bash
# Proves that a change altered no output: builds BASE (a git revision, default
# HEAD~1) and the working tree, runs both on the same inputs, and compares every
# file they write byte for byte (the workbooks, the JSON, the remedial forms, the
# blank templates and `check --format json`).
#
#     scripts/same-output.sh            # against HEAD~1
#     scripts/same-output.sh f741fe1    # against a given revision
#     COUNCIL=0 scripts/same-output.sh  # samples only (skip the council-year)
#     BASE_BIN=DIR scripts/same-output.sh  # DIR holds a built ipr and generate of BASE
#     NEW_BIN=DIR ...                      # the same for the working tree (e.g. target/release)
#
# Inputs are the bundled samples and a generated council-year (20 directorates x
# 12 months x 100 indicators). Both builds read them at the same paths, since the
# workbook names its inputs. Exit 0 when every output BASE wrote is identical
# (files only the new build writes are listed as new outputs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BASE=${1:-HEAD~1}
W=$ROOT/target/same-output
mkdir -p "$W"

build() { # $1 = source dir, $2 = name
  (cd "$1" && CARGO_TARGET_DIR="$W/target-$2" cargo build --release -q --bin ipr --example generate)
}

mkdir -p "$W/target-base/release/examples"
if [ -n "${BASE_BIN:-}" ]; then
  cp "$BASE_BIN/ipr" "$W/target-base/release/ipr"
  cp "$BASE_BIN/generate" "$W/target-base/release/examples/generate"
else
  rm -rf "$W/base-src"
  git worktree remove --force "$W/base-src" 2>/dev/null || true
  git worktree add -q --detach "$W/base-src" "$BASE"
  echo "== building $BASE"
  build "$W/base-src" base
  git worktree remove --force "$W/base-src"
fi
mkdir -p "$W/target-new/release/examples"
if [ -n "${NEW_BIN:-}" ]; then
  cp "$NEW_BIN/ipr" "$W/target-new/release/ipr"
  cp "$NEW_BIN/examples/generate" "$W/target-new/release/examples/generate"
else
  echo "== building the working tree"
  build "$ROOT" new
fi

IN=$W/inputs
rm -rf "$IN" && mkdir -p "$IN"
cp -r samples "$IN/samples"
if [ "${COUNCIL:-1}" = 1 ]; then
  "$W/target-base/release/examples/generate" --directorates 20 --months 12 \
    --indicators 100 --seed 1 --out "$IN/council" >/dev/null
fi

run() { # $1 = build name; writes every output under $W/out-$1
  # Both builds write to the same path ($W/out), as outputs name the reports they read.
  local ipr=$W/target-$1/release/ipr o=$W/out
  rm -rf "$o" "$W/out-$1" && mkdir -p "$o"
  (cd "$IN/samples" && "$ipr" consolidate --config ipr.toml --period 2026-09 --out "$o/samples" >/dev/null || true)
  (cd "$IN/samples" && "$ipr" consolidate --config ipr.toml --period 2026-09 --out "$o/samples-actions" \
      --actions "$o/samples/remedial" >/dev/null || true)
  (cd "$IN/samples" && "$ipr" check --config ipr.toml --format json returns >"$o/check.json" || true)
  # The monthly cycle: September's run finds August's report and says what changed.
  (cd "$IN/samples" && "$ipr" consolidate --config ipr.toml --period 2026-08 --out "$o/monthly" >/dev/null || true)
  (cd "$IN/samples" && "$ipr" consolidate --config ipr.toml --period 2026-09 --out "$o/monthly" >/dev/null || true)
  (cd "$IN/samples" && "$ipr" template --config ipr.toml --period 2026-10 --history returns \
      --out "$o/templates" >/dev/null || true)
  if [ -d "$IN/council" ]; then
    (cd "$IN/council" && "$ipr" consolidate --config ipr.toml --out "$o/council" >/dev/null || true)
  fi
  mv "$o" "$W/out-$1"
}
run base
run new

# A file only the new build writes (a new kind of output) is listed, not a failure;
# a file that differs, or that the new build no longer writes, is.
report=$(diff -r -q "$W/out-base" "$W/out-new" || true)
added=$(printf '%s\n' "$report" | grep "^Only in $W/out-new" || true)
changed=$(printf '%s\n' "$report" | grep -v "^Only in $W/out-new" | grep . || true)
[ -z "$added" ] || printf 'new outputs (not in %s):\n%s\n' "$BASE" "$added"
if [ -z "$changed" ]; then
  echo "same output: every file $BASE wrote is identical ($(find "$W/out-base" -type f | wc -l) files)"
else
  printf '%s\n' "$changed" >&2
  echo "outputs differ from $BASE's (above)" >&2
  exit 1
fi
