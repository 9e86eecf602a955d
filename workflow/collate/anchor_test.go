package collate

import (
	"testing"
	"unicode/utf8"
)

// TestTrivialDiffIsGoDiff checks the short cut against go-diff on every
// pair of sequences of up to five elements over three symbols: where it
// answers, it answers as go-diff does.
func TestTrivialDiffIsGoDiff(t *testing.T) {
	var seqs [][]rune
	var grow func(s []rune)
	grow = func(s []rune) {
		if len(s) > 0 {
			seqs = append(seqs, s)
		}
		if len(s) == 5 {
			return
		}
		for _, r := range []rune{'a', 'b', 'c'} {
			grow(append(s[:len(s):len(s)], r))
		}
	}
	grow(nil)
	dmp := newDiffer()
	answered := 0
	for _, a := range seqs {
		for _, b := range seqs {
			e, ok := trivialDiff(a, b)
			if !ok {
				continue
			}
			answered++
			want := dmp.DiffMainRunes(a, b, false)
			same := len(want) == e.n
			for i := 0; same && i < e.n; i++ {
				same = want[i].Type == e.ops[i].kind && utf8.RuneCountInString(want[i].Text) == e.ops[i].n
			}
			if !same {
				t.Fatalf("%q against %q: %v, go-diff says %v", string(a), string(b), e.ops[:e.n], want)
			}
		}
	}
	if answered < len(seqs) {
		t.Errorf("the short cut answered only %d of %d pairs", answered, len(seqs)*len(seqs))
	}
}
