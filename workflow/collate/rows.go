package collate

import (
	"slices"
	"strings"
)

// buildRows cuts the columns into rows at the line breaks that a strict
// majority of the readings with text there share, cuts every reading's
// text at the same places, and settles each row.
//
// A reading has text at a line break when it breaks there, or runs on
// there in the middle of a line of its own; one that is at the start of
// a line of its own (the others have a line it lacks) or outside its
// text has no say. Outliers have no say either.
func (ws *workspace) buildRows(rs []Reading, toks [][]token, cols []column, lo, hi []int, rel []Reliability, opts Options) []Row {
	n := len(rs)
	ar := &ws.arena
	bounds := ws.bounds[:0] // index of the last column of each row
	state := slices.Grow(ws.brkState[:0], len(cols))[:len(cols)]
	clear(state)
	ws.brkState = state
	lastCol := make([]int, n)   // the last column holding a token of each reading
	prevWord := make([]bool, n) // the reading's last token so far is not a line break
	for i := range n {
		lastCol[i] = -1
	}
	for j, c := range cols {
		for i, t := range ar.toks(c) {
			if t >= 0 {
				lastCol[i] = j
			}
		}
	}
	for j, c := range cols {
		tok := ar.toks(c)
		if c.brk {
			breaks, say := 0, 0
			wBreaks, wSay := 0.0, 0.0
			for i, t := range tok {
				if rel[i].Outlier {
					continue
				}
				switch {
				case t >= 0:
					breaks++
					say++
					wBreaks += rel[i].pageWeight
					wSay += rel[i].pageWeight
				case prevWord[i] && lastCol[i] > j:
					say++
					wSay += rel[i].pageWeight
				}
			}
			switch {
			case breaks > 0 && 2*breaks > say:
				state[j] = breakCut
				bounds = append(bounds, j)
			case breaks > 0 && 2*wBreaks > wSay+1e-9:
				// No majority by count, but by weight: the more reliable
				// readings' line ends the row, and the row's line breaks
				// are disputed.
				state[j] = breakCutByWeight
				bounds = append(bounds, j)
			case breaks > 0 && 2*breaks == say:
				state[j] = breakTie
			case breaks > 0:
				state[j] = breakOutvoted
			}
		}
		for i, t := range tok {
			if t >= 0 {
				prevWord[i] = !toks[i][t].nl
			}
		}
	}
	defer func() { ws.bounds = bounds[:0] }()
	if len(cols) > 0 && (len(bounds) == 0 || bounds[len(bounds)-1] != len(cols)-1) {
		bounds = append(bounds, len(cols)-1) // a last line with no line break
	}
	if len(bounds) == 0 {
		for _, r := range rs {
			if r.Text != "" {
				// Only white space: one row, so that nothing is lost.
				bounds = append(bounds, -1)
				break
			}
		}
	}

	rows := make([]Row, len(bounds))
	// One block each for the rows' cells, columns and variants' readings,
	// and for the columns' tokens and keys.
	cells := make([]string, len(bounds)*n)
	columns := make([]Column, len(cols))
	ids := make([]string, 2*len(bounds)*n)
	strs := make([]string, 2*len(cols)*n)
	st := &ws.settler
	st.reset(rs, toks, ws.interner.keys, ar)
	st.lo, st.hi, st.rel, st.state = lo, hi, rel, state
	st.attested = ws.attested
	st.conf = st.conf[:0]
	for _, r := range rs {
		st.conf = append(st.conf, opts.Confidence[r.ID])
	}
	start := slices.Grow(ws.cut[:0], 2*n)[:2*n] // where each reading's next cell starts
	lastTok := start[n:]                        // the last token of each reading placed in a row
	start = start[:n]
	ws.cut = start
	for i := range n {
		start[i], lastTok[i] = 0, -1
	}
	first := 0
	for ri, end := range bounds {
		row := Row{Index: ri + 1, Cells: cells[ri*n : (ri+1)*n : (ri+1)*n]}
		for j := first; j <= end; j++ {
			for i, t := range ar.toks(cols[j]) {
				if t >= 0 {
					lastTok[i] = int(t)
				}
			}
		}
		last := ri == len(bounds)-1
		for i, r := range rs {
			cut := len(r.Text)
			if !last {
				if t := ar.tok[int(cols[end].off)+i]; t >= 0 {
					cut = int(toks[i][t].end)
				} else if next := lastTok[i] + 1; next < len(toks[i]) {
					// The reading runs on into the next row: the white space
					// between stays with this row.
					cut = int(toks[i][next].start)
				}
			}
			row.Cells[i] = r.Text[start[i]:cut]
			start[i] = cut
		}
		row.Columns = columns[first : end+1 : end+1]
		st.settle(&row, cols[first:end+1], first, strs[2*first*n:2*(end+1)*n], ids[2*ri*n:2*(ri+1)*n], last)
		rows[ri] = row
		first = end + 1
	}
	return rows
}

