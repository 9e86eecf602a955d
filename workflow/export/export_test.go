package export

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/internal/fixture"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

var update = flag.Bool("update", false, "rewrite the golden files from the actual output")

const projectTOML = `[policy]
readings_required = 2
accept_unanimous = true
four_eyes = true
open_contributions = false

[people.rev]
role = "reviewer"

[people.alice]
role = "contributor"

[people.bob]
role = "contributor"
`

// The page's rows, all settled by agreement:
//
//	1 The quick & brown fox        OCR line 1: box, polygon and baseline
//	2 jumps over the "lazy" dog.   OCR lines 2 and 3 (the OCR broke the line)
//	3 And then the end             OCR line 4, which has no geometry
var readings = map[string]string{
	"ocr":   "The quick & brown fox\njumps over\nthe \"lazy\" dog.\nAnd then the end\n",
	"alice": "The quick & brown fox\njumps over the \"lazy\" dog.\nAnd then the end\n",
	"bob":   "The quick & brown fox\njumps over the \"lazy\" dog.\nAnd then the end\n",
}

var lines = &geometry.Page{Image: "scan-001.png", Width: 1560, Height: 1003, Lines: []geometry.Line{
	{N: 1, Box: image.Rect(118, 96, 1438, 143), Polygon: []image.Point{{118, 96}, {1438, 98}, {1436, 143}, {118, 141}},
		Baseline: []image.Point{{118, 135}, {1438, 135}}, Conf: 0.95, Words: []float64{0.9, 0.9, 0.9, 0.9, 0.9}},
	{N: 2, Box: image.Rect(118, 152, 600, 199), Baseline: []image.Point{{118, 190}, {600, 191}}, Conf: -1},
	{N: 3, Box: image.Rect(610, 150, 1402, 201), Conf: -1},
}}

var when = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

func setup(t *testing.T, rs map[string]string, g *geometry.Page) (*layout.Repo, *project.Project, *project.Document) {
	t.Helper()
	doc := &project.Document{ID: "book", Title: "Book", Language: "en",
		Pages: []project.PageEntry{{ID: "001", Printed: "7"}, {ID: "002", Scan: "scans/002.png"}}}
	repo, proj := fixture.New(t, projectTOML, fixture.Doc{Document: doc, Readings: map[string]map[string]string{
		"001": rs, "002": {"alice": "One line\n", "bob": "One line\n"}}})
	if g != nil {
		fixture.Write(t, repo, layout.LinesPath("book", "001"), string(g.Encode()))
	}
	d, err := repo.Document("book")
	if err != nil {
		t.Fatal(err)
	}
	return repo, proj, d
}

