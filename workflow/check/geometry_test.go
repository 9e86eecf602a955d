package check

import (
	"context"
	"image"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/problem"
)

// page1Lines is a geometry of page 001's three OCR lines, on an image
// of 600×200 pixels.
func page1Lines() *geometry.Page {
	g := &geometry.Page{Image: "001.png", Width: 600, Height: 200}
	for n := 1; n <= 3; n++ {
		g.Lines = append(g.Lines, geometry.Line{N: n, Box: image.Rect(10, 50*n, 590, 50*n+40), Conf: -1})
	}
	return g
}

// TestTreeGeometry: check reads each page's ocr-lines.tsv and reports,
// as errors at the file, one that does not parse or does not fit the OCR
// reading or the image.
func TestTreeGeometry(t *testing.T) {
	const lines = page1 + "/ocr-lines.tsv"
	tests := []struct {
		name   string
		edit   func(g *geometry.Page) string
		want   []string
		phrase string
	}{
		{"valid", func(g *geometry.Page) string { return string(g.Encode()) }, nil, ""},
		{"malformed", func(g *geometry.Page) string {
			return strings.Replace(string(g.Encode()), "10,100,590,140", "10,100,590", 1)
		}, []string{lines + ":5 geometry error"}, `the box "10,100,590" is not x0,y0,x1,y1`},
		{"a line without a row", func(g *geometry.Page) string {
			g.Lines = g.Lines[:2]
			return string(g.Encode())
		}, []string{lines + ":0 geometry error"}, "line 3 of " + page1 + "/readings/ocr.txt has no row: the file lists 2 lines, the OCR reading has 3 with text"},
		{"a row beyond the reading", func(g *geometry.Page) string {
			g.Lines = append(g.Lines, geometry.Line{N: 4, Box: image.Rect(10, 190, 590, 199), Conf: -1}, geometry.Line{N: 5, Box: image.Rect(10, 190, 590, 199), Conf: -1})
			return string(g.Encode())
		}, []string{lines + ":7 geometry error"}, "has 3 lines, but the file lists lines 4 and 5"},
		{"a box outside the image", func(g *geometry.Page) string {
			g.Lines[2].Box = image.Rect(10, 150, 650, 190)
			return string(g.Encode())
		}, []string{lines + ":6 geometry error"}, "the box of line 3 lies outside the image of 600×200 pixels (line 3: 10,150,650,190)"},
		{"size unknown", func(g *geometry.Page) string {
			g.Width, g.Height = 0, 0
			g.Lines[2].Box = image.Rect(10, 150, 650, 190)
			return string(g.Encode())
		}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, repo := newProject(t, fixtureOpts{})
			writeRel(t, dir, lines, tc.edit(page1Lines()))
			problems, _, err := Tree(context.Background(), repo, Scope{})
			if err != nil {
				t.Fatal(err)
			}
			var got problem.List
			for _, p := range problems {
				if p.Rule == RuleGeometry {
					got = append(got, p)
				}
			}
			if tc.want == nil {
				if len(problems) != 0 {
					t.Fatalf("problems:%s", dump(problems))
				}
				return
			}
			if !reflect.DeepEqual(found(got), tc.want) {
				t.Fatalf("geometry problems %v, want %v%s", found(got), tc.want, dump(problems))
			}
			if p := got[0]; !strings.Contains(p.Message, tc.phrase) || p.Hint == "" {
				t.Errorf("message %q (hint %q), want %q", p.Message, p.Hint, tc.phrase)
			}
		})
	}
}

// TestTreeGeometryWithoutOCR: a geometry file on a page without an OCR
// reading is an error.
func TestTreeGeometryWithoutOCR(t *testing.T) {
	dir, repo := newProject(t, fixtureOpts{})
	writeRel(t, dir, page1+"/ocr-lines.tsv", string(page1Lines().Encode()))
	removeRel(t, dir, page1+"/readings/ocr.txt")
	problems, _, err := Tree(context.Background(), repo, Scope{Pages: []string{"doc/001"}})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range problems {
		if p.Rule == RuleGeometry {
			msgs = append(msgs, p.Message)
		}
	}
	want := "the page has OCR line geometry but no OCR reading (" + layout.ReadingPath("doc", "001", "ocr") + ")"
	if len(msgs) != 1 || msgs[0] != want {
		t.Errorf("geometry problems %q, want %q%s", msgs, want, dump(problems))
	}
}
