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
	"unicode/utf8"

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

// Basis says on what a row's consensus rests.
type Basis string

const (
	// BasisUnanimous: every reading that votes in the row agrees.
	BasisUnanimous Basis = "unanimous"
	// BasisMajority: every disputed token has a strict majority of the
	// voters, by count and by weight.
	BasisMajority Basis = "majority"
	// BasisReliability: some disputed stretch has no majority; the
	// proposal there is the text of the reading (or readings) that agree
	// most with the others, weighted by their reliability.
	BasisReliability Basis = "reliability"
	// BasisTie: as BasisReliability, but another text weighed as much;
	// the proposal is the one first in the order of the readings' texts.
	BasisTie Basis = "tie"
	// BasisUnconfirmed: one reading only votes in the row.
	BasisUnconfirmed Basis = "unconfirmed"
	// BasisSingle: the page has one reading.
	BasisSingle Basis = "single"
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
	// Evidence adds, per contributor id, what is known of their accuracy
	// from rows already settled.
	Evidence map[string]Evidence
	// Confidence, when set for a contributor id, gives the confidence (0
	// to 1) of that reading's text between two byte offsets, as an OCR
	// engine reports it per word; a token's vote is its reading's weight
	// times its confidence.
	Confidence map[string]func(start, end int) float64
}

// Alignment is the collation of one page.
type Alignment struct {
	Readings []string // contributor ids, sorted; cells are in this order
	// Reliability holds, per reading, its agreement with the others, its
	// weight, and whether it is an outlier.
	Reliability []Reliability
	Rows        []Row
}

