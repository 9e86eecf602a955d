package collate

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// rover is the textbook ROVER baseline, independent of the package's
// alignment: every reading's words are aligned to the first reading's
// (the pivot, the first in id order) by a word-level edit distance, and
// each position takes a majority vote.
//
// Words are white-space-separated tokens, with each line break a token
// "\n". Positions are the pivot's words and the gaps before, between and
// after them; a reading fills a pivot word's position with the word
// aligned to it or nothing, and a gap's position with the words it
// inserts there (as one sequence) or nothing. The vote is over exact
// tokens after mapping the typographic variants of opts to their
// canonical form, as the collation does; a tie goes to the value of the
// earliest reading in id order, and nothing can win. The words that win
// are joined with spaces, line-break tokens as line breaks.
func rover(readings []Reading, opts Options) string {
	rs := sortedReadings(readings)
	if len(rs) == 0 {
		return ""
	}
	norm := canonicalizer(opts)
	toks := make([][]string, len(rs))
	for i, r := range rs {
		toks[i] = roverTokens(norm.Replace(r.Text))
	}
	pivot := toks[0]
	// slots[2*k+1] is pivot word k; slots[2*k] the gap before it.
	slots := make([][]string, 2*len(pivot)+1) // per slot, each reading's value
	for i := range rs {
		vals := alignToPivot(pivot, toks[i])
		for s := range slots {
			slots[s] = append(slots[s], vals[s])
		}
	}
	var out []string
	for _, vals := range slots {
		if w := vote(vals); w != "" {
			out = append(out, strings.Split(w, "\x00")...)
		}
	}
	return joinTokens(out)
}

// sortedReadings returns the readings in id order.
func sortedReadings(readings []Reading) []Reading {
	rs := slices.Clone(readings)
	slices.SortStableFunc(rs, func(a, b Reading) int { return strings.Compare(a.ID, b.ID) })
	return rs
}

// canonicalizer replaces every variant in opts by its canonical form.
func canonicalizer(opts Options) *strings.Replacer {
	var pairs []string
	for _, canon := range slices.Sorted(maps.Keys(opts.Equivalences)) {
		for _, v := range opts.Equivalences[canon] {
			pairs = append(pairs, v, canon)
		}
	}
	return strings.NewReplacer(pairs...)
}

// roverTokens splits text into words and line-break tokens.
func roverTokens(text string) []string {
	var toks []string
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		toks = append(toks, strings.Fields(line)...)
		if i < len(lines)-1 {
			toks = append(toks, "\n")
		}
	}
	return toks
}

// joinTokens is the inverse of roverTokens up to white space.
func joinTokens(toks []string) string {
	var b strings.Builder
	lineStart := true
	for _, t := range toks {
		if t == "\n" {
			b.WriteByte('\n')
			lineStart = true
			continue
		}
		if !lineStart {
			b.WriteByte(' ')
		}
		b.WriteString(t)
		lineStart = false
	}
	return b.String()
}

// alignToPivot aligns words to pivot by the Levenshtein distance over
// tokens (unit costs) and returns the value of each slot: words[j] for
// the pivot word it is aligned with, the inserted words joined by "\x00"
// for a gap, "" for nothing.
func alignToPivot(pivot, words []string) []string {
	m, n := len(pivot), len(words)
	d := make([][]int, m+1)
	for i := range d {
		d[i] = make([]int, n+1)
		d[i][0] = i
	}
	for j := range n + 1 {
		d[0][j] = j
	}
	for i := 1; i <= m; i++ {
		for j := 1; j <= n; j++ {
			sub := 1
			if pivot[i-1] == words[j-1] {
				sub = 0
			}
			d[i][j] = min(d[i-1][j-1]+sub, d[i-1][j]+1, d[i][j-1]+1)
		}
	}
	slots := make([][]string, 2*m+1)
	// Walk back from the end, preferring a match or substitution, then a
	// deletion of the pivot word, then an insertion.
	for i, j := m, n; i > 0 || j > 0; {
		switch {
		case i > 0 && j > 0 && d[i][j] == d[i-1][j-1]+boolCost(pivot[i-1] != words[j-1]):
			slots[2*(i-1)+1] = []string{words[j-1]}
			i, j = i-1, j-1
		case i > 0 && d[i][j] == d[i-1][j]+1:
			i--
		default:
			s := 2 * i // the gap before pivot word i
			slots[s] = append([]string{words[j-1]}, slots[s]...)
			j--
		}
	}
	vals := make([]string, len(slots))
	for s, ws := range slots {
		vals[s] = strings.Join(ws, "\x00")
	}
	return vals
}

func boolCost(b bool) int {
	if b {
		return 1
	}
	return 0
}

// vote returns the value most readings gave; a tie goes to the earliest.
func vote(vals []string) string {
	count := map[string]int{}
	for _, v := range vals {
		count[v]++
	}
	best := vals[0]
	for _, v := range vals {
		if count[v] > count[best] {
			best = v
		}
	}
	return best
}

func TestRover(t *testing.T) {
	for _, c := range []struct {
		texts []string
		want  string
	}{
		{[]string{"a b c\n"}, "a b c\n"},
		{[]string{"a b c\n", "a x c\n", "a x c\n"}, "a x c\n"},
		// A word that only one reading inserts loses to the gap.
		{[]string{"a b c\n", "a b y c\n", "a b c\n"}, "a b c\n"},
		// An insertion that two of three readings make wins.
		{[]string{"a c\n", "a b c\n", "a b c\n"}, "a b c\n"},
		// A tie goes to the earliest reading.
		{[]string{"a b\n", "a x\n"}, "a b\n"},
		// Line breaks are tokens; variants compare as their canonical form.
		{[]string{"one two\nthree’s\n", "one\ntwo\nthree's\n", "one two\nthree's\n"}, "one two\nthree's\n"},
	} {
		var rs []Reading
		for i, text := range c.texts {
			rs = append(rs, Reading{ID: string(rune('a' + i)), Text: text})
		}
		if got := rover(rs, qualityOptions); got != c.want {
			t.Errorf("rover(%q) = %q, want %q", c.texts, got, c.want)
		}
	}
}
