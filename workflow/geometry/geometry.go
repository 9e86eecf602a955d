// Package geometry reads and writes a page's OCR line geometry: where
// each line of the OCR reading lies on the scan, and how sure the OCR
// engine was of its words. It is one small text file per page,
// ocr-lines.tsv beside the page's readings folder, written by import and
// read by check, crop, export and the collation's weights.
//
// The file is tab-separated, one OCR line per row, so that a diff shows
// which line moved:
//
//	# scribe OCR lines: one row per line of readings/ocr.txt (docs/format.md)
//	image	scan-001.png	1560	1003
//	line	box	polygon	baseline	conf	words
//	1	118,96,1438,143	118,96 1438,96 1438,143 118,143	118,135 1438,135	0.95	0.96 0.93 0.97
//	2	118,152,1402,199	-	-	-	-
//
// After the comment lines come the image (its file name as the OCR file
// gives it, and its width and height in pixels, 0 when unknown) and the
// column heads. Each line row has: the line's number in readings/ocr.txt
// (1, 2, …, every line once, in order); its box "x0,y0,x1,y1" in pixels
// (x0 < x1, y0 < y1); its polygon and baseline as "x,y" points separated
// by spaces, or "-"; the line's confidence from 0 to 1, or "-"; the
// confidence of each of the line's words, in the order of the
// whitespace-separated words of that line of readings/ocr.txt, or "-".
// A line of readings/ocr.txt with no geometry (a blank line) has no row.
package geometry

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"strconv"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

// Rule is the problem rule of a malformed geometry file.
const Rule = "geometry"

// Page is the geometry of one page's OCR reading.
type Page struct {
	Image         string // the scan's file name as the OCR file gives it, or ""
	Width, Height int    // the scan's size in pixels; 0 when unknown
	Lines         []Line // in order of Line.N
}

// Line is one line of the OCR reading.
type Line struct {
	N        int             // 1-based line number in readings/ocr.txt
	Box      image.Rectangle // in pixels
	Polygon  []image.Point   // nil when the OCR gives none
	Baseline []image.Point   // nil when the OCR gives none
	Conf     float64         // 0 to 1; -1 when the OCR gives none
	Words    []float64       // per word, 0 to 1; nil when the OCR gives none
}

// Header begins every file.
const Header = "# scribe OCR lines: one row per line of readings/ocr.txt (docs/format.md)\n"

// columns are the column heads.
const columns = "line\tbox\tpolygon\tbaseline\tconf\twords"

// Encode writes the page's geometry in the file's form. The same page
// gives the same bytes.
func (p *Page) Encode() []byte {
	var b bytes.Buffer
	b.WriteString(Header)
	fmt.Fprintf(&b, "image\t%s\t%d\t%d\n", p.Image, p.Width, p.Height)
	b.WriteString(columns + "\n")
	for _, l := range p.Lines {
		r := l.Box
		fmt.Fprintf(&b, "%d\t%d,%d,%d,%d\t%s\t%s\t%s\t%s\n", l.N, r.Min.X, r.Min.Y, r.Max.X, r.Max.Y,
			points(l.Polygon), points(l.Baseline), conf(l.Conf), words(l.Words))
	}
	return b.Bytes()
}

func points(ps []image.Point) string {
	if len(ps) == 0 {
		return "-"
	}
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = strconv.Itoa(p.X) + "," + strconv.Itoa(p.Y)
	}
	return strings.Join(s, " ")
}

func conf(c float64) string {
	if c < 0 {
		return "-"
	}
	return strconv.FormatFloat(c, 'f', -1, 64)
}

func words(ws []float64) string {
	if len(ws) == 0 {
		return "-"
	}
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = conf(w)
	}
	return strings.Join(s, " ")
}

