#!/usr/bin/env bash
# Times `scribe submit` and `scribe log` as whole processes on a large
# repository (.ci/bench/genrepo.sh: 10,000 pages, 3 readings each, 30,001
# commits), beside the git binary doing the same work:
#   a. scribe submit doc-050/050 FILE --as c01, FILE a copy of c01's reading
#      with one word changed per run, so that every run commits;
#   b. the same change with git: write the file, then time
#      `git add PATH && git commit -q -m MSG`;
#   c. the ratio a/b;
#   d. scribe log doc-050/050, beside
#   e. git log --oneline -- transcriptions/doc-050/050;
#   f. the ratio d/e.
# Each is run RUNS times (default 15; a and b interleaved, d and e too), after
# one warm-up run, and reported as min and median in milliseconds; the ratios
# are of the medians. Peak memory (maximum resident set size) of one submit
# and of LOG_MEM runs of each log (default 3; the median) comes from
# /usr/bin/time -v.
# LOG_ONLY=1 skips a-c, so that the repository is not changed: every run then
# times the same log.
# COMMIT_GRAPH=0 removes git's commit-graph file from the repository first
# (git gc writes one; a fresh clone has none), to time the log without it.
# If `scribe log` is missing, the script rebuilds scribe once a minute for up
# to LOG_WAIT minutes (default 0) before skipping d.
#
# Usage: .ci/bench/submit-log.sh [DIR]
#   DIR  a repository made by genrepo.sh, reused (each run adds commits to
#        it); generated there if it does not exist. Without DIR, one is
#        generated in a temporary directory and removed at the end.
# Targets: submit <= 1 s and <= ~2x git add+commit; log <= 1 s and <= 1.5x
# git log.
set -euo pipefail

runs=${RUNS:-15}
log_only=${LOG_ONLY:-0}
log_mem=${LOG_MEM:-3}
log_wait=${LOG_WAIT:-0}
page=${PAGE:-doc-050/050}
id=c01
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== build"
(cd "$root" && go build -o "$tmp/scribe" ./cmd/scribe)
scribe=$tmp/scribe

