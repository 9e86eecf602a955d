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

// ParsePAGE reads a PAGE XML file of any namespace from 2009 to 2019: one
// page per Page element.
//
// Regions follow the ReadingOrder (ordered groups by @index, unordered
// ones and nested groups in document order); without one, Transkribus'
// custom="readingOrder {index:N;}"; otherwise document order. Regions the
// reading order leaves out follow their nearest listed enclosing region,
// or come last, in document order. Lines follow the custom reading order
// within their region, else document order.
//
// A line's text is its TextEquiv with the lowest @index, else its words'
// joined with spaces; a region whose lines have no text gives its own
// text, one line per line of it.
func ParsePAGE(file string, src []byte) ([]Page, error) {
	d, err := parseXML(file, src, nil)
	if err != nil {
		return nil, err
	}
	var pages []*node
	d.root.walk(func(n *node) bool {
		if n.name == "Page" && n.parent != nil && n.parent.name == "PcGts" {
			pages = append(pages, n)
			return false
		}
		return true
	})
	if len(pages) == 0 {
		return nil, d.errorAtNode(d.root, "no PcGts/Page element: this is not a PAGE XML file", "check the file, or give the right --format")
	}
	var out []Page
	for _, pn := range pages {
		p, err := d.pagePage(pn)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (d *doc) pagePage(pn *node) (Page, error) {
	p := Page{Image: strings.TrimSpace(pn.attr["imageFilename"])}
	var err error
	if p.Width, err = d.size(pn, "imageWidth"); err != nil {
		return p, err
	}
	if p.Height, err = d.size(pn, "imageHeight"); err != nil {
		return p, err
	}
	regions := pn.find("TextRegion")
	pos := pageReadingOrder(pn)
	custom := len(pos) == 0
	key := func(r *node) int {
		for n := r; n != nil && n != pn; n = n.parent {
			if n.name != "TextRegion" {
				continue
			}
			if custom {
				if i, ok := customIndex(n); ok {
					return i
				}
			} else if i, ok := pos[n.attr["id"]]; ok {
				return i
			}
		}
		return math.MaxInt
	}
	sort.SliceStable(regions, func(i, j int) bool { return key(regions[i]) < key(regions[j]) })
	for _, r := range regions {
		lines, err := d.pageRegion(r)
		if err != nil {
			return p, err
		}
		if len(lines) > 0 {
			lines[0].Break = true
		}
		p.Lines = append(p.Lines, lines...)
	}
	return p, nil
}

// size reads a whole number of pixels, 0 when the attribute is missing.
func (d *doc) size(n *node, name string) (int, error) {
	s, ok := n.attr[name]
	if !ok || strings.TrimSpace(s) == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 0 || v > 1e7 {
		return 0, d.errorAtNode(n, fmt.Sprintf("%s=%q is not a size in pixels", name, s), "fix the attribute, or export the file again")
	}
	return pix(v), nil
}

// pageReadingOrder gives each region id named in the ReadingOrder its
// position.
func pageReadingOrder(pn *node) map[string]int {
	ro := pn.child("ReadingOrder")
	if ro == nil {
		return nil
	}
	pos := map[string]int{}
	var rec func(n *node)
	rec = func(n *node) {
		if id := n.attr["regionRef"]; id != "" {
			if _, seen := pos[id]; !seen {
				pos[id] = len(pos)
			}
		}
		var kids []*node
		for _, k := range n.children("") {
			switch k.name {
			case "RegionRef", "RegionRefIndexed", "OrderedGroup", "OrderedGroupIndexed", "UnorderedGroup", "UnorderedGroupIndexed":
				kids = append(kids, k)
			}
		}
		if strings.HasPrefix(n.name, "OrderedGroup") {
			sort.SliceStable(kids, func(i, j int) bool { return index(kids[i]) < index(kids[j]) })
		}
		for _, k := range kids {
			rec(k)
		}
	}
	rec(ro)
	return pos
}

// index is an element's @index, or the largest int when it has none.
func index(n *node) int {
	if i, err := strconv.Atoi(strings.TrimSpace(n.attr["index"])); err == nil {
		return i
	}
	return math.MaxInt
}

var customRO = regexp.MustCompile(`readingOrder\s*\{[^}]*?index\s*:\s*(\d+)`)

// customIndex reads Transkribus' custom="readingOrder {index:N;}".
func customIndex(n *node) (int, bool) {
	m := customRO.FindStringSubmatch(n.attr["custom"])
	if m == nil {
		return 0, false
	}
	i, err := strconv.Atoi(m[1])
	return i, err == nil
}

// textEquiv is the text and confidence of n's TextEquiv with the lowest
// @index (one without an index counts as the lowest); conf is -1 when
// none is given.
func (d *doc) textEquiv(n *node) (string, float64, error) {
	var best *node
	bi := 0
	for _, t := range n.children("TextEquiv") {
		i := math.MinInt
		if s, ok := t.attr["index"]; ok {
			i = index(t)
			if s == "" {
				i = math.MinInt
			}
		}
		if best == nil || i < bi {
			best, bi = t, i
		}
	}
	if best == nil {
		return "", -1, nil
	}
	text := ""
	if u := best.child("Unicode"); u != nil {
		text = u.innerText()
	}
	if strings.TrimSpace(text) == "" {
		if pt := best.child("PlainText"); pt != nil {
			text = pt.innerText()
		}
	}
	conf := -1.0
	if s, ok := best.attr["conf"]; ok && strings.TrimSpace(s) != "" {
		c, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || c < 0 || c > 1 || math.IsNaN(c) {
			return "", -1, d.errorAtNode(best, fmt.Sprintf("conf=%q is not a confidence from 0 to 1", s), "fix the attribute, or export the file again")
		}
		conf = c
	}
	return text, conf, nil
}

// pageRegion reads the lines of one TextRegion (not of regions within it).
func (d *doc) pageRegion(r *node) ([]Line, error) {
	tls := r.children("TextLine")
	sort.SliceStable(tls, func(i, j int) bool {
		a, oka := customIndex(tls[i])
		b, okb := customIndex(tls[j])
		if !oka {
			a = math.MaxInt
		}
		if !okb {
			b = math.MaxInt
		}
		return a < b
	})
	var lines []Line
	any := false
	for _, tl := range tls {
		text, conf, err := d.textEquiv(tl)
		if err != nil {
			return nil, err
		}
		text = oneLine(text)
		var confs []float64
		if words := tl.children("Word"); len(words) > 0 {
			var texts []string
			for _, w := range words {
				t, c, err := d.textEquiv(w)
				if err != nil {
					return nil, err
				}
				texts = append(texts, t)
				confs = append(confs, c)
			}
			if text == "" {
				text = joinWords(texts)
			}
		}
		l := Line{Text: text, Conf: conf, Words: wordConfs(text, confs)}
		if l.Conf < 0 {
			l.Conf = mean(l.Words)
		}
		if err := d.pageGeometry(tl, &l); err != nil {
			return nil, err
		}
		any = any || text != ""
		lines = append(lines, l)
	}
	if !any {
		rt, _, err := d.textEquiv(r)
		if err != nil {
			return nil, err
		}
		var parts []string
		for _, s := range strings.Split(strings.ReplaceAll(rt, "\r\n", "\n"), "\n") {
			if s = oneLine(s); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) == 0 {
			return nil, nil
		}
		var placed []Line
		for _, l := range lines {
			if !l.Box.Empty() {
				placed = append(placed, l)
			}
		}
		var region Line
		if err := d.pageGeometry(r, &region); err != nil {
			return nil, err
		}
		out := make([]Line, len(parts))
		for i, s := range parts {
			g := region
			if len(placed) == len(parts) {
				g = placed[i]
			}
			out[i] = Line{Text: s, Conf: -1, Box: g.Box, Polygon: g.Polygon, Baseline: g.Baseline}
		}
		return out, nil
	}
	var out []Line
	for _, l := range lines {
		if l.Text != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

// pageGeometry reads an element's Coords and Baseline, as points="x,y …"
// or, in the 2009 and 2010 namespaces, as Point children.
func (d *doc) pageGeometry(n *node, l *Line) error {
	var err error
	if c := n.child("Coords"); c != nil {
		if l.Polygon, err = d.pagePoints(c); err != nil {
			return err
		}
		l.Box = bounds(l.Polygon)
	}
	if b := n.child("Baseline"); b != nil {
		if l.Baseline, err = d.pagePoints(b); err != nil {
			return err
		}
		if l.Box.Empty() {
			l.Box = bounds(l.Baseline)
		}
	}
	return nil
}

func (d *doc) pagePoints(n *node) ([]image.Point, error) {
	if s, ok := n.attr["points"]; ok {
		ps, err := parsePoints(s)
		if err != nil {
			return nil, d.errorAtNode(n, fmt.Sprintf("points: %v", err), `write points as "x,y x,y …"`)
		}
		return ps, nil
	}
	var ps []image.Point
	for _, p := range n.children("Point") {
		x, err1 := strconv.ParseFloat(strings.TrimSpace(p.attr["x"]), 64)
		y, err2 := strconv.ParseFloat(strings.TrimSpace(p.attr["y"]), 64)
		if err1 != nil || err2 != nil || !finite(x) || !finite(y) {
			return nil, d.errorAtNode(p, fmt.Sprintf("the point x=%q y=%q is not a position in pixels", p.attr["x"], p.attr["y"]), "fix the point, or export the file again")
		}
		ps = append(ps, image.Pt(pix(x), pix(y)))
	}
	return ps, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1e7 }

// parsePoints reads "x,y x,y …" or "x y x y …" (as ALTO writes them too),
// rounding to whole pixels; empty for an empty string.
func parsePoints(s string) ([]image.Point, error) {
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(f)%2 != 0 {
		return nil, fmt.Errorf("%q has an odd number of coordinates", abbrev(s))
	}
	var ps []image.Point
	for i := 0; i < len(f); i += 2 {
		x, err1 := strconv.ParseFloat(f[i], 64)
		y, err2 := strconv.ParseFloat(f[i+1], 64)
		if err1 != nil || err2 != nil || !finite(x) || !finite(y) {
			return nil, fmt.Errorf("%q is not a point x,y", f[i]+","+f[i+1])
		}
		ps = append(ps, image.Pt(pix(x), pix(y)))
	}
	return ps, nil
}

func abbrev(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
