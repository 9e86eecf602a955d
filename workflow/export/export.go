// Package export writes a page's canonical text in the formats of the
// OCR and HTR tools, PAGE XML 2019 (page.go) and ALTO 4.4 (alto.go), with
// the OCR's line geometry, so that the corrected text can go back into
// Transkribus, eScriptorium, OCR-D and library workflows; and a whole
// document as a TEI P5 edition with its apparatus (tei.go).
//
// Each settled line of the canonical text is one text line, in row order.
// A line takes the geometry of the OCR lines its row holds
// (page.OCRLines, looked up in the page's ocr-lines.tsv): when the row
// holds one OCR line with geometry, that line's box, polygon and
// baseline; when it holds several, the smallest rectangle around their
// boxes, as box and outline, and the baseline of the first that has one.
// A row that holds no OCR line with geometry gives a line without any
// (see the writers for how each format writes it). The output is the same
// bytes for the same inputs.
package export

import (
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // scan sizes
	_ "image/png"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Format is an export format.
type Format string

// The formats.
const (
	PAGE Format = "page" // PAGE XML, 2019-07-15 schema
	ALTO Format = "alto" // ALTO 4.4
	TEI  Format = "tei"  // TEI P5, one file per document (tei.go)
	TEXT Format = "text" // the diplomatic and the reading text (text.go)
	JSON Format = "json" // the whole apparatus (text.go)
)

// Formats are the formats by name, in the order help lists them.
var Formats = []Format{PAGE, ALTO, TEI, TEXT, JSON}

// PageFormats are the formats that write one file per page.
var PageFormats = []Format{PAGE, ALTO}

// Name is the format's name for people.
func (f Format) Name() string {
	switch f {
	case ALTO:
		return "ALTO 4.4"
	case TEI:
		return "TEI P5"
	case TEXT:
		return "text"
	case JSON:
		return "JSON"
	}
	return "PAGE XML"
}

// PerDocument reports whether the format writes one file per document
// (EncodeTEI) rather than one per page (Encode).
func (f Format) PerDocument() bool { return f == TEI || f == TEXT || f == JSON }

// Encode writes the page in a per-page format.
func (f Format) Encode(p *Page) []byte {
	if f == ALTO {
		return EncodeALTO(p)
	}
	return EncodePAGE(p)
}

// Path is where a page's file goes under the output folder: DOC/FORMAT/PAGE.xml,
// slash-separated; the folder per format is the one Transkribus keeps its
// PAGE and ALTO files in beside the images.
func Path(f Format, doc, pageID string) string {
	return path.Join(doc, string(f), pageID+".xml")
}

// Page is one page ready to write.
type Page struct {
	Doc, ID, Printed string
	Number           int    // the page's place in the document, from 1
	Image            string // the scan's file name or URL, or ""
	Width, Height    int    // the scan's size in pixels, 0 when unknown
	Language         string // the document's BCP 47 language tag, or ""
	Time             time.Time
	Lines            []Line // in reading order
}

// Line is one line of the canonical text.
type Line struct {
	ID   string // unique in the page, a valid XML id
	Row  int    // the row it settles, from 1
	Text string
	Geom *Geometry // nil when the row has no OCR geometry
}

// Geometry is where a line lies on the scan, in pixels.
type Geometry struct {
	Box      image.Rectangle
	Polygon  []image.Point // the outline; nil: the box is the outline
	Baseline []image.Point // nil when none
}

// paragraphs cuts the lines at blank lines, which are not written: each
// run between them is a region or block, so that importing the file again
// gives the blank lines back between them.
func paragraphs(lines []Line) [][]Line {
	var out [][]Line
	from := 0
	for i := 0; i <= len(lines); i++ {
		if i < len(lines) && strings.TrimSpace(lines[i].Text) != "" {
			continue
		}
		if i > from {
			out = append(out, lines[from:i])
		}
		from = i + 1
	}
	return out
}

// Outline is the line's outline: its polygon when it has three points or
// more, else its box's corners clockwise from the top left.
func (g *Geometry) Outline() []image.Point {
	if len(g.Polygon) >= 3 {
		return g.Polygon
	}
	r := g.Box
	return []image.Point{r.Min, {r.Max.X, r.Min.Y}, r.Max, {r.Min.X, r.Max.Y}}
}

// FromPage makes the page to write from a page through the pipeline and
// its geometry (nil when it has none). The page must be complete: only
// then is every row of its text settled.
func FromPage(p *page.Page, g *geometry.Page) (*Page, error) {
	if !p.Complete() {
		return nil, fmt.Errorf("%s/%s is not finished: %s", p.Doc, p.ID, unfinished(p))
	}
	out := &Page{Doc: p.Doc, ID: p.ID, Printed: p.Printed}
	if g != nil {
		out.Image, out.Width, out.Height = g.Image, g.Width, g.Height
	}
	for _, l := range p.Lines {
		var geoms []geometry.Line
		if g != nil {
			for _, n := range p.OCRLines(l.Row) {
				if gl, ok := g.Line(n); ok {
					geoms = append(geoms, gl)
				}
			}
		}
		texts := strings.Split(l.Text, "\n")
		for k, t := range texts {
			id := "line_" + strconv.Itoa(l.Row)
			if k > 0 {
				id += "_" + strconv.Itoa(k+1)
			}
			line := Line{ID: id, Row: l.Row, Text: t}
			switch {
			case len(texts) > 1 && len(texts) == len(geoms):
				// A row of several lines over as many OCR lines: one each.
				line.Geom = union(geoms[k : k+1])
			case k == 0:
				line.Geom = union(geoms)
			}
			out.Lines = append(out.Lines, line)
		}
	}
	return out, nil
}

// union is the geometry of a line made of the OCR lines ls, or nil.
func union(ls []geometry.Line) *Geometry {
	if len(ls) == 0 {
		return nil
	}
	if len(ls) == 1 {
		return &Geometry{Box: ls[0].Box, Polygon: ls[0].Polygon, Baseline: ls[0].Baseline}
	}
	g := &Geometry{Box: ls[0].Box}
	for _, l := range ls {
		g.Box = g.Box.Union(l.Box)
		if g.Baseline == nil {
			g.Baseline = l.Baseline
		}
	}
	return g
}

func unfinished(p *page.Page) string {
	if len(p.Readings) == 0 {
		return "it has no readings yet"
	}
	rows := make([]string, len(p.Unresolved))
	for i, r := range p.Unresolved {
		rows[i] = strconv.Itoa(r)
	}
	which := "rows"
	if len(rows) == 1 {
		which = "row"
	}
	return fmt.Sprintf("%d of %d rows unsettled (%s %s)", len(rows), p.Rows, which, strings.Join(rows, ", "))
}

// Load reads the pages ids of doc (every page when ids is nil), with
// their geometry and scans, ready to write. It refuses, naming them all,
// pages that are not finished, so that no exported file misses a line.
// when gives each page's time (PAGE's Created and LastChange).
func Load(ctx context.Context, repo *layout.Repo, proj *project.Project, doc *project.Document, ids []string,
	when func(pageID string) (time.Time, error)) ([]*Page, error) {
	pages, err := page.LoadAll(ctx, repo, proj, doc, ids)
	if err != nil {
		return nil, err
	}
	var open []string
	for _, p := range pages {
		if !p.Complete() {
			open = append(open, fmt.Sprintf("%s/%s is not finished: %s", p.Doc, p.ID, unfinished(p)))
		}
	}
	if len(open) > 0 {
		what := "its"
		if len(open) > 1 {
			what = "their"
		}
		return nil, fmt.Errorf("%s. An export would miss %s lines, so nothing was written: settle the rows (scribe review DOCUMENT/PAGE), or export the finished pages one at a time (scribe export DOCUMENT/PAGE)",
			strings.Join(open, "; "), what)
	}
	out := make([]*Page, len(pages))
	for i, p := range pages {
		var err error
		// The page was loaded with its geometry.
		if out[i], err = FromPage(p, p.Geometry); err != nil {
			return nil, err
		}
		e, _ := doc.Page(p.ID)
		out[i].Number = pageNumber(doc, p.ID)
		out[i].Language = doc.Language
		if out[i].Image == "" {
			out[i].Image = e.Scan
		}
		if out[i].Width <= 0 || out[i].Height <= 0 {
			out[i].Width, out[i].Height = scanSize(repo, e.Scan)
		}
		if when != nil {
			if out[i].Time, err = when(p.ID); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func pageNumber(doc *project.Document, id string) int {
	for i, p := range doc.Pages {
		if p.ID == id {
			return i + 1
		}
	}
	return 0
}

// scanSize is the size of a scan in the repository, when it is a PNG or
// JPEG file there; 0, 0 otherwise.
func scanSize(repo *layout.Repo, scan string) (int, int) {
	if scan == "" || strings.Contains(scan, "://") || !fs.ValidPath(scan) {
		return 0, 0
	}
	f, err := repo.FS.Open(scan)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	c, _, err := image.DecodeConfig(f)
	if err != nil {
		return 0, 0
	}
	return c.Width, c.Height
}
