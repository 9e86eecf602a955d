package main

// How diff and review show a row: each variant as that reading's own text
// with its differences to the consensus marked, labels aligned, and long
// lines wrapped to the terminal's width with a hanging indent.

import (
	"io"
	"os"
	"strings"

	"github.com/rivo/uniseg"
	"golang.org/x/term"

	"github.com/scribe-transcription/scribe/workflow/collate"
)

// The marks of a variant line, without colour (with colour, the brackets
// give way to green text, and the other marks are red or green):
//
//	[text]  the reading's own text where it differs from the consensus
//	‸       the reading lacks text the consensus has here
//	·       a space the reading has where the consensus has none
//	⏎       a line break in the reading
//	→       the reading runs on into the next row: it lacks the line
//	        break the consensus has here
const (
	markOpen   = "["
	markClose  = "]"
	markLacks  = "‸"
	markSpace  = "·"
	markBreak  = "⏎"
	markRunsOn = "→"
)

// marksLegend explains the marks in a command's help.
const marksLegend = `  [text]  the reading's own text where it differs from the consensus
  ‸       the reading lacks text the consensus has here
  ·       a space the reading has where the consensus has none
  ⏎       a line break in the reading
  →       the reading runs on into the next row (it lacks the line break)`

// defaultWidth is the width of the screen when the output is not a
// terminal, or its width is unknown.
const defaultWidth = 80

// screenWidth is the width of w when it is a terminal, else defaultWidth.
func screenWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols >= 20 {
			return cols
		}
	}
	return defaultWidth
}

// variantText is reading i's own text in row r, its differences to the
// consensus marked.
func variantText(r *collate.Row, i int, v collate.Variant, color bool) string {
	if v.Missing {
		return "(no text in this row)"
	}
	if i < 0 {
		return v.Text
	}
	return markReading(r.WordDiff(i), color)
}

// markReading shows the reading's side of a word diff against the
// consensus: its own text, the runs that differ marked, and a mark where
// it lacks text the consensus has.
func markReading(segs []collate.Segment, color bool) string {
	var b strings.Builder
	for k := 0; k < len(segs); k++ {
		s := segs[k]
		switch s.Op {
		case collate.Equal:
			b.WriteString(showBreaks(s.Text))
		case collate.Delete:
			if k+1 < len(segs) && segs[k+1].Op == collate.Insert {
				b.WriteString(changed(s.Text, segs[k+1].Text, color))
				k++
				continue
			}
			b.WriteString(lacks(s.Text, k == len(segs)-1, color))
		case collate.Insert:
			lead, t := cutSpace(s.Text)
			b.WriteString(lead + marked(showBreaks(t), color))
		}
	}
	return b.String()
}

// lacks marks consensus text the reading does not have: a line break
// as the reading running on, anything else as a gap. last says the text
// ends the row.
func lacks(consensus string, last, color bool) string {
	lead, t := cutSpace(consensus)
	runsOn := ""
	if last && strings.HasSuffix(strings.TrimRight(t, " "), "\n") {
		runsOn = " " + paint(markRunsOn, ansiRed, color)
		t = strings.TrimSpace(t)
	}
	if t == "" {
		return runsOn
	}
	return lead + paint(markLacks, ansiRed, color) + runsOn
}

// changed shows the reading's text ins where the consensus has del. A
// difference in the space before them shows as a mark of its own: ·
// for a space the reading adds, ‸ for one it lacks.
func changed(del, ins string, color bool) string {
	ds, dt := cutSpace(del)
	ns, nt := cutSpace(ins)
	space := ""
	switch {
	case ds != "" && ns != "":
		space = " "
	case ns != "":
		space = marked(markSpace, color)
	case ds != "":
		space = paint(markLacks, ansiRed, color)
	}
	if dt == nt {
		return space + showBreaks(nt)
	}
	if !color {
		if ns != "" && ds == "" {
			return markOpen + markSpace + showBreaks(nt) + markClose
		}
		return space + markOpen + showBreaks(nt) + markClose
	}
	var b strings.Builder
	b.WriteString(space)
	for _, c := range collate.CharDiff(dt, nt) {
		switch c.Op {
		case collate.Equal:
			b.WriteString(ansiGreen + showBreaks(c.Text) + ansiReset)
		case collate.Insert:
			b.WriteString(ansiGreen + ansiUnderline + showBreaks(c.Text) + ansiReset)
		}
	}
	return b.String()
}

