#!/usr/bin/env bash
# Times `scribe check` as a whole process on a large project: 10,000 pages
# (100 documents of 100) x 5 readings (ocr, c01..c04) x 40 lines, made by
# `.ci/bench/genrepo.sh DIR 10000 5 40 SCRIBE` (50,001 reading commits and
# one commit of what `scribe build` writes: decisions and canonical texts).
#   a. full check, `scribe check`, on main's work tree: RUNS_FULL runs
#      (default 5) after one warm-up, min / median / max wall seconds; it
#      must exit 0 (no errors; the unsettled rows of noisy pages are
#      warnings), else the first errors are shown and the script fails;
#   b. pull-request mode: a branch bench-pr from main with one commit by
#      c01 changing one word of c01's reading of doc-050/050, then
#      `scribe check --base main --head HEAD --author c01-gh` (c01's forge
#      login): RUNS_PR runs
#      (default 15) after one warm-up, min / median in ms; it must exit 0
#      (the page's canonical text is then out of date: a warning);
#   c. peak memory (maximum resident set size) of each, and its user and
#      system CPU seconds, from /usr/bin/time -v.
# SCRIBE=PATH times that binary instead of building this checkout's (to
# compare a change); the environment passes through, so GOGC=400 or
# GOMEMLIMIT=100MiB apply to every scribe run. PAGE=DOC/PAGE changes the
# page of b (default doc-050/050; doc-050/001 in a small test project).
#
# Usage: .ci/bench/check.sh [DIR]
#   DIR  a repository made as above, reused (only the branch bench-pr is
#        rewritten; main and its work tree are left as they were); generated
#        there if it does not exist. Without DIR, one is generated in a
#        temporary directory and removed at the end. Generation takes 1-1.5
#        minutes on the 2-core CI machine (half of it scribe build).
# Anchors, in the same run: cat of every file under transcriptions/ and
# git status for a; git diff --stat main...HEAD for b.
# Targets: full check <= 5 s and <= 300 MB; pull-request check <= 0.5 s.
set -euo pipefail

runs_full=${RUNS_FULL:-5}
runs_pr=${RUNS_PR:-15}
pages=10000
readings=5
lines=40
page=${PAGE:-doc-050/050}
id=c01
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -n "${SCRIBE:-}" ]; then
  scribe=$(cd "$(dirname "$SCRIBE")" && pwd)/$(basename "$SCRIBE")
  echo "== using $scribe"
else
  echo "== build"
  (cd "$root" && go build -o "$tmp/scribe" ./cmd/scribe)
  scribe=$tmp/scribe
fi
"$scribe" version

if [ $# -ge 1 ]; then
  repo=$1
else
  repo=$tmp/repo
fi
if [ ! -d "$repo/.git" ]; then
  echo "== generate $repo"
  "$root/.ci/bench/genrepo.sh" "$repo" "$pages" "$readings" "$lines" "$scribe"
fi
cd "$repo"
repo=$(pwd)
rel=transcriptions/$page/readings/$id.txt
for f in "$rel" "transcriptions/$page/decisions.txt" "transcriptions/$page/canonical.txt" "transcriptions/${page%/*}/canonical.txt"; do
  git cat-file -e "main:$f" 2>/dev/null || {
    echo "$0: $repo has no $f on main: make it with $root/.ci/bench/genrepo.sh DIR $pages $readings $lines SCRIBE" >&2
    exit 1
  }
done
git checkout -q main
if [ -n "$(git status --porcelain)" ]; then
  echo "$0: the work tree of $repo is not clean; the full check would not check main" >&2
  git status --short | head >&2
  exit 1
fi
echo "repository: $repo, $(git rev-list --count main) commits on main, $(git ls-files | wc -l) files, .git $(du -sh .git | cut -f1)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; GOGC=${GOGC:-unset} GOMEMLIMIT=${GOMEMLIMIT:-unset}"

now_ns() { date +%s%N; }
# stats FILE UNIT: "min / median / max" of the nanosecond times in FILE, in
# seconds (s) or milliseconds (ms).
stats() {
  sort -n "$1" | awk -v unit="$2" '{ t[NR] = $1 / (unit == "s" ? 1e9 : 1e6) } END {
    m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    f = unit == "s" ? "%.2f" : "%.0f"
    printf "min " f " %s, median " f " %s, max " f " %s (%d runs)\n", t[1], unit, m, unit, t[NR], unit, NR }'
}
# run OUT CMD...: one run; its stdout to OUT; fails showing the first
# problems unless CMD exits 0.
run() {
  local out=$1 rc=0
  shift
  "$@" >"$out" 2>"$out.err" || rc=$?
  if [ "$rc" != 0 ]; then
    echo "$0: $* exited $rc; its first errors:" >&2
    grep -A1 ': error: ' "$out" | head -40 >&2 || true
    tail -3 "$out" >&2
    cat "$out.err" >&2
    exit 1
  fi
}
# timeit OUT RUNS CMD...: RUNS timed runs after one warm-up.
timeit() {
  local out=$1 n=$2 t0 t1
  shift 2
  run "$tmp/last.out" "$@"
  : >"$out"
  for _ in $(seq "$n"); do
    t0=$(now_ns)
    run "$tmp/last.out" "$@"
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$out"
  done
}
rss() { # rss CMD...: maximum resident set size and CPU seconds of one run
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '
    /User time/ { u = $2 } /System time/ { s = $2 } /Elapsed/ { e = $2 }
    /Maximum resident set size/ { m = $2 / 1024 }
    END { printf "%.1f MB (wall %s, user %.2f s, system %.2f s)\n", m, e, u, s }'
}

