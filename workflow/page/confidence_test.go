package page

import (
	"image"
	"math"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
)

func TestOCRConfidence(t *testing.T) {
	text := "ab  cd\n\nef, gh\nij\n"
	g := &geometry.Page{Lines: []geometry.Line{
		{N: 1, Box: image.Rect(0, 0, 10, 10), Conf: -1, Words: []float64{0.5, 0.9}},
		{N: 3, Box: image.Rect(0, 20, 10, 30), Conf: -1, Words: []float64{0.2}}, // gh has none
		{N: 4, Box: image.Rect(0, 30, 10, 40), Conf: 0.7},                       // no word confidences
	}}
	c := OCRConfidence(text, g)
	if c == nil {
		t.Fatal("no confidence from word confidences")
	}
	for _, tc := range []struct {
		start, end int
		want       float64
	}{
		{0, 2, 0.5}, {4, 6, 0.9}, {0, 6, 0.7}, {2, 4, 1}, {6, 7, 1},
		{8, 10, 0.2}, {10, 11, 0.2}, // "ef" and its comma, one word
		{12, 14, 1}, {15, 17, 1},
	} {
		if got := c(tc.start, tc.end); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("confidence of %q = %v, want %v", text[tc.start:tc.end], got, tc.want)
		}
	}
	if OCRConfidence(text, &geometry.Page{Lines: g.Lines[2:]}) != nil {
		t.Error("a geometry without word confidences gives a confidence")
	}
}

func TestLoadUsesOCRConfidence(t *testing.T) {
	repo, proj := setup(t, map[string]string{
		"ocr":   "The quick brown fox\n",
		"alice": "The quick brown fox\n",
	})
	g := &geometry.Page{Image: "scan.png", Width: 100, Height: 50, Lines: []geometry.Line{
		{N: 1, Box: image.Rect(1, 1, 90, 20), Conf: -1, Words: []float64{0.9, 0.8, 0.7, 0.6}},
	}}
	write(t, repo, layout.LinesPath("doc", "001"), string(g.Encode()))
	p := load(t, repo, proj)
	c := p.Opts.Confidence["ocr"]
	if c == nil || p.Geometry == nil {
		t.Fatal("the page's geometry does not reach the collation")
	}
	if got := c(16, 19); math.Abs(got-0.6) > 1e-9 {
		t.Errorf("confidence of fox = %v, want 0.6", got)
	}
	if _, err := Collate(repo, proj, "doc", "001", nil); err != nil {
		t.Fatal(err)
	}

	write(t, repo, layout.LinesPath("doc", "001"), "image\tscan.png\n")
	if _, err := Open(repo, proj, "doc", "001"); err == nil || !strings.Contains(err.Error(), "ocr-lines.tsv") {
		t.Errorf("a malformed geometry file: %v", err)
	}
}
