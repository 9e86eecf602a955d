package collate

import "slices"

// Reliability is what the collation knows of one reading of a page: how
// far it agrees with the others, whether it is an outlier, and the
// weight its tokens carry in the vote.
type Reliability struct {
	// Agree and Total count the tokens (and gaps) of the reading that the
	// other readings' plurality shares, out of those where the others
	// have one, on this page and on the rows already settled (Evidence).
	Agree, Total int
	// Shared is the part of the reading's own tokens that at least one
	// other reading has in the same place.
	Shared float64
	// Outlier says the reading shares less than half of its text with
	// the others while another reading shares more: a reading of another
	// page or edition. It does not vote.
	Outlier bool
	// Weight is the reading's vote: its estimated accuracy, from 0.55 to
	// 0.995. Each token's vote is this weight times its confidence.
	Weight float64
	// pageWeight is the weight from the page alone, without Evidence: the
	// rows are cut by it, so that what is learnt from the decisions never
	// moves the rows the decisions were made on.
	pageWeight float64
}

// Evidence is what is known of a reader beyond the page: on rows already
// settled, how many tokens of theirs agreed with the settled text, out of
// how many.
type Evidence struct {
	Agree, Total int
}

const (
	// priorTokens is how many tokens' worth of evidence the prior counts
	// for, so that a short page does not swing a reader's weight.
	priorTokens = 10
	// priorHuman and priorOCR are the accuracies assumed before any
	// evidence: an OCR reading is less reliable than a person's.
	priorHuman = 0.9
	priorOCR   = 0.8
	// outlierShare is the share of its own text that a reading must share
	// with the others not to be an outlier.
	outlierShare = 0.5
	// outlierTokens is the least text, in tokens, that is judged: a few
	// words are too little to tell another page from a poor reading.
	outlierTokens = 20
	// ocrID is the built-in contributor id of the OCR engine.
	ocrID = "ocr"
)

// weigh measures every reading's agreement with the others over the
// columns, flags the outliers and sets the weights. lo and hi give the
// columns each reading votes in.
func (ws *workspace) weigh(rs []Reading, cols []column, lo, hi []int, opts Options) []Reliability {
	ar := &ws.arena
	n := len(rs)
	rel := make([]Reliability, n)
	own := make([]int, n)    // the reading's tokens
	shared := make([]int, n) // of which another reading has the same
	var tally []count
	// attested[k]: two readings or more with a say agree on key k in some
	// column (the settler's confirmed words).
	attested := slices.Grow(ws.attested[:0], len(ws.interner.keys))[:len(ws.interner.keys)]
	clear(attested)
	ws.attested = attested
	for j, c := range cols {
		if c.brk {
			continue
		}
		nums := ar.nums(c)
		tally = tally[:0]
		for i := range n {
			if j < lo[i] || j > hi[i] {
				continue
			}
			tally = counted(tally, nums[i])
		}
		for _, t := range tally {
			if t.num >= 0 && t.n >= 2 {
				attested[t.num] = true
			}
		}
		for i := range n {
			if k := nums[i]; k >= 0 {
				own[i]++
				for _, t := range tally {
					if t.num == k && t.n > 1 {
						shared[i]++
					}
				}
			}
		}
	}
	anyShares := false
	for i := range n {
		rel[i].Shared = 1
		if own[i] > 0 {
			rel[i].Shared = float64(shared[i]) / float64(own[i])
		}
		if rel[i].Shared >= outlierShare {
			anyShares = true
		}
	}
	if n >= 3 && anyShares {
		for i := range n {
			rel[i].Outlier = own[i] >= outlierTokens && rel[i].Shared < outlierShare
		}
	}
	// Agreement with the plurality of the other voters, column by column.
	for j, c := range cols {
		if c.brk {
			continue
		}
		nums := ar.nums(c)
		tally = tally[:0]
		has := false
		for i := range n {
			if rel[i].Outlier || j < lo[i] || j > hi[i] {
				continue
			}
			has = has || nums[i] >= 0
			tally = counted(tally, nums[i])
		}
		if !has {
			continue
		}
		for i := range n {
			if rel[i].Outlier || j < lo[i] || j > hi[i] {
				continue
			}
			// The others' plurality: the tally without this reading.
			mine := nums[i]
			best, bestN, tie := int32(-2), 0, false
			for _, t := range tally {
				m := t.n
				if t.num == mine {
					m--
				}
				switch {
				case m > bestN:
					best, bestN, tie = t.num, m, false
				case m == bestN && m > 0:
					tie = true
				}
			}
			if bestN == 0 || tie {
				continue
			}
			rel[i].Total++
			if best == mine {
				rel[i].Agree++
			}
		}
	}
	for i, r := range rs {
		prior := priorHuman
		if r.ID == ocrID {
			prior = priorOCR
		}
		rel[i].pageWeight = accuracy(rel[i].Agree, rel[i].Total, prior)
		e := opts.Evidence[r.ID]
		rel[i].Agree += e.Agree
		rel[i].Total += e.Total
		rel[i].Weight = accuracy(rel[i].Agree, rel[i].Total, prior)
	}
	return rel
}

// accuracy is the accuracy that agree tokens out of total suggest,
// smoothed by the prior. It is the reading's weight: log-odds, optimal
// for voters whose accuracies are known, make a reading measured a little
// better on a page outweigh two others together, and the measure is
// rough; the accuracy itself keeps every voter's say.
func accuracy(agree, total int, prior float64) float64 {
	p := (float64(agree) + priorTokens*prior) / (float64(total) + priorTokens)
	p = min(max(p, 0.55), 0.995)
	return p
}

// coverage returns, per reading, the first and last column it votes in.
// A reading votes from its first token to its last; it votes before its
// first token, or after its last, too, unless it lacks a quarter of the
// page's lines there (three at least): a reading of part of the page
// abstains on the rest, while one that leaves out a stray line or two (a
// page number, a running head) votes against them.
func (ws *workspace) coverage(n int, cols []column) (lo, hi []int) {
	ar := &ws.arena
	lo, hi = make([]int, n), make([]int, n)
	for i := range n {
		lo[i], hi[i] = len(cols), -1
	}
	for j, c := range cols {
		for i, t := range ar.toks(c) {
			if t >= 0 {
				lo[i] = min(lo[i], j)
				hi[i] = max(hi[i], j)
			}
		}
	}
	part := max(3, breaksIn(cols)/4)
	for i := range n {
		if hi[i] < 0 {
			continue // an empty reading abstains everywhere
		}
		if breaksIn(cols[:lo[i]]) < part {
			lo[i] = 0
		}
		if breaksIn(cols[hi[i]+1:]) < part {
			hi[i] = len(cols) - 1
		}
	}
	return lo, hi
}

func breaksIn(cols []column) int {
	k := 0
	for _, c := range cols {
		if c.brk {
			k++
		}
	}
	return k
}

type count struct {
	num int32
	n   int
}

// counted adds one to key k's count in the tally.
func counted(tally []count, k int32) []count {
	for t := range tally {
		if tally[t].num == k {
			tally[t].n++
			return tally
		}
	}
	return append(tally, count{k, 1})
}
