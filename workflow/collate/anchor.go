package collate

import (
	"sort"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// op is one step of a diff between the columns and a reading: opEqual
// pairs n columns with n tokens, opDelete skips n columns, opInsert adds
// n tokens.
type op struct {
	kind diffmatchpatch.Operation
	n    int
}

// anchoredDiff diffs two token-id sequences. Tokens that occur exactly
// once in each sequence and keep their order (the longest such chain)
// are matched first, as patience diff does; go-diff then diffs the short
// stretches between these anchors. On a page where most words recur
// rarely this turns one large diff into many small ones, and it keeps a
// distant repeated word from being matched out of place.
func anchoredDiff(dmp *diffmatchpatch.DiffMatchPatch, a, b []rune) []op {
	type seen struct{ na, nb, pa, pb int32 }
	m := make(map[rune]seen, len(a))
	for i, x := range a {
		s := m[x]
		s.na++
		s.pa = int32(i)
		m[x] = s
	}
	for j, x := range b {
		s := m[x]
		s.nb++
		s.pb = int32(j)
		m[x] = s
	}
	// Unique pairs in the order of a, then the longest increasing run of
	// their positions in b.
	var pairs [][2]int32
	for i, x := range a {
		if s := m[x]; s.na == 1 && s.nb == 1 {
			pairs = append(pairs, [2]int32{int32(i), s.pb})
		}
	}
	anchors := longestIncreasing(pairs)

	var ops []op
	add := func(kind diffmatchpatch.Operation, n int) {
		if n == 0 {
			return
		}
		if k := len(ops); k > 0 && ops[k-1].kind == kind {
			ops[k-1].n += n
			return
		}
		ops = append(ops, op{kind, n})
	}
	gap := func(a, b []rune) {
		switch {
		case len(a) == 0:
			add(diffmatchpatch.DiffInsert, len(b))
		case len(b) == 0:
			add(diffmatchpatch.DiffDelete, len(a))
		default:
			for _, d := range dmp.DiffMainRunes(a, b, false) {
				add(d.Type, utf8.RuneCountInString(d.Text))
			}
		}
	}
	i, j := 0, 0
	for _, p := range anchors {
		gap(a[i:p[0]], b[j:p[1]])
		add(diffmatchpatch.DiffEqual, 1)
		i, j = int(p[0])+1, int(p[1])+1
	}
	gap(a[i:], b[j:])
	return ops
}

// longestIncreasing returns the longest chain of pairs whose second
// positions increase (the first already do), by patience sorting.
func longestIncreasing(pairs [][2]int32) [][2]int32 {
	if len(pairs) == 0 {
		return nil
	}
	tails := []int{}                // index of the pair ending the best chain of each length
	prev := make([]int, len(pairs)) // the pair before each pair in its chain
	for k, p := range pairs {
		l := sort.Search(len(tails), func(t int) bool { return pairs[tails[t]][1] >= p[1] })
		if l > 0 {
			prev[k] = tails[l-1]
		} else {
			prev[k] = -1
		}
		if l == len(tails) {
			tails = append(tails, k)
		} else {
			tails[l] = k
		}
	}
	out := make([][2]int32, len(tails))
	for k, t := len(tails)-1, tails[len(tails)-1]; k >= 0; k, t = k-1, prev[t] {
		out[k] = pairs[t]
	}
	return out
}