if [ $# -ge 1 ]; then
  repo=$1
  if [ ! -d "$repo/.git" ]; then
    echo "== generate $repo"
    "$root/.ci/bench/genrepo.sh" "$repo"
  fi
else
  repo=$tmp/repo
  echo "== generate $repo"
  "$root/.ci/bench/genrepo.sh" "$repo"
fi
cd "$repo"
repo=$(pwd)
rel=transcriptions/$page/readings/$id.txt
[ -f "$rel" ] || { echo "$0: $repo has no $rel" >&2; exit 1; }
if [ "$log_only" != 1 ]; then
  # The volunteer's own clone: git knows them by the email project.toml has.
  git config user.name "Contributor 01"
  git config user.email "$id@example.org"
fi
if [ "${COMMIT_GRAPH:-1}" = 0 ]; then
  rm -rf .git/objects/info/commit-graph .git/objects/info/commit-graphs
fi
graph=absent
if [ -e .git/objects/info/commit-graph ] || [ -e .git/objects/info/commit-graphs ]; then graph=present; fi
echo "repository: $repo, $(git rev-list --count HEAD) commits, $(git ls-files | wc -l) files, .git $(du -sh .git | cut -f1), commit-graph $graph"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

now_ns() { date +%s%N; }
# stats FILE: "min X ms, median Y ms" of the nanosecond times in FILE.
stats() {
  sort -n "$1" | awk '{ t[NR] = $1 / 1e6 } END {
    m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "min %.1f ms, median %.1f ms (%d runs)\n", t[1], m, NR }'
}
median() {
  sort -n "$1" | awk '{ t[NR] = $1 } END { print NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}
orig=$tmp/orig.txt
git show "HEAD:$rel" >"$orig"
n=0
# edit FILE: c01's reading with one word replaced by a word never used before.
edit() {
  n=$((n + 1))
  awk -v n="$n" -v lines="$(wc -l <"$orig")" '
    NR == 1 + n % lines && NF > 0 { $(1 + n % NF) = "edit" n } { print }' "$orig" >"$1"
}

if [ "$log_only" != 1 ]; then
  echo "== a/b. submit ($page by $id) against git add + commit, interleaved"
  : >"$tmp/submit.ns"
  : >"$tmp/git.ns"
  submit_once() {
    local before after t0 t1
    edit "$tmp/reading.txt"
    before=$(git rev-parse HEAD)
    t0=$(now_ns)
    "$scribe" submit "$page" "$tmp/reading.txt" --as "$id" >"$tmp/submit.out"
    t1=$(now_ns)
    after=$(git rev-parse HEAD)
    if [ "$before" = "$after" ]; then
      echo "$0: scribe submit did not commit:" >&2; cat "$tmp/submit.out" >&2; exit 1
    fi
    echo $((t1 - t0))
  }
  git_once() {
    local t0 t1
    edit "$rel"
    t0=$(now_ns)
    git add "$rel"
    git commit -q -m "Update reading of $page by $id"
    t1=$(now_ns)
    echo $((t1 - t0))
  }
  submit_once >/dev/null # warm-up
  git_once >/dev/null
  cat "$tmp/submit.out"
  # What scribe committed is what git sees: the commit holds one path, and the
  # index and work tree are clean for it.
  submit_once >/dev/null
  git diff-tree --no-commit-id --name-only -r HEAD | grep -qx "$rel" || { echo "$0: the submit commit does not hold $rel" >&2; exit 1; }
  if [ "$(git diff-tree --no-commit-id --name-only -r HEAD | wc -l)" != 1 ]; then echo "$0: the submit commit holds more than one path" >&2; exit 1; fi
  git diff --quiet HEAD -- "$rel" || { echo "$0: after scribe submit, git sees $rel changed" >&2; exit 1; }
  for _ in $(seq "$runs"); do
    submit_once >>"$tmp/submit.ns"
    git_once >>"$tmp/git.ns"
  done
  echo "a. scribe submit $page FILE --as $id:  $(stats "$tmp/submit.ns")"
  echo "b. git add + git commit:                      $(stats "$tmp/git.ns")"
  awk -v s="$(median "$tmp/submit.ns")" -v g="$(median "$tmp/git.ns")" \
    'BEGIN { printf "c. ratio a/b (medians): %.2f\n", s / g }'
  echo "   git log of the page is now $(git rev-list --count HEAD -- "transcriptions/$page") commits; HEAD has $(git rev-list --count HEAD)"

else
  echo "== a-c. skipped (LOG_ONLY=1)"
fi

echo "== d. log"
if ! "$scribe" log --help >/dev/null 2>&1; then
  for minute in $(seq "$log_wait"); do
    echo "scribe log is not there yet; rebuilding in a minute ($minute/$log_wait)"
    sleep 60
    (cd "$root" && go build -o "$tmp/scribe" ./cmd/scribe) 2>/dev/null || continue
    if "$scribe" log --help >/dev/null 2>&1; then break; fi
  done
fi
have_log=false
if "$scribe" log --help >/dev/null 2>&1; then have_log=true; fi
# once CMD...: one run of CMD, stdout discarded; prints its time in ns.
once() {
  local t0 t1
  t0=$(now_ns)
  "$@" >/dev/null
  t1=$(now_ns)
  echo $((t1 - t0))
}
timeit() { # timeit OUT CMD...: RUNS times after one warm-up
  local out=$1
  shift
  "$@" >/dev/null
  : >"$out"
  for _ in $(seq "$runs"); do once "$@" >>"$out"; done
}
gitlog=(git log --oneline -- "transcriptions/$page")
if $have_log; then
  "$scribe" log "$page" >"$tmp/log.out"
  echo "scribe log $page: $(wc -l <"$tmp/log.out") lines of output; the first:"
  head -5 "$tmp/log.out"
  # Interleaved, so that both see the same load.
  base=${BASE:-}
  if [ -n "$base" ]; then
    "$base" log "$page" >"$tmp/base.out"
    if cmp -s "$tmp/base.out" "$tmp/log.out"; then echo "BASE's log is the same"; else echo "BASE's log differs"; fi
    "$base" log "$page" >/dev/null # warm-up
  fi
  "$scribe" log "$page" >/dev/null # warm-up
  "${gitlog[@]}" >/dev/null
  : >"$tmp/log.ns"
  : >"$tmp/base.ns"
  : >"$tmp/gitlog.ns"
  for _ in $(seq "$runs"); do
    if [ -n "$base" ]; then once "$base" log "$page" >>"$tmp/base.ns"; fi
    once "$scribe" log "$page" >>"$tmp/log.ns"
    once "${gitlog[@]}" >>"$tmp/gitlog.ns"
  done
  if [ -n "$base" ]; then
    echo "d0. BASE log $page:                       $(stats "$tmp/base.ns")"
    awk -v s="$(median "$tmp/base.ns")" -v g="$(median "$tmp/gitlog.ns")" \
      'BEGIN { printf "    ratio d0/e (medians): %.2f\n", s / g }'
  fi
  echo "d. scribe log $page:                      $(stats "$tmp/log.ns")"
  echo "e. git log --oneline -- transcriptions/$page: $(stats "$tmp/gitlog.ns")"
  awk -v s="$(median "$tmp/log.ns")" -v g="$(median "$tmp/gitlog.ns")" \
    'BEGIN { printf "f. ratio d/e (medians): %.2f\n", s / g }'
else
  echo "d. skipped: this scribe has no log verb (scribe log --help fails)"
  timeit "$tmp/gitlog.ns" "${gitlog[@]}"
  echo "e. git log --oneline -- transcriptions/$page: $(stats "$tmp/gitlog.ns")"
fi
timeit "$tmp/version.ns" "$scribe" version
echo "   scribe version (process start-up):         $(stats "$tmp/version.ns")"

echo "== peak memory (/usr/bin/time -v, maximum resident set size)"
if [ -x /usr/bin/time ]; then
  rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { printf "%.1f MB\n", $2 / 1024 }'; }
  # rss_median CMD...: the median of LOG_MEM runs.
  rss_median() {
    for _ in $(seq "$log_mem"); do rss "$@"; done | sort -n | awk '{ m[NR] = $1 } END {
      printf "%.1f MB (median of %d)\n", NR % 2 ? m[(NR + 1) / 2] : (m[NR / 2] + m[NR / 2 + 1]) / 2, NR }'
  }
  if [ "$log_only" != 1 ]; then
    edit "$tmp/reading.txt"
    echo "scribe submit: $(rss "$scribe" submit "$page" "$tmp/reading.txt" --as "$id")"
    edit "$rel"
    echo "git add:       $(rss git add "$rel")"
    echo "git commit:    $(rss git commit -q -m "Update reading of $page by $id")"
  fi
  if [ -n "${BASE:-}" ] && $have_log; then echo "BASE log:      $(rss_median "$BASE" log "$page")"; fi
  if $have_log; then echo "scribe log:    $(rss_median "$scribe" log "$page")"; fi
  echo "git log:       $(rss_median "${gitlog[@]}")"
else
  echo "skipped: /usr/bin/time is not installed (apt-get install time)"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
