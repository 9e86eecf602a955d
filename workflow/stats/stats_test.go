package stats

import (
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

const fixtureProject = `[policy]
readings_required = 2
accept_unanimous = true

[people.ann]
role = "contributor"

[people.rev]
role = "reviewer"
`

// fixture is one page read by ann and the OCR:
//
//	row  ann          ocr
//	1    the cat sat  the cot sat   decided by rev: ann's
//	2    on the mat   on the mat    agreed
//	3    all done     all dome      unsettled
//
// with a second decision by rev, on row 3, that is stale (it saw other
// texts).
func fixture(t *testing.T) *page.Page {
	t.Helper()
	proj, err := project.Parse("project.toml", []byte(fixtureProject))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	seen1 := []string{"the cat sat", "the cot sat"}
	seen3 := []string{"all dune", "all done"}
	src := decision.Encode(3, []decision.Decision{
		{Row: 1, Text: "the cat sat", How: decision.Pick, Readings: []string{"ann"}, By: "rev", At: at,
			Seen: seen1, Fingerprint: decision.FingerprintOf(seen1)},
		{Row: 3, Text: "all done", How: decision.Pick, Readings: []string{"ann"}, By: "rev", At: at,
			Seen: seen3, Fingerprint: decision.FingerprintOf(seen3)},
	})
	p, err := page.Assemble(proj, "doc", "001", "", []collate.Reading{
		{ID: "ann", Text: "the cat sat\non the mat\nall done\n"},
		{ID: "ocr", Text: "the cot sat\non the mat\nall dome\n"},
	}, src)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMeasure checks the numbers of the fixture, worked out by hand.
//
// Settled rows are 1 ("the cat sat", 11 characters, 3 words) and 2 ("on
// the mat", 10 characters, 3 words): 21 characters and 6 words. ann's
// cells are the settled text: CER 0/21, WER 0/6. The OCR's row 1 has one
// character wrong (cot) and one word: CER 1/21, WER 1/6; its row 2 is
// right.
//
// Evidence comes from the decided row 1 only: ann has its 3 words in
// order, out of 3; the OCR has "the" and "sat", 2 out of 3.
//
// Agreement is the collation's: of ann's 8 words, the OCR shares 6 (all
// but cat and done), and likewise of the OCR's; the evidence of row 1 is
// added to it, as the collation weighs it while row 3 is open: ann
// 6+3 of 8+3, the OCR 6+2 of 8+3.
//
// rev recorded 2 decisions and decides 1 row (the other is stale). Rows:
// 3, of which 1 unanimous and 2 disputed; 1 decided, 1 agreed, 1
// unsettled, 1 stale decision.
func TestMeasure(t *testing.T) {
	p := fixture(t)
	d := Measure([]*page.Page{p})
	want := Rows{Total: 3, Unanimous: 1, Disputed: 2, Decided: 1, Agreed: 1, Unsettled: 1, Stale: 1}
	if d.Rows != want {
		t.Errorf("rows %+v, want %+v", d.Rows, want)
	}
	if len(d.ReadingsPerPage) != 1 || d.ReadingsPerPage[0] != (ReadingCount{Readings: 2, Pages: 1}) {
		t.Errorf("readings per page %+v, want 2 on 1 page", d.ReadingsPerPage)
	}
	if len(d.Reviewers) != 1 || d.Reviewers[0] != (Reviewer{ID: "rev", Decisions: 2, Rows: 1}) {
		t.Errorf("reviewers %+v, want rev with 2 decisions, 1 row", d.Reviewers)
	}
	by := map[string]Contributor{}
	for _, c := range d.Contributors {
		by[c.ID] = c
	}
	type counts struct {
		pages, rows, agree, total, matched, words, settled, charEdits, chars, wordEdits, refWords, decisions int
	}
	for id, w := range map[string]counts{
		"ann": {1, 3, 9, 11, 3, 3, 2, 0, 21, 0, 6, 0},
		"ocr": {1, 3, 8, 11, 2, 3, 2, 1, 21, 1, 6, 0},
		"rev": {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2},
	} {
		c := by[id]
		got := counts{c.Pages, c.Rows, c.Agree, c.Total, c.Matched, c.Words, c.Settled, c.CharEdits, c.Chars, c.WordEdits, c.RefWords, c.Decisions}
		if got != w {
			t.Errorf("%s: %+v, want %+v", id, got, w)
		}
	}
	if c := by["ocr"]; c.CER == nil || *c.CER != 1.0/21 || *c.WER != 1.0/6 || *c.Accuracy != 2.0/3 || *c.Agreement != 8.0/11 {
		t.Errorf("ocr's rates: %+v", c)
	}
	if c := by["rev"]; c.Agreement != nil || c.CER != nil {
		t.Errorf("rev read nothing, yet has rates: %+v", c)
	}
}

func TestWordDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"a b c", "", 3},
		{"the cat sat", "the cot sat", 1},
		{"the cat sat", "cat sat down", 2},
	} {
		if got := WordDistance(fields(c.a), fields(c.b)); got != c.want {
			t.Errorf("WordDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func fields(s string) []string { return strings.Fields(s) }

// A page nobody has read yet counts as a page with no readings and
// measures nobody.
func TestUnread(t *testing.T) {
	proj, err := project.Parse("project.toml", []byte(fixtureProject))
	if err != nil {
		t.Fatal(err)
	}
	p, err := page.Assemble(proj, "doc", "002", "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := Measure([]*page.Page{fixture(t), p})
	if d.Pages != 2 || d.Readings != 2 {
		t.Errorf("%d pages, %d readings; want 2 and 2", d.Pages, d.Readings)
	}
	want := []ReadingCount{{Readings: 0, Pages: 1}, {Readings: 2, Pages: 1}}
	if len(d.ReadingsPerPage) != 2 || d.ReadingsPerPage[0] != want[0] || d.ReadingsPerPage[1] != want[1] {
		t.Errorf("readings per page %+v, want %+v", d.ReadingsPerPage, want)
	}
	if len(d.Contributors) != 3 || d.Contributors[0].Pages != 1 {
		t.Errorf("contributors %+v: want ann, ocr and rev, each reader on 1 page", d.Contributors)
	}
}
