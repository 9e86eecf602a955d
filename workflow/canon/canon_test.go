package canon

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/internal/fixture"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

var now = time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)

func write(t *testing.T, repo *layout.Repo, rel, content string) {
	fixture.Write(t, repo, rel, content)
}

func load(t *testing.T, repo *layout.Repo, proj *project.Project, pageID string) *page.Page {
	t.Helper()
	p, err := page.Open(repo, proj, "doc", pageID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func decide(t *testing.T, rp *page.Page, proj *project.Project, row int, c page.Choice) {
	t.Helper()
	if _, err := rp.Decide(proj, row, c, "rev", "", now); err != nil {
		t.Fatal(err)
	}
}

func TestJoinPages(t *testing.T) {
	doc := &project.Document{ID: "doc", Title: "A Document"}
	pages := []PageText{
		{ID: "001", Printed: "7", Complete: true, Text: []byte("one\n")},
		{ID: "002", Complete: true, Text: []byte("two\n")},
		{ID: "003", Text: []byte("%% INCOMPLETE: three\n")},
	}
	want := "%% INCOMPLETE: doc is not finished text; pages 003 are unsettled\n" +
		"%% doc: A Document\n" +
		"%% page 001 (printed 7)\none\n" +
		"%% page 002\ntwo\n" +
		"%% page 003\n%% INCOMPLETE: three\n"
	if got := string(JoinPages(doc, pages)); got != want {
		t.Errorf("JoinPages:\n%s\nwant\n%s", got, want)
	}
	want = "%% doc: A Document\n%% page 001 (printed 7)\none\n%% page 002\ntwo\n"
	got := JoinPages(doc, pages[:2])
	if string(got) != want || page.IsIncomplete(got) {
		t.Errorf("JoinPages of finished pages:\n%s\nwant\n%s", got, want)
	}
	if got := PageMark("010", "x"); got != "%% page 010 (printed x)" {
		t.Errorf("PageMark = %q", got)
	}
}

func TestBuildAndWrite(t *testing.T) {
	repo, proj := fixture.ThreePages(t)
	ctx := context.Background()
	b, err := Build(context.Background(), repo, proj, "doc")
	if err != nil {
		t.Fatal(err)
	}
	again, err := Build(context.Background(), repo, proj, "doc")
	if err != nil {
		t.Fatal(err)
	}
	files := func(b *Built) []string {
		out := []string{string(b.Document), b.DocumentInputs}
		for i, p := range b.Pages {
			out = append(out, string(p.Text), string(p.Encode()), b.Inputs[i])
		}
		return out
	}
	if !reflect.DeepEqual(files(b), files(again)) {
		t.Error("two builds differ")
	}
	if len(b.Pages) != 3 || !b.Pages[0].HasDecisions() || b.Pages[1].HasDecisions() || b.Pages[2].HasDecisions() {
		t.Fatalf("pages with a decisions file: %v %v %v", b.Pages[0].HasDecisions(), b.Pages[1].HasDecisions(), b.Pages[2].HasDecisions())
	}
	if got, want := string(b.Pages[0].Encode()), decision.Header+"\n1\n\n2\n\n3\n\n4\n"; got != want {
		t.Errorf("skeleton:\n%s\nwant\n%s", got, want)
	}
	wantDoc := "%% INCOMPLETE: doc is not finished text; pages 001, 002, 003 are unsettled\n" +
		"%% doc: A Document\n" +
		"%% page 001 (printed 7)\n" +
		"%% INCOMPLETE: doc/001 is not finished text; 2 of 4 rows unsettled (rows 2, 4)\n" +
		"The quick brown fox\n" +
		"%% row 2 unsettled: jumps over the lazy dog.\n" +
		"And then the end\n" +
		"%% row 4 unsettled: - 7 -\n" +
		"%% page 002\n" +
		"%% INCOMPLETE: doc/002 is not finished text; 2 of 2 rows unsettled (rows 1, 2)\n" +
		"%% row 1 unsettled: A second page\n" +
		"%% row 2 unsettled: of one reading.\n" +
		"%% page 003 (printed 9)\n" +
		"%% INCOMPLETE: doc/003 is not finished text; it has no readings yet\n"
	if string(b.Document) != wantDoc {
		t.Errorf("document:\n%s\nwant\n%s", b.Document, wantDoc)
	}

	wrote, err := b.Write(ctx, repo)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"transcriptions/doc/001/decisions.txt",
		"transcriptions/doc/001/canonical.txt",
		"transcriptions/doc/001/canonical.sum",
		"transcriptions/doc/002/canonical.txt",
		"transcriptions/doc/002/canonical.sum",
		"transcriptions/doc/003/canonical.txt",
		"transcriptions/doc/003/canonical.sum",
		"transcriptions/doc/canonical.txt",
		"transcriptions/doc/canonical.sum",
	}
	if !reflect.DeepEqual(wrote, want) {
		t.Errorf("wrote %q\nwant %q", wrote, want)
	}
	for i, rel := range []string{want[1], want[3], want[5]} {
		if got := read(t, repo, rel); !bytes.Equal(got, b.Pages[i].Text) {
			t.Errorf("%s:\n%s", rel, got)
		}
	}
	if got := read(t, repo, "transcriptions/doc/canonical.txt"); string(got) != wantDoc {
		t.Errorf("document file:\n%s", got)
	}
	if _, err := os.Stat(repo.Abs(layout.DecisionsPath("doc", "002"))); err == nil {
		t.Error("a decisions file for a page of one reading")
	}

	// Nothing changed: nothing written, files identical.
	before := snapshot(t, repo)
	b, _ = Build(context.Background(), repo, proj, "doc")
	if wrote, err := b.Write(ctx, repo); err != nil || len(wrote) != 0 {
		t.Errorf("second write: %q, %v", wrote, err)
	}
	if after := snapshot(t, repo); !sameFiles(before, after) {
		t.Error("files changed on the second build")
	}

	// Decide the open rows of page 001: its canonical text and the document's
	// change, page 002's stays.
	if _, err := page.Update(ctx, repo, proj, "doc", "001", func(p *page.Page) error {
		if _, err := p.Decide(proj, 2, page.Choice{How: decision.Pick, Pick: "alice"}, "rev", "", now); err != nil {
			return err
		}
		_, err := p.Decide(proj, 4, page.Choice{How: decision.Omit}, "rev", "", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	decisions := read(t, repo, "transcriptions/doc/001/decisions.txt")
	b, err = Build(context.Background(), repo, proj, "doc")
	if err != nil {
		t.Fatal(err)
	}
	wrote, err = b.Write(ctx, repo)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"transcriptions/doc/001/canonical.txt", "transcriptions/doc/001/canonical.sum", "transcriptions/doc/canonical.txt", "transcriptions/doc/canonical.sum"}; !reflect.DeepEqual(wrote, want) {
		t.Errorf("wrote %q, want %q", wrote, want)
	}
	if got := read(t, repo, "transcriptions/doc/001/canonical.txt"); string(got) != "The quick brown fox\njumps over the lazy dog.\nAnd then the end\n" {
		t.Errorf("page 001:\n%s", got)
	}
	if got := read(t, repo, "transcriptions/doc/001/decisions.txt"); !bytes.Equal(got, decisions) {
		t.Errorf("build rewrote unchanged decisions:\n%s", got)
	}
	if !b.Pages[0].Complete() || !strings.HasPrefix(string(b.Document), "%% INCOMPLETE: doc is not finished text; pages 002, 003 are unsettled\n") {
		t.Errorf("document:\n%s", b.Document)
	}
}

// A line added above a decided row: build moves the decision to its new
// slot in the decisions file.
func TestBuildMovesDecisions(t *testing.T) {
	repo, proj := fixture.ThreePages(t)
	ctx := context.Background()
	if _, err := page.Update(ctx, repo, proj, "doc", "001", func(p *page.Page) error {
		_, err := p.Decide(proj, 2, page.Choice{How: decision.Pick, Pick: "alice"}, "rev", "", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for id, text := range fixture.Page1 {
		write(t, repo, layout.ReadingPath("doc", "001", id), "HEADING\n"+text)
	}
	b, err := Build(context.Background(), repo, proj, "doc")
	if err != nil {
		t.Fatal(err)
	}
	wrote, err := b.Write(ctx, repo)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(wrote, "transcriptions/doc/001/decisions.txt") {
		t.Errorf("decisions not rewritten: %q", wrote)
	}
	ds, err := decision.Parse("d", read(t, repo, "transcriptions/doc/001/decisions.txt"))
	if err != nil || len(ds) != 1 || ds[0].Row != 3 {
		t.Errorf("decisions after the heading: %+v, %v", ds, err)
	}
	if !strings.Contains(string(b.Pages[0].Text), "\njumps over the lazy dog.\n") {
		t.Errorf("page 001:\n%s", b.Pages[0].Text)
	}
}

func read(t *testing.T, repo *layout.Repo, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(repo.Abs(rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// snapshot maps every file under transcriptions/ to its content and file
// information.
type file struct {
	content string
	info    os.FileInfo
}

func snapshot(t *testing.T, repo *layout.Repo) map[string]file {
	t.Helper()
	out := map[string]file{}
	err := filepath.WalkDir(repo.Abs(layout.Dir), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := os.Stat(path)
		out[path] = file{string(content), info}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameFiles reports whether two snapshots hold the same files, untouched:
// scribe replaces a file by renaming a new one over it, so a rewritten
// file is another file even with the same content.
func sameFiles(a, b map[string]file) bool {
	if len(a) != len(b) {
		return false
	}
	for path, f := range a {
		g, ok := b[path]
		if !ok || f.content != g.content || !os.SameFile(f.info, g.info) || !f.info.ModTime().Equal(g.info.ModTime()) {
			return false
		}
	}
	return true
}
