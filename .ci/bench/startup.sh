#!/usr/bin/env bash
# Times the start-up of scribe as a whole process: `scribe version` beside
# `git --version`, both run RUNS times (default 200) in the same run, in
# alternating blocks so that both see the same machine load. Prints, for
# each, the mean wall-clock time per run and the mean CPU time (user and
# system) per run, and the ratios scribe/git. On a busy machine the wall
# clock mostly measures the wait for a CPU; the CPU time is steadier.
# Usage: .ci/bench/startup.sh [RUNS]   (needs the git binary, for comparison only)
# Target: scribe version <= 2x git --version.
set -euo pipefail
runs=${1:-200}
blocks=10
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && go build -o "$work/scribe" ./cmd/scribe)
scribe=$work/scribe
git=$(command -v git)
"$scribe" version >/dev/null
"$git" --version >/dev/null

# block NAME N CMD... runs CMD N times and appends NAME and the wall-clock,
# user and system seconds the runs took to the log.
block() {
  local name=$1 n=$2
  shift 2
  local TIMEFORMAT="$name %R %U %S"
  { time (for ((i = 0; i < n; i++)); do "$@" >/dev/null; done); } 2>>"$work/log"
}

done=0
for ((b = 0; b < blocks; b++)); do
  n=$(((runs - done) / (blocks - b)))
  block scribe "$n" "$scribe" version
  block git "$n" "$git" --version
  done=$((done + n))
done
awk -v n="$runs" '
  { wall[$1] += $2; cpu[$1] += $3 + $4 }
  END {
    printf "%d runs each\n", n
    printf "scribe version: %6.0f µs per run (CPU %6.0f µs)\n", wall["scribe"] / n * 1e6, cpu["scribe"] / n * 1e6
    printf "git --version:  %6.0f µs per run (CPU %6.0f µs)\n", wall["git"] / n * 1e6, cpu["git"] / n * 1e6
    printf "ratio scribe/git: %.2f (CPU %.2f)\n", wall["scribe"] / wall["git"], cpu["scribe"] / cpu["git"]
  }' "$work/log"
