package ocrformat

import (
	"encoding/xml"
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"
)

// hocrLines are the classes of hOCR's lines.
var hocrLines = []string{"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat", "ocrx_line"}

// ParseHOCR reads an hOCR file (well-formed XHTML, as Tesseract, OCRopus
// and Kraken write it; HTML's named entities are known): one page per
// ocr_page element, its lines (ocr_line, ocr_header, ocr_caption,
// ocr_textfloat, ocrx_line) in document order. A line's text is its
// ocrx_words joined with spaces, or its own text when it has no words; a
// new paragraph (ocr_par, else ocr_carea) starts a block.
func ParseHOCR(file string, src []byte) ([]Page, error) {
	d, err := parseXML(file, src, xml.HTMLEntity)
	if err != nil {
		return nil, err
	}
	var pages []*node
	d.root.walk(func(n *node) bool {
		if hasClass(n, "ocr_page") {
			pages = append(pages, n)
			return false
		}
		return true
	})
	if len(pages) == 0 {
		return nil, d.errorAtNode(d.root, "no element of class ocr_page: this is not an hOCR file", "check the file, or give the right --format")
	}
	var out []Page
	for _, pn := range pages {
		p, err := d.hocrPage(pn)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func hasClass(n *node, classes ...string) bool {
	for _, c := range strings.Fields(n.attr["class"]) {
		for _, want := range classes {
			if c == want {
				return true
			}
		}
	}
	return false
}

// props reads an hOCR title: "bbox 0 0 10 10; image "a b.png"; x_wconf 96".
func props(title string) map[string][]string {
	out := map[string][]string{}
	for _, part := range splitProps(title) {
		f := fields(part)
		if len(f) == 0 {
			continue
		}
		if _, seen := out[f[0]]; !seen {
			out[f[0]] = f[1:]
		}
	}
	return out
}

// splitProps cuts a title at the semicolons outside double quotes.
func splitProps(s string) []string {
	var out []string
	q, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			q = !q
		case ';':
			if !q {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// fields splits at white space outside double quotes, dropping the quotes.
func fields(s string) []string {
	var out []string
	var b strings.Builder
	q, in := false, false
	for _, r := range s {
		switch {
		case r == '"':
			q, in = !q, true
		case !q && (r == ' ' || r == '\t' || r == '\n' || r == '\r'):
			if in {
				out = append(out, b.String())
				b.Reset()
				in = false
			}
		default:
			b.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, b.String())
	}
	return out
}

func (d *doc) hocrPage(pn *node) (Page, error) {
	pp := props(pn.attr["title"])
	p := Page{}
	if img := pp["image"]; len(img) > 0 {
		p.Image = strings.Join(img, " ")
	}
	if b, ok, err := d.bbox(pn, pp); err != nil {
		return p, err
	} else if ok {
		p.Width, p.Height = b.Max.X, b.Max.Y
	}
	var block *node
	first := true
	var err error
	pn.walk(func(n *node) bool {
		if err != nil {
			return false
		}
		if n == pn || !hasClass(n, hocrLines...) {
			return true
		}
		var l Line
		if l, err = d.hocrLine(n); err != nil {
			return false
		}
		if l.Text != "" {
			b := n.ancestor(func(a *node) bool { return hasClass(a, "ocr_par") || a == pn })
			if b == pn {
				b = n.ancestor(func(a *node) bool { return hasClass(a, "ocr_carea") || a == pn })
			}
			l.Break = first || b != block
			block, first = b, false
			p.Lines = append(p.Lines, l)
		}
		return false
	})
	return p, err
}

// bbox reads a bbox property.
func (d *doc) bbox(n *node, pp map[string][]string) (image.Rectangle, bool, error) {
	b, ok := pp["bbox"]
	if !ok {
		return image.Rectangle{}, false, nil
	}
	var v [4]int
	if len(b) != 4 {
		return image.Rectangle{}, false, d.errorAtNode(n, fmt.Sprintf("bbox %q is not x0 y0 x1 y1", strings.Join(b, " ")), "fix the title, or export the file again")
	}
	for i, s := range b {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || !finite(f) {
			return image.Rectangle{}, false, d.errorAtNode(n, fmt.Sprintf("bbox %q is not x0 y0 x1 y1", strings.Join(b, " ")), "fix the title, or export the file again")
		}
		v[i] = pix(f)
	}
	return image.Rect(v[0], v[1], v[2], v[3]), true, nil
}

func (d *doc) hocrLine(ln *node) (Line, error) {
	l := Line{Conf: -1}
	pp := props(ln.attr["title"])
	box, ok, err := d.bbox(ln, pp)
	if err != nil {
		return l, err
	}
	if ok {
		l.Box = box
	}
	var words []string
	var confs []float64
	var werr error
	ln.walk(func(n *node) bool {
		if werr != nil || n == ln || !hasClass(n, "ocrx_word") {
			return true
		}
		w := oneLine(n.innerText())
		if w == "" {
			return false
		}
		c := -1.0
		if wc := props(n.attr["title"])["x_wconf"]; len(wc) > 0 {
			v, err := strconv.ParseFloat(wc[0], 64)
			if err != nil || v < 0 || v > 100 || math.IsNaN(v) {
				werr = d.errorAtNode(n, fmt.Sprintf("x_wconf %q is not a confidence from 0 to 100", wc[0]), "fix the title, or export the file again")
				return false
			}
			c = round4(v / 100)
		}
		words = append(words, w)
		for range strings.Fields(w) {
			confs = append(confs, c)
		}
		return false
	})
	if werr != nil {
		return l, werr
	}
	if len(words) > 0 {
		l.Text = strings.Join(words, " ")
	} else {
		l.Text = squeeze(oneLine(ln.innerText()))
	}
	l.Words = wordConfs(l.Text, confs)
	l.Conf = mean(l.Words)
	if bl := pp["baseline"]; ok && len(bl) >= 2 {
		// A polynomial in x from the box's bottom left corner, highest
		// power first.
		var cs []float64
		for _, s := range bl {
			c, err := strconv.ParseFloat(s, 64)
			if err != nil || !finite(c) {
				return l, d.errorAtNode(ln, fmt.Sprintf("baseline %q is not a list of numbers", strings.Join(bl, " ")), "fix the title, or export the file again")
			}
			cs = append(cs, c)
		}
		at := func(x float64) float64 {
			y := 0.0
			for _, c := range cs {
				y = y*x + c
			}
			return y
		}
		w := float64(box.Dx())
		y0, y1 := float64(box.Max.Y)+at(0), float64(box.Max.Y)+at(w)
		if finite(y0) && finite(y1) {
			l.Baseline = []image.Point{{box.Min.X, pix(y0)}, {box.Max.X, pix(y1)}}
		}
	}
	return l, nil
}

// squeeze makes each run of spaces one space.
func squeeze(s string) string {
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return s
}