// The line-break columns: where a strict majority breaks (a row ends),
// where only the weight of the readings that break is a majority (a row
// ends, its line breaks disputed), a minority (outvoted) or exactly half
// (a tie).
const (
	breakNone uint8 = iota
	breakCut
	breakCutByWeight
	breakOutvoted
	breakTie
)

// isBreak reports whether the column with these token slots holds line
// breaks.
func isBreak(tok []int32, toks [][]token) bool {
	for i, t := range tok {
		if t >= 0 {
			return toks[i][t].nl
		}
	}
	return false
}

// votesOf counts the tokens in a column's token slots.
func votesOf(tok []int32) int {
	v := 0
	for _, t := range tok {
		if t >= 0 {
			v++
		}
	}
	return v
}

// settler holds what settling the rows of one page shares: the readings,
// their tokens, and buffers reused from row to row.
type settler struct {
	lo, hi    []int         // the columns each reading votes in
	rel       []Reliability // each reading's weight and outlier flag
	state     []uint8       // each line-break column's vote
	tbuf      []keyVotes    // the row's columns' tallies
	colw      []colVotes    // the row's columns' votes
	seqBuf    []int32
	simPrev   []float64
	simCur    []float64
	mute      []bool                         // the readings that abstain in the row
	attested  []bool                         // by key number: words two readings agree on somewhere on the page
	sc        scratch                        // for similarity
	conf      []func(start, end int) float64 // each reading's token confidence, or nil
	rs        []Reading
	toks      [][]token
	keys      []string // keys by number
	ar        *arena
	consensus strings.Builder // every row's consensus, one after another
	tally     []tally
	sig       []int32    // the readings' key numbers in a row, back to back
	spans     [][2]int32 // each reading's stretch of sig
	hash      []uint64   // each reading's hash of its stretch
	member    []int32    // each reading's variant group
	groups    []group
	byHash    map[uint64]int32 // first group with a hash, for many readings
	order     []int32          // the groups in the order of the variants
	block     []Variant        // a block the rows' variants are cut from
}

type tally struct {
	num int32  // key number, -1 for a gap (or an empty key)
	key string // "" for a gap
	n   int
}

type group struct {
	first int   // the first reading in it
	lead  int   // the reading first in order of ids
	n     int   // how many readings
	next  int32 // the next group with the same hash, or -1
	at    int   // where its readings go in the row's block
}

func (st *settler) reset(rs []Reading, toks [][]token, keys []string, ar *arena) {
	st.rs, st.toks, st.keys, st.ar = rs, toks, keys, ar
	longest := 0
	for _, r := range rs {
		longest = max(longest, len(r.Text))
	}
	st.consensus = strings.Builder{}
	st.consensus.Grow(longest + longest/8)
	st.block = nil
}

// release drops what refers to the page.
func (st *settler) release() {
	st.rs, st.toks, st.keys, st.ar = nil, nil, nil, nil
	st.lo, st.hi, st.rel, st.state = nil, nil, nil, nil
	clear(st.conf)
	st.consensus = strings.Builder{}
	clear(st.tally[:cap(st.tally)])
	clear(st.byHash)
	st.block = nil
}

