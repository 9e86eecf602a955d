package collate

import (
	"math/rand/v2"
	"slices"
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

// TestCanonicalIsGoDiff checks on random pairs of sequences, over
// alphabets small enough for many shared and many one-sided elements,
// that go-diff gives the same counts for a question and its canonical
// form.
func TestCanonicalIsGoDiff(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dmp := newDiffer()
	var d differ
	d.reset(64)
	counts := func(a, b []rune) []op {
		var ops []op
		for _, x := range dmp.DiffMainRunes(a, b, false) {
			ops = append(ops, op{x.Type, utf8.RuneCountInString(x.Text)})
		}
		return ops
	}
	for range 20000 {
		alpha := 2 + rng.IntN(20)
		seq := func() ([]rune, []int32) {
			n := rng.IntN(25)
			rs, ns := make([]rune, n), make([]int32, n)
			for i := range rs {
				ns[i] = int32(rng.IntN(alpha))
				rs[i] = idRune(int(ns[i]) + 1)
			}
			return rs, ns
		}
		a, an := seq()
		b, bn := seq()
		ca, cb := d.canonical(an, bn)
		want, got := counts(a, b), counts(ca, cb)
		if !slices.Equal(want, got) {
			t.Fatalf("%v against %v: canonical form %v against %v gives %v, go-diff %v", an, bn, ca, cb, got, want)
		}
	}
	if slices.ContainsFunc(d.label, func(v int32) bool { return v != 0 }) {
		t.Error("labels left behind")
	}
}
