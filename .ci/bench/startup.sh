#!/usr/bin/env bash
# Times the start-up of scribe as a whole process: `scribe version` beside
# `git --version`, both run RUNS times (default 200) in the same run, in
# alternating blocks so that both see the same machine load. Prints the mean
# time per run of each and the ratio scribe/git.
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

# elapsed N CMD... runs CMD N times and prints the total in nanoseconds.
elapsed() {
  local n=$1 start end
  shift
  start=$(date +%s%N)
  for ((i = 0; i < n; i++)); do "$@" >/dev/null; done
  end=$(date +%s%N)
  echo $((end - start))
}

s=0 g=0 done=0
for ((b = 0; b < blocks; b++)); do
  n=$(((runs - done) / (blocks - b)))
  s=$((s + $(elapsed "$n" "$scribe" version)))
  g=$((g + $(elapsed "$n" "$git" --version)))
  done=$((done + n))
done
echo "$runs runs each"
awk -v s="$s" -v g="$g" -v n="$runs" 'BEGIN {
  printf "scribe version: %7.0f µs per run\n", s / n / 1000
  printf "git --version:  %7.0f µs per run\n", g / n / 1000
  printf "ratio scribe/git: %.2f\n", s / g
}'