// settle fills a row's columns, consensus, agreement, status and variants.
// base is the page's index of the row's first column; strs holds two
// strings per column and reading for the columns' tokens and keys; ids
// holds one string per reading for the variants' readings.
//
// Only the readings that vote in a column count there (see coverage and
// Reliability.Outlier). Where they all agree, that is the consensus.
// Between such columns, a disputed stretch takes, column by column, the
// token that a strict majority of the voters supports by count (two at
// least) and by weight; if some column of the stretch has no such
// majority, the stretch takes the text of the reading that agrees most
// with the others there, weighted: never a mixture of readings that no
// majority supports.
func (st *settler) settle(row *Row, cols []column, base int, strs, ids []string, last bool) {
	rs, toks := st.rs, st.toks
	n := len(rs)
	w := len(cols)
	st.abstain(cols, base)
	st.tbuf = st.tbuf[:0]
	st.colw = slices.Grow(st.colw[:0], w)[:w]
	votes := st.colw
	for j, c := range cols {
		tok := st.ar.toks(c)
		col := Column{Tokens: strs[2*j*n : (2*j+1)*n : (2*j+1)*n], keys: strs[(2*j+1)*n : (2*j+2)*n : (2*j+2)*n], Break: c.brk}
		for i, t := range tok {
			if t >= 0 {
				tk := &toks[i][t]
				col.Tokens[i] = rs[i].Text[tk.start:tk.end]
				col.keys[i] = st.keys[tk.num]
			}
		}
		row.Columns[j] = col
		votes[j] = st.tallyColumn(c, base+j)
	}
	// Stretches between agreed columns.
	disputed, tie := false, false
	for j := 0; j < w; {
		v := &votes[j]
		if v.skip() || v.agreed() {
			v.choice = v.best
			j++
			continue
		}
		k := j + 1
		for k < w && (votes[k].skip() || !votes[k].agreed()) {
			k++
		}
		allMajority := true
		for m := j; m < k; m++ {
			if !votes[m].skip() && !votes[m].majority {
				allMajority = false
			}
		}
		if allMajority {
			for m := j; m < k; m++ {
				votes[m].choice = votes[m].best
			}
		} else {
			disputed = true
			t, ok := st.pickRuns(cols[j:k], votes[j:k], base+j)
			if !ok {
				t, _ = st.pickStretch(cols[j:k], votes[j:k], base+j, nil)
			}
			tie = tie || t
		}
		j = k
	}
	// The consensus, agreement and the readings that support it.
	text := &st.consensus
	from := text.Len()
	sum, counted := 0.0, 0
	voters := 0
	support := ids[:0:n]
	for i := range n {
		voted, agrees := false, true
		for j, c := range cols {
			if votes[j].skip() || !st.votes(i, base+j) {
				continue
			}
			voted = true
			if st.ar.num[int(c.off)+i] != votes[j].choice {
				agrees = false
			}
		}
		if voted {
			voters++
			if agrees {
				support = append(support, rs[i].ID)
			}
		}
	}
	for j := range cols {
		v := &votes[j]
		col := &row.Columns[j]
		if v.skip() {
			continue
		}
		counted++
		sum += v.weightOf(v.choice) / v.total
		col.Votes = v.countOf(v.choice)
		for _, t := range v.tally {
			if t.num != v.choice && t.w >= v.weightOf(v.choice)-1e-9 {
				col.Tie = true
			}
		}
		if v.choice < 0 {
			continue
		}
		k := st.keys[v.choice]
		col.Spaced = strings.HasPrefix(k, " ")
		col.Consensus = strings.TrimPrefix(k, " ")
		if text.Len() > from && col.Spaced {
			text.WriteByte(' ')
		}
		text.WriteString(col.Consensus)
	}
	for j, c := range cols {
		if c.brk && (st.state[base+j] == breakCut || st.state[base+j] == breakCutByWeight) {
			row.Columns[j].Consensus = "\n"
			row.Columns[j].Votes = votesOf(st.ar.toks(c))
		}
	}
	row.Consensus = text.String()[from:]
	row.Agreement = 1
	if counted > 0 {
		row.Agreement = sum / float64(counted)
	}
	row.Breaks = st.breaks(cols, base, last)
	// The variants' ids come after the supporters' in ids.
	row.Support = support
	slices.Sort(row.Support)
	row.Variants = st.variants(row, cols, ids[n:], last)
	switch {
	case n == 1:
		row.Status, row.Basis = Single, BasisSingle
	case voters == 0 && !st.anyWords(cols):
		// No reading has a word here: a blank line, which the readings
		// with a say there all have, most have, or most lack.
		row.Status, row.Basis = st.blank(row, cols, base)
	case voters < 2:
		row.Status, row.Basis = Disputed, BasisUnconfirmed
	case disputed && tie:
		row.Status, row.Basis = Disputed, BasisTie
	case disputed:
		row.Status, row.Basis = Disputed, BasisReliability
	case row.Agreement < 1 || slices.Contains(st.mute, true):
		// A reading that lacks the row abstains, but the row is not
		// unanimous.
		row.Status, row.Basis = Majority, BasisMajority
	default:
		row.Status, row.Basis = Unanimous, BasisUnanimous
	}
}

