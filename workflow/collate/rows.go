package collate

import (
	"slices"
	"strings"
)

// buildRows cuts the columns into rows at the line breaks that at least
// half of the readings share, cuts every reading's text at the same
// places, and settles each row.
func (ws *workspace) buildRows(rs []Reading, toks [][]token, cols []column) []Row {
	n := len(rs)
	ar := &ws.arena
	bounds := ws.bounds[:0] // index of the last column of each row
	for j, c := range cols {
		if tok := ar.toks(c); isBreak(tok, toks) && 2*votes(tok) >= n {
			bounds = append(bounds, j)
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
	ids := make([]string, len(bounds)*n)
	strs := make([]string, 2*len(cols)*n)
	st := &ws.settler
	st.reset(rs, toks, ws.interner.keys, ar)
	start := slices.Grow(ws.cut[:0], 2*n)[:2*n] // where each reading's next cell starts
	lastTok := start[n:]                        // the last token of each reading placed in a row
	start = start[:n]
	ws.cut = start
	for i := range n {
		start[i], lastTok[i] = 0, -1
	}
	lo := 0
	for ri, hi := range bounds {
		row := Row{Index: ri + 1, Cells: cells[ri*n : (ri+1)*n : (ri+1)*n]}
		for j := lo; j <= hi; j++ {
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
				if t := ar.tok[int(cols[hi].off)+i]; t >= 0 {
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
		row.Columns = columns[lo : hi+1 : hi+1]
		st.settle(&row, cols[lo:hi+1], strs[2*lo*n:2*(hi+1)*n], ids[ri*n:(ri+1)*n], last)
		rows[ri] = row
		lo = hi + 1
	}
	return rows
}

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

// votes counts the tokens in a column's token slots.
func votes(tok []int32) int {
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
	st.consensus = strings.Builder{}
	clear(st.tally[:cap(st.tally)])
	clear(st.byHash)
	st.block = nil
}

// settle fills a row's columns, consensus, agreement, status and variants.
// strs holds two strings per column and reading for the columns' tokens
// and keys; ids holds one string per reading for the variants' readings.
func (st *settler) settle(row *Row, cols []column, strs, ids []string, last bool) {
	rs, toks := st.rs, st.toks
	n := len(rs)
	sum := 0.0
	disputed := false
	text := &st.consensus
	from := text.Len()
	for j, c := range cols {
		tok := st.ar.toks(c)
		col := Column{Tokens: strs[2*j*n : (2*j+1)*n : (2*j+1)*n], keys: strs[(2*j+1)*n : (2*j+2)*n : (2*j+2)*n], Break: isBreak(tok, toks)}
		ts := st.tally[:0]
		for i, t := range tok {
			num, key := int32(-1), ""
			if t >= 0 {
				tk := &toks[i][t]
				col.Tokens[i] = rs[i].Text[tk.start:tk.end]
				k := st.keys[tk.num]
				col.keys[i] = k
				if k != "" {
					num, key = tk.num, k
				}
			}
			found := false
			for k := range ts {
				if ts[k].num == num {
					ts[k].n++
					found = true
					break
				}
			}
			if !found {
				ts = append(ts, tally{num, key, 1})
			}
		}
		st.tally = ts
		choose(&col, ts)
		row.Columns[j] = col
		sum += float64(col.Votes) / float64(n)
		if col.Tie || 2*col.Votes <= n {
			disputed = true
		}
		if col.Consensus != "" && !col.Break {
			if text.Len() > from && col.Spaced {
				text.WriteByte(' ')
			}
			text.WriteString(col.Consensus)
		}
	}
	row.Consensus = text.String()[from:]
	row.Agreement = 1
	if len(cols) > 0 {
		row.Agreement = sum / float64(len(cols))
	}
	row.Variants = st.variants(row, cols, ids, last)
	switch {
	case n == 1:
		row.Status = Single
	case len(row.Variants) == 1:
		row.Status = Unanimous
	case disputed:
		row.Status = Disputed
	default:
		row.Status = Majority
	}
}

// choose picks a column's consensus from the tally of its keys, in order
// of first appearance: the most common key, a token over a gap on a tie
// (a tie is flagged, never settled by dropping text), and among tokens the
// one of the earliest reading.
func choose(col *Column, ts []tally) {
	best := -1
	for i, t := range ts {
		if best < 0 || t.n > ts[best].n || (t.n == ts[best].n && ts[best].key == "" && t.key != "") {
			best = i
		}
	}
	for i, t := range ts {
		if i != best && t.n == ts[best].n {
			col.Tie = true
		}
	}
	col.Votes = ts[best].n
	k := ts[best].key
	if k == "" {
		return
	}
	col.Spaced = strings.HasPrefix(k, " ")
	if col.Break {
		col.Consensus = "\n"
		return
	}
	// The canonical form of the key, so that declared equivalences give
	// one spelling in the consensus.
	col.Consensus = strings.TrimPrefix(k, " ")
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
		return groups[a].first - groups[b].first
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
			Text:     strings.TrimSpace(row.Cells[gr.first]),
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
	st.groups, st.member = groups, member
	return out
}
