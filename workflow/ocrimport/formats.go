package ocrimport

import (
	"errors"
	"fmt"
	"image"
	"path"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/ocrformat"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// Input is one OCR file of an import.
type Input struct {
	Name string // the file's name as given, slash-separated, for errors and the import folder
	Raw  []byte
}

// inputs are the import's files: o.Inputs, or File and Raw.
func (o Options) inputs() []Input {
	if len(o.Inputs) > 0 {
		return o.Inputs
	}
	return []Input{{Name: o.File, Raw: o.Raw}}
}

// readPages reads the OCR files and cuts them into pages. Plain text is
// one file, cut by the page map or at form feeds; PAGE, ALTO and hOCR
// files give their pages in the order of the files.
func readPages(o Options) ([]Cut, ocrformat.Format, error) {
	in := o.inputs()
	formats := make([]ocrformat.Format, len(in))
	for i, f := range in {
		form := o.Format
		if form == "" {
			var err error
			if form, err = ocrformat.Detect(f.Name, f.Raw); err != nil {
				return nil, "", err
			}
		}
		formats[i] = form
	}
	if formats[0] == ocrformat.Text || o.Map != nil {
		for i, f := range formats {
			if f != ocrformat.Text {
				return nil, "", problem.Newf(in[i].Name, 0, "import", "import plain text alone, with --pages to cut it into pages",
					"a page map applies to plain text, and this is a %s file", strings.ToUpper(string(f)))
			}
		}
		if len(in) > 1 {
			return nil, "", problem.Newf(in[1].Name, 0, "import", "join the text into one file, with form feeds between pages, or import PAGE, ALTO or hOCR files",
				"plain text is imported from one file only")
		}
		var entries []MapEntry
		if o.Map != nil {
			var err error
			if entries, err = ParseMap(o.MapFile, o.Map); err != nil {
				return nil, "", err
			}
		}
		pages, err := Split(in[0].Name, in[0].Raw, entries)
		return pages, ocrformat.Text, err
	}
	var cuts []Cut
	seen := map[string]string{}
	for i, f := range in {
		if formats[i] == ocrformat.Text {
			return nil, "", problem.New(f.Name, 0, "import", "this file is plain text, the others are not",
				"import plain text alone, or give only PAGE, ALTO and hOCR files")
		}
		keep, err := keptName(f.Name)
		if err != nil {
			return nil, "", err
		}
		if other, dup := seen[keep]; dup {
			return nil, "", problem.Newf(f.Name, 0, "import", "rename one of them: both are kept in the import folder under their names",
				"%s and %s have the same file name", other, f.Name)
		}
		seen[keep] = f.Name
		_, pages, err := ocrformat.Parse(f.Name, f.Raw, formats[i], ocrformat.Options{DPI: o.DPI})
		if err != nil {
			return nil, "", err
		}
		if len(pages) == 0 {
			return nil, "", problem.Newf(f.Name, 0, "import", "check that the file holds the pages you mean to import",
				"the %s file has no page", strings.ToUpper(string(formats[i])))
		}
		for j, p := range pages {
			c, err := pageCut(f.Name, j+1, len(pages), p)
			if err != nil {
				return nil, "", err
			}
			c.Format = formats[i]
			cuts = append(cuts, c)
		}
	}
	width := ids.PageWidth(len(cuts))
	for i := range cuts {
		cuts[i].ID = ids.PageID(i+1, width)
	}
	return cuts, formats[0], nil
}

// keptName is the name a file is kept under in the import folder.
func keptName(name string) (string, error) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	if base == "" || base == "." || base == ".." || base == "/" || strings.HasPrefix(base, ".") {
		return "", problem.Newf(name, 0, "import", "give the file a name that does not begin with a dot",
			"the file cannot be kept in the import folder under the name %q", base)
	}
	return base, nil
}

// pageCut makes one page's reading and geometry from a page of an OCR
// file: its lines one per line, a blank line between blocks.
func pageCut(file string, n, of int, p ocrformat.Page) (Cut, error) {
	c := Cut{Source: file, Image: p.Image, Notes: p.Notes}
	if of > 1 {
		c.SourcePage = n
	}
	var lines []string
	var rows []geometry.Line
	for _, l := range p.Lines {
		if l.Break && len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, l.Text)
		if g, ok := row(len(lines), l, p.Width, p.Height); ok {
			rows = append(rows, g)
		}
	}
	if len(lines) == 0 {
		return c, nil // a blank page: listed, with no reading
	}
	t, rep, err := text.Normalize([]byte(strings.Join(lines, "\n") + "\n"))
	if err != nil {
		var prob *problem.Problem
		if errors.As(err, &prob) {
			q := *prob
			q.File = file
			q.Message = fmt.Sprintf("%s: %s", c.where(), q.Message)
			return c, &q
		}
		return c, err
	}
	got := strings.Split(strings.TrimSuffix(t, "\n"), "\n")
	if len(got) != len(lines) {
		return c, fmt.Errorf("%s: %s: the text has %d lines after normalisation, not %d", file, c.where(), len(got), len(lines))
	}
	for i := range rows {
		if len(rows[i].Words) != len(strings.Fields(got[rows[i].N-1])) {
			rows[i].Words = nil
		}
	}
	c.Text, c.Report = t, rep
	c.From, c.To = 1, len(got)
	if len(rows) > 0 {
		c.Geometry = &geometry.Page{Image: p.Image, Width: p.Width, Height: p.Height, Lines: rows}
	}
	return c, nil
}

// where names the page of a source in messages.
func (c *Cut) where() string {
	if c.SourcePage > 0 {
		return fmt.Sprintf("page %d of the file", c.SourcePage)
	}
	return "the page"
}

// row is line n's geometry row: its box within the image when the image's
// size is known, its points too.
func row(n int, l ocrformat.Line, w, h int) (geometry.Line, bool) {
	box := l.Box
	if w > 0 && h > 0 {
		box = box.Intersect(image.Rect(0, 0, w, h))
	}
	if box.Empty() {
		return geometry.Line{}, false
	}
	clamp := func(ps []image.Point) []image.Point {
		if len(ps) == 0 || w <= 0 || h <= 0 {
			return ps
		}
		out := make([]image.Point, len(ps))
		for i, p := range ps {
			out[i] = image.Pt(min(max(p.X, 0), w), min(max(p.Y, 0), h))
		}
		return out
	}
	return geometry.Line{N: n, Box: box, Polygon: clamp(l.Polygon), Baseline: clamp(l.Baseline), Conf: l.Conf,
		Words: l.Words}, true
}

// keptFiles are the import folder's files this import writes, by name.
func keptFiles(o Options, form ocrformat.Format) map[string][]byte {
	out := map[string][]byte{}
	if form == ocrformat.Text {
		out[layout.ImportSourceFile] = o.inputs()[0].Raw
		if o.Map != nil {
			out[layout.ImportMapFile] = o.Map
		}
		return out
	}
	for _, f := range o.inputs() {
		name, _ := keptName(f.Name)
		out[name] = f.Raw
	}
	return out
}
