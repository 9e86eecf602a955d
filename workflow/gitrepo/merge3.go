package gitrepo

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// hunk replaces the base's lines [from, to) with lines.
type hunk struct {
	from, to int
	lines    []string
}

// Merge3 merges two texts that both changed a common ancestor, line by
// line, as git's merge does: where only one side changed a stretch, its
// change is taken; where both made the same change, it is taken once;
// changes of both sides to the same or adjacent lines conflict, and ok is
// false.
func Merge3(base, ours, theirs []byte) ([]byte, bool) {
	baseLines := splitLines(base)
	a, b := hunks(base, ours), hunks(base, theirs)
	var out bytes.Buffer
	at := 0 // the next base line to copy
	take := func(h hunk) {
		for _, l := range baseLines[at:h.from] {
			out.WriteString(l)
		}
		for _, l := range h.lines {
			out.WriteString(l)
		}
		at = h.to
	}
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || (len(a) > 0 && a[0].to < b[0].from):
			take(a[0])
			a = a[1:]
		case len(a) == 0 || b[0].to < a[0].from:
			take(b[0])
			b = b[1:]
		case a[0].from == b[0].from && a[0].to == b[0].to && slices.Equal(a[0].lines, b[0].lines):
			take(a[0])
			a, b = a[1:], b[1:]
		default:
			return nil, false // overlapping or adjacent changes
		}
	}
	for _, l := range baseLines[at:] {
		out.WriteString(l)
	}
	return out.Bytes(), true
}

// hunks lists the changes that turn base into changed, in base order.
func hunks(base, changed []byte) []hunk {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // an exact diff: a merge must not guess
	r1, r2, lines := dmp.DiffLinesToRunes(string(base), string(changed))
	var out []hunk
	at, open := 0, false
	for _, d := range dmp.DiffMainRunes([]rune(r1), []rune(r2), false) {
		n := utf8.RuneCountInString(d.Text)
		if d.Type == diffmatchpatch.DiffEqual {
			at += n
			open = false
			continue
		}
		if !open {
			out = append(out, hunk{from: at, to: at})
			open = true
		}
		h := &out[len(out)-1]
		if d.Type == diffmatchpatch.DiffDelete {
			h.to += n
			at += n
			continue
		}
		for _, r := range d.Text {
			h.lines = append(h.lines, lines[r])
		}
	}
	return out
}

// splitLines cuts a text after each line end, keeping them.
func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n') + 1
		if i == 0 {
			i = len(b)
		}
		out = append(out, string(b[:i]))
		b = b[i:]
	}
	return out
}
