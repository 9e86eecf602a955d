#!/usr/bin/env bash
# Generates a large scribe project, committed in a git repository, for
# benchmarks: transcriptions/project.toml, 100 documents doc-001..doc-100 (fewer if PAGES < 100)
# with PAGES pages spread evenly among them, and READINGS readings per page
# (contributors ocr, c01, c02, ...) of LINES lines of ~60 characters each.
#
# History is one commit per reading, authored by its contributor at a fixed,
# increasing date ("Add reading of doc-XXX/YYY by ID"): all OCR readings
# first, then c01's over every page, then c02's, and so on. It is written in
# one stream with `git fast-import`, then checked out and `git gc`-ed.
# The text is deterministic: a Park-Miller generator with a fixed seed makes
# a base text for each page, and each reading is a noisy copy of it (the OCR
# noisier than the volunteers).
#
# With SCRIBE, the path of a scribe binary, the project is then made valid
# for `scribe check`: `SCRIBE build` writes every page's decisions.txt (all
# slots empty) and canonical.txt and each document's canonical.txt, and they
# are committed in one more commit by Editor ("Build the canonical texts"),
# a minute after the last reading, before `git gc`. The readings are noisy,
# so most pages have rows on which they differ: those pages are incomplete
# and their canonical texts marked so, which `scribe check` reports as
# warnings (unsettled rows), not errors. With 5 readings per page (ocr and
# c01..c04, every one registered), `genrepo.sh DIR 10000 5 40 SCRIBE` is
# the project of .ci/bench/check.sh: 50,002 commits, 70,202 files.
#
# Usage: .ci/bench/genrepo.sh DIR [PAGES] [READINGS] [LINES] [SCRIBE]
#   (defaults 10000 3 40, and no build)
# DIR must not exist or be empty. Needs git and awk only (and SCRIBE when given).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 5 ]; then
  echo "usage: $0 DIR [PAGES] [READINGS] [LINES] [SCRIBE]" >&2
  exit 2