// Outliers returns the ids of the readings that share too little with
// the others to vote.
func (a *Alignment) Outliers() []string {
	var out []string
	for i, r := range a.Reliability {
		if r.Outlier {
			out = append(out, a.Readings[i])
		}
	}
	return out
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
	// Status judges the row's words; Breaks judges its line breaks apart:
	// unanimous, majority (a minority breaks elsewhere) or disputed (the
	// readings are split evenly on a line break).
	Status Status
	Breaks Status
	Basis  Basis
	// Support lists the voters whose words in the row are the consensus.
	Support  []string
	Variants []Variant
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

// Collate aligns the readings of one page. Readings are aligned in an
// order of their texts (the longest first), never of their ids, so that
// renaming a reader changes nothing but the names; the result lists them
// in sorted order of their ids, and does not depend on the order given.
func Collate(readings []Reading, opts Options) *Alignment {
	rs := slices.Clone(readings)
	slices.SortFunc(rs, func(a, b Reading) int {
		if len(a.Text) != len(b.Text) {
			return len(b.Text) - len(a.Text)
		}
		if c := strings.Compare(a.Text, b.Text); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	ws := workspaces.Get().(*workspace)
	defer ws.release()
	toks, keys := ws.tokenizeAll(rs, newEquivalence(opts.Equivalences))
	cols := ws.align(toks, keys)
	lo, hi := ws.coverage(len(rs), cols)
	rel := ws.weigh(rs, cols, lo, hi, opts)
	rows := ws.buildRows(rs, toks, cols, lo, hi, rel, opts)
	return byID(rs, rel, rows)
}

// byID lists the readings of an alignment in sorted order of their ids
// (then texts).
func byID(rs []Reading, rel []Reliability, rows []Row) *Alignment {
	n := len(rs)
	perm := make([]int, n) // perm[k] is the reading listed k-th
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(x, y int) int {
		if c := strings.Compare(rs[x].ID, rs[y].ID); c != 0 {
			return c
		}
		return strings.Compare(rs[x].Text, rs[y].Text)
	})
	a := &Alignment{Readings: make([]string, n), Reliability: make([]Reliability, n), Rows: rows}
	for k, i := range perm {
		a.Readings[k], a.Reliability[k] = rs[i].ID, rel[i]
	}
	ordered := true
	for k, i := range perm {
		ordered = ordered && k == i
	}
	if ordered {
		return a
	}
	tmp := make([]string, n)
	reorder := func(s []string) {
		for k, i := range perm {
			tmp[k] = s[i]
		}
		copy(s, tmp)
	}
	for r := range rows {
		reorder(rows[r].Cells)
		for j := range rows[r].Columns {
			reorder(rows[r].Columns[j].Tokens)
			reorder(rows[r].Columns[j].keys)
		}
	}
	return a
}

// column is a column under construction. Its slots in the arena hold, per
// reading, a token index or -1 and that token's key number or -1; its
// tally of the token ids placed so far is a stretch of the arena's counts.
// A column holds no pointers, so that the many copies made while aligning
// cost the garbage collector nothing.
type column struct {
	off              int32 // the first of its slots
	cOff, cLen, cCap int32 // its tally, in order of first appearance
	rep              rune  // majority id so far; ties go to the earliest reading
	repNum           int32 // its key number
	repAt            int32 // its place in the tally
	brk              bool  // rep is a line break
}

type idCount struct {
	id rune
	n  int32
}

// arena holds the slots and tallies of the columns of one page.
type arena struct {
	n      int
	tok    []int32 // token index per column and reading, -1 for none
	num    []int32 // key number per column and reading, -1 for none
	counts []idCount
}

func (a *arena) reset(n int) {
	a.n, a.tok, a.num, a.counts = n, a.tok[:0], a.num[:0], a.counts[:0]
}

// toks returns the token slots of c.
func (a *arena) toks(c column) []int32 {
	return a.tok[c.off : int(c.off)+a.n : int(c.off)+a.n]
}

// nums returns the key-number slots of c.
func (a *arena) nums(c column) []int32 {
	return a.num[c.off : int(c.off)+a.n : int(c.off)+a.n]
}

func (a *arena) newColumn(r int, t int32, tk *token) column {
	off := len(a.tok)
	a.tok = slices.Grow(a.tok, a.n)[:off+a.n]
	a.num = slices.Grow(a.num, a.n)[:off+a.n]
	for i := off; i < off+a.n; i++ {
		a.tok[i], a.num[i] = -1, -1
	}
	cOff := len(a.counts)
	a.counts = append(a.counts, idCount{}, idCount{})
	c := column{off: int32(off), cOff: int32(cOff), cCap: 2}
	a.place(&c, r, t, tk)
	return c
}

// place puts token t of reading r into column c and updates its tally.
func (a *arena) place(c *column, r int, t int32, tk *token) {
	a.tok[int(c.off)+r], a.num[int(c.off)+r] = t, tk.num
	counts := a.counts[c.cOff : c.cOff+c.cLen]
	at := -1
	for i := range counts {
		if counts[i].id == tk.id {
			counts[i].n++
			at = i
			break
		}
	}
	if at < 0 {
		if c.cLen == c.cCap {
			// Move the tally to the end, with room to grow.
			off := int32(len(a.counts))
			a.counts = append(a.counts, counts...)
			a.counts = append(a.counts, make([]idCount, c.cCap)...)
			c.cOff, c.cCap = off, 2*c.cCap
		}
		at = int(c.cLen)
		a.counts[c.cOff+c.cLen] = idCount{tk.id, 1}
		c.cLen++
		counts = a.counts[c.cOff : c.cOff+c.cLen]
	}
	// The majority is the first id of the highest count. Only this id's
	// count has grown, so it takes over when it passes the majority's
	// count, or reaches it from earlier in the tally. (A new column's
	// first token is at the majority's place, 0.)
	if m, rn := counts[at].n, counts[c.repAt].n; at == int(c.repAt) || m > rn || m == rn && at < int(c.repAt) {
		c.rep, c.repNum, c.brk, c.repAt = tk.id, tk.num, tk.brk, int32(at)
	}
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

// align builds the columns for all readings progressively. keys are the
// key strings by number.
func (ws *workspace) align(toks [][]token, keys []string) []column {
	n := len(toks)
	if n == 0 {
		return nil
	}
	ar := &ws.arena
	ar.reset(n)
	cols := slices.Grow(ws.cols[:0], len(toks[0]))
	for j := range toks[0] {
		cols = append(cols, ar.newColumn(0, int32(j), &toks[0][j]))
	}
	d := &ws.differ
	if ws.repeats(toks) {
		// Only where a passage may repeat can a word look unique in two
		// readings in different places (see anchoredDiff).
		d.reset(len(keys), keys...)
	} else {
		d.reset(len(keys))
	}
	sc := &ws.scratch
	sc.keys = keys
	spare := ws.spare[:0]
	for r := 1; r < n; r++ {
		out := alignOne(d, ar, sc, spare[:0], cols, toks[r], r)
		cols, spare = out, cols
	}
	ws.cols, ws.spare = cols, spare
	return ws.refine(cols, toks, len(keys))
}

// refine repairs what progressive alignment gets wrong when a token could
// go in either of two columns (a doubled word, a word next to a gap): a
// token moves across gaps of its own reading to the column where most
// readings agree with it. Columns left empty are dropped. A few passes
// settle it; each move strictly raises agreement, so it terminates.
//
// Ties keep the token where it is, then go to the nearest column before
// it, then to the nearest after it. Only a column that holds the token's
// key can agree with it, so each key keeps the list of the columns that
// hold it, with how many readings do: finding the best column costs a
// look at that list near the token, not a count over every reading of
// every column in the gap.
func (ws *workspace) refine(cols []column, toks [][]token, nkeys int) []column {
	ar := &ws.arena
	n := len(toks)
	// pos[first[r]+t] is the column of token t of reading r.
	first := slices.Grow(ws.first[:0], n+1)[:n+1]
	first[0] = 0
	for r := range toks {
		first[r+1] = first[r] + len(toks[r])
	}
	pos := slices.Grow(ws.pos[:0], first[n])[:first[n]]
	// occ[start[k]:start[k+1]] are the columns that hold key k, in order.
	start := slices.Grow(ws.start[:0], nkeys+1)[:nkeys+1]
	clear(start)
	last := slices.Grow(ws.last[:0], nkeys)[:nkeys] // the last column seen holding key k, plus one
	clear(last)
	ws.first, ws.pos, ws.start, ws.last = first, pos, start, last
	for j, c := range cols {
		nums := ar.nums(c)
		for r, t := range ar.toks(c) {
			if t < 0 {
				continue
			}
			pos[first[r]+int(t)] = int32(j)
			if k := nums[r]; last[k] != int32(j+1) {
				last[k] = int32(j + 1)
				start[k+1]++
			}
		}
	}
	for k := range nkeys {
		start[k+1] += start[k]
	}
	occ := slices.Grow(ws.occ[:0], int(start[nkeys]))[:start[nkeys]]
	ws.occ = occ
	fill := last // reused: the next free place in each key's list
	copy(fill, start[:nkeys])
	for j, c := range cols {
		nums := ar.nums(c)
		for _, k := range nums {
			if k < 0 {
				continue
			}
			if f := fill[k]; f > start[k] && occ[f-1].col == int32(j) {
				occ[f-1].n++
				continue
			}
			occ[fill[k]] = holder{int32(j), 1}
			fill[k]++
		}
	}
	cur := fill // reused: per key, where the pass has got to in its list
	// A token's choice depends on the tallies of its key's columns and on
	// where its neighbours in its reading are. A column none of whose
	// tokens has seen either change since the column was last looked at
	// would keep all its tokens, so a pass skips it. clock counts the
	// moves; changed[j] is the clock of the last change that concerns
	// column j, seen[j] the clock when it was last looked at.
	changed := slices.Grow(ws.changed[:0], len(cols))[:len(cols)]
	seen := slices.Grow(ws.seen[:0], len(cols))[:len(cols)]
	ws.changed, ws.seen = changed, seen
	clear(changed)
	for j := range seen {
		seen[j] = -1
	}
	clock := int32(0)
	touch := func(j int32) { changed[j] = clock }
	moves := 0
	for pass := 0; pass < 4; pass++ {
		copy(cur, start[:nkeys])
		moved := false
		for j := range cols {
			if changed[j] <= seen[j] {
				continue
			}
			seen[j] = clock
			tok, nums := ar.toks(cols[j]), ar.nums(cols[j])
			for r, t := range tok {
				if t < 0 {
					continue
				}
				k := nums[r]
				lo, hi := start[k], start[k+1]
				at := cur[k]
				for occ[at].col < int32(j) {
					at++
				}
				cur[k] = at
				// The columns between the reading's previous and next tokens
				// are gaps of its own. (Most keys are in one column only, and
				// then there is nothing to look up.)
				best, bestN := at, occ[at].n-1
				if at > lo {
					before := int32(-1)
					if t > 0 {
						before = pos[first[r]+int(t)-1]
					}
					for o := at - 1; o >= lo && occ[o].col > before; o-- {
						if occ[o].n > bestN {
							best, bestN = o, occ[o].n
						}
					}
				}
				if at+1 < hi {
					after := int32(len(cols))
					if int(t)+1 < len(toks[r]) {
						after = pos[first[r]+int(t)+1]
					}
					for o := at + 1; o < hi && occ[o].col < after; o++ {
						if occ[o].n > bestN {
							best, bestN = o, occ[o].n
						}
					}
				}
				if best != at {
					to := cols[occ[best].col].off + int32(r)
					ar.tok[to], ar.num[to] = t, k
					tok[r], nums[r] = -1, -1
					occ[best].n++
					occ[at].n--
					pos[first[r]+int(t)] = occ[best].col
					moved = true
					moves++
					clock++
					for _, h := range occ[lo:hi] {
						touch(h.col)
					}
					if t > 0 {
						touch(pos[first[r]+int(t)-1])
					}
					if int(t)+1 < len(toks[r]) {
						touch(pos[first[r]+int(t)+1])
					}
				}
			}
		}
		if !moved {
			break
		}
	}
	if moves == 0 {
		return cols
	}
	out := cols[:0]
	for _, c := range cols {
		if slices.ContainsFunc(ar.toks(c), func(t int32) bool { return t >= 0 }) {
			out = append(out, c)
		}
	}
	return out
}

// holder is a column that holds a key, and how many readings there do.
type holder struct{ col, n int32 }

// alignOne adds reading r to the columns, appending the new columns to
// out, which must not share an array with cols.
func alignOne(d *differ, ar *arena, sc *scratch, out, cols []column, reading []token, r int) []column {
	colIDs, colNums := sc.colIDs[:0], sc.colNums[:0]
	for _, c := range cols {
		colIDs, colNums = append(colIDs, c.rep), append(colNums, c.repNum)
	}
	readIDs, readNums := sc.readIDs[:0], sc.readNums[:0]
	for _, t := range reading {
		readIDs, readNums = append(readIDs, t.id), append(readNums, t.num)
	}
	sc.colIDs, sc.colNums, sc.readIDs, sc.readNums = colIDs, colNums, readIDs, readNums
	diffs := d.anchoredDiff(colIDs, readIDs, colNums, readNums)

	ci, ti := 0, 0
	delCols, insToks := sc.delCols[:0], sc.insToks[:0]
	flush := func() {
		if len(delCols) == 0 && len(insToks) == 0 {
			return
		}
		out = pairBlock(out, ar, sc, delCols, insToks, reading, r)
		delCols, insToks = delCols[:0], insToks[:0]
	}
	for _, d := range diffs {
		k := d.n
		switch d.kind {
		case diffmatchpatch.DiffEqual:
			if absorbBreak(delCols, insToks, reading, cols[ci], &reading[ti]) {
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
				ar.place(&c, r, int32(ti), &reading[ti])
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
	sc.delCols, sc.insToks = delCols[:0], insToks[:0]
	return out
}

// absorbBreak reports whether a changed stretch that holds a line break is
// followed by an equal line break: go-diff may match either of the two
// breaks, and the pairing, which prefers the earliest, should decide.
func absorbBreak(cs []column, ts []int, reading []token, next column, nextTok *token) bool {
	if !nextTok.nl || !next.brk {
		return false
	}
	for _, c := range cs {
		if c.brk {
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

// scratch holds buffers reused across the readings and pairings of one
// page, and the key strings by number.
type scratch struct {
	keys              []string
	colIDs, readIDs   []rune
	colNums, readNums []int32
	delCols           []column
	insToks           []int
	olds, news        []column
	score             []float64
	ra, rb            []rune
	prev, curr        []int
}

// pairBlock places the tokens of a changed stretch of reading r into the
// columns of the same stretch, or into new columns, choosing the pairing
// that maximises similarity while keeping both orders. It appends to out.
func pairBlock(out []column, ar *arena, sc *scratch, cs []column, ts []int, reading []token, r int) []column {
	a, b := len(cs), len(ts)
	if a == 0 || b == 0 || a*b > maxPairCells {
		// Nothing to pair, or a stretch too long to pair by similarity:
		// keep the reading's tokens after the old columns, unpaired.
		out = append(out, cs...)
		for _, t := range ts {
			out = append(out, ar.newColumn(r, int32(t), &reading[t]))
		}
		return out
	}
	pair := func(i, j int) float64 {
		ck, tk := sc.keys[cs[i].repNum], sc.keys[reading[ts[j]].num]
		if (ck == breakKey) != (tk == breakKey) {
			return -1
		}
		if cs[i].rep == reading[ts[j]].id {
			return pairBonus + 1
		}
		sim := sc.similarity(ck, tk)
		if sim == 0 && !(isWordKey(ck) && isWordKey(tk)) && markClass(ck) != markClass(tk) {
			// A mark and a word, or marks of different kinds, have nothing
			// in common: "," may be a misread ".", but a stray "." is not
			// a misread "[".
			return -1
		}
		return pairBonus + sim
	}
	// score[i][j]: best total for cs[i:] and ts[j:]; pairs[i][j] caches pair(i, j).
	w := b + 1
	need := 2 * (a + 1) * w
	if cap(sc.score) < need {
		sc.score = make([]float64, need)
	}
	score, pairs := sc.score[:(a+1)*w], sc.score[(a+1)*w:need]
	for i := a; i >= 0; i-- {
		for j := b; j >= 0; j-- {
			best := 0.0
			if i < a {
				best = max(best, score[(i+1)*w+j])
			}
			if j < b {
				best = max(best, score[i*w+j+1])
			}
			if i < a && j < b {
				p := pair(i, j)
				pairs[i*w+j] = p
				if p > 0 {
					best = max(best, p+score[(i+1)*w+j+1])
				}
			}
			score[i*w+j] = best
		}
	}
	// Between two pairs, the columns' own tokens (olds) and the reading's
	// (news) go one run after the other; a run that ends a line goes first,
	// so that a stray line stays a line of its own instead of splitting the
	// other reading's line in two.
	olds, news := sc.olds[:0], sc.news[:0]
	gap := func() {
		if len(news) > 0 && news[len(news)-1].brk && !slices.ContainsFunc(olds, isBreakCol) {
			out = append(append(out, news...), olds...)
		} else {
			out = append(append(out, olds...), news...)
		}
		olds, news = olds[:0], news[:0]
	}
	i, j := 0, 0
	for i < a || j < b {
		switch {
		case i < a && j < b && pairs[i*w+j] > 0 && score[i*w+j] == pairs[i*w+j]+score[(i+1)*w+j+1]:
			gap()
			c := cs[i]
			ar.place(&c, r, int32(ts[j]), &reading[ts[j]])
			out = append(out, c)
			i++
			j++
		case i < a && score[i*w+j] == score[(i+1)*w+j]:
			olds = append(olds, cs[i])
			i++
		default:
			news = append(news, ar.newColumn(r, int32(ts[j]), &reading[ts[j]]))
			j++
		}
	}
	gap()
	sc.olds, sc.news = olds, news
	return out
}

func isBreakCol(c column) bool { return c.brk }

// markClass groups the marks that OCR and typists confuse with one
// another; a word, or a mark of no group, is its own class.
func markClass(k string) string {
	k = strings.TrimPrefix(k, " ")
	r, _ := utf8.DecodeRuneInString(k)
	for _, class := range []string{".,;:!?·", "'\"‘’“”`´", "-–—_~"} {
		if strings.ContainsRune(class, r) {
			return class
		}
	}
	return k
}

// isWordKey reports whether a token key is a word rather than a mark.
func isWordKey(k string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimPrefix(k, " "))
	return isWordRune(r)
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
func (sc *scratch) similarity(a, b string) float64 {
	a, b = strings.TrimPrefix(a, " "), strings.TrimPrefix(b, " ")
	if a == b {
		return 1
	}
	sc.ra, sc.rb = appendRunes(sc.ra[:0], a), appendRunes(sc.rb[:0], b)
	m := max(len(sc.ra), len(sc.rb))
	if m == 0 {
		return 1
	}
	return 1 - float64(sc.levenshtein(sc.ra, sc.rb))/float64(m)
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

func (sc *scratch) levenshtein(a, b []rune) int {
	if cap(sc.prev) < len(b)+1 {
		sc.prev, sc.curr = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur := sc.prev[:len(b)+1], sc.curr[:len(b)+1]
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

// repeatRun is how many tokens in a row must recur in one reading for
// the page to hold a repeated passage.
const repeatRun = 4

// repeats reports whether the first reading (the longest) has a run of
// repeatRun tokens (line breaks aside) twice: a repeated passage, which
// every full reading of the page has, or a phrase prose repeats now and
// then.
func (ws *workspace) repeats(toks [][]token) bool {
	set := &ws.runs
	for _, ts := range toks[:min(1, len(toks))] {
		set.reset(len(ts))
		var win [repeatRun]int32
		k := 0
		for _, t := range ts {
			if t.nl {
				continue
			}
			copy(win[:], win[1:])
			win[repeatRun-1] = t.num
			if k++; k < repeatRun {
				continue
			}
			h := uint64(14695981039346656037)
			for _, x := range win {
				h = (h ^ uint64(uint32(x))) * 1099511628211
			}
			if set.has(h) {
				return true
			}
			set.add(h)
		}
	}
	return false
}
