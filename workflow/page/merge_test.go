package page_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/canon"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// TestDecisionsMerge is why the decisions file has one slot per row with a
// blank line between slots: two reviewers who decide different rows of a
// page on two branches, even adjacent rows, merge without a conflict, and
// both decisions hold in the merge; two who decide the same row
// differently get a conflict, which git and scribe both report, so that
// a real disagreement is never merged silently.
func TestDecisionsMerge(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git binary")
	}
	dir := t.TempDir()
	git := func(wantOK bool, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
			"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.org", "GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.org")
		out, err := cmd.CombinedOutput()
		if (err == nil) != wantOK {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	git(true, "init", "--quiet")
	git(true, "symbolic-ref", "HEAD", "refs/heads/main")
	git(true, "config", "commit.gpgsign", "false")
	git(true, "config", "merge.conflictstyle", "merge")

	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	repo, err := layout.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc := &project.Document{ID: "doc", Title: "Doc", Pages: []project.PageEntry{{ID: "001"}}}
	files := map[string]string{
		layout.ProjectPath(): "[policy]\nreadings_required = 2\naccept_unanimous = true\nfour_eyes = true\n\n" +
			"[people.ann]\nrole = \"reviewer\"\n\n[people.ben]\nrole = \"reviewer\"\n\n[people.kim]\nrole = \"contributor\"\n",
		"transcriptions/doc/document.toml": string(doc.Encode()),
		// Rows 2 to 5 disputed.
		layout.ReadingPath("doc", "001", "kim"): "The first line\nthe quick brown fox\njumps over the lazy dog\nand then the end\nof the story was told\nThe last line\n",
		layout.ReadingPath("doc", "001", "ocr"): "The first line\nthe qnick brown fox\njumps ovcr the lazy dog\nand thcn the end\nof tbe story was told\nThe last line\n",
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
	ctx := context.Background()
	b, err := canon.Build(context.Background(), repo, proj, "doc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Write(ctx, repo); err != nil {
		t.Fatal(err)
	}
	rel := layout.DecisionsPath("doc", "001")
	if _, err := os.Stat(repo.Abs(rel)); err != nil {
		t.Fatalf("build wrote no decisions skeleton: %v", err)
	}
	git(true, "add", "-A")
	git(true, "commit", "--quiet", "-m", "base")

	decide := func(row int, c page.Choice, by string) {
		t.Helper()
		if _, err := page.Update(ctx, repo, proj, "doc", "001", func(p *page.Page) error {
			_, err := p.Decide(proj, row, c, by, "", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	git(true, "checkout", "--quiet", "-b", "a", "main")
	decide(3, page.Choice{How: decision.Pick, Pick: "kim"}, "ann")
	git(true, "commit", "--quiet", "-am", "ann decides row 3")

	git(true, "checkout", "--quiet", "-b", "b", "main")
	decide(4, page.Choice{How: decision.Typed, Text: "and then the end."}, "ben")
	git(true, "commit", "--quiet", "-am", "ben decides row 4")

	git(true, "merge", "--no-edit", "a")
	src, err := os.ReadFile(repo.Abs(rel))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(src), "<<<<<<<") {
		t.Fatalf("conflict markers after a clean merge:\n%s", src)
	}
	p, err := page.Open(repo, proj, "doc", "001")
	if err != nil {
		t.Fatalf("Load after the merge: %v\n%s", err, src)
	}
	if len(p.Applied) != 2 || len(p.Stale) != 0 {
		t.Fatalf("after the merge: %+v", p.Applied)
	}
	if a, ok := p.Valid(3); !ok || a.By != "ann" || a.Text != "jumps over the lazy dog" {
		t.Errorf("row 3 after the merge: %+v, %v", a, ok)
	}
	if a, ok := p.Valid(4); !ok || a.By != "ben" || a.Text != "and then the end." {
		t.Errorf("row 4 after the merge: %+v, %v", a, ok)
	}
	// The merged file is the file scribe writes: building it changes nothing.
	if string(src) != string(p.Encode()) {
		t.Errorf("merged file differs from its encoding:\n%s", src)
	}

	// The same row decided differently on two branches: a conflict.
	git(true, "checkout", "--quiet", "-b", "c", "main")
	decide(3, page.Choice{How: decision.Pick, Pick: "ocr"}, "ben")
	git(true, "commit", "--quiet", "-am", "ben decides row 3 otherwise")
	out := git(false, "merge", "--no-edit", "a")
	if !strings.Contains(out, "CONFLICT") || !strings.Contains(out, rel) {
		t.Errorf("git merge output:\n%s", out)
	}
	_, err = page.Open(repo, proj, "doc", "001")
	var pr *problem.Problem
	if !errors.As(err, &pr) || pr.Rule != "conflict-marker" || pr.File != rel {
		t.Errorf("Load of the conflicted file: %v", err)
	}
	git(true, "merge", "--abort")

	// Deciding the same row the same way on both branches is no conflict.
	git(true, "checkout", "--quiet", "-b", "d", "main")
	decide(3, page.Choice{How: decision.Pick, Pick: "kim"}, "ann")
	git(true, "commit", "--quiet", "-am", "ann decides row 3 again")
	git(true, "merge", "--no-edit", "a")
	if p, err := page.Open(repo, proj, "doc", "001"); err != nil || len(p.Applied) != 1 {
		t.Errorf("after merging the same decision: %v", err)
	}
}
