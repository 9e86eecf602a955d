package collate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestSharedLinesTokens checks that tokenising a page of many readings
// line by line, copying the tokens of lines met before, gives the tokens
// and key numbers that tokenising every reading whole gives, on texts
// with line breaks in awkward places: after an apostrophe or a hyphen,
// inside runs of marks, next to carriage returns, other white space,
// variants and invalid bytes.
func TestSharedLinesTokens(t *testing.T) {
	pieces := []string{
		"word", "don't", "don'", "pre-", "-", "--", "---", "...", ".", "’", "‘x’", "“q”",
		"\n", "\n", "\n", "\r\n", " ", "  ", "\t", "\u00a0", "\u2028", "ſ", "e\u0301", "\xff", "\xe2\x80",
		"12", "a’b", "a’", "x--y", "Ünï", "שָׁלוֹם", "\U0001F44D",
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 200 {
		var base []string
		for range 1 + rng.IntN(12) {
			var b strings.Builder
			for range rng.IntN(20) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			base = append(base, b.String())
		}
		rs := make([]Reading, sharedLines+rng.IntN(8))
		for i := range rs {
			// Readings made of the same lines, shuffled, so that lines recur.
			var b strings.Builder
			for range 1 + rng.IntN(6) {
				b.WriteString(base[rng.IntN(len(base))])
				if rng.IntN(3) > 0 {
					b.WriteByte('\n')
				}
			}
			rs[i] = Reading{ID: fmt.Sprint(i), Text: b.String()}
		}
		eq := newEquivalence(fuzzOptions.Equivalences)

		ws := new(workspace)
		toks, keys := ws.tokenizeAll(rs, eq)

		direct := new(workspace)
		direct.interner.reset(16)
		var kb strings.Builder
		for i, r := range rs {
			want := tokenize(r.Text, nil, &eq.tab)
			direct.number(r.Text, want, eq, &kb)
			if !slices.Equal(toks[i], want) {
				t.Fatalf("round %d, reading %q:\n got %v\nwant %v", round, r.Text, toks[i], want)
			}
		}
		if !slices.Equal(keys, direct.interner.keys) {
			t.Fatalf("round %d: keys %q, want %q", round, keys, direct.interner.keys)
		}
	}
}