// votes reports whether reading i votes in column j of the page, in the
// row being settled.
func (st *settler) votes(i, j int) bool {
	return !st.mute[i] && st.covers(i, j)
}

// covers reports whether reading i has a say in column j of the page:
// it is not an outlier and j is in its span.
func (st *settler) covers(i, j int) bool {
	return !st.rel[i].Outlier && st.lo[i] <= j && j <= st.hi[i]
}

// abstain decides who votes in the row whose columns are cols: a reading
// with no text in the row abstains, so that a line it skipped is not
// voted away; but when most of the readings with a say lack the row (two
// or more, a strict majority), or the row holds no letters at all, the
// row is a stray line and they all vote, against it.
func (st *settler) abstain(cols []column, base int) {
	n := len(st.rs)
	st.mute = slices.Grow(st.mute[:0], n)[:n]
	say, absent := 0, 0
	for i := range n {
		st.mute[i] = false
		covers := false
		for j, c := range cols {
			if !c.brk && st.covers(i, base+j) {
				covers = true
				break
			}
		}
		if !covers {
			continue
		}
		say++
		if !st.hasWords(i, cols, base) {
			absent++
			st.mute[i] = true
		}
	}
	if absent >= 2 && 2*absent > say || !st.anyLetters(cols) {
		clear(st.mute)
	}
}

// anyLetters reports whether some reading has a word of letters or
// digits among cols: a row of marks only (a speck, a stray quote) is no
// skipped line, and the readings without it vote against it.
func (st *settler) anyLetters(cols []column) bool {
	for _, c := range cols {
		if c.brk {
			continue
		}
		for _, k := range st.ar.nums(c) {
			if k >= 0 && isWordKey(st.keys[k]) {
				return true
			}
		}
	}
	return false
}

// weight is the vote of reading i's token t (or of its gap, for t < 0).
func (st *settler) weight(i int, t int32) float64 {
	w := st.rel[i].Weight
	if c := st.conf[i]; c != nil && t >= 0 {
		tk := &st.toks[i][t]
		w *= min(max(c(int(tk.start), int(tk.end)), 0.01), 1)
	}
	return w
}

// colVotes is the vote in one column: each key (or the gap, num -1) with
// its voters and their weight.
type colVotes struct {
	tally    []keyVotes
	total    float64
	count    int   // voters
	best     int32 // the heaviest key
	majority bool  // best has a strict majority by count (two or more) and by weight
	choice   int32 // the consensus key, -1 for a gap
}

type keyVotes struct {
	num int32
	n   int
	w   float64
}

// skip reports whether the column is not a word column with voters.
func (v *colVotes) skip() bool { return v.count == 0 }

// agreed reports whether every voter has the same key.
func (v *colVotes) agreed() bool { return len(v.tally) == 1 }

func (v *colVotes) weightOf(num int32) float64 {
	for _, t := range v.tally {
		if t.num == num {
			return t.w
		}
	}
	return 0
}

func (v *colVotes) countOf(num int32) int {
	for _, t := range v.tally {
		if t.num == num {
			return t.n
		}
	}
	return 0
}

// tallyColumn counts the votes in column c, the page's column j. A line
// break column has no word votes.
func (st *settler) tallyColumn(c column, j int) colVotes {
	v := colVotes{best: -1, choice: -1}
	if c.brk {
		return v
	}
	nums := st.ar.nums(c)
	tok := st.ar.toks(c)
	off := len(st.tbuf)
	for i := range nums {
		if !st.votes(i, j) {
			continue
		}
		k := nums[i]
		wt := st.weight(i, tok[i])
		v.count++
		v.total += wt
		found := false
		for t := off; t < len(st.tbuf); t++ {
			if st.tbuf[t].num == k {
				st.tbuf[t].n++
				st.tbuf[t].w += wt
				found = true
				break
			}
		}
		if !found {
			st.tbuf = append(st.tbuf, keyVotes{k, 1, wt})
		}
	}
	// Later columns may move tbuf; this column's tally stays where it is.
	v.tally = st.tbuf[off:len(st.tbuf):len(st.tbuf)]
	if v.count == 0 {
		return v
	}
	b := 0
	for t := 1; t < len(v.tally); t++ {
		x, y := v.tally[t], v.tally[b]
		if x.w > y.w+1e-9 || x.w > y.w-1e-9 && x.n > y.n {
			b = t
		}
	}
	v.best = v.tally[b].num
	v.majority = v.tally[b].n >= 2 && 2*v.tally[b].w > v.total+1e-9
	return v
}

