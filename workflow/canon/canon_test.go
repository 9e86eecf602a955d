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
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/review"
)

const projectTOML = `[policy]
readings_required = 2
accept_unanimous = true
four_eyes = true
open_contributions = false

[people.rev]
role = "reviewer"
`

var now = time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)

// Page 001's rows: 1 and 3 unanimous, 2 disputed, 4 a page number only
// the OCR has.
var page1 = map[string]string{
	"ocr":   "The quick brown fox\njumps ovcr the lazy dog.\nAnd then the end\n- 7 -\n",
	"alice": "The quick brown fox\njumps over the lazy dog.\nAnd then the end\n",
}

// setup makes document "doc" with pages 001 (two readings), 002 (one
// reading) and 003 (none).
func setup(t *testing.T) (*layout.Repo, *project.Project) {
	t.Helper()
	dir := t.TempDir()
	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	repo, err := layout.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc := &project.Document{ID: "doc", Title: "A Document", Pages: []project.Page{{ID: "001", Printed: "7"}, {ID: "002"}, {ID: "003", Printed: "9"}}}
	write(t, repo, layout.ProjectPath(), projectTOML)
	write(t, repo, "transcriptions/doc/document.toml", string(doc.Encode()))
	for id, text := range page1 {
		write(t, repo, layout.ReadingPath("doc", "001", id), text)
	}
	write(t, repo, layout.ReadingPath("doc", "002", "alice"), "A second page\nof one reading.\n")
	proj, err := repo.Project()
	if err != nil {
		t.Fatal(err)
	}
	return repo, proj
}

func write(t *testing.T, repo *layout.Repo, rel, content string) {
	t.Helper()
	if err := repo.WriteFile(rel, []byte(content)); err != nil {
		t.Fatal(err)
	}
}

