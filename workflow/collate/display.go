package collate

import (
	"strings"

	"github.com/rivo/uniseg"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op is what a display segment is to the text it is compared with.
type Op int

const (
	Equal  Op = iota
	Delete    // in the base (the consensus, or the first reading) only
	Insert    // in the other text only
)

// Segment is a run of text with one Op. Line breaks appear as "\n".
type Segment struct {
	Op   Op
	Text string
}

// segments accumulates display segments, merging runs of one Op and
// putting a space before a token that follows white space.
type segments struct {
	segs  []Segment
	first bool
}

func (s *segments) add(op Op, text string, spaced bool) {
	if text != "\n" && !s.first && spaced {
		text = " " + text
	}
	// A token after a line break starts a line: no space before it.
	s.first = text == "\n"
	if n := len(s.segs); n > 0 && s.segs[n-1].Op == op {
		s.segs[n-1].Text += text
		return
	}
	s.segs = append(s.segs, Segment{op, text})
}

// WordDiff compares reading i's text in the row with the row's consensus,
// token by token, the way `git diff --word-diff` does: the consensus is
// the base. Equivalent tokens count as equal and show as the reading typed
// them. A line break the consensus has and the reading lacks is a deleted
// "\n"; one the reading has inside the row is an inserted "\n".
func (r *Row) WordDiff(i int) []Segment {
	s := segments{first: true}
	add := s.add
	for _, c := range r.Columns {
		mine := c.Tokens[i]
		mineSpaced := strings.HasPrefix(c.keys[i], " ")
		switch {
		case c.keys[i] != "" && c.Consensus != "" && sameChoice(c, i):
			add(Equal, mine, mineSpaced)
		default:
			if c.Consensus != "" {
				add(Delete, c.Consensus, c.Spaced)
			}
			if mine != "" {
				add(Insert, mine, mineSpaced)
			}
		}
	}
	return dropFinalBreak(s.segs)
}

// PairDiff compares reading b's text in the row with reading a's, token
// by token: a is the base.
func (r *Row) PairDiff(a, b int) []Segment {
	s := segments{first: true}
	add := s.add
	for _, c := range r.Columns {
		ka, kb := c.keys[a], c.keys[b]
		switch {
		case ka == kb && ka != "":
			add(Equal, c.Tokens[b], strings.HasPrefix(kb, " "))
		default:
			if ka != "" {
				add(Delete, c.Tokens[a], strings.HasPrefix(ka, " "))
			}
			if kb != "" {
				add(Insert, c.Tokens[b], strings.HasPrefix(kb, " "))
			}
		}
	}
	return dropFinalBreak(s.segs)
}

// sameChoice reports whether reading i's token in c is the chosen one.
func sameChoice(c Column, i int) bool {
	k := strings.TrimPrefix(c.keys[i], " ")
	if c.Break {
		return c.keys[i] == breakKey
	}
	return k == c.Consensus && strings.HasPrefix(c.keys[i], " ") == c.Spaced
}

// dropFinalBreak removes the row's own closing line break when both sides
// have it: rows are lines, so it goes without saying.
func dropFinalBreak(segs []Segment) []Segment {
	if n := len(segs); n > 0 && segs[n-1].Op == Equal && strings.HasSuffix(segs[n-1].Text, "\n") {
		segs[n-1].Text = strings.TrimSuffix(segs[n-1].Text, "\n")
		if segs[n-1].Text == "" {
			segs = segs[:n-1]
		}
	}
	return segs
}

// CharDiff compares two short texts grapheme cluster by grapheme cluster
// (a letter with its combining marks is one unit), with go-diff's semantic
// cleanup so that the result reads as whole changes rather than scattered
// letters. a is the base.
func CharDiff(a, b string) []Segment {
	units := map[string]rune{}
	var back []string
	encode := func(s string) []rune {
		var out []rune
		g := uniseg.NewGraphemes(s)
		for g.Next() {
			cl := g.Str()
			if rs := []rune(cl); len(rs) == 1 && rs[0] < 0xF0000 {
				out = append(out, rs[0]) // plain characters keep their identity for the cleanup's word boundaries
				continue
			}
			r, ok := units[cl]
			if !ok {
				r = rune(0xF0000 + len(back)) // supplementary private use area
				units[cl] = r
				back = append(back, cl)
			}
			out = append(out, r)
		}
		return out
	}
	dmp := newDiffer()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(encode(a), encode(b), false))
	segs := make([]Segment, 0, len(diffs))
	for _, d := range diffs {
		var t strings.Builder
		for _, r := range d.Text {
			if r >= 0xF0000 && int(r-0xF0000) < len(back) {
				t.WriteString(back[r-0xF0000])
			} else {
				t.WriteRune(r)
			}
		}
		op := Equal
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = Delete
		case diffmatchpatch.DiffInsert:
			op = Insert
		}
		segs = append(segs, Segment{op, t.String()})
	}
	return segs
}