// Parse reads a geometry file; file names it in errors, which give the
// line and say what to do.
func Parse(file string, src []byte) (*Page, error) {
	p := &Page{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	n, stage := 0, 0 // stage: 0 before the image row, 1 before the heads, 2 lines
	bad := func(format string, a ...any) error {
		return problem.Newf(file, n, Rule, "write the file as docs/format.md describes, or import the OCR again",
			format, a...)
	}
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(line, "#") || stage < 2 && strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		switch stage {
		case 0:
			if len(f) != 4 || f[0] != "image" {
				return nil, bad("expected the image row: image<TAB>NAME<TAB>WIDTH<TAB>HEIGHT")
			}
			w, err1 := strconv.Atoi(f[2])
			h, err2 := strconv.Atoi(f[3])
			if err1 != nil || err2 != nil || w < 0 || h < 0 {
				return nil, bad("the image's width and height are not whole numbers of pixels: %q, %q", f[2], f[3])
			}
			p.Image, p.Width, p.Height = f[1], w, h
			stage = 1
		case 1:
			if line != columns {
				return nil, bad("expected the column heads %q", columns)
			}
			stage = 2
		default:
			if len(f) != 6 {
				return nil, bad("a line row has 6 tab-separated fields, this one %d", len(f))
			}
			l, err := parseLine(f)
			if err != nil {
				return nil, bad("%v", err)
			}
			if k := len(p.Lines); k > 0 && l.N <= p.Lines[k-1].N {
				return nil, bad("line %d comes after line %d: list the lines once each, in order", l.N, p.Lines[k-1].N)
			}
			p.Lines = append(p.Lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, problem.Newf(file, n, Rule, "shorten the line", "%v", err)
	}
	if stage < 2 {
		return nil, bad("the file ends before its column heads")
	}
	return p, nil
}

func parseLine(f []string) (Line, error) {
	l := Line{Conf: -1}
	var err error
	if l.N, err = strconv.Atoi(f[0]); err != nil || l.N < 1 {
		return l, fmt.Errorf("the line number %q is not a whole number from 1", f[0])
	}
	c := strings.Split(f[1], ",")
	if len(c) != 4 {
		return l, fmt.Errorf("the box %q is not x0,y0,x1,y1", f[1])
	}
	var v [4]int
	for i, s := range c {
		if v[i], err = strconv.Atoi(s); err != nil {
			return l, fmt.Errorf("the box %q is not x0,y0,x1,y1 in whole pixels", f[1])
		}
	}
	l.Box = image.Rect(v[0], v[1], v[2], v[3])
	if v[0] >= v[2] || v[1] >= v[3] {
		return l, fmt.Errorf("the box %q is empty: x0 < x1 and y0 < y1", f[1])
	}
	if l.Polygon, err = parsePoints(f[2]); err != nil {
		return l, fmt.Errorf("the polygon: %v", err)
	}
	if l.Baseline, err = parsePoints(f[3]); err != nil {
		return l, fmt.Errorf("the baseline: %v", err)
	}
	if f[4] != "-" {
		if l.Conf, err = parseConf(f[4]); err != nil {
			return l, err
		}
	}
	if f[5] != "-" {
		for _, s := range strings.Fields(f[5]) {
			w, err := parseConf(s)
			if err != nil {
				return l, err
			}
			l.Words = append(l.Words, w)
		}
	}
	return l, nil
}

func parsePoints(s string) ([]image.Point, error) {
	if s == "-" {
		return nil, nil
	}
	var out []image.Point
	for _, p := range strings.Fields(s) {
		x, y, ok := strings.Cut(p, ",")
		xi, err1 := strconv.Atoi(x)
		yi, err2 := strconv.Atoi(y)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%q is not a point x,y in whole pixels", p)
		}
		out = append(out, image.Pt(xi, yi))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no points; write - for none")
	}
	return out, nil
}

func parseConf(s string) (float64, error) {
	c, err := strconv.ParseFloat(s, 64)
	if err != nil || c < 0 || c > 1 {
		return 0, fmt.Errorf("the confidence %q is not a number from 0 to 1", s)
	}
	return c, nil
}

// Line returns the geometry of line n of the OCR reading, if it has one.
func (p *Page) Line(n int) (Line, bool) {
	lo, hi := 0, len(p.Lines)
	for lo < hi {
		m := (lo + hi) / 2
		if p.Lines[m].N < n {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(p.Lines) && p.Lines[lo].N == n {
		return p.Lines[lo], true
	}
	return Line{}, false
}
