#!/usr/bin/env bash
# Times scribe's whole-project verbs side by side with their anchors, in one
# run, on a large project made by `.ci/bench/genrepo.sh DIR 10000 5 40 SCRIBE`
# (10,000 pages x 5 readings x 40 lines, canonical texts built):
#   check       `scribe check`            vs cat of every file under transcriptions/
#   status      `scribe status --json`    vs `scribe check` (target: <= check)
#   build, up to date  `scribe build`     vs `scribe check` (target: <= check)
#   build from scratch: the canonical files and decisions files removed,
#               `scribe build`            vs `git checkout` of the same files
# Each is RUNS runs (default 3) after one warm-up; the script prints the
# median wall seconds of each and the ratios. It works on a clone of DIR
# in a temporary directory, so DIR is never written.
# SCRIBE=PATH times that binary instead of building this checkout's.
#
# Usage: .ci/bench/project.sh DIR
set -euo pipefail

runs=${RUNS:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
src=$(cd "${1:?usage: $0 DIR (made by .ci/bench/genrepo.sh DIR 10000 5 40 SCRIBE)}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -n "${SCRIBE:-}" ]; then
  scribe=$(cd "$(dirname "$SCRIBE")" && pwd)/$(basename "$SCRIBE")
else
  (cd "$root" && go build -o "$tmp/scribe" ./cmd/scribe)
  scribe=$tmp/scribe
fi
"$scribe" version
git clone -q "$src" "$tmp/repo"
cd "$tmp/repo"
echo "repository: $(git ls-files | wc -l) files; load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

git ls-files -z 'transcriptions/*/canonical.*' 'transcriptions/*/*/canonical.*' 'transcriptions/*/*/decisions.txt' >"$tmp/built"
echo "built files: $(tr -cd '\0' <"$tmp/built" | wc -c)"

now_ns() { date +%s%N; }
median() { sort -n "$1" | awk '{ t[NR] = $1 / 1e9 } END { printf "%.2f", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
# timeit NAME PREPARE CMD...: RUNS timed runs of CMD after one warm-up,
# PREPARE (a shell function, or :) before each, untimed.
timeit() {
  local name=$1 prep=$2 t0 t1
  shift 2
  $prep
  "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  : >"$tmp/$name.ns"
  for _ in $(seq "$runs"); do
    $prep
    t0=$(now_ns)
    "$@" >/dev/null 2>"$tmp/err" || { echo "$0: $* failed" >&2; cat "$tmp/err" >&2; exit 1; }
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$tmp/$name.ns"
  done
  printf '%-22s %6s s   %s\n' "$name" "$(median "$tmp/$name.ns")" "$*"
}
ratio() { awk -v a="$(median "$tmp/$1.ns")" -v b="$(median "$tmp/$2.ns")" 'BEGIN { printf "%.2f", a / b }'; }

catall() { git ls-files -z transcriptions | xargs -0 cat >/dev/null; }
unbuild() { xargs -0 rm -f <"$tmp/built"; }
checkout() {
  git checkout -q -- ':(glob)transcriptions/*/canonical.*' ':(glob)transcriptions/*/*/canonical.*' ':(glob)transcriptions/*/*/decisions.txt'
}

timeit cat : catall
timeit check : "$scribe" check
timeit status : "$scribe" status --json
timeit build-up-to-date : "$scribe" build
timeit git-checkout unbuild checkout
timeit build-from-scratch unbuild "$scribe" build
if [ -n "$(git status --porcelain)" ]; then
  echo "$0: the build from scratch did not give back the committed files:" >&2
  git status --short | head >&2
  exit 1
fi

echo "check / cat:                    $(ratio check cat)   (target <= 2)"
echo "status / check:                 $(ratio status check)   (target <= 1)"
echo "build up to date / check:       $(ratio build-up-to-date check)   (target <= 1)"
echo "build from scratch / checkout:  $(ratio build-from-scratch git-checkout)   (target <= 2)"
