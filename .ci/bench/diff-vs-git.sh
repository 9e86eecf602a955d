#!/usr/bin/env bash
# Times `scribe diff PAGE A B` as a whole process beside
# `git diff --no-index --word-diff` on the same two reading files.
# Usage: .ci/bench/diff-vs-git.sh [RUNS]   (needs the git binary, for comparison only)
set -euo pipefail
runs=${1:-50}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/scribe" "$root/cmd/scribe"
cd "$work"
./scribe init proj >/dev/null
page=$root/transcriptions/tasks-of-the-working-class/002/readings/ocr.txt
echo "001 1-$(wc -l <"$page")" >map
./scribe -C proj import doc --title Doc --pages map "$page" >/dev/null
# A second reading: the OCR with a few dozen corrections.
sed -e 's/managets/managers/; s/possibilitie.s/possibilities/; s/t~e/the/; s/Therl</There/' \
    -e "s/ to' / to /g; s/ , / /g; s/\\.  *\\./. /; s/^ //" \
    proj/transcriptions/doc/001/readings/ocr.txt >proj/transcriptions/doc/001/readings/jane.txt
a=proj/transcriptions/doc/001/readings/ocr.txt
b=proj/transcriptions/doc/001/readings/jane.txt

timeit() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null || true; done
  end=$(date +%s%N)
  echo $(( (end - start) / runs / 1000 ))
}
s=$(timeit ./scribe -C proj diff doc/001 ocr jane)
g=$(timeit git diff --no-index --word-diff "$a" "$b")
echo "page: $(wc -l <"$a") lines, $(wc -c <"$a") bytes; $runs runs each"
echo "scribe diff (2 readings): ${s} µs per run"
echo "git diff --no-index --word-diff: ${g} µs per run"
awk -v s="$s" -v g="$g" 'BEGIN { printf "ratio scribe/git: %.2f\n", s / g }'
