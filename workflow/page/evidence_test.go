package page

import (
	"context"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
)

// TestEvidenceWeighsTheProposal: the OCR and alice disagree on every row.
// With nothing settled, alice's text is proposed (a person's reading is
// trusted before the OCR's); once a reviewer has found the OCR right on
// the rows settled so far, the OCR's text is proposed on the row left,
// in memory and when the page is loaded again alike.
func TestEvidenceWeighsTheProposal(t *testing.T) {
	repo, proj := setup(t, map[string]string{
		"ocr":   "the red house stood\nupon the green hill\nwhere the old road ends\nand the river bends\n",
		"alice": "the rid house stood\nupon the grean hill\nwhere the olde road ends\nand the rivver bends\n",
	})
	p := load(t, repo, proj)
	if got := p.Alignment.Rows[3].Consensus; got != "and the rivver bends" {
		t.Fatalf("before any decision, row 4 proposes %q, want alice's", got)
	}
	if got := p.Alignment.Rows[3].Basis; got != collate.BasisReliability {
		t.Errorf("row 4 rests on %s", got)
	}
	ctx := context.Background()
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		for row := 1; row <= 3; row++ {
			if _, err := p.Decide(proj, row, Choice{How: decision.Pick, Pick: "ocr"}, "rev", "", now); err != nil {
				return err
			}
		}
		if got := p.Alignment.Rows[3].Consensus; got != "and the river bends" {
			t.Errorf("in memory, after three rows found the OCR right, row 4 proposes %q", got)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	q := load(t, repo, proj)
	if got := q.Alignment.Rows[3].Consensus; got != "and the river bends" {
		t.Errorf("loaded again, row 4 proposes %q, want the OCR's", got)
	}
	if len(q.Alignment.Rows) != 4 || len(q.staleDecisions()) != 0 {
		t.Errorf("%d rows, %d stale decisions", len(q.Alignment.Rows), len(q.staleDecisions()))
	}
}

// TestEvidenceLeavesOutNotes: a reading that carries a reviewer's note on
// a row decided with its text agrees with it in full; the note is no
// part of the reading.
func TestEvidenceLeavesOutNotes(t *testing.T) {
	repo, proj := setup(t, map[string]string{
		"ocr":   "the red house stood\nupon the grean hill\n",
		"alice": "the red house stood\nupon the green hill [**the scan is faint here]\n",
	})
	ctx := context.Background()
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		_, err := p.Decide(proj, 2, Choice{How: decision.Typed, Text: "upon the green hill"}, "rev", "", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	ev := load(t, repo, proj).Evidence()
	if e := ev["alice"]; e.Total == 0 || e.Agree != e.Total {
		t.Errorf("alice's evidence %+v: the note counts against her reading", e)
	}
	if e := ev["ocr"]; e.Agree >= e.Total {
		t.Errorf("ocr's evidence %+v: its misreading does not count", e)
	}
}
