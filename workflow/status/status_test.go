package status

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/canon"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/page"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

func setup(t *testing.T) (*layout.Repo, *project.Project) {
	t.Helper()
	dir := t.TempDir()
	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	r, err := layout.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc := &project.Document{ID: "doc", Title: "The Document", Pages: []project.PageEntry{{ID: "001", Printed: "1"}, {ID: "002"}}}
	files := map[string]string{
		"transcriptions/doc/document.toml":          string(doc.Encode()),
		layout.ReadingPath("doc", "001", "ocr"):     "first line\nsecond lime\n",
		layout.ReadingPath("doc", "001", "alice"):   "first line\nsecond line\n",
		"transcriptions/doc/001/readings/README.md": "not a reading\n",
		"transcriptions/doc/002/readings/Bad.txt":   "not a reading either\n",
		"transcriptions/other-folder/notes.txt":     "no document here\n",
		"transcriptions/doc/003/readings/ghost.txt": "a page folder not listed in document.toml\n",
		"transcriptions/doc/import/ocr.txt":         "text\n",
	}
	for rel, content := range files {
		if err := r.WriteFile(rel, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	p, err := r.Project() // the example policy: readings_required = 2
	if err != nil {
		t.Fatal(err)
	}
	return r, p
}

func TestCollect(t *testing.T) {
	r, p := setup(t)
	rep, err := Collect(context.Background(), r, p, nil, "")
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	want := &Report{
		ReadingsRequired: 2,
		Documents: []Document{{
			ID:    "doc",
			Title: "The Document",
			Pages: []PageState{
				{ID: "001", Printed: "1", Readings: []string{"alice", "ocr"}, Needed: 0, Rows: Rows{Total: 2, Unanimous: 1, Disputed: 1},
					Settled: Settled{Unresolved: 1}, Canonical: CanonMissing},
				{ID: "002", Readings: []string{}, Needed: 2, Canonical: CanonMissing},
			},
			Totals: Totals{Pages: 2, Readings: 2, PagesNeedWork: 1, ReadingsShort: 2, Rows: Rows{Total: 2, Unanimous: 1, Disputed: 1},
				Settled: Settled{Unresolved: 1}},
			Canonical: CanonMissing,
		}},
	}
	if !reflect.DeepEqual(rep, want) {
		t.Errorf("report = %+v\nwant %+v", rep, want)
	}

	p.Policy.ReadingsRequired = 3
	rep, err = Collect(context.Background(), r, p, []string{"doc"}, "")
	if err != nil {
		t.Fatal(err)
	}
	d := rep.Documents[0]
	if rep.ReadingsRequired != 3 || d.Pages[0].Needed != 1 || d.Pages[1].Needed != 3 ||
		d.Totals != (Totals{Pages: 2, Readings: 2, PagesNeedWork: 2, ReadingsShort: 4, Rows: Rows{Total: 2, Unanimous: 1, Disputed: 1}, Settled: Settled{Unresolved: 2}}) {
		t.Errorf("with readings_required 3: %+v", rep)
	}

	p.Policy.ReadingsRequired = 1
	rep, err = Collect(context.Background(), r, p, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if d := rep.Documents[0]; d.Pages[0].Needed != 0 || d.Totals.ReadingsShort != 1 {
		t.Errorf("a page with more readings than required must need none, not a negative number: %+v", d)
	}
}

func TestCollectOnePage(t *testing.T) {
	r, p := setup(t)
	rep, err := Collect(context.Background(), r, p, []string{"doc"}, "002")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Documents) != 1 {
		t.Fatalf("documents = %+v", rep.Documents)
	}
	d := rep.Documents[0]
	if len(d.Pages) != 1 || d.Pages[0].ID != "002" || d.Pages[0].Needed != 2 {
		t.Errorf("pages = %+v, want page 002 only", d.Pages)
	}
	if d.Totals != (Totals{Pages: 1, Readings: 0, PagesNeedWork: 1, ReadingsShort: 2}) {
		t.Errorf("totals = %+v, want those of page 002 only", d.Totals)
	}
}

func TestCollectEmptyAndMissing(t *testing.T) {
	dir := t.TempDir()
	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	r, _ := layout.Open(dir)
	p, err := r.Project()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Collect(context.Background(), r, p, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents == nil || len(rep.Documents) != 0 {
		t.Errorf("documents of an empty project = %#v, want an empty, non-nil list", rep.Documents)
	}
	if _, err := Collect(context.Background(), r, p, []string{"nope"}, ""); err == nil {
		t.Error("Collect of a missing document succeeded")
	}
}

func TestCollectSettledAndCanonical(t *testing.T) {
	r, p := setup(t)
	p.People = append(p.People, project.Person{ID: "rev", Role: project.Reviewer})
	// Settle the disputed row, build: the page is complete and up to date.
	if _, err := page.Update(context.Background(), r, p, "doc", "001", func(rp *page.Page) error {
		_, err := rp.Decide(p, 2, page.Choice{How: decision.Pick, Pick: "alice"}, "rev", "", time.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	b, err := canon.Build(context.Background(), r, p, "doc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Write(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	rep, err := Collect(context.Background(), r, p, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	d := rep.Documents[0]
	if pg := d.Pages[0]; pg.Settled != (Settled{Decided: 1}) || pg.Canonical != CanonComplete {
		t.Errorf("page 001 = %+v", pg)
	}
	if d.Canonical != CanonIncomplete || d.Totals.PagesComplete != 1 {
		t.Errorf("document canonical %q, complete pages %d; want incomplete (page 002 has no readings), 1", d.Canonical, d.Totals.PagesComplete)
	}
	// A reading changes the decided row: the decision is stale, the canonical
	// text outdated.
	if err := r.WriteFile(layout.ReadingPath("doc", "001", "ocr"), []byte("first line\nsecond lane\n")); err != nil {
		t.Fatal(err)
	}
	rep, err = Collect(context.Background(), r, p, nil, "001")
	if err != nil {
		t.Fatal(err)
	}
	if pg := rep.Documents[0].Pages[0]; pg.Settled != (Settled{Stale: 1, Unresolved: 1}) || pg.Canonical != CanonOutdated {
		t.Errorf("after the change: %+v", pg)
	}
	// A hand edit of the canonical text is told from an out-of-date one.
	if err := r.WriteFile("transcriptions/doc/001/canonical.txt", []byte("first line\nsecond line, improved\n")); err != nil {
		t.Fatal(err)
	}
	rep, err = Collect(context.Background(), r, p, nil, "001")
	if err != nil {
		t.Fatal(err)
	}
	if pg := rep.Documents[0].Pages[0]; pg.Canonical != CanonEdited {
		t.Errorf("after a hand edit: %+v, want canonical %q", pg, CanonEdited)
	}
}
