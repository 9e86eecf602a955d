// Package collate aligns any number of readings of one page: printed
// lines into rows, words and punctuation into columns within each row,
// and proposes a consensus for every row with an agreement score and a
// status. Every reading can be rebuilt byte for byte from the alignment.
//
// The alignment is progressive, in the manner of ROVER and CollateX: the
// readings, taken in sorted order of their contributor ids, are aligned
// one after another against the columns built so far, each column being
// represented by its majority token. Pairwise diffs come from go-diff;
// where it reports a changed stretch, tokens are paired with columns by
// a small dynamic programme that favours similar spellings. Line breaks
// are tokens too, so readings that merge, split, skip or add lines are
// aligned by the same mechanism, and rows are cut where at least half of
// the readings break the line.
package collate

import (
	"slices"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Status says how far the readings of a row agree.
type Status string

const (
	// Unanimous: every reading has the same text (up to equivalences).
	Unanimous Status = "unanimous"
	// Majority: readings differ, but every column has a strict majority.
	Majority Status = "majority"
	// Disputed: some column is tied or has no strict majority.
	Disputed Status = "disputed"
	// Single: the page has one reading only.
	Single Status = "single"
)

// Reading is one contributor's text of the page.
type Reading struct {
	ID   string
	Text string
}

// Options tune the comparison.
type Options struct {
	// Equivalences maps a canonical form to variants that compare equal to
	// it, e.g. "'" to ["’"] or "—" to ["--"]. Readings keep their own text.
	Equivalences map[string][]string
}

// Alignment is the collation of one page.
type Alignment struct {
	Readings []string // contributor ids, sorted; cells are in this order
	Rows     []Row
}

// Row is one printed line across all readings.
type Row struct {
	Index int // 1-based
	// Cells holds, per reading, the exact bytes of that reading that fall
	// in this row (including its line break, when it has one here).
	Cells     []string
	Columns   []Column
	Consensus string
	Agreement float64
	Status    Status
	Variants  []Variant
}

// Column is one aligned position in a row.
type Column struct {
	// Tokens holds each reading's token as typed: "" for a gap, "\n" for a
	// line break.
	Tokens []string
	// Consensus is the chosen token as typed, "" when a gap won.
	Consensus string
	// Spaced says the chosen token follows white space.
	Spaced bool
	Votes  int  // readings that agree with the choice
	Tie    bool // another choice had as many votes
	Break  bool // a line-break column

	keys []string // comparison keys, "" for a gap
}

// Variant is one distinct text of a row and the readings that gave it.
type Variant struct {
	Text     string   // as the first of its readings typed it, without the line break
	Readings []string // contributor ids, sorted
	Missing  bool     // the readings have no text in this row
	Joined   bool     // the readings run on into the next row with no line break
}

// Collate aligns the readings of one page. Readings are taken in sorted
// order of their ids, so the result does not depend on the order given.
func Collate(readings []Reading, opts Options) *Alignment {
	rs := slices.Clone(readings)
	slices.SortFunc(rs, func(a, b Reading) int { return strings.Compare(a.ID, b.ID) })
	eq := newReplacer(opts.Equivalences)
	toks := make([][]token, len(rs))
	for i, r := range rs {
		toks[i] = tokenize(r.Text, eq)
	}
	cols := align(toks)
	a := &Alignment{Readings: make([]string, len(rs))}
	for i, r := range rs {
		a.Readings[i] = r.ID
	}
	a.Rows = buildRows(rs, toks, cols)
	return a
}

// Rebuild returns reading i's text from the alignment: its cells in row
// order. It equals the text given to Collate.
func (a *Alignment) Rebuild(i int) string {
	var b strings.Builder
	for _, r := range a.Rows {
		b.WriteString(r.Cells[i])
	}
	return b.String()
}

// column is a column under construction: per reading, a token index or
// -1, and the tally of keys placed so far.
type column struct {
	tok    []int32
	counts []keyCount // in order of first appearance
	rep    string     // majority key so far; ties go to the earliest reading
}

type keyCount struct {
	key string
	n   int
}

// place puts token t of reading r into the column and updates its tally.
func (c *column) place(r int, t int32, key string) {
	c.tok[r] = t
	for i := range c.counts {
		if c.counts[i].key == key {
			c.counts[i].n++
			c.updateRep()
			return
		}
	}
	c.counts = append(c.counts, keyCount{key, 1})
	c.updateRep()
}

func (c *column) updateRep() {
	best := 0
	for i, kc := range c.counts {
		if kc.n > c.counts[best].n {
			best = i
		}
	}
	c.rep = c.counts[best].key
}

// newDiffer returns go-diff set up for collation. The timeout is off: a
// deadline would make the alignment depend on the machine's speed (the
// default of one second turns a slow diff into one large delete and
// insert), and the size limits on readings bound the work.
func newDiffer() *diffmatchpatch.DiffMatchPatch {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	return dmp
}

// align builds the columns for all readings progressively.
func align(toks [][]token) []column {
	n := len(toks)
	if n == 0 {
		return nil
	}
	cols := make([]column, len(toks[0]))
	for j, t := range toks[0] {
		cols[j] = column{tok: newSlots(n)}
		cols[j].place(0, int32(j), t.key)
	}
	dmp := newDiffer()
	for r := 1; r < n; r++ {
		cols = alignOne(dmp, cols, toks, r)
	}
	return refine(cols, toks)
}

// refine repairs what progressive alignment gets wrong when a token could
// go in either of two columns (a doubled word, a word next to a gap): a
// token moves across gaps of its own reading to the column where most
// readings agree with it. Columns left empty are dropped. A few passes
// settle it; each move strictly raises agreement, so it terminates.
func refine(cols []column, toks [][]token) []column {
	agree := func(c column, r int, key string) int {
		k := 0
		for i, t := range c.tok {
			if i != r && t >= 0 && toks[i][t].key == key {
				k++
			}
		}
		return k
	}
	for pass := 0; pass < 4; pass++ {
		moved := false
		for j := range cols {
			for r, t := range cols[j].tok {
				if t < 0 {
					continue
				}
				key := toks[r][t].key
				best, bestN := j, agree(cols[j], r, key)
				for _, step := range []int{-1, 1} {
					for k := j + step; k >= 0 && k < len(cols) && cols[k].tok[r] < 0; k += step {
						if n := agree(cols[k], r, key); n > bestN {
							best, bestN = k, n
						}
					}
				}
				if best != j {
					cols[best].tok[r], cols[j].tok[r] = t, -1
					moved = true
				}
			}
		}
		if !moved {
			break
		}
	}
	out := cols[:0]
	for _, c := range cols {
		if slices.ContainsFunc(c.tok, func(t int32) bool { return t >= 0 }) {
			out = append(out, c)
		}
	}
	return out
}

func newSlots(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

// alignOne adds reading r to the columns.
func alignOne(dmp *diffmatchpatch.DiffMatchPatch, cols []column, toks [][]token, r int) []column {
	n := len(toks)
	reading := toks[r]
	var colText, readText strings.Builder
	for _, c := range cols {
		colText.WriteString(c.rep)
		colText.WriteByte('\n')
	}
	for _, t := range reading {
		readText.WriteString(t.key)
		readText.WriteByte('\n')
	}
	// Tokens become "lines", so go-diff's line mode diffs token sequences.
	ca, cb, _ := dmp.DiffLinesToRunes(colText.String(), readText.String())
	diffs := dmp.DiffMainRunes(ca, cb, false)

	out := make([]column, 0, len(cols)+len(reading)/8)
	ci, ti := 0, 0
	var delCols []column
	var insToks []int
	flush := func() {
		if len(delCols) == 0 && len(insToks) == 0 {
			return
		}
		out = append(out, pairBlock(delCols, insToks, reading, r, n)...)
		delCols, insToks = delCols[:0], insToks[:0]
	}
	for _, d := range diffs {
		k := len([]rune(d.Text))
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			if absorbBreak(delCols, insToks, reading, cols[ci], reading[ti]) {
				// Let the pairing choose which line break the equal one
				// matches, so that a stray or missing line before it becomes
				// a row of its own instead of shifting the break.
				delCols = append(delCols, cols[ci])
				insToks = append(insToks, ti)
				ci++
				ti++
				k--
			}
			flush()
			for range k {
				c := cols[ci]
				c.place(r, int32(ti), reading[ti].key)
				out = append(out, c)
				ci++
				ti++
			}
		case diffmatchpatch.DiffDelete:
			delCols = append(delCols, cols[ci:ci+k]...)
			ci += k
		case diffmatchpatch.DiffInsert:
			for range k {
				insToks = append(insToks, ti)
				ti++
			}
		}
	}
	flush()
	return out
}

// absorbBreak reports whether a changed stretch that holds a line break is
// followed by an equal line break: go-diff may match either of the two
// breaks, and the pairing, which prefers the earliest, should decide.
func absorbBreak(cs []column, ts []int, reading []token, next column, nextTok token) bool {
	if !nextTok.nl || next.rep != breakKey {
		return false
	}
	for _, c := range cs {
		if c.rep == breakKey {
			return true
		}
	}
	for _, t := range ts {
		if reading[t].nl {
			return true
		}
	}
	return false
}

// pairBlock places the tokens of a changed stretch of reading r into the
// columns of the same stretch, or into new columns, choosing the pairing
// that maximises similarity while keeping both orders.
func pairBlock(cs []column, ts []int, reading []token, r, n int) []column {
	a, b := len(cs), len(ts)
	out := make([]column, 0, a+b)
	newCol := func(t int) column {
		c := column{tok: newSlots(n)}
		c.place(r, int32(t), reading[t].key)
		return c
	}
	if a == 0 || b == 0 || a*b > maxPairCells {
		// Nothing to pair, or a stretch too long to pair by similarity:
		// keep the reading's tokens after the old columns, unpaired.
		out = append(out, cs...)
		for _, t := range ts {
			out = append(out, newCol(t))
		}
		return out
	}
	// score[i][j]: best total for cs[i:] and ts[j:].
	score := make([]float64, (a+1)*(b+1))
	at := func(i, j int) *float64 { return &score[i*(b+1)+j] }
	pair := func(i, j int) float64 {
		ck, tk := cs[i].rep, reading[ts[j]].key
		if (ck == breakKey) != (tk == breakKey) {
			return -1
		}
		return pairBonus + similarity(ck, tk)
	}
	for i := a; i >= 0; i-- {
		for j := b; j >= 0; j-- {
			best := 0.0
			if i < a {
				best = max(best, *at(i+1, j))
			}
			if j < b {
				best = max(best, *at(i, j+1))
			}
			if i < a && j < b {
				if p := pair(i, j); p > 0 {
					best = max(best, p+*at(i+1, j+1))
				}
			}
			*at(i, j) = best
		}
	}
	i, j := 0, 0
	for i < a || j < b {
		switch {
		case i < a && j < b && pair(i, j) > 0 && *at(i, j) == pair(i, j)+*at(i+1, j+1):
			c := cs[i]
			c.place(r, int32(ts[j]), reading[ts[j]].key)
			out = append(out, c)
			i++
			j++
		case i < a && *at(i, j) == *at(i+1, j):
			out = append(out, cs[i])
			i++
		default:
			out = append(out, newCol(ts[j]))
			j++
		}
	}
	return out
}

const (
	// pairBonus makes two tokens in the same place share a column (a
	// substitution) rather than stand in two columns, even when they are
	// spelled quite differently; similarity decides which pairs.
	pairBonus = 0.3
	// maxPairCells bounds the pairing programme of one changed stretch.
	maxPairCells = 1 << 16
)

// similarity is 1 minus the edit distance over runes divided by the
// longer length, ignoring the spacing mark: 1 for equal keys, 0 for
// nothing in common.
func similarity(a, b string) float64 {
	a, b = strings.TrimPrefix(a, " "), strings.TrimPrefix(b, " ")
	if a == b {
		return 1
	}
	ra, rb := []rune(a), []rune(b)
	m := max(len(ra), len(rb))
	if m == 0 {
		return 1
	}
	return 1 - float64(levenshtein(ra, rb))/float64(m)
}

func levenshtein[T comparable](a, b []T) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