echo "== a. full check: scribe check"
t0=$(now_ns)
run "$tmp/full.out" "$scribe" check
t1=$(now_ns)
awk -v ns=$((t1 - t0)) 'BEGIN { printf "first run: %.2f s\n", ns / 1e9 }'
echo "output: $(grep -c ': warning: ' "$tmp/full.out") warnings by rule: $(grep -o ': warning: .*\[[a-z-]*\]$' "$tmp/full.out" | grep -o '\[[a-z-]*\]' | sort | uniq -c | tr -s ' \n' ' ')"
tail -1 "$tmp/full.out"
timeit "$tmp/full.ns" "$runs_full" "$scribe" check
echo "a. scribe check: $(stats "$tmp/full.ns" s)"
# The anchor: reading every file the check reads, and git's own scan.
catall() { git ls-files -z transcriptions | xargs -0 cat >/dev/null; }
timeit "$tmp/cat.ns" "$runs_full" catall
echo "   anchor, cat of every file under transcriptions/: $(stats "$tmp/cat.ns" s)"
timeit "$tmp/gitstatus.ns" "$runs_full" git status --porcelain
echo "   anchor, git status: $(stats "$tmp/gitstatus.ns" s)"

echo "== b. pull-request mode: one reading of $page changed by $id"
git checkout -q main
git checkout -q -B bench-pr main
# A line every reading agrees on (the generator neither merges nor splits
# lines, so row N is line N of every reading, and line N + 1 of an
# incomplete canonical text): changing it unsettles the row, so the change
# puts the page's canonical text out of date, a warning for the reviewers.
row=$(awk 'NR > 1 && !/^%%/ { print NR - 1; exit }' "transcriptions/$page/canonical.txt")
row=${row:-7}
awk -v row="$row" 'NR == row { $2 = "changedword" } { print }' "$rel" >"$tmp/reading.txt"
cp "$tmp/reading.txt" "$rel"
git add "$rel"
GIT_AUTHOR_DATE="$(($(git log -1 --format=%ct main) + 60)) +0000" GIT_COMMITTER_DATE="$(($(git log -1 --format=%ct main) + 60)) +0000" \
  git -c gc.auto=0 -c user.name="Contributor 01" -c user.email="$id@example.org" commit -q -m "Update reading of $page by $id"
git diff-tree --no-commit-id --name-only -r HEAD
pr=("$scribe" check --base main --head HEAD --author "$id-gh")
run "$tmp/pr.out" "${pr[@]}"
cat "$tmp/pr.out"
timeit "$tmp/pr.ns" "$runs_pr" "${pr[@]}"
echo "b. scribe check --base main --head HEAD --author $id-gh: $(stats "$tmp/pr.ns" ms)"
timeit "$tmp/gitdiff.ns" "$runs_pr" git diff --stat main...HEAD
echo "   anchor, git diff --stat main...HEAD: $(stats "$tmp/gitdiff.ns" ms)"
timeit "$tmp/version.ns" "$runs_pr" "$scribe" version
echo "   scribe version (process start-up): $(stats "$tmp/version.ns" ms)"

echo "== c. peak memory (/usr/bin/time -v, maximum resident set size)"
if [ -x /usr/bin/time ]; then
  echo "pull-request check: $(rss "${pr[@]}")"
  git checkout -q main
  echo "full check:         $(rss "$scribe" check)"
else
  git checkout -q main
  echo "skipped: /usr/bin/time is not installed (apt-get install time)"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
