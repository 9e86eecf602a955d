package gitrepo

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// maxLines bounds the distinct lines hunks can number.
const maxLines = 0x10FFFF - 0x800

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
	if len(baseLines)+len(splitLines(ours))+len(splitLines(theirs)) > maxLines {
		return nil, false // more lines than runes can number: left to a person
	}
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
// Lines are numbered here, one rune per distinct line, skipping the
// surrogate range that a Go string cannot hold: go-diff's own line
// numbering does that too, but its numbers cannot be read back as
// indexes past 55,295 lines.
func hunks(base, changed []byte) []hunk {
	var lines []string
	ids := map[string]rune{}
	encode := func(b []byte) []rune {
		var out []rune
		for _, l := range splitLines(b) {
			r, ok := ids[l]
			if !ok {
				r = lineRune(len(lines))
				ids[l] = r
				lines = append(lines, l)
			}
			out = append(out, r)
		}
		return out
	}
	r1, r2 := encode(base), encode(changed)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // an exact diff: a merge must not guess
	var out []hunk
	at, open := 0, false
	for _, d := range dmp.DiffMainRunes(r1, r2, false) {
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
			h.lines = append(h.lines, lines[lineIndex(r)])
		}
	}
	return out
}

// lineRune and lineIndex number lines as runes a string can hold.
func lineRune(i int) rune {
	if i >= 0xD800 {
		return rune(i + 0x800)
	}
	return rune(i)
}

func lineIndex(r rune) int {
	if r >= 0xE000 {
		return int(r) - 0x800
	}
	return int(r)
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
