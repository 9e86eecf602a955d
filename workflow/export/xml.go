package export

import (
	"image"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// clamp keeps a point on the scan: no coordinate below 0 (neither format
// has negative pixels) nor, when the scan's size is known, beyond it.
func (p *Page) clamp(pt image.Point) image.Point {
	pt.X, pt.Y = max(pt.X, 0), max(pt.Y, 0)
	if p.Width > 0 {
		pt.X = min(pt.X, p.Width)
	}
	if p.Height > 0 {
		pt.Y = min(pt.Y, p.Height)
	}
	return pt
}

func (p *Page) clampAll(pts []image.Point) []image.Point {
	out := make([]image.Point, len(pts))
	for i, pt := range pts {
		out[i] = p.clamp(pt)
	}
	return out
}

// bounds is the smallest rectangle holding the points.
func bounds(pts []image.Point) image.Rectangle {
	r := image.Rectangle{Min: pts[0], Max: pts[0]}
	for _, pt := range pts[1:] {
		r.Min.X, r.Min.Y = min(r.Min.X, pt.X), min(r.Min.Y, pt.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, pt.X), max(r.Max.Y, pt.Y)
	}
	return r
}

// corners are a rectangle's corners clockwise from the top left.
func corners(r image.Rectangle) []image.Point {
	return []image.Point{r.Min, {r.Max.X, r.Min.Y}, r.Max, {r.Min.X, r.Max.Y}}
}

// points writes "x1,y1 x2,y2 …", the form both formats recommend.
func points(pts []image.Point) string {
	var b strings.Builder
	for i, pt := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(pt.X))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(pt.Y))
	}
	return b.String()
}

// text escapes s as element content; attr as an attribute value in
// double quotes, its white space kept as character references. Characters
// XML cannot hold become U+FFFD.
func text(s string) string { return escape(s, false) }
func attr(s string) string { return escape(s, true) }

func escape(s string, inAttr bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && inAttr:
			b.WriteString("&quot;")
		case (r == '\t' || r == '\n' || r == '\r') && inAttr, r == '\r':
			b.WriteString("&#x" + strconv.FormatInt(int64(r), 16) + ";")
		case !xmlChar(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// timestamp is an xsd:dateTime in UTC.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