fi
dir=$1
pages=${2:-10000}
readings=${3:-3}
lines=${4:-40}
scribe=${5:-}
if [ -n "$scribe" ]; then
  case $scribe in /*) ;; *) scribe=$(pwd)/$scribe ;; esac
  [ -x "$scribe" ] || { echo "$0: $scribe is not an executable scribe binary" >&2; exit 2; }
fi
for n in "$pages" "$readings" "$lines"; do
  case $n in '' | *[!0-9]* | 0*) echo "$0: PAGES, READINGS and LINES must be positive integers" >&2; exit 2 ;; esac
done
if [ "$readings" -gt 100 ]; then
  echo "$0: at most 100 readings per page (ocr, c01..c99)" >&2
  exit 2
fi
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
  echo "$0: $dir exists and is not empty" >&2
  exit 1
fi

start=$(date +%s%N)
mkdir -p "$dir"
cd "$dir"
git init -q -b main .

export LC_ALL=C # awk's length() then counts bytes, as fast-import's `data N` wants
awk -v PAGES="$pages" -v READINGS="$readings" -v LINES="$lines" '
# Park-Miller minimal standard generator: exact in double arithmetic, so
# every awk gives the same sequence.
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function rint(n) { return int(rnd() * n) }
function blob(path, s) {
  printf "M 100644 inline %s\ndata %d\n%s\n", path, length(s), s
}
function commit(name, email, msg) {
  when += 60
  printf "commit refs/heads/main\nauthor %s <%s> %d +0000\ncommitter %s <%s> %d +0000\ndata %d\n%s\n", \
    name, email, when, name, email, when, length(msg), msg
}
function reader(r) { return r == 0 ? "ocr" : sprintf("c%02d", r) }
# A base page: LINES lines of words, ~60 characters each, with some
# sentence punctuation and capitals.
function basepage(   l, line, w, cap, text) {
  text = ""; cap = 1
  for (l = 0; l < LINES; l++) {
    line = ""
    while (length(line) < 56) {
      w = vocab[rint(NV)]
      if (cap) { w = toupper(substr(w, 1, 1)) substr(w, 2); cap = 0 }
      if (rnd() < 0.07) { w = w "."; cap = 1 } else if (rnd() < 0.06) w = w ","
      line = line == "" ? w : line " " w
    }
    text = text line "\n"
  }
  return text
}
# A reading: the base page with, on some lines, one letter changed.
function noisy(base, p,   n, i, out, line, pos, arr) {
  n = split(base, arr, "\n")
  out = ""
  for (i = 1; i < n; i++) {
    line = arr[i]
    if (rnd() < p) {
      pos = 1 + rint(length(line))
      line = substr(line, 1, pos - 1) substr(LETTERS, 1 + rint(26), 1) substr(line, pos + 1)
    }
    out = out line "\n"
  }
  return out
}
BEGIN {
  seed = 42
  LETTERS = "abcdefghijklmnopqrstuvwxyz"
  split("b c d f g h k l m n p r s t v w br ch cl dr fr gr pl sh st th tr", C, " "); NC = 27
  split("a e i o u ea ou ai io", V, " "); NV_ = 9
  split("n r s t l m nd st rd ng", F, " "); NF_ = 10
  NV = 2000
  for (i = 0; i < NV; i++) {
    w = ""; k = 1 + rint(3)
    for (j = 0; j < k; j++) w = w C[1 + rint(NC)] V[1 + rint(NV_)]
    if (rnd() < 0.5) w = w F[1 + rint(NF_)]
    vocab[i] = w
  }
  ndocs = PAGES < 100 ? PAGES : 100
  per = int(PAGES / ndocs); extra = PAGES % ndocs
  width = length(per + (extra > 0)); if (width < 3) width = 3
  np = 0
  for (d = 1; d <= ndocs; d++) {
    doc = sprintf("doc-%03d", d)
    count[d] = per + (d <= extra)
    for (p = 1; p <= count[d]; p++) { np++; pdoc[np] = doc; pid[np] = sprintf("%0" width "d", p) }
  }
  when = 1600000000 # 2020-09-13, a minute per commit onwards

  # The project: policy, equivalences, people; and the documents.
  proj = "# scribe project file: who does what, and the rules by which pages are settled.\n" \
    "# Generated by .ci/bench/genrepo.sh for benchmarks.\n\nname = \"Benchmark project\"\n\n" \
    "[policy]\nreadings_required = 2\naccept_unanimous = true\nfour_eyes = true\nopen_contributions = false\n\n" \
    "[equivalences]\n\"\047\" = [\"’\", \"‘\"]\n\"\\\"\" = [\"“\", \"”\"]\n\"—\" = [\"--\"]\n\n" \
    "[people.editor]\nrole = \"maintainer\"\nname = \"Editor\"\nemail = \"editor@example.org\"\n"
  for (r = 1; r < READINGS; r++)
    proj = proj sprintf("\n[people.%s]\nrole = \"%s\"\nname = \"Contributor %02d\"\nemail = \"%s@example.org\"\nlogin = \"%s-gh\"\n", \
      reader(r), r == 1 ? "reviewer" : "contributor", r, reader(r), reader(r))
  commit("Editor", "editor@example.org", "Create the project and its documents\n")
  blob("transcriptions/project.toml", proj)
  blob("transcriptions/CONVENTIONS.md", "# Transcription conventions\n\nType what the page says, line by line.\n")
  for (d = 1; d <= ndocs; d++) {
    doc = sprintf("doc-%03d", d)
    t = sprintf("title = \"Document %d\"\nlanguage = \"en\"\n", d)
    for (p = 1; p <= count[d]; p++) t = t sprintf("\n[[pages]]\nid = \"%0" width "d\"\n", p)
    blob("transcriptions/" doc "/document.toml", t)
  }
  print ""

  for (r = 0; r < READINGS; r++) {
    id = reader(r)
    if (r == 0) { name = "ocr"; email = "ocr@contributors.invalid"; p = 0.6 }
    else { name = sprintf("Contributor %02d", r); email = id "@example.org"; p = 0.08 }
    for (i = 1; i <= np; i++) {
      if (r == 0) base[i] = basepage()
      commit(name, email, "Add reading of " pdoc[i] "/" pid[i] " by " id "\n")
      blob("transcriptions/" pdoc[i] "/" pid[i] "/readings/" id ".txt", noisy(base[i], p))
      print ""
    }
  }
}' | git fast-import --quiet
git reset -q --hard main
if [ -n "$scribe" ]; then
  built=$(date +%s%N)
  "$scribe" build >/dev/null
  when=$(($(git log -1 --format=%ct) + 60))
  git add -A transcriptions
  GIT_AUTHOR_DATE="$when +0000" GIT_COMMITTER_DATE="$when +0000" \
    git -c gc.auto=0 -c user.name=Editor -c user.email=editor@example.org \
    commit -q -m "Build the canonical texts"
  awk -v ns=$(($(date +%s%N) - built)) 'BEGIN { printf "scribe build and its commit took %.1f s\n", ns / 1e9 }'
fi
git gc --quiet

end=$(date +%s%N)
commits=$(git rev-list --count HEAD)
files=$(git ls-files | wc -l)
echo "generated $dir: $pages pages in $(ls -d transcriptions/doc-* | wc -l) documents, $readings readings of $lines lines each"
echo "$commits commits, $files files"
awk -v ns=$((end - start)) 'BEGIN { printf "took %.1f s\n", ns / 1e9 }'
echo "size: $(du -sh . | cut -f1) (.git: $(du -sh .git | cut -f1))"
