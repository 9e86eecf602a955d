// Package ocrformat reads the OCR formats scribe imports besides plain
// text: PAGE XML (the 2009 to 2019 namespaces), ALTO (versions 2 to 4.x)
// and hOCR (as Tesseract, OCRopus and Kraken write it). Each gives the
// pages of a file, each page its lines in reading order, with the text of
// every line, where it lies on the scan and how sure the OCR engine was of
// each word.
//
// Element names are matched by their local name, whatever the namespace.
// Nothing outside the file is ever read: no DTD, schema or external
// entity is fetched, and only the XML entities (and for hOCR the HTML
// ones) are known. A file that is not well-formed XML is refused with the
// line and column of the fault.
package ocrformat

import (
	"fmt"
	"image"
	"math"
	"strings"
	"unicode"
)

// Format is an OCR file format.
type Format string

// The formats.
const (
	Text Format = "text" // plain text, cut into pages by form feeds or a page map
	PAGE Format = "page" // PAGE XML
	ALTO Format = "alto" // ALTO XML
	HOCR Format = "hocr" // hOCR
)

// Formats lists the formats by name, for --format.
var Formats = []Format{Text, PAGE, ALTO, HOCR}

// ParseFormat reads a format's name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown OCR format %q: use text, page, alto or hocr", s)
}

// Page is one page of an OCR file.
type Page struct {
	Image         string // the scan's file name or URL as the OCR file gives it, or ""
	Width, Height int    // the scan's size in pixels; 0 when unknown
	Lines         []Line // in reading order
	// Notes say what the reader could not keep, in words for the user,
	// e.g. geometry left out because its unit cannot be converted.
	Notes []string
}

// Line is one line of text on a page.
type Line struct {
	// Text is the line's text on one line: no line breaks, white space
	// runs kept as the OCR gives them between words, not normalised.
	Text string
	// Break says a new block (a region, text block or paragraph) starts
	// with this line: the reading has a blank line before it.
	Break bool
	// Box is the line's bounding box in pixels; empty when the OCR gives
	// no position for the line.
	Box      image.Rectangle
	Polygon  []image.Point // the line's outline, nil when none is given
	Baseline []image.Point // nil when none is given
	Conf     float64       // the line's confidence from 0 to 1, -1 when none
	// Words holds the confidence from 0 to 1 of each whitespace-separated
	// word of Text, in order; nil unless every word has one.
	Words []float64
}

// Options tune the readers.
type Options struct {
	// DPI is the scan's resolution in dots per inch, used to convert
	// ALTO measured in mm10 or inch1200 to pixels; 0 when unknown.
	DPI float64
}

// Parse reads the pages of an OCR file in format f, or in the format its
// content shows when f is "". It returns the format read; for Text it
// returns no pages, since plain text is cut into pages by the caller.
// file names the file in errors.
func Parse(file string, src []byte, f Format, o Options) (Format, []Page, error) {
	if f == "" {
		var err error
		if f, err = Detect(file, src); err != nil {
			return "", nil, err
		}
	}
	var pages []Page
	var err error
	switch f {
	case Text:
		return Text, nil, nil
	case PAGE:
		pages, err = ParsePAGE(file, src)
	case ALTO:
		pages, err = ParseALTO(file, src, o)
	case HOCR:
		pages, err = ParseHOCR(file, src)
	default:
		return "", nil, fmt.Errorf("unknown OCR format %q: use text, page, alto or hocr", f)
	}
	if err != nil {
		return "", nil, err
	}
	return f, pages, nil
}

// Error is a fault in an OCR file, at a line and column when known.
type Error struct {
	File      string
	Line, Col int // 1-based; 0 when unknown
	Message   string
	Hint      string
}

// Rule is the rule named in errors.
const Rule = "ocr-format"

// Error renders the fault as compilers do: "file:line:col: message".
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Col > 0 {
				fmt.Fprintf(&b, ":%d", e.Col)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	fmt.Fprintf(&b, " [%s]", Rule)
	if e.Hint != "" {
		b.WriteString("\n  hint: ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// oneLine turns a text into one line: line breaks and tabs become spaces,
// other control characters are dropped, and the ends are trimmed.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\f' || r == '\v':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// joinWords joins words with one space, each made one line; empty words
// are dropped.
func joinWords(ws []string) string {
	var out []string
	for _, w := range ws {
		if w = oneLine(w); w != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// wordConfs returns confs when they match the words of text one to one,
// else nil.
func wordConfs(text string, confs []float64) []float64 {
	if len(confs) == 0 || len(strings.Fields(text)) != len(confs) {
		return nil
	}
	for _, c := range confs {
		if c < 0 {
			return nil
		}
	}
	return confs
}

// mean is the mean of confs, -1 when there are none or one is unknown.
func mean(confs []float64) float64 {
	if len(confs) == 0 {
		return -1
	}
	s := 0.0
	for _, c := range confs {
		if c < 0 {
			return -1
		}
		s += c
	}
	return round4(s / float64(len(confs)))
}

// round4 rounds a confidence to 4 decimals, so that files stay short.
func round4(c float64) float64 { return math.Round(c*1e4) / 1e4 }

// bounds is the bounding box of points, empty for none.
func bounds(ps []image.Point) image.Rectangle {
	if len(ps) == 0 {
		return image.Rectangle{}
	}
	r := image.Rectangle{Min: ps[0], Max: ps[0]}
	for _, p := range ps[1:] {
		r.Min.X, r.Min.Y = min(r.Min.X, p.X), min(r.Min.Y, p.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, p.X), max(r.Max.Y, p.Y)
	}
	return r
}

// pix rounds a coordinate to whole pixels.
func pix(v float64) int { return int(math.Round(v)) }
