package check

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"strconv"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// RuleGeometry reports a page's OCR line geometry (ocr-lines.tsv) that
// does not parse or does not fit its OCR reading or its image.
const RuleGeometry = geometry.Rule

// geometryHint is what to do about a geometry file that does not fit.
const geometryHint = "import the page's OCR again (scribe import), or remove ocr-lines.tsv if it belongs to no OCR reading of this page"

// geometry checks a page's ocr-lines.tsv against its OCR reading: it
// parses, the page has an OCR reading, each non-blank line of the reading
// has a row and no other line has one, and when the image's size is known
// every box lies inside the image. Each is an error: crop, diff, review
// and the collation's weights would place the OCR's lines wrongly. It
// returns the geometry, nil when there is none or it does not parse.
func (c *checker) geometry(docID, pageID string, src []byte, rs []collate.Reading) (*geometry.Page, bool) {
	rel := layout.LinesPath(docID, pageID)
	g, err := geometry.Parse(rel, src)
	if err != nil {
		c.err(rel, err)
		return nil, false
	}
	i := -1
	for k, r := range rs {
		if r.ID == project.OCR {
			i = k
		}
	}
	if i < 0 {
		c.errorf(rel, 0, RuleGeometry, "import the page's OCR reading with it, or remove ocr-lines.tsv",
			"the page has OCR line geometry but no OCR reading (%s)", layout.ReadingPath(docID, pageID, project.OCR))
		return g, true
	}
	lines := strings.Split(strings.TrimSuffix(rs[i].Text, "\n"), "\n")
	if rs[i].Text == "" {
		lines = nil
	}
	var missing, blank, beyond []int
	for n, l := range lines {
		if _, ok := g.Line(n + 1); !ok && strings.TrimSpace(l) != "" {
			missing = append(missing, n+1)
		}
	}
	for _, l := range g.Lines {
		switch {
		case l.N > len(lines):
			beyond = append(beyond, l.N)
		case strings.TrimSpace(lines[l.N-1]) == "":
			blank = append(blank, l.N)
		}
	}
	ocr := layout.ReadingPath(docID, pageID, project.OCR)
	if len(missing) > 0 {
		c.errorf(rel, 0, RuleGeometry, geometryHint, "%s %s of %s %s no row: the file lists %d lines, the OCR reading has %d with text",
			lineWord(len(missing)), lineNumbers(missing), ocr, isHas(len(missing)), len(g.Lines), len(lines)-blanks(lines))
	}
	if len(beyond) > 0 {
		c.errorf(rel, rowLine(src, beyond[0]), RuleGeometry, geometryHint, "the OCR reading %s has %d lines, but the file lists %s %s",
			ocr, len(lines), lineWord(len(beyond)), lineNumbers(beyond))
	}
	if len(blank) > 0 {
		c.errorf(rel, rowLine(src, blank[0]), RuleGeometry, geometryHint, "%s %s of %s %s blank, yet %s a row: a blank line has none",
			lineWord(len(blank)), lineNumbers(blank), ocr, isAre(len(blank)), isHas(len(blank)))
	}
	if g.Width > 0 && g.Height > 0 {
		img := image.Rect(0, 0, g.Width, g.Height)
		var out []int
		for _, l := range g.Lines {
			if !l.Box.In(img) {
				out = append(out, l.N)
			}
		}
		if len(out) > 0 {
			l, _ := g.Line(out[0])
			c.errorf(rel, rowLine(src, out[0]), RuleGeometry,
				"check that the file was made from this image: "+geometryHint,
				"the box of %s %s lies outside the image of %d×%d pixels (line %d: %d,%d,%d,%d)",
				lineWord(len(out)), lineNumbers(out), g.Width, g.Height, l.N, l.Box.Min.X, l.Box.Min.Y, l.Box.Max.X, l.Box.Max.Y)
		}
	}
	return g, true
}

// lineWord is "line" or "lines", before a list of n line numbers.
func lineWord(n int) string {
	if n == 1 {
		return "line"
	}
	return "lines"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func isHas(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func blanks(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			n++
		}
	}
	return n
}

// lineNumbers lists line numbers, the first ten and how many more:
// "4", "4, 7 and 9".
func lineNumbers(ns []int) string {
	var s []string
	for _, n := range ns[:min(len(ns), 10)] {
		s = append(s, strconv.Itoa(n))
	}
	list := strings.Join(s, ", ")
	if len(ns) > 10 {
		list += fmt.Sprintf(" and %d more", len(ns)-10)
	} else if len(s) > 1 {
		list = strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
	}
	return list
}

// rowLine is the line of the file that holds the row of OCR line n: the
// first after the column heads whose first field is n; 0 when none is.
func rowLine(src []byte, n int) int {
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	want := strconv.Itoa(n) + "\t"
	heads := false
	for k := 1; sc.Scan(); k++ {
		t := sc.Text()
		if !heads {
			heads = strings.HasPrefix(t, "line\t")
			continue
		}
		if strings.HasPrefix(t, want) {
			return k
		}
	}
	return 0
}