func load(t *testing.T, repo *layout.Repo, proj *project.Project, pageID string) *review.Page {
	t.Helper()
	p, err := review.Load(repo, proj, "doc", pageID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func decide(t *testing.T, rp *review.Page, proj *project.Project, row int, c review.Choice) {
	t.Helper()
	if _, err := rp.Decide(proj, row, c, "rev", "", now); err != nil {
		t.Fatal(err)
	}
}

func TestSettleComplete(t *testing.T) {
	repo, proj := setup(t)
	rp := load(t, repo, proj, "001")
	decide(t, rp, proj, 2, review.Choice{How: decision.Pick, Pick: "alice"})
	decide(t, rp, proj, 4, review.Choice{How: decision.Omit})
	p := Settle(rp, proj.Policy, "7")
	if !p.Complete() {
		t.Fatalf("not complete: %+v", p)
	}
	if p.Doc != "doc" || p.ID != "001" || p.Printed != "7" || p.Rows != 4 || p.Decided != 2 ||
		!reflect.DeepEqual(p.Readings, []string{"alice", "ocr"}) || !reflect.DeepEqual(p.Omitted, []int{4}) ||
		len(p.Unresolved) != 0 || len(p.Stale) != 0 {
		t.Errorf("page %+v", p)
	}
	var hows []string
	for _, l := range p.Lines {
		hows = append(hows, l.How)
	}
	if !reflect.DeepEqual(hows, []string{ByUnanimity, ByDecision, ByUnanimity}) {
		t.Errorf("lines settled by %v", hows)
	}
	if l := p.Lines[1]; l.Row != 2 || l.Decision == nil || l.Decision.By != "rev" || !reflect.DeepEqual(l.Readings, []string{"alice"}) {
		t.Errorf("decided line %+v", l)
	}
	want := "The quick brown fox\njumps over the lazy dog.\nAnd then the end\n"
	if got := string(p.Text(rp.Alignment)); got != want {
		t.Errorf("Text:\n%s\nwant\n%s", got, want)
	}
	if IsIncomplete(p.Text(rp.Alignment)) {
		t.Error("a complete page is marked incomplete")
	}

	// A typed decision and a decision on an unanimous row take their text.
	decide(t, rp, proj, 2, review.Choice{How: decision.Typed, Text: "jumps over the lazy dog!"})
	decide(t, rp, proj, 3, review.Choice{How: decision.Typed, Text: "And then, the end."})
	p = Settle(rp, proj.Policy, "7")
	want = "The quick brown fox\njumps over the lazy dog!\nAnd then, the end.\n"
	if got := string(p.Text(rp.Alignment)); got != want || p.Decided != 3 {
		t.Errorf("Text:\n%s\nwant\n%s", got, want)
	}
}

func TestSettlePolicy(t *testing.T) {
	repo, proj := setup(t)
	rp := load(t, repo, proj, "001")
	decide(t, rp, proj, 2, review.Choice{How: decision.Consensus})
	decide(t, rp, proj, 4, review.Choice{How: decision.Omit})
	tests := []struct {
		name       string
		policy     func(*project.Policy)
		unresolved []int
	}{
		{"accept unanimous", func(*project.Policy) {}, nil},
		{"no accept unanimous", func(p *project.Policy) { p.AcceptUnanimous = false }, []int{1, 3}},
		{"not enough readings", func(p *project.Policy) { p.ReadingsRequired = 3 }, []int{1, 3}},
		{"just enough readings", func(p *project.Policy) { p.ReadingsRequired = 2 }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			policy := proj.Policy
			tc.policy(&policy)
			p := Settle(rp, policy, "7")
			if !reflect.DeepEqual(p.Unresolved, tc.unresolved) || p.Complete() != (tc.unresolved == nil) {
				t.Errorf("unresolved %v complete %v, want %v", p.Unresolved, p.Complete(), tc.unresolved)
			}
		})
	}
	// A single reading: its rows are accepted only when one reading is enough.
	single := load(t, repo, proj, "002")
	if p := Settle(single, proj.Policy, ""); p.Complete() || !reflect.DeepEqual(p.Unresolved, []int{1, 2}) {
		t.Errorf("one reading of two required: %+v", p)
	}
	policy := proj.Policy
	policy.ReadingsRequired = 1
	if p := Settle(single, policy, ""); !p.Complete() || string(p.Text(single.Alignment)) != "A second page\nof one reading.\n" {
		t.Errorf("one reading of one required: %+v", p)
	}
}

func TestTextIncomplete(t *testing.T) {
	repo, proj := setup(t)
	rp := load(t, repo, proj, "001")
	decide(t, rp, proj, 4, review.Choice{How: decision.Omit})
	p := Settle(rp, proj.Policy, "7")
	if p.Complete() || !reflect.DeepEqual(p.Unresolved, []int{2}) {
		t.Fatalf("page %+v", p)
	}
	got := p.Text(rp.Alignment)
	want := "%% INCOMPLETE: doc/001 is not finished text; 1 of 4 rows unsettled (rows 2)\n" +
		"The quick brown fox\n" +
		"%% row 2 unsettled: jumps over the lazy dog.\n" +
		"And then the end\n"
	if string(got) != want {
		t.Errorf("Text:\n%s\nwant\n%s", got, want)
	}
	if !IsIncomplete(got) || !strings.HasPrefix(string(got), IncompleteMark) {
		t.Error("not marked incomplete")
	}

	// Nothing settled: every row marked.
	policy := proj.Policy
	policy.AcceptUnanimous = false
	p = Settle(load(t, repo, proj, "001"), policy, "7")
	want = "%% INCOMPLETE: doc/001 is not finished text; 4 of 4 rows unsettled (rows 1, 2, 3, 4)\n" +
		"%% row 1 unsettled: The quick brown fox\n" +
		"%% row 2 unsettled: jumps over the lazy dog.\n" +
		"%% row 3 unsettled: And then the end\n" +
		"%% row 4 unsettled: - 7 -\n"
	if got := string(p.Text(rp.Alignment)); got != want {
		t.Errorf("Text:\n%s\nwant\n%s", got, want)
	}

	// No readings.
	empty := load(t, repo, proj, "003")
	p = Settle(empty, proj.Policy, "9")
	if p.Complete() || p.Rows != 0 {
		t.Errorf("a page without readings: %+v", p)
	}
	if got, want := string(p.Text(empty.Alignment)), "%% INCOMPLETE: doc/003 is not finished text; it has no readings yet\n"; got != want {
		t.Errorf("Text of an empty page: %q, want %q", got, want)
	}
}

func TestStaleDecisionNotApplied(t *testing.T) {
	repo, proj := setup(t)
	ctx := context.Background()
	if _, err := review.Update(ctx, repo, proj, "doc", "001", func(p *review.Page) error {
		if _, err := p.Decide(proj, 2, review.Choice{How: decision.Typed, Text: "jumps over the lazy dog!"}, "rev", "", now); err != nil {
			return err
		}
		_, err := p.Decide(proj, 4, review.Choice{How: decision.Omit}, "rev", "", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// A third reading disagrees on row 2: its decision no longer holds.
	write(t, repo, layout.ReadingPath("doc", "001", "bob"), "The quick brown fox\njumps over the lazy hog.\nAnd then the end\n")
	rp := load(t, repo, proj, "001")
	p := Settle(rp, proj.Policy, "7")
	if !reflect.DeepEqual(p.Stale, []int{2}) || !reflect.DeepEqual(p.Unresolved, []int{2}) || p.Decided != 1 || p.Complete() {
		t.Errorf("page %+v", p)
	}
	text := string(p.Text(rp.Alignment))
	if strings.Contains(text, "lazy dog!") || !strings.Contains(text, "%% row 2 unsettled: ") {
		t.Errorf("a stale decision was applied:\n%s", text)
	}
}

func TestDocumentText(t *testing.T) {
	doc := &project.Document{ID: "doc", Title: "A Document"}
	done := func(id, printed string) *Page {
		return &Page{Doc: "doc", ID: id, Printed: printed, Readings: []string{"a"}, Rows: 1}
	}
	open := &Page{Doc: "doc", ID: "003", Readings: []string{"a"}, Rows: 1, Unresolved: []int{1}}
	pages := []*Page{done("001", "7"), done("002", ""), open}
	texts := [][]byte{[]byte("one\n"), []byte("two\n"), []byte("%% INCOMPLETE: three\n")}
	want := "%% INCOMPLETE: doc is not finished text; pages 003 are unsettled\n" +
		"%% doc: A Document\n" +
		"%% page 001 (printed 7)\none\n" +
		"%% page 002\ntwo\n" +
		"%% page 003\n%% INCOMPLETE: three\n"
	if got := string(DocumentText(doc, pages, texts)); got != want {
		t.Errorf("DocumentText:\n%s\nwant\n%s", got, want)
	}
	want = "%% doc: A Document\n%% page 001 (printed 7)\none\n%% page 002\ntwo\n"
	got := DocumentText(doc, pages[:2], texts[:2])
	if string(got) != want || IsIncomplete(got) {
		t.Errorf("DocumentText of finished pages:\n%s\nwant\n%s", got, want)
	}
	if got := PageMark("010", "x"); got != "%% page 010 (printed x)" {
		t.Errorf("PageMark = %q", got)
	}
}

func TestBuildAndWrite(t *testing.T) {
	repo, proj := setup(t)
	ctx := context.Background()
	b, err := Build(repo, proj, "doc")
	if err != nil {
		t.Fatal(err)
	}
	again, err := Build(repo, proj, "doc")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b, again) {
		t.Error("two builds differ")
	}
	if len(b.Pages) != 3 || b.Decisions[0] == nil || b.Decisions[1] != nil || b.Decisions[2] != nil {
		t.Fatalf("decisions files: %q", b.Decisions)
	}
	if got, want := string(b.Decisions[0]), decision.Header+"\n1\n\n2\n\n3\n\n4\n"; got != want {
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
		if got := read(t, repo, rel); !bytes.Equal(got, b.Texts[i]) {
			t.Errorf("%s:\n%s", rel, got)
		}
	}
	if got := read(t, repo, "transcriptions/doc/canonical.txt"); string(got) != wantDoc {
		t.Errorf("document file:\n%s", got)
	}
	if _, err := os.Stat(repo.Abs(review.DecisionsPath("doc", "002"))); err == nil {
		t.Error("a decisions file for a page of one reading")
	}

	// Nothing changed: nothing written, files identical.
	before := snapshot(t, repo)
	b, _ = Build(repo, proj, "doc")
	if wrote, err := b.Write(ctx, repo); err != nil || len(wrote) != 0 {
		t.Errorf("second write: %q, %v", wrote, err)
	}
	if after := snapshot(t, repo); !sameFiles(before, after) {
		t.Error("files changed on the second build")
	}

	// Decide the open rows of page 001: its canonical text and the document's
	// change, page 002's stays.
	if _, err := review.Update(ctx, repo, proj, "doc", "001", func(p *review.Page) error {
		if _, err := p.Decide(proj, 2, review.Choice{How: decision.Pick, Pick: "alice"}, "rev", "", now); err != nil {
			return err
		}
		_, err := p.Decide(proj, 4, review.Choice{How: decision.Omit}, "rev", "", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	decisions := read(t, repo, "transcriptions/doc/001/decisions.txt")
	b, err = Build(repo, proj, "doc")
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
	repo, proj := setup(t)
	ctx := context.Background()
	if _, err := review.Update(ctx, repo, proj, "doc", "001", func(p *review.Page) error {
		_, err := p.Decide(proj, 2, review.Choice{How: decision.Pick, Pick: "alice"}, "rev", "", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for id, text := range page1 {
		write(t, repo, layout.ReadingPath("doc", "001", id), "HEADING\n"+text)
	}
	b, err := Build(repo, proj, "doc")
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
	if !strings.Contains(string(b.Texts[0]), "\njumps over the lazy dog.\n") {
		t.Errorf("page 001:\n%s", b.Texts[0])
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