func load(t *testing.T, ids ...string) []*Page {
	t.Helper()
	repo, proj, doc := setup(t, readings, lines)
	ps, err := Load(context.Background(), repo, proj, doc, ids, func(string) (time.Time, error) { return when, nil })
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestFromPage(t *testing.T) {
	ps := load(t)
	if len(ps) != 2 {
		t.Fatalf("%d pages, want 2", len(ps))
	}
	p := ps[0]
	if p.Image != "scan-001.png" || p.Width != 1560 || p.Height != 1003 || p.Number != 1 || p.Printed != "7" || p.Language != "en" {
		t.Errorf("page = %+v", p)
	}
	want := []Line{
		{ID: "line_1", Row: 1, Text: "The quick & brown fox", Geom: &Geometry{Box: lines.Lines[0].Box, Polygon: lines.Lines[0].Polygon, Baseline: lines.Lines[0].Baseline}},
		{ID: "line_2", Row: 2, Text: `jumps over the "lazy" dog.`, Geom: &Geometry{Box: image.Rect(118, 150, 1402, 201), Baseline: lines.Lines[1].Baseline}},
		{ID: "line_3", Row: 3, Text: "And then the end"},
	}
	if !reflect.DeepEqual(p.Lines, want) {
		t.Errorf("lines:\n%+v\nwant\n%+v", p.Lines, want)
	}
	// Page 002 has no geometry; its image is its scan, whose size is
	// unknown while the file is missing.
	if q := ps[1]; q.Image != "scans/002.png" || q.Width != 0 || q.Number != 2 || len(q.Lines) != 1 || q.Lines[0].Geom != nil {
		t.Errorf("page 002 = %+v", q)
	}
}

func TestScanSize(t *testing.T) {
	repo, proj, doc := setup(t, readings, nil)
	var scan bytes.Buffer
	if err := png.Encode(&scan, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	fixture.Write(t, repo, "scans/002.png", scan.String())
	ps, err := Load(context.Background(), repo, proj, doc, []string{"002"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ps[0].Width != 3 || ps[0].Height != 2 {
		t.Errorf("size %d×%d, want the scan's 3×2", ps[0].Width, ps[0].Height)
	}
}

func TestRefusesUnfinished(t *testing.T) {
	rs := map[string]string{"alice": "The quick brown fox\n", "bob": "The quick brown fax\n"}
	repo, proj, doc := setup(t, rs, nil)
	_, err := Load(context.Background(), repo, proj, doc, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "book/001 is not finished: 1 of 1 rows unsettled (row 1). An export would miss its lines, so nothing was written") ||
		!strings.Contains(err.Error(), "scribe export DOCUMENT/PAGE") {
		t.Errorf("Load: %v; want a refusal naming book/001 and row 1", err)
	}
	if _, err := Load(context.Background(), repo, proj, doc, []string{"002"}, nil); err != nil {
		t.Errorf("Load of the finished page: %v", err)
	}
}

func TestGolden(t *testing.T) {
	p := load(t, "001")[0]
	for _, f := range PageFormats {
		got := f.Encode(p)
		if !bytes.Equal(got, f.Encode(p)) {
			t.Errorf("%s: two encodings differ", f)
		}
		file := filepath.Join("testdata", "golden", "001."+string(f)+".xml")
		if *update {
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n%s\nwant (%s)\n%s", f, got, file, want)
		}
	}
}

// What the tests read back of a PAGE file.
type pcGts struct {
	Created string `xml:"Metadata>Created"`
	Page    struct {
		Image  string `xml:"imageFilename,attr"`
		Width  int    `xml:"imageWidth,attr"`
		Height int    `xml:"imageHeight,attr"`
		Order  []struct {
			Ref string `xml:"regionRef,attr"`
		} `xml:"ReadingOrder>OrderedGroup>RegionRefIndexed"`
		Regions []struct {
			ID     string `xml:"id,attr"`
			Coords struct {
				Points string `xml:"points,attr"`
			} `xml:"Coords"`
			Lines []struct {
				ID     string `xml:"id,attr"`
				Coords struct {
					Points string `xml:"points,attr"`
				} `xml:"Coords"`
				Baseline *struct {
					Points string `xml:"points,attr"`
				} `xml:"Baseline"`
				Text string `xml:"TextEquiv>Unicode"`
			} `xml:"TextLine"`
			Text string `xml:"TextEquiv>Unicode"`
		} `xml:"TextRegion"`
	} `xml:"Page"`
}

// What the tests read back of an ALTO file.
type alto struct {
	Unit  string `xml:"Description>MeasurementUnit"`
	Image string `xml:"Description>sourceImageInformation>fileName"`
	Page  struct {
		ID      string `xml:"ID,attr"`
		Number  string `xml:"PHYSICAL_IMG_NR,attr"`
		Printed string `xml:"PRINTED_IMG_NR,attr"`
		Width   string `xml:"WIDTH,attr"`
		Height  string `xml:"HEIGHT,attr"`
		Blocks  []struct {
			Lang  string `xml:"LANG,attr"`
			Lines []struct {
				ID       string  `xml:"ID,attr"`
				HPOS     *string `xml:"HPOS,attr"`
				VPOS     string  `xml:"VPOS,attr"`
				Width    string  `xml:"WIDTH,attr"`
				Height   string  `xml:"HEIGHT,attr"`
				Baseline string  `xml:"BASELINE,attr"`
				Polygon  *struct {
					Points string `xml:"POINTS,attr"`
				} `xml:"Shape>Polygon"`
				Strings []struct {
					Content string `xml:"CONTENT,attr"`
				} `xml:"String"`
				SP []struct{} `xml:"SP"`
			} `xml:"TextLine"`
		} `xml:"PrintSpace>TextBlock"`
	} `xml:"Layout>Page"`
}

func TestPAGEReadsBack(t *testing.T) {
	p := load(t, "001")[0]
	src := EncodePAGE(p)
	var doc pcGts
	if err := xml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	pg := doc.Page
	if doc.Created != "2024-05-06T07:08:09Z" || pg.Image != "scan-001.png" || pg.Width != 1560 || pg.Height != 1003 {
		t.Errorf("metadata and page: %+v", doc)
	}
	if len(pg.Regions) != 1 || len(pg.Order) != 1 || pg.Order[0].Ref != pg.Regions[0].ID {
		t.Fatalf("regions %+v, reading order %+v: want one region, in the reading order", pg.Regions, pg.Order)
	}
	r := pg.Regions[0]
	if r.Coords.Points != "118,96 1438,96 1438,201 118,201" {
		t.Errorf("region outline %q, want the rectangle around its lines", r.Coords.Points)
	}
	if r.Text != "The quick & brown fox\njumps over the \"lazy\" dog.\nAnd then the end" {
		t.Errorf("region text %q", r.Text)
	}
	type line struct{ id, coords, baseline, text string }
	var got []line
	for _, l := range r.Lines {
		b := ""
		if l.Baseline != nil {
			b = l.Baseline.Points
		}
		got = append(got, line{l.ID, l.Coords.Points, b, l.Text})
	}
	want := []line{
		{"line_1", "118,96 1438,98 1436,143 118,141", "118,135 1438,135", "The quick & brown fox"},
		{"line_2", "118,150 1402,150 1402,201 118,201", "118,190 600,191", `jumps over the "lazy" dog.`},
		{"line_3", NoCoords, "", "And then the end"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lines:\n%q\nwant\n%q", got, want)
	}
}

func TestALTOReadsBack(t *testing.T) {
	p := load(t, "001")[0]
	var doc alto
	if err := xml.Unmarshal(EncodeALTO(p), &doc); err != nil {
		t.Fatal(err)
	}
	pg := doc.Page
	if doc.Unit != "pixel" || doc.Image != "scan-001.png" || pg.ID != "page_001" || pg.Number != "1" || pg.Printed != "7" ||
		pg.Width != "1560" || pg.Height != "1003" {
		t.Errorf("description and page: %+v", doc)
	}
	if len(pg.Blocks) != 1 || pg.Blocks[0].Lang != "en" {
		t.Fatalf("blocks %+v, want one in English", pg.Blocks)
	}
	type line struct{ id, box, baseline, polygon, text string }
	var got []line
	for _, l := range pg.Blocks[0].Lines {
		box, poly := "", ""
		if l.HPOS != nil {
			box = *l.HPOS + " " + l.VPOS + " " + l.Width + " " + l.Height
		}
		if l.Polygon != nil {
			poly = l.Polygon.Points
		}
		var words []string
		for _, s := range l.Strings {
			words = append(words, s.Content)
		}
		if len(l.SP) != len(words)-1 {
			t.Errorf("line %s: %d SP between %d words", l.ID, len(l.SP), len(words))
		}
		got = append(got, line{l.ID, box, l.Baseline, poly, strings.Join(words, " ")})
	}
	want := []line{
		{"line_1", "118 96 1320 47", "118,135 1438,135", "118,96 1438,98 1436,143 118,141", "The quick & brown fox"},
		{"line_2", "118 150 1284 51", "118,190 600,191", "", `jumps over the "lazy" dog.`},
		{"line_3", "", "", "", "And then the end"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lines:\n%q\nwant\n%q", got, want)
	}
}

// The geometry of several OCR lines is the rectangle around their boxes,
// with no polygon; of none, nil.
func TestUnion(t *testing.T) {
	g := &geometry.Page{Lines: []geometry.Line{
		{N: 1, Box: image.Rect(0, 0, 10, 10)}, {N: 2, Box: image.Rect(0, 20, 10, 30)}, {N: 3, Box: image.Rect(0, 40, 10, 50)}}}
	u := union(g.Lines[:2])
	if u.Box != image.Rect(0, 0, 10, 30) || u.Polygon != nil {
		t.Errorf("union = %+v", u)
	}
	if union(nil) != nil {
		t.Error("no OCR lines gave geometry")
	}
}

func TestClampAndEscape(t *testing.T) {
	p := &Page{Doc: "d", ID: "001", Width: 100, Height: 50, Lines: []Line{
		{ID: "line_1", Row: 1, Text: "a<b & \"c\"\x01", Geom: &Geometry{Box: image.Rect(-5, -5, 120, 60), Baseline: []image.Point{{-1, 40}, {200, 40}}}},
	}}
	var doc pcGts
	if err := xml.Unmarshal(EncodePAGE(p), &doc); err != nil {
		t.Fatal(err)
	}
	l := doc.Page.Regions[0].Lines[0]
	if l.Coords.Points != "0,0 100,0 100,50 0,50" || l.Baseline.Points != "0,40 100,40" || l.Text != "a<b & \"c\"\uFFFD" {
		t.Errorf("line %+v", l)
	}
	var a alto
	if err := xml.Unmarshal(EncodeALTO(p), &a); err != nil {
		t.Fatal(err)
	}
	if s := a.Page.Blocks[0].Lines[0].Strings; len(s) != 3 || s[2].Content != "\"c\"\uFFFD" {
		t.Errorf("strings %+v", s)
	}
}