// pickRuns settles a disputed stretch column by column where a strict
// majority is, and each run of columns without one by the text of one
// reading there (see pickStretch) among those that have the majority's
// tokens on both sides of the run, so that the result is, around every
// such run, one reading's text. It reports whether a choice was a tie,
// and false when some run has no such reading: then the whole stretch is
// one reading's text.
func (st *settler) pickRuns(cols []column, votes []colVotes, base int) (tied, ok bool) {
	for j := range votes {
		votes[j].choice = votes[j].best
	}
	w := len(cols)
	for a := 0; a < w; {
		if votes[a].skip() || votes[a].majority {
			a++
			continue
		}
		b := a + 1
		for b < w && (votes[b].skip() || !votes[b].majority) {
			b++
		}
		// The majority columns next to the run, inside the stretch.
		prev, next := -1, -1
		for p := a - 1; p >= 0; p-- {
			if !votes[p].skip() {
				prev = p
				break
			}
		}
		if b < w {
			next = b
		}
		agrees := func(i, j int) bool {
			return j < 0 || st.votes(i, base+j) && st.ar.num[int(cols[j].off)+i] == votes[j].best
		}
		// The texts are compared over the run and the majority columns
		// next to it, so that a word doubled or dropped beside the run
		// counts; the readings that may be taken agree with the majority
		// there, so those columns keep it.
		lo, hi := a, b
		if prev >= 0 {
			lo = prev
		}
		if next >= 0 {
			hi = next + 1
		}
		t, found := st.pickStretch(cols[lo:hi], votes[lo:hi], base+lo, func(i int) bool { return agrees(i, prev) && agrees(i, next) })
		if !found {
			return false, false
		}
		tied = tied || t
		a = b
	}
	return tied, true
}

// pickStretch chooses the text of a disputed stretch that has no
// majority: the text, among those the voters have there, that is nearest
// to all of them (their weighted similarity, word by word, a near
// spelling counting in part), so that of three spellings the middle one
// is taken and a doubled or a dropped word is outvoted. Ties go to the
// heavier group of readings, then to the reading first in the page's
// order of readings (by text, not by id). It reports whether the choice
// was a tie.
func (st *settler) pickStretch(cols []column, votes []colVotes, base int, allowed func(i int) bool) (tied, ok bool) {
	n := len(st.rs)
	seq := func(i int) []int32 {
		out := st.seqBuf[:0]
		for j, c := range cols {
			if votes[j].skip() || !st.votes(i, base+j) {
				continue
			}
			if k := st.ar.num[int(c.off)+i]; k >= 0 {
				out = append(out, k)
			}
		}
		st.seqBuf = out
		return out
	}
	type group struct {
		first int // a reading of the group that may be taken, or -1
		seq   []int32
		w     float64
	}
	var groups []group
	for i := range n {
		voted := false
		for j := range cols {
			if !votes[j].skip() && st.votes(i, base+j) {
				voted = true
				break
			}
		}
		if !voted {
			continue
		}
		mine := seq(i)
		may := i
		if allowed != nil && !allowed(i) {
			may = -1
		}
		found := false
		for g := range groups {
			if slices.Equal(groups[g].seq, mine) {
				groups[g].w += st.rel[i].Weight
				if groups[g].first < 0 {
					groups[g].first = may
				}
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, group{may, slices.Clone(mine), st.rel[i].Weight})
		}
	}
	voters := 0
	for i := range n {
		for j := range cols {
			if !votes[j].skip() && st.votes(i, base+j) {
				voters++
				break
			}
		}
	}
	bestScore, bestW, best := -1.0, -1.0, -1
	for _, g := range groups {
		if g.first < 0 {
			continue // its text is there, but may not be taken
		}
		score := 0.0
		for _, h := range groups {
			score += h.w * st.seqSimilarity(g.seq, h.seq)
		}
		if voters >= 3 {
			// With three readings or more, a text whose words the page
			// confirms elsewhere (two readings agreeing on them) is the
			// likelier: a misspelling seldom recurs.
			score *= 1 + attestedBonus*st.attestedShare(g.seq)
		}
		switch {
		case best < 0 || score > bestScore+1e-9 || score > bestScore-1e-9 && g.w > bestW+1e-9:
			bestScore, bestW, best, tied = score, g.w, g.first, false
		case score > bestScore-1e-9 && g.w > bestW-1e-9:
			tied = true
		}
	}
	if best < 0 {
		return false, false
	}
	for j, c := range cols {
		v := &votes[j]
		if v.skip() {
			continue
		}
		v.choice = v.best
		if st.votes(best, base+j) {
			v.choice = st.ar.num[int(c.off)+best]
		}
	}
	return tied, true
}

