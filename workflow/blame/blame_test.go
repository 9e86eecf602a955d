package blame

import (
	"context"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

func TestPage(t *testing.T) {
	dir := t.TempDir()
	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := gitrepo.Ensure(dir); err != nil {
		t.Fatal(err)
	}
	repo, _ := layout.Open(dir)
	doc := &project.Document{ID: "doc", Title: "Doc", Pages: []project.PageEntry{{ID: "001"}}}
	files := map[string]string{
		layout.ProjectPath():                    "[policy]\nreadings_required = 2\naccept_unanimous = true\nfour_eyes = true\n\n[people.rev]\nrole = \"reviewer\"\n\n[people.ann]\nrole = \"contributor\"\n",
		"transcriptions/doc/document.toml":      string(doc.Encode()),
		layout.ReadingPath("doc", "001", "ocr"): "same line\nthe qnick fox\nan odd end\n",
		layout.ReadingPath("doc", "001", "ann"): "same line\nthe quick fox\nan even end\n",
	}
	for rel, content := range files {
		if err := repo.WriteFile(rel, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	proj, err := repo.Project()
	if err != nil {
		t.Fatal(err)
	}
	decide := func(row int, c page.Choice) {
		t.Helper()
		if _, err := page.Update(context.Background(), repo, proj, "doc", "001", func(p *page.Page) error {
			_, err := p.Decide(proj, row, c, "rev", "checked", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	commit := func(msg string) string {
		t.Helper()
		g, err := git.PlainOpen(dir)
		if err != nil {
			t.Fatal(err)
		}
		wt, _ := g.Worktree()
		if err := wt.AddGlob("transcriptions"); err != nil {
			t.Fatal(err)
		}
		h, err := wt.Commit(msg, &git.CommitOptions{Author: &object.Signature{Name: "Rev", Email: "rev@example.org", When: time.Now()}})
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	commit("readings")
	decide(2, page.Choice{How: decision.Pick, Pick: "ann"})
	recorded := commit("decide row 2")
	// A later commit changes the decisions file but not row 2's decision:
	// blame names the commit that recorded it, not the latest.
	decide(1, page.Choice{How: decision.Consensus})
	later := commit("decide row 1")
	decide(3, page.Choice{How: decision.Typed, Text: "an end"})

	lines, cp, err := Page(context.Background(), repo, proj, "doc", "001")
	if err != nil {
		t.Fatal(err)
	}
	if !cp.Complete() || len(lines) != 3 {
		t.Fatalf("lines = %+v", lines)
	}
	want := []Line{
		{Row: 1, Text: "same line", How: "consensus", By: "rev", Note: "checked", Readings: []string{"ann", "ocr"}, Commit: later},
		{Row: 2, Text: "the quick fox", How: "pick", By: "rev", Note: "checked", Readings: []string{"ann"}, Commit: recorded},
		{Row: 3, Text: "an end", How: "typed", By: "rev", Note: "checked", Readings: []string{}, Commit: Uncommitted},
	}
	for i, w := range want {
		got := lines[i]
		got.At = time.Time{}
		if got.Row != w.Row || got.Text != w.Text || got.How != w.How || got.By != w.By || got.Note != w.Note || got.Commit != w.Commit || len(got.Readings) != len(w.Readings) {
			t.Errorf("line %d = %+v\nwant %+v", i+1, got, w)
		}
	}
}
