package gitrepo

// Tests of Merge3, the line-by-line merge of Land. Where git is
// installed, git's own merge (git merge-tree) is the oracle.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

func TestMerge3(t *testing.T) {
	const base = "one\ntwo\nthree\nfour\nfive\n"
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string // "" with ok false: a conflict
		ok                 bool
	}{
		{"nothing changed", base, base, base, base, true},
		{"ours only", base, "one\nTWO\nthree\nfour\nfive\n", base, "one\nTWO\nthree\nfour\nfive\n", true},
		{"theirs only", base, base, "one\ntwo\nthree\nFOUR\nfive\n", "one\ntwo\nthree\nFOUR\nfive\n", true},
		{"the same change", base, "one\nTWO\nthree\nfour\nfive\n", "one\nTWO\nthree\nfour\nfive\n", "one\nTWO\nthree\nfour\nfive\n", true},
		{"lines apart", base, "one\nTWO\nthree\nfour\nfive\n", base[:len(base)-5] + "FIVE\n", "one\nTWO\nthree\nfour\nFIVE\n", true},
		{"one unchanged line between", base, "ONE\ntwo\nthree\nfour\nfive\n", "one\ntwo\nTHREE\nfour\nfive\n", "ONE\ntwo\nTHREE\nfour\nfive\n", true},
		{"adjacent lines", base, "one\nTWO\nthree\nfour\nfive\n", "one\ntwo\nTHREE\nfour\nfive\n", "", false},
		{"the same line", base, "one\nTWO\nthree\nfour\nfive\n", "one\nZWEI\nthree\nfour\nfive\n", "", false},
		{"insertions at one place", base, "one\nA\ntwo\nthree\nfour\nfive\n", "one\nB\ntwo\nthree\nfour\nfive\n", "", false},
		{"the same insertion", base, "one\nA\ntwo\nthree\nfour\nfive\n", "one\nA\ntwo\nthree\nfour\nfive\n", "one\nA\ntwo\nthree\nfour\nfive\n", true},
		{"an insertion beside a change", base, "one\nA\ntwo\nthree\nfour\nfive\n", "one\nTWO\nthree\nfour\nfive\n", "", false},
		{"a deletion and a change apart", base, "one\nthree\nfour\nfive\n", "one\ntwo\nthree\nfour\nFIVE\n", "one\nthree\nfour\nFIVE\n", true},
		{"everything deleted, the other unchanged", base, "", base, "", true},
		{"everything deleted, the other changed", base, "", "one\nTWO\nthree\nfour\nfive\n", "", false},
		{"the final newline removed on one side", base, "one\ntwo\nthree\nfour\nfive", "ONE\ntwo\nthree\nfour\nfive\n", "ONE\ntwo\nthree\nfour\nfive", true},
		{"an empty base, two additions", "", "a\n", "b\n", "", false},
		{"an empty base, one addition", "", "a\n", "", "a\n", true},
		{"CRLF lines", "one\r\ntwo\r\nthree\r\n", "ONE\r\ntwo\r\nthree\r\n", "one\r\ntwo\r\nTHREE\r\n", "ONE\r\ntwo\r\nTHREE\r\n", true},
		{"decision slots", "1\n\n2\n\n3\n", "1\n\n2\t{rev}\n\n3\n", "1\n\n2\n\n3\t{rita}\n", "1\n\n2\t{rev}\n\n3\t{rita}\n", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Merge3([]byte(tc.base), []byte(tc.ours), []byte(tc.theirs))
			if ok != tc.ok || (ok && string(got) != tc.want) {
				t.Errorf("Merge3 = %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
			// The merge is symmetric.
			got2, ok2 := Merge3([]byte(tc.base), []byte(tc.theirs), []byte(tc.ours))
			if ok2 != ok || (ok && !bytes.Equal(got, got2)) {
				t.Errorf("Merge3 with the sides swapped = %q, %v; the other way %q, %v", got2, ok2, got, ok)
			}
		})
	}
}