// attestedBonus is how much more a stretch counts whose words are all
// confirmed elsewhere on the page.
const attestedBonus = 0.3

// attestedShare is the share of the words of seq that the page confirms.
func (st *settler) attestedShare(seq []int32) float64 {
	words, known := 0, 0
	for _, k := range seq {
		key := st.keys[k]
		if !isWordKey(key) {
			continue
		}
		words++
		if st.attested[k] {
			known++
		}
	}
	if words == 0 {
		return 0
	}
	return float64(known) / float64(words)
}

// seqSimilarity is 1 minus the edit distance between two token sequences
// (a substitution costing as much as the two spellings differ) over the
// longer length.
func (st *settler) seqSimilarity(a, b []int32) float64 {
	m := max(len(a), len(b))
	if m == 0 {
		return 1
	}
	prev := slices.Grow(st.simPrev[:0], len(b)+1)[:len(b)+1]
	cur := slices.Grow(st.simCur[:0], len(b)+1)[:len(b)+1]
	defer func() { st.simPrev, st.simCur = prev, cur }()
	for j := range prev {
		prev[j] = float64(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = float64(i)
		for j := 1; j <= len(b); j++ {
			sub := 0.0
			if a[i-1] != b[j-1] {
				sub = 1 - st.sc.similarity(st.keys[a[i-1]], st.keys[b[j-1]])
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+sub)
		}
		prev, cur = cur, prev
	}
	return 1 - prev[len(b)]/float64(m)
}

// breaks judges the row's line breaks apart from its words: whether the
// voters agree on them, a minority is outvoted, or they are tied.
func (st *settler) breaks(cols []column, base int, last bool) Status {
	out := Unanimous
	for j, c := range cols {
		if !c.brk {
			continue
		}
		switch st.state[base+j] {
		case breakTie, breakCutByWeight:
			return Disputed
		case breakOutvoted:
			out = Majority
		case breakCut:
			// The row's end: a voter with text in the row that runs on
			// past it is outvoted.
			for i, t := range st.ar.toks(c) {
				if t < 0 && st.votes(i, base+j) && st.hasWords(i, cols, base) {
					out = Majority
				}
			}
		}
	}
	if !last && len(cols) > 0 && !cols[len(cols)-1].brk {
		out = Majority // the row ends where only some readings break
	}
	return out
}

// blank judges a row without words by how many of the readings with a
// say there have the blank line.
func (st *settler) blank(row *Row, cols []column, base int) (Status, Basis) {
	say, have := 0, 0
	for i, c := range row.Cells {
		if st.rel[i].Outlier || base < st.lo[i] || base > st.hi[i] {
			continue
		}
		say++
		if c != "" {
			have++
		}
	}
	switch {
	case have == say:
		return Unanimous, BasisUnanimous
	case 2*have > say && have >= 2:
		return Majority, BasisMajority
	default:
		return Disputed, BasisReliability
	}
}

// anyWords reports whether some reading has a word token among cols.
func (st *settler) anyWords(cols []column) bool {
	for i := range st.rs {
		if st.hasWords(i, cols, 0) {
			return true
		}
	}
	return false
}

// hasWords reports whether reading i has a word token among cols.
func (st *settler) hasWords(i int, cols []column, base int) bool {
	for _, c := range cols {
		if !c.brk && st.ar.tok[int(c.off)+i] >= 0 {
			return true
		}
	}
	return false
}

// manyReadings is where grouping the variants of a row turns from
// comparing with every group to looking groups up by hash.
const manyReadings = 16

// variants groups the readings of a row by what they have in it: the
// same tokens (up to equivalences and the amount of white space), and the
// same line end. Groups with more readings come first, then in the order
// of their first reading.
func (st *settler) variants(row *Row, cols []column, ids []string, last bool) []Variant {
	rs, ar := st.rs, st.ar
	n := len(rs)
	// sig holds each reading's key numbers in the row, then -1 for a
	// joined line end; spans[i] is reading i's stretch of sig.
	sig := st.sig[:0]
	spans := slices.Grow(st.spans[:0], n)[:n]
	hash := slices.Grow(st.hash[:0], n)[:n]
	for i := range n {
		from := len(sig)
		h := uint64(14695981039346656037)
		for _, c := range cols {
			if num := ar.num[int(c.off)+i]; num >= 0 {
				sig = append(sig, num)
				h = (h ^ uint64(uint32(num))) * 1099511628211
			}
		}
		if len(sig) > from && !last && len(cols) > 0 && ar.tok[int(cols[len(cols)-1].off)+i] < 0 {
			sig = append(sig, -1) // joined
			h = (h ^ 0xFFFFFFFF) * 1099511628211
		}
		spans[i] = [2]int32{int32(from), int32(len(sig))}
		hash[i] = h
	}
	st.sig, st.spans, st.hash = sig, spans, hash
	mine := func(i int) []int32 { return sig[spans[i][0]:spans[i][1]] }

	groups := st.groups[:0]
	member := slices.Grow(st.member[:0], n)[:n]
	if n > manyReadings {
		if st.byHash == nil {
			st.byHash = make(map[uint64]int32, n)
		}
		clear(st.byHash)
	}
	for i := range n {
		g := int32(-1)
		if n > manyReadings {
			k, ok := st.byHash[hash[i]]
			for ; ok && k >= 0; k = groups[k].next {
				if slices.Equal(mine(groups[k].first), mine(i)) {
					g = k
					break
				}
			}
		} else {
			for k := range groups {
				if hash[groups[k].first] == hash[i] && slices.Equal(mine(groups[k].first), mine(i)) {
					g = int32(k)
					break
				}
			}
		}
		if g < 0 {
			g = int32(len(groups))
			next := int32(-1)
			if n > manyReadings {
				if k, ok := st.byHash[hash[i]]; ok {
					next = k
				}
				st.byHash[hash[i]] = g
			}
			groups = append(groups, group{first: i, next: next})
		}
		groups[g].n++
		member[i] = g
	}
	// Each group is led by its reading first in order of ids, whose text
	// it shows.
	for k := range groups {
		groups[k].lead = groups[k].first
	}
	for i := range n {
		gr := &groups[member[i]]
		if l := rs[gr.lead]; rs[i].ID < l.ID || rs[i].ID == l.ID && rs[i].Text < l.Text {
			gr.lead = i
		}
	}
	// Order the groups, then give each its stretch of ids.
	order := st.order[:0]
	for k := range groups {
		order = append(order, int32(k))
	}
	st.order = order
	slices.SortStableFunc(order, func(a, b int32) int {
		if groups[a].n != groups[b].n {
			return groups[b].n - groups[a].n
		}
		return strings.Compare(rs[groups[a].lead].ID, rs[groups[b].lead].ID)
	})
	if len(st.block) < len(groups) {
		st.block = make([]Variant, max(len(groups), 64))
	}
	out := st.block[:len(groups):len(groups)]
	st.block = st.block[len(groups):]
	at := 0
	for k, g := range order {
		gr := &groups[g]
		gr.at = at
		m := mine(gr.first)
		missing := len(m) == 0
		out[k] = Variant{
			Text:     strings.TrimSpace(row.Cells[gr.lead]),
			Readings: ids[at : at+gr.n : at+gr.n],
			Missing:  missing,
			Joined:   !missing && m[len(m)-1] == -1,
		}
		at += gr.n
	}
	for i := range n {
		gr := &groups[member[i]]
		ids[gr.at] = rs[i].ID
		gr.at++
	}
	for k := range out {
		slices.Sort(out[k].Readings)
	}
	st.groups, st.member = groups, member
	return out
}
