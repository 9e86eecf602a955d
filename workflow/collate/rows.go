package collate

import (
	"slices"
	"strings"
)

// buildRows cuts the columns into rows at the line breaks that at least
// half of the readings share, cuts every reading's text at the same
// places, and settles each row.
func buildRows(rs []Reading, toks [][]token, cols []column) []Row {
	n := len(rs)
	var bounds []int // index of the last column of each row
	for j, c := range cols {
		if isBreak(c, toks) && 2*votes(c) >= n {
			bounds = append(bounds, j)
		}
	}
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
	// One block each for the rows' cells and the columns' tokens and keys.
	cells := make([]string, len(bounds)*n)
	strs := make([]string, 2*len(cols)*n)
	var sig []rune
	start := make([]int, n)   // where each reading's next cell starts
	lastTok := make([]int, n) // the last token of each reading placed in a row
	for i := range lastTok {
		lastTok[i] = -1
	}
	lo := 0
	for ri, hi := range bounds {
		row := Row{Index: ri + 1, Cells: cells[ri*n : (ri+1)*n : (ri+1)*n]}
		for j := lo; j <= hi; j++ {
			for i, t := range cols[j].tok {
				if t >= 0 {
					lastTok[i] = int(t)
				}
			}
		}
		last := ri == len(bounds)-1
		for i, r := range rs {
			cut := len(r.Text)
			if !last {
				if t := cols[hi].tok[i]; t >= 0 {
					cut = toks[i][t].end
				} else if next := lastTok[i] + 1; next < len(toks[i]) {
					// The reading runs on into the next row: the white space
					// between stays with this row.
					cut = toks[i][next].start
				}
			}
			row.Cells[i] = r.Text[start[i]:cut]
			start[i] = cut
		}
		sig = settle(&row, rs, toks, cols[lo:hi+1], strs[2*lo*n:2*(hi+1)*n], sig, last)
		rows[ri] = row
		lo = hi + 1
	}
	return rows
}

func isBreak(c column, toks [][]token) bool {
	for i, t := range c.tok {
		if t >= 0 {
			return toks[i][t].nl
		}
	}
	return false
}

func votes(c column) int {
	v := 0
	for _, t := range c.tok {
		if t >= 0 {
			v++
		}
	}
	return v
}

// settle fills a row's columns, consensus, agreement, status and variants.
// strs holds two strings per column and reading for the columns' tokens
// and keys; sig is a buffer for the variants, returned for reuse.
func settle(row *Row, rs []Reading, toks [][]token, cols []column, strs []string, sig []rune, last bool) []rune {
	n := len(rs)
	row.Columns = make([]Column, len(cols))
	sum := 0.0
	disputed := false
	var text strings.Builder
	for j, c := range cols {
		col := Column{Tokens: strs[2*j*n : (2*j+1)*n : (2*j+1)*n], keys: strs[(2*j+1)*n : (2*j+2)*n : (2*j+2)*n], Break: isBreak(c, toks)}
		for i, t := range c.tok {
			if t >= 0 {
				tk := toks[i][t]
				col.Tokens[i] = rs[i].Text[tk.start:tk.end]
				col.keys[i] = tk.key
			}
		}
		choose(&col)
		row.Columns[j] = col
		sum += float64(col.Votes) / float64(n)
		if col.Tie || 2*col.Votes <= n {
			disputed = true
		}
		if col.Consensus != "" && !col.Break {
			if text.Len() > 0 && col.Spaced {
				text.WriteByte(' ')
			}
			text.WriteString(col.Consensus)
		}
	}
	row.Consensus = text.String()
	row.Agreement = 1
	if len(cols) > 0 {
		row.Agreement = sum / float64(len(cols))
	}
	row.Variants, sig = variants(row, rs, toks, cols, sig, last)
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
	return sig
}

// choose picks a column's consensus: the most common key, a token over a
// gap on a tie (a tie is flagged, never settled by dropping text), and
// among tokens the one of the earliest reading.
func choose(col *Column) {
	type tally struct {
		key string
		n   int
	}
	var ts []tally
	for _, k := range col.keys {
		found := false
		for i := range ts {
			if ts[i].key == k {
				ts[i].n++
				found = true
				break
			}
		}
		if !found {
			ts = append(ts, tally{k, 1})
		}
	}
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

// variants groups the readings of a row by what they have in it: the
// same tokens (up to equivalences and the amount of white space), and the
// same line end.
func variants(row *Row, rs []Reading, toks [][]token, cols []column, sig []rune, last bool) ([]Variant, []rune) {
	n := len(rs)
	// sig holds each reading's token ids in the row, then -1 and a mark for
	// a joined line end; spans[i] is reading i's stretch of sig.
	sig = sig[:0]
	spans := make([][2]int, n)
	for i := range n {
		from := len(sig)
		for _, c := range cols {
			if t := c.tok[i]; t >= 0 {
				sig = append(sig, toks[i][t].id)
			}
		}
		if len(sig) > from && !last && len(cols) > 0 && cols[len(cols)-1].tok[i] < 0 {
			sig = append(sig, -1) // joined
		}
		spans[i] = [2]int{from, len(sig)}
	}
	type group struct {
		first int
		v     Variant
	}
	var groups []group
	for i := range n {
		mine := sig[spans[i][0]:spans[i][1]]
		idx := slices.IndexFunc(groups, func(g group) bool {
			return slices.Equal(sig[spans[g.first][0]:spans[g.first][1]], mine)
		})
		if idx < 0 {
			missing := len(mine) == 0
			groups = append(groups, group{first: i, v: Variant{
				Text:    strings.TrimSpace(row.Cells[i]),
				Missing: missing,
				Joined:  !missing && mine[len(mine)-1] == -1,
			}})
			idx = len(groups) - 1
		}
		groups[idx].v.Readings = append(groups[idx].v.Readings, rs[i].ID)
	}
	slices.SortStableFunc(groups, func(a, b group) int {
		if len(a.v.Readings) != len(b.v.Readings) {
			return len(b.v.Readings) - len(a.v.Readings)
		}
		return a.first - b.first
	})
	out := make([]Variant, len(groups))
	for i, g := range groups {
		out[i] = g.v
	}
	return out, sig
}
