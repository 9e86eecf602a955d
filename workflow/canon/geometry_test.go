package canon

import (
	"image"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/internal/fixture"
	"github.com/scribe-transcription/scribe/workflow/layout"
)

// TestPageInputsCoverGeometry: the OCR's word confidences weigh the
// proposals an unsettled row shows in the canonical text, so a change to
// the page's ocr-lines.tsv changes its inputs' fingerprint; a page
// without one keeps the fingerprint it had.
func TestPageInputsCoverGeometry(t *testing.T) {
	repo, proj := fixture.ThreePages(t)
	before := PageInputs(load(t, repo, proj, "001"), proj)
	g := &geometry.Page{Image: "scan.png", Width: 100, Height: 100, Lines: []geometry.Line{
		{N: 1, Box: image.Rect(1, 1, 90, 9), Conf: -1, Words: []float64{0.5, 0.9}},
	}}
	write(t, repo, layout.LinesPath("doc", "001"), string(g.Encode()))
	with := PageInputs(load(t, repo, proj, "001"), proj)
	if with == before {
		t.Error("the page's inputs do not cover its geometry")
	}
	if again := PageInputs(load(t, repo, proj, "001"), proj); again != with {
		t.Error("the same geometry gives another fingerprint")
	}
	g.Lines[0].Words[0] = 0.7
	write(t, repo, layout.LinesPath("doc", "001"), string(g.Encode()))
	if changed := PageInputs(load(t, repo, proj, "001"), proj); changed == with {
		t.Error("a changed confidence leaves the fingerprint as it was")
	}
}
