package ocrformat

import (
	"fmt"
	"image"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// ParseALTO reads an ALTO file, versions 2 to 4.x: one page per
// Layout/Page element.
//
// Lines follow the ReadingOrder of ALTO 4.3 (its ElementRefs may name
// blocks or lines; ordered groups in order, unordered and nested groups
// in document order) and otherwise document order; what the reading
// order leaves out comes last. A line's text is its Strings' CONTENT
// joined with a space (where there is an SP and where there is none); a
// HYP ends the line with its hyphen ("-" for an empty or soft hyphen).
//
// Geometry in MeasurementUnit mm10 or inch1200 is converted to pixels
// with o.DPI; without it the lines keep no geometry and the page says so
// in a note.
func ParseALTO(file string, src []byte, o Options) ([]Page, error) {
	d, err := parseXML(file, src, nil)
	if err != nil {
		return nil, err
	}
	if d.root.name != "alto" {
		return nil, d.errorAtNode(d.root, fmt.Sprintf("the root element is <%s>, not <alto>: this is not an ALTO file", d.root.name), "check the file, or give the right --format")
	}
	a := &altoReader{doc: d, scale: 1}
	if desc := d.root.child("Description"); desc != nil {
		if mu := desc.child("MeasurementUnit"); mu != nil {
			a.unit = strings.TrimSpace(mu.innerText())
		}
		if sii := desc.child("sourceImageInformation"); sii != nil {
			if fn := sii.child("fileName"); fn != nil {
				a.image = strings.TrimSpace(fn.innerText())
			}
			if a.image == "" {
				if fi := sii.child("fileIdentifier"); fi != nil {
					a.image = strings.TrimSpace(fi.innerText())
				}
			}
		}
		for _, sw := range desc.find("softwareName") {
			a.oddWC = a.oddWC || tesseractOddWC(sw.innerText())
		}
	}
	switch a.unit {
	case "", "pixel":
	case "mm10":
		a.scale = o.DPI / 254
	case "inch1200":
		a.scale = o.DPI / 1200
	default:
		return nil, d.errorAtNode(d.root, fmt.Sprintf("MeasurementUnit %q is not pixel, mm10 or inch1200", a.unit), "fix the MeasurementUnit, or export the file again")
	}
	if a.scale == 0 {
		a.note = fmt.Sprintf("the file measures in %s and the scan's resolution is not known, so its lines keep no geometry; give --dpi to convert them to pixels", a.unit)
	}
	a.pos = altoReadingOrder(d.root)
	layout := d.root.child("Layout")
	if layout == nil {
		return nil, d.errorAtNode(d.root, "the file has no Layout element", "check the file, or export it again")
	}
	var out []Page
	for _, pn := range layout.children("Page") {
		p, err := a.page(pn)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

type altoReader struct {
	*doc
	unit, image string
	scale       float64 // pixels per unit; 0 when unknown
	note        string
	oddWC       bool // WC written as "0." and a percentage
	pos         map[string]int
}

var tesseractVersion = regexp.MustCompile(`(?i)tesseract\D*(\d+)(?:\.(\d+))?`)

// tesseractOddWC says whether the ALTO was written by a Tesseract that
// writes WC as "0." followed by the integer percentage (up to 5.5): 9 %
// becomes "0.9" and 100 % "0.100".
func tesseractOddWC(software string) bool {
	m := tesseractVersion.FindStringSubmatch(software)
	if m == nil {
		return false
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return major < 5 || major == 5 && minor <= 5
}

// altoReadingOrder gives each id named by the ReadingOrder its position.
func altoReadingOrder(root *node) map[string]int {
	ro := root.child("ReadingOrder")
	if ro == nil {
		return nil
	}
	pos := map[string]int{}
	var rec func(n *node)
	rec = func(n *node) {
		if n.name == "ElementRef" || n.name != "ReadingOrder" {
			for _, id := range strings.Fields(n.attr["REF"]) {
				if _, seen := pos[id]; !seen {
					pos[id] = len(pos)
				}
			}
		}
		for _, k := range n.children("") {
			switch k.name {
			case "ElementRef", "OrderedGroup", "UnorderedGroup":
				rec(k)
			}
		}
	}
	rec(ro)
	return pos
}

func (a *altoReader) page(pn *node) (Page, error) {
	p := Page{Image: a.image}
	if a.note != "" {
		p.Notes = append(p.Notes, a.note)
	}
	if a.scale > 0 {
		w, err := a.num(pn, "WIDTH")
		if err != nil {
			return p, err
		}
		h, err := a.num(pn, "HEIGHT")
		if err != nil {
			return p, err
		}
		p.Width, p.Height = max(0, pix(w*a.scale)), max(0, pix(h*a.scale))
	}
	lines := pn.find("TextLine")
	key := func(l *node) int {
		for n := l; n != nil && n != pn; n = n.parent {
			if i, ok := a.pos[n.attr["ID"]]; ok && n.attr["ID"] != "" {
				return i
			}
		}
		return math.MaxInt
	}
	sort.SliceStable(lines, func(i, j int) bool { return key(lines[i]) < key(lines[j]) })
	var block *node
	for _, ln := range lines {
		l, err := a.line(ln)
		if err != nil {
			return p, err
		}
		if l.Text == "" {
			continue
		}
		b := ln.ancestor(func(n *node) bool { return n.name == "TextBlock" })
		l.Break = b != block
		block = b
		p.Lines = append(p.Lines, l)
	}
	return p, nil
}

// num reads a number attribute, 0 when missing.
func (a *altoReader) num(n *node, name string) (float64, error) {
	s := strings.TrimSpace(n.attr[name])
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !finite(v) {
		return 0, a.errorAtNode(n, fmt.Sprintf("%s=%q is not a number", name, n.attr[name]), "fix the attribute, or export the file again")
	}
	return v, nil
}

func (a *altoReader) line(ln *node) (Line, error) {
	l := Line{Conf: -1}
	var words []string
	var confs []float64
	for _, k := range ln.children("") {
		switch k.name {
		case "String":
			w := oneLine(k.attr["CONTENT"])
			if w == "" {
				continue
			}
			c, err := a.wordConf(k)
			if err != nil {
				return l, err
			}
			for range strings.Fields(w) {
				confs = append(confs, c)
			}
			words = append(words, w)
		case "HYP":
			h := oneLine(k.attr["CONTENT"])
			if h == "" || h == "\u00ad" {
				h = "-"
			}
			if len(words) == 0 {
				words = append(words, h)
				confs = append(confs, -1)
			} else {
				words[len(words)-1] += h
			}
		}
	}
	l.Text = strings.Join(words, " ")
	l.Words = wordConfs(l.Text, confs)
	l.Conf = mean(l.Words)
	if a.scale == 0 {
		return l, nil
	}
	x, err := a.num(ln, "HPOS")
	if err != nil {
		return l, err
	}
	y, err := a.num(ln, "VPOS")
	if err != nil {
		return l, err
	}
	w, err := a.num(ln, "WIDTH")
	if err != nil {
		return l, err
	}
	h, err := a.num(ln, "HEIGHT")
	if err != nil {
		return l, err
	}
	s := a.scale
	if w > 0 && h > 0 {
		l.Box = image.Rect(pix(x*s), pix(y*s), pix((x+w)*s), pix((y+h)*s))
	}
	if sh := ln.child("Shape"); sh != nil {
		if pg := sh.child("Polygon"); pg != nil {
			ps, err := parsePoints(pg.attr["POINTS"])
			if err != nil {
				return l, a.errorAtNode(pg, fmt.Sprintf("POINTS: %v", err), `write points as "x,y x,y …"`)
			}
			for i := range ps {
				ps[i] = image.Pt(pix(float64(ps[i].X)*s), pix(float64(ps[i].Y)*s))
			}
			l.Polygon = ps
		}
	}
	if bl := strings.TrimSpace(ln.attr["BASELINE"]); bl != "" {
		f := strings.Fields(strings.ReplaceAll(bl, ",", " "))
		if len(f) == 1 {
			// Before ALTO 4.2 the baseline is one vertical position.
			v, err := a.num(ln, "BASELINE")
			if err != nil {
				return l, err
			}
			if w > 0 {
				l.Baseline = []image.Point{{pix(x * s), pix(v * s)}, {pix((x + w) * s), pix(v * s)}}
			}
		} else {
			ps, err := parsePoints(bl)
			if err != nil {
				return l, a.errorAtNode(ln, fmt.Sprintf("BASELINE: %v", err), `write the baseline as "x,y x,y …"`)
			}
			for i := range ps {
				ps[i] = image.Pt(pix(float64(ps[i].X)*s), pix(float64(ps[i].Y)*s))
			}
			l.Baseline = ps
		}
	}
	if l.Box.Empty() {
		l.Box = bounds(append(append([]image.Point(nil), l.Polygon...), l.Baseline...))
	}
	return l, nil
}

// wordConf is a String's confidence from 0 to 1: its WC, else the mean
// of its CC (each 0 for sure to 9 for unsure, or from 0 to 1); -1 when
// it has neither.
func (a *altoReader) wordConf(n *node) (float64, error) {
	if s := strings.TrimSpace(n.attr["WC"]); s != "" {
		c, err := parseWC(s, a.oddWC)
		if err != nil {
			return -1, a.errorAtNode(n, fmt.Sprintf("WC=%q is not a confidence from 0 to 1", s), "fix the attribute, or export the file again")
		}
		return c, nil
	}
	s := strings.TrimSpace(n.attr["CC"])
	if s == "" {
		return -1, nil
	}
	f := strings.Fields(s)
	if len(f) == 1 && len(f[0]) > 1 && strings.Trim(f[0], "0123456789") == "" {
		f = strings.Split(f[0], "") // ALTO 1 and 2 write digits without spaces
	}
	sum := 0.0
	digits := true
	var vs []float64
	for _, x := range f {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil || v < 0 || v > 9 || math.IsNaN(v) {
			return -1, a.errorAtNode(n, fmt.Sprintf("CC=%q is not a list of character confidences", s), "fix the attribute, or export the file again")
		}
		digits = digits && v == math.Trunc(v)
		vs = append(vs, v)
	}
	for _, v := range vs {
		if digits {
			sum += 1 - v/9
		} else if v <= 1 {
			sum += v
		} else {
			return -1, a.errorAtNode(n, fmt.Sprintf("CC=%q is not a list of character confidences", s), "fix the attribute, or export the file again")
		}
	}
	return round4(sum / float64(len(vs))), nil
}

// parseWC reads a word confidence. odd is for Tesseract up to 5.5, which
// writes "0." followed by the integer percentage.
func parseWC(s string, odd bool) (float64, error) {
	if digits, ok := strings.CutPrefix(s, "0."); odd && ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
		if pc, err := strconv.Atoi(digits); err == nil && pc <= 100 {
			return float64(pc) / 100, nil
		}
	}
	c, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(c) || c < 0:
		return 0, fmt.Errorf("bad WC")
	case c <= 1:
		return round4(c), nil
	case c <= 100:
		return round4(c / 100), nil // a percentage, as some tools write it
	}
	return 0, fmt.Errorf("bad WC")
}
