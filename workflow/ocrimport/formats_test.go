package ocrimport

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/ocrformat"
	"github.com/scribe-transcription/scribe/workflow/project"
)

func fixture(t *testing.T, name string) Input {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "ocrformat", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Input{Name: "scans/" + filepath.Base(name), Raw: raw}
}

// Import → geometry: every line of the reading that is not blank has its
// row, with the box, baseline and word confidences the OCR file gives, and
// the file parsed back is the geometry written.
func TestImportGeometryRoundTrip(t *testing.T) {
	for _, name := range []string{"lighthouse.hocr", "lighthouse.alto.xml", "OCR-D-GT-PAGE_00000009.xml", "tesseract/smudged.alto.xml"} {
		t.Run(name, func(t *testing.T) {
			r := newRepo(t)
			in := fixture(t, name)
			res, err := Import(context.Background(), r, Options{Document: "doc", Title: "Doc", Inputs: []Input{in}})
			if err != nil {
				t.Fatal(err)
			}
			_, pages, err := ocrformat.Parse(in.Name, in.Raw, "", ocrformat.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Pages) != 1 || len(pages) != 1 {
				t.Fatalf("%d pages imported, %d read", len(res.Pages), len(pages))
			}
			doc, err := r.Document("doc")
			if err != nil {
				t.Fatal(err)
			}
			if doc.Pages[0].Scan != pages[0].Image {
				t.Errorf("scan %q, want %q", doc.Pages[0].Scan, pages[0].Image)
			}
			reading, err := r.ReadFile(layout.ReadingPath("doc", "001", project.OCR))
			if err != nil {
				t.Fatal(err)
			}
			src, err := r.ReadFile(layout.LinesPath("doc", "001"))
			if err != nil {
				t.Fatal(err)
			}
			g, err := geometry.Parse("ocr-lines.tsv", src)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g, res.Pages[0].Geometry) {
				t.Errorf("parsed geometry differs from the one written")
			}
			if g.Image != pages[0].Image || g.Width != pages[0].Width || g.Height != pages[0].Height {
				t.Errorf("image %q %dx%d", g.Image, g.Width, g.Height)
			}
			lines := strings.Split(strings.TrimSuffix(string(reading), "\n"), "\n")
			k := 0
			for n, text := range lines {
				row, ok := g.Line(n + 1)
				if text == "" {
					if ok {
						t.Errorf("blank line %d has a row", n+1)
					}
					continue
				}
				want := pages[0].Lines[k]
				k++
				if text != want.Text {
					t.Errorf("line %d: %q, want %q", n+1, text, want.Text)
				}
				if !ok {
					t.Errorf("line %d has no row", n+1)
					continue
				}
				if row.Box != want.Box || !reflect.DeepEqual(row.Baseline, want.Baseline) || !reflect.DeepEqual(row.Polygon, want.Polygon) || row.Conf != want.Conf {
					t.Errorf("line %d: row %+v, want %+v", n+1, row, want)
				}
				if len(row.Words) != len(want.Words) || (row.Words != nil && len(row.Words) != len(strings.Fields(text))) {
					t.Errorf("line %d: words %v, want %v", n+1, row.Words, want.Words)
				}
			}
			if k != len(pages[0].Lines) {
				t.Errorf("%d lines in the reading, %d in the file", k, len(pages[0].Lines))
			}
			kept, err := r.ReadFile(layout.ImportPath("doc", filepath.Base(name)))
			if err != nil || string(kept) != string(in.Raw) {
				t.Errorf("the file is not kept byte for byte in import/: %v", err)
			}
		})
	}
}

// A refused import changes nothing; several files give pages in order.
func TestImportFormats(t *testing.T) {
	r := newRepo(t)
	ctx := context.Background()
	if _, err := Import(ctx, r, Options{Document: "doc", Title: "Doc", Inputs: []Input{fixture(t, "lighthouse.hocr"), fixture(t, "tess.hocr"), fixture(t, "litver.html")}}); err != nil {
		t.Fatal(err)
	}
	doc, err := r.Document("doc")
	if err != nil {
		t.Fatal(err)
	}
	var scans []string
	for _, p := range doc.Pages {
		scans = append(scans, p.Scan)
	}
	if want := []string{"lighthouse.png", "alice_1.png", "litver.png"}; !reflect.DeepEqual(scans, want) {
		t.Errorf("scans %q, want %q", scans, want)
	}
	before := snapshot(t, r)
	bad := Input{Name: "bad.xml", Raw: []byte("<alto><Layout>\n<Page></Layout></alto>")}
	_, err = Import(ctx, r, Options{Document: "doc", Title: "Doc", Force: true, Inputs: []Input{fixture(t, "lighthouse.alto.xml"), bad}})
	if err == nil || !strings.HasPrefix(err.Error(), "bad.xml:2:7: not well-formed XML") {
		t.Errorf("malformed: %v", err)
	}
	same := Input{Name: "other/lighthouse.hocr", Raw: fixture(t, "lighthouse.hocr").Raw}
	if _, err := Import(ctx, r, Options{Document: "doc", Title: "Doc", Force: true, Inputs: []Input{fixture(t, "lighthouse.hocr"), same}}); err == nil || !strings.Contains(err.Error(), "the same file name") {
		t.Errorf("two files of one name: %v", err)
	}
	if after := snapshot(t, r); !reflect.DeepEqual(before, after) {
		t.Errorf("a refused import changed files")
	}
}