// TestMerge3ManyLines merges texts with more distinct lines than the
// diff's rune encoding holds below the surrogates (0xD800 = 55296): a
// document's canonical.txt of a long book has that many.
func TestMerge3ManyLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines int
		ours  func(base string) string
		// theirs replaces the last line with last.
		last string
	}{
		{"a line changed at the top, another at the end", 56000, func(b string) string { return strings.Replace(b, "line 0\n", "LINE 0\n", 1) }, "LAST\n"},
		// No new line on either side: no index out of range, a wrong line.
		{"a late line copied to the top, the last deleted", 60000, func(b string) string { return "line 56000\n" + b }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for i := range tc.lines {
				fmt.Fprintf(&b, "line %d\n", i)
			}
			base := b.String()
			last := fmt.Sprintf("line %d\n", tc.lines-1)
			ours := tc.ours(base)
			theirs := strings.Replace(base, last, tc.last, 1)
			want := strings.Replace(ours, last, tc.last, 1)
			var got []byte
			var ok bool
			var crash any
			func() {
				defer func() { crash = recover() }()
				got, ok = Merge3([]byte(base), []byte(ours), []byte(theirs))
			}()
			// Merge3 once indexed its line table with the diff's runes,
			// which go-diff encodes skipping the surrogates from index 55296
			// on: it panicked, or merged wrongly.
			switch {
			case crash != nil:
				t.Fatalf("Merge3 panics on texts of %d distinct lines: %v", tc.lines, crash)
			case !ok || string(got) != want:
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("Merge3 of texts of %d distinct lines merges wrongly (ok %v): at byte %d got %q, want %q",
					tc.lines, ok, i, excerpt(got, i), excerpt([]byte(want), i))
			}
		})
	}
}

func excerpt(b []byte, i int) string {
	return string(b[i:min(len(b), i+30)])
}

// TestMerge3MatchesGit merges random small texts with Merge3 and with git
// (merge-ort, through git merge-tree) and compares: a merge both call
// clean must give the same text, or the gate judges a tree that is not the
// one the merge button makes.
func TestMerge3MatchesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := newLandRepo(t)
	rng := rand.New(rand.NewPCG(1, 2))
	randText := func() []string {
		n := rng.IntN(8)
		out := make([]string, n)
		for i := range out {
			out[i] = string("abcxy"[rng.IntN(5)]) + "\n"
		}
		return out
	}
	edit := func(lines []string) []string {
		out := slices.Clone(lines)
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(out) + 1)
			switch op := rng.IntN(3); {
			case op == 0 || len(out) == 0 || i == len(out):
				out = slices.Insert(out, i, string("abcxyz"[rng.IntN(6)])+"\n")
			case op == 1:
				out = slices.Delete(out, i, i+1)
			default:
				out[i] = string("abcxyz"[rng.IntN(6)]) + "\n"
			}
		}
		return out
	}
	var differ, falseConflict, missedConflict int
	const cases = 500
	for n := range cases {
		base := randText()
		ours, theirs := edit(base), edit(base)
		b, o, th := strings.Join(base, ""), strings.Join(ours, ""), strings.Join(theirs, "")
		got, ok := Merge3([]byte(b), []byte(o), []byte(th))
		gitGot, gitOK := r.gitMerge3(b, o, th, n)
		switch {
		case ok && gitOK && string(got) != gitGot:
			differ++
			if differ <= 5 {
				t.Errorf("base %q, ours %q, theirs %q: Merge3 %q, git %q", b, o, th, got, gitGot)
			}
		case ok && !gitOK:
			missedConflict++
			if missedConflict <= 3 {
				t.Logf("git conflicts, Merge3 merges: base %q, ours %q, theirs %q: Merge3 %q", b, o, th, got)
			}
		case !ok && gitOK:
			falseConflict++
			if falseConflict <= 3 {
				t.Logf("Merge3 conflicts, git merges: base %q, ours %q, theirs %q: git %q", b, o, th, gitGot)
			}
		}
	}
	t.Logf("%d merges: %d clean both ways but different, %d that git refuses and Merge3 merges, %d that Merge3 refuses and git merges",
		cases, differ, missedConflict, falseConflict)
}

// gitMerge3 merges three versions of one file with git merge-tree: the
// merged text, and whether it merged cleanly.
func (r *landRepo) gitMerge3(base, ours, theirs string, n int) (string, bool) {
	r.t.Helper()
	b := r.commit(files{"f": reg(base), "n": reg(fmt.Sprint(n))})
	o := r.commit(files{"f": reg(ours), "n": reg(fmt.Sprint(n))}, b)
	th := r.commit(files{"f": reg(theirs), "n": reg(fmt.Sprint(n))}, b)
	tree, conflicts, ok := gitMergeTree(r.t, r.dir, o, th)
	if !ok {
		r.t.Fatal("git merge-tree failed")
	}
	if len(conflicts) > 0 {
		return "", false
	}
	tr, err := r.g.TreeObject(plumbing.NewHash(tree))
	if err != nil {
		r.t.Fatal(err)
	}
	f, err := tr.File("f")
	if err != nil {
		return "", true // deleted
	}
	s, err := f.Contents()
	if err != nil {
		r.t.Fatal(err)
	}
	return s, true
}