// marked is a run of the reading's own text that differs from the
// consensus.
func marked(t string, color bool) string {
	if color {
		return ansiGreen + t + ansiReset
	}
	return markOpen + t + markClose
}

// cutSpace splits off the space a token's text begins with.
func cutSpace(s string) (string, string) {
	if strings.HasPrefix(s, " ") {
		return " ", s[1:]
	}
	return "", s
}

// displayWidth is how many columns s takes on a terminal, colour codes
// aside.
func displayWidth(s string) int { return uniseg.StringWidth(stripANSI(s)) }

func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// wrap breaks s into lines of at most width columns, at spaces; a word
// wider than a line is cut. Colour carries over a break: each line ends
// with a reset when colour is on, and the next begins with it again.
func wrap(s string, width int) []string {
	width = max(width, 10)
	var lines []string
	var line strings.Builder
	lineW := 0
	active := "" // the colour codes in effect
	flush := func() {
		t := line.String()
		if active != "" {
			t += ansiReset
		}
		lines = append(lines, t)
		line.Reset()
		line.WriteString(active)
		lineW = 0
	}
	track := func(word string) {
		for i := 0; i < len(word); i++ {
			if word[i] != 0x1b {
				continue
			}
			j := strings.IndexByte(word[i:], 'm')
			if j < 0 {
				return
			}
			if code := word[i : i+j+1]; code == ansiReset {
				active = ""
			} else {
				active += code
			}
			i += j
		}
	}
	for k, word := range strings.Split(s, " ") {
		ww := displayWidth(word)
		if k > 0 {
			if lineW+1+ww <= width {
				line.WriteByte(' ')
				lineW++
			} else {
				flush()
			}
		}
		if ww <= width-lineW {
			line.WriteString(word)
			lineW += ww
			track(word)
			continue
		}
		// A word wider than the line: cut it by grapheme cluster.
		for rest := word; rest != ""; {
			if rest[0] == 0x1b {
				j := strings.IndexByte(rest, 'm')
				if j < 0 {
					j = len(rest) - 1
				}
				line.WriteString(rest[:j+1])
				track(rest[:j+1])
				rest = rest[j+1:]
				continue
			}
			end := strings.IndexByte(rest, 0x1b)
			if end < 0 {
				end = len(rest)
			}
			cluster, _, w, _ := uniseg.FirstGraphemeClusterInString(rest[:end], -1)
			if lineW+w > width && lineW > 0 {
				flush()
			}
			line.WriteString(cluster)
			lineW += w
			rest = rest[len(cluster):]
		}
	}
	if line.Len() > 0 || len(lines) == 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// writeWrapped writes text after first, a prefix of the first line, and
// wraps it to width with a hanging indent of hang columns.
func writeWrapped(w io.Writer, first string, hang int, text string, width int) {
	lines := wrap(text, width-hang)
	pad := strings.Repeat(" ", hang)
	io.WriteString(w, strings.TrimRight(first+lines[0], " ")+"\n")
	for _, l := range lines[1:] {
		io.WriteString(w, pad+l+"\n")
	}
}

// labelWidth is the width of a column of labels: the widest of labels,
// no less than "consensus", and no more than leaves a text column of 40
// on a screen of width columns, after indent columns.
func labelWidth(labels []string, indent, width int) int {
	lw := len("consensus")
	for _, l := range labels {
		lw = max(lw, uniseg.StringWidth(l))
	}
	return max(len("consensus"), min(lw, width-indent-2-40, 24))
}

// writeLabelled writes one labelled line: indent, the label padded to lw,
// two spaces and text, wrapped with its lines aligned under the text. A
// label too wide for its column takes a line of its own.
func writeLabelled(w io.Writer, indent, label string, lw int, text string, width int) {
	hang := displayWidth(indent) + lw + 2
	if uniseg.StringWidth(label) > lw {
		io.WriteString(w, indent+label+"\n")
		writeWrapped(w, strings.Repeat(" ", hang), hang, text, width)
		return
	}
	first := indent + label + strings.Repeat(" ", lw-uniseg.StringWidth(label)+2)
	writeWrapped(w, first, hang, text, width)
}

// names lists ids as a person reads them: "ann", "ann and ben",
// "ann, ben and cat".
func names(ids []string) string {
	switch len(ids) {
	case 0:
		return "nobody"
	case 1:
		return ids[0]
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " and " + ids[len(ids)-1]
}
