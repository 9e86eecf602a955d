package stats

import (
	"context"
	"math"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/layout"
)

// The pamphlet in this repository has two readings of every page, the
// OCR's and the editor's, and every row settled: both readers are
// measured on every settled row, and the editor, who corrected the OCR,
// reads closer to the canonical text.
func TestPamphlet(t *testing.T) {
	repo, err := layout.Open("../..")
	if err != nil {
		t.Fatal(err)
	}
	proj, err := repo.Project()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Collect(context.Background(), repo, proj, []string{"tasks-of-the-working-class"})
	if err != nil {
		t.Fatal(err)
	}
	d := rep.Documents[0]
	if d.Rows.Unsettled != 0 || d.Rows.Stale != 0 {
		t.Fatalf("rows %+v: want every row settled", d.Rows)
	}
	if len(d.ReadingsPerPage) != 1 || d.ReadingsPerPage[0].Readings != 2 {
		t.Fatalf("readings per page %+v: want 2 on every page", d.ReadingsPerPage)
	}
	by := map[string]Contributor{}
	for _, c := range rep.Contributors {
		by[c.ID] = c
	}
	for _, id := range []string{"ocr", "editor"} {
		c, ok := by[id]
		if !ok {
			t.Fatalf("no contributor %s in %+v", id, rep.Contributors)
		}
		for name, r := range map[string]*float64{"agreement": c.Agreement, "CER": c.CER, "WER": c.WER} {
			if r == nil || math.IsNaN(*r) || math.IsInf(*r, 0) {
				t.Errorf("%s: %s is %v, want a finite number", id, name, r)
			}
		}
		if c.Pages != d.Pages {
			t.Errorf("%s read %d pages, want %d", id, c.Pages, d.Pages)
		}
		t.Logf("%s: %+v agreement %.4f CER %.4f WER %.4f", id, c, deref(c.Agreement), deref(c.CER), deref(c.WER))
	}
	t.Logf("document: %+v", d.Rows)
	if *by["editor"].CER >= *by["ocr"].CER {
		t.Errorf("editor's CER %v, OCR's %v: want the editor's lower", *by["editor"].CER, *by["ocr"].CER)
	}
}

func deref(r *float64) float64 {
	if r == nil {
		return math.NaN()
	}
	return *r
}
