package page

import (
	"context"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/internal/fixture"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

const projectTOML = `[policy]
readings_required = 2
accept_unanimous = true
four_eyes = true
open_contributions = false

[equivalences]
"'" = ["’"]

[people.rev]
role = "reviewer"

[people.alice]
role = "reviewer"
email = "alice@example.org"

[people.bob]
role = "contributor"
`

// The page's rows:
//
//	1 unanimous  The quick brown fox
//	2 majority   jumps over the lazy dog.    (alice, bob; ocr differs)
//	3 disputed   And then the end            (each reading differs)
//	4 majority   red green blue              (the consensus is alice's text alone)
//	5 majority   — 7 —                       (bob has no text)
var readings = map[string]string{
	"alice": "The quick brown fox\njumps over the lazy dog.\nAnd then the end\nred green blue\n— 7 —\n",
	"bob":   "The quick brown fox\njumps over the lazy dog.\nAnd than the end\nred green blew\n",
	"ocr":   "The quick brown fox\njumps ovcr the lazy dog.\nAnd thcn the end\nred grcen blue\n— 7 —\n",
}

var now = time.Date(2024, 3, 4, 5, 6, 7, 890, time.FixedZone("CET", 3600))

// setup makes a project with one document "doc" of one page "001".
func setup(t *testing.T, pageReadings map[string]string) (*layout.Repo, *project.Project) {
	t.Helper()
	doc := &project.Document{ID: "doc", Title: "Doc", Pages: []project.PageEntry{{ID: "001", Printed: "7"}}}
	return fixture.New(t, projectTOML, fixture.Doc{Document: doc, Readings: map[string]map[string]string{"001": pageReadings}})
}

func write(t *testing.T, repo *layout.Repo, rel, content string) {
	fixture.Write(t, repo, rel, content)
}

func load(t *testing.T, repo *layout.Repo, proj *project.Project) *Page {
	t.Helper()
	p, err := Open(repo, proj, "doc", "001")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFixture(t *testing.T) {
	repo, proj := setup(t, readings)
	p := load(t, repo, proj)
	var got []string
	for _, r := range p.Alignment.Rows {
		got = append(got, string(r.Status)+" "+r.Consensus)
	}
	want := []string{"unanimous The quick brown fox", "majority jumps over the lazy dog.", "disputed And then the end", "majority red green blue", "majority — 7 —"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows %q, want %q", got, want)
	}
	if len(p.Applied) != 0 {
		t.Errorf("a page without a decisions file has decisions: %+v", p.Applied)
	}
}

func TestDecide(t *testing.T) {
	repo, proj := setup(t, readings)
	tests := []struct {
		name     string
		row      int
		choice   Choice
		by       string
		text     string
		readings []string
	}{
		{"pick", 3, Choice{How: decision.Pick, Pick: "bob"}, "rev", "And than the end", []string{"bob"}},
		{"pick a shared variant", 2, Choice{How: decision.Pick, Pick: "bob"}, "rev", "jumps over the lazy dog.", []string{"alice", "bob"}},
		{"pick the ocr", 2, Choice{How: decision.Pick, Pick: "ocr"}, "rev", "jumps ovcr the lazy dog.", []string{"ocr"}},
		{"consensus", 2, Choice{How: decision.Consensus}, "rev", "jumps over the lazy dog.", []string{"alice", "bob"}},
		{"consensus of one", 4, Choice{How: decision.Consensus}, "rev", "red green blue", []string{"alice"}},
		{"typed", 3, Choice{How: decision.Typed, Text: "And then the end."}, "rev", "And then the end.", nil},
		{"typed, normalised", 3, Choice{How: decision.Typed, Text: "\ufeffAnd then the e\u0301nd.  \r\n"}, "rev", "And then the \u00e9nd.", nil},
		{"typed as a reading has it", 3, Choice{How: decision.Typed, Text: "And than the end"}, "rev", "And than the end", []string{"bob"}},
		{"four eyes: alice types bob's text", 3, Choice{How: decision.Typed, Text: "And than the end"}, "alice", "And than the end", []string{"bob"}},
		{"omit", 5, Choice{How: decision.Omit}, "rev", "", []string{"bob"}},
		{"omit a row every reading has", 1, Choice{How: decision.Omit}, "rev", "", nil},
		{"four eyes: alice picks a variant she shares with bob", 2, Choice{How: decision.Pick, Pick: "alice"}, "alice", "jumps over the lazy dog.", []string{"alice", "bob"}},
		{"four eyes: alice picks another's variant", 3, Choice{How: decision.Pick, Pick: "ocr"}, "alice", "And thcn the end", []string{"ocr"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := load(t, repo, proj)
			d, err := p.Decide(proj, tc.row, tc.choice, tc.by, "  a note \n", now)
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			seen := p.Seen(tc.row)
			want := decision.Decision{Row: tc.row, Text: tc.text, How: tc.choice.How, Readings: tc.readings, By: tc.by,
				At: time.Date(2024, 3, 4, 4, 6, 7, 0, time.UTC), Note: "a note", Seen: seen, Fingerprint: decision.FingerprintOf(seen)}
			if !reflect.DeepEqual(d, want) {
				t.Errorf("decision\n got %+v\nwant %+v", d, want)
			}
			a, ok := p.Valid(tc.row)
			if !ok || !reflect.DeepEqual(a.Decision, want) || a.Now != tc.row || a.Stale {
				t.Errorf("Valid(%d) = %+v, %v", tc.row, a, ok)
			}
			// What Decide records parses back: it is a valid decision.
			ds, err := decision.Parse("d", p.Encode())
			if err != nil || len(ds) != 1 || !reflect.DeepEqual(ds[0], want) {
				t.Errorf("Parse(Encode()) = %+v, %v", ds, err)
			}
		})
	}
}

func TestDecideRefuses(t *testing.T) {
	repo, proj := setup(t, readings)
	tests := []struct {
		name     string
		row      int
		choice   Choice
		by       string
		fourEyes bool
		message  string
	}{
		{"a contributor", 3, Choice{How: decision.Pick, Pick: "alice"}, "bob", false, "bob is not a reviewer"},
		{"the ocr", 3, Choice{How: decision.Pick, Pick: "alice"}, "ocr", false, "ocr is not a reviewer"},
		{"a stranger", 3, Choice{How: decision.Pick, Pick: "alice"}, "mallory", false, "mallory is not a reviewer"},
		{"row 0", 0, Choice{How: decision.Consensus}, "rev", false, "row 0 is out of range: doc/001 has 5 rows"},
		{"row 6", 6, Choice{How: decision.Consensus}, "rev", false, "row 6 is out of range: doc/001 has 5 rows"},
		{"a contributor with no reading", 3, Choice{How: decision.Pick, Pick: "carol"}, "rev", false, `doc/001 has no reading by "carol" (it has: alice, bob, ocr)`},
		{"a reading with no text in the row", 5, Choice{How: decision.Pick, Pick: "bob"}, "rev", false, "bob has no text in row 5"},
		{"a typed line break", 3, Choice{How: decision.Typed, Text: "And then\nthe end"}, "rev", false, "line break"},
		{"a typed NUL", 3, Choice{How: decision.Typed, Text: "And then\x00 the end"}, "rev", false, "U+0000"},
		{"an empty typed text", 3, Choice{How: decision.Typed, Text: " \n"}, "rev", false, "the typed text"},
		{"an unknown how", 3, Choice{How: "guess"}, "rev", false, `unknown kind of decision "guess"`},
		{"four eyes: alice picks her own sole variant", 3, Choice{How: decision.Pick, Pick: "alice"}, "alice", true, "row 3 would be settled by alice's own reading alone"},
		{"four eyes: alice types her own text", 3, Choice{How: decision.Typed, Text: "And then  the end"}, "alice", true, "alice's own reading alone"},
		{"four eyes: alice takes a consensus only she has", 4, Choice{How: decision.Consensus}, "alice", true, "alice's own reading alone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := load(t, repo, proj)
			before := p.Encode()
			_, err := p.Decide(proj, tc.row, tc.choice, tc.by, "", now)
			if err == nil {
				t.Fatal("Decide accepted it")
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("error %q does not say %q", err, tc.message)
			}
			if got := errors.Is(err, ErrFourEyes); got != tc.fourEyes {
				t.Errorf("errors.Is(err, ErrFourEyes) = %v: %v", got, err)
			}
			if len(p.Applied) != 0 || string(p.Encode()) != string(before) {
				t.Errorf("a refused decision was recorded: %+v", p.Applied)
			}
		})
	}
}

func TestFourEyesOff(t *testing.T) {
	repo, proj := setup(t, readings)
	proj.Policy.FourEyes = false
	p := load(t, repo, proj)
	d, err := p.Decide(proj, 3, Choice{How: decision.Pick, Pick: "alice"}, "alice", "", now)
	if err != nil || d.Text != "And then the end" || !reflect.DeepEqual(d.Readings, []string{"alice"}) {
		t.Errorf("without four eyes: %+v, %v", d, err)
	}
	// And a refused decision with the rule on leaves an earlier one alone.
	proj.Policy.FourEyes = true
	if _, err := p.Decide(proj, 4, Choice{How: decision.Consensus}, "alice", "", now); !errors.Is(err, ErrFourEyes) {
		t.Errorf("four eyes back on: %v", err)
	}
	if _, ok := p.Valid(3); !ok {
		t.Errorf("the decision on row 3 was lost")
	}
}

func TestDecideReplacesAndUndo(t *testing.T) {
	repo, proj := setup(t, readings)
	p := load(t, repo, proj)
	for _, c := range []Choice{{How: decision.Pick, Pick: "bob"}, {How: decision.Omit}, {How: decision.Typed, Text: "And then the end."}} {
		if _, err := p.Decide(proj, 3, c, "rev", "", now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Decide(proj, 2, Choice{How: decision.Consensus}, "rev", "", now); err != nil {
		t.Fatal(err)
	}
	if len(p.Applied) != 2 {
		t.Fatalf("deciding a row again keeps one decision on it: %+v", p.Applied)
	}
	if a, ok := p.Valid(3); !ok || a.How != decision.Typed || a.Text != "And then the end." {
		t.Errorf("row 3: %+v", a)
	}
	if got := p.Decisions(); len(got) != 2 || got[0].Row != 2 || got[1].Row != 3 {
		t.Errorf("Decisions() not in row order: %+v", got)
	}
	if !p.Undo(3) {
		t.Error("Undo(3) found nothing")
	}
	if p.Undo(3) {
		t.Error("Undo(3) twice")
	}
	if p.Undo(4) {
		t.Error("Undo(4) of an undecided row")
	}
	if _, ok := p.Valid(3); ok {
		t.Error("row 3 still decided")
	}
	if _, ok := p.Valid(2); !ok {
		t.Error("Undo(3) removed row 2's decision")
	}
}

func TestUpdateRoundTrip(t *testing.T) {
	repo, proj := setup(t, readings)
	ctx := context.Background()
	var d3 decision.Decision
	p, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		var err error
		d3, err = p.Decide(proj, 3, Choice{How: decision.Pick, Pick: "bob"}, "rev", "checked the scan", now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	file := repo.Abs(layout.DecisionsPath("doc", "001"))
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(src) != string(p.Encode()) {
		t.Errorf("the file is not the page's encoding")
	}
	if !strings.HasPrefix(string(src), decision.Header) || !strings.HasSuffix(string(src), "\n4\n\n5\n") || !strings.Contains(string(src), "\n\n3\t{") {
		t.Errorf("decisions file:\n%s", src)
	}
	// Another reviewer decides another row: both are kept.
	var d5 decision.Decision
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		var err error
		d5, err = p.Decide(proj, 5, Choice{How: decision.Omit}, "alice", "page number", now.Add(time.Hour))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	q := load(t, repo, proj)
	if len(q.Applied) != 2 || len(q.staleDecisions()) != 0 {
		t.Fatalf("after two updates: %+v", q.Applied)
	}
	for _, want := range []decision.Decision{d3, d5} {
		a, ok := q.Valid(want.Row)
		if !ok || !reflect.DeepEqual(a.Decision, want) || a.Now != want.Row {
			t.Errorf("row %d after reload: %+v, %v\nwant %+v", want.Row, a, ok, want)
		}
	}
	// An update whose change fails writes nothing.
	before, _ := os.ReadFile(file)
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		p.Undo(3)
		_, err := p.Decide(proj, 4, Choice{How: decision.Consensus}, "bob", "", now)
		return err
	}); err == nil {
		t.Error("a contributor's decision was accepted")
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Errorf("a failed update changed the file:\n%s", after)
	}
	// Undo through the file.
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		if !p.Undo(5) {
			return errors.New("no decision on row 5")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	q = load(t, repo, proj)
	if _, ok := q.Valid(5); ok || len(q.Applied) != 1 {
		t.Errorf("after undo: %+v", q.Applied)
	}
}

func TestUpdateMovesDecisionsWithTheirRows(t *testing.T) {
	repo, proj := setup(t, readings)
	ctx := context.Background()
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		_, err := p.Decide(proj, 3, Choice{How: decision.Pick, Pick: "bob"}, "rev", "", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// A heading is added above in every reading: row 3 is now row 4.
	for id, text := range readings {
		write(t, repo, layout.ReadingPath("doc", "001", id), "HEADING\n"+text)
	}
	var p *Page
	p, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := p.Valid(4); !ok || a.Row != 3 || a.Now != 4 {
		t.Fatalf("after the heading: %+v", p.Applied)
	}
	q := load(t, repo, proj)
	if a, ok := q.Valid(4); !ok || a.Row != 4 || a.Text != "And than the end" {
		t.Errorf("the saved decision is not on row 4: %+v", q.Applied)
	}
}

// A decision that went stale stays in the file at its row until that row
// is decided again; a valid decision that moves onto the row takes the
// slot, and must never be the one that is lost.
func TestMovedDecisionTakesAStaleDecisionsSlot(t *testing.T) {
	repo, proj := setup(t, readings)
	ctx := context.Background()
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		if _, err := p.Decide(proj, 3, Choice{How: decision.Pick, Pick: "bob"}, "rev", "", now); err != nil {
			return err
		}
		_, err := p.Decide(proj, 4, Choice{How: decision.Consensus}, "rev", "", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// A line inserted above row 3, and row 4 (now 5) changed in bob's
	// reading: the decision on row 3 moves to row 4, the one on row 4 is
	// stale.
	for id, text := range readings {
		lines := strings.SplitAfter(text, "\n")
		lines = slices.Insert(lines, 2, "INSERTED\n")
		if id == "bob" {
			lines[4] = "red green blu\n"
		}
		write(t, repo, layout.ReadingPath("doc", "001", id), strings.Join(lines, ""))
	}
	p := load(t, repo, proj)
	if a, ok := p.Valid(4); !ok || a.Row != 3 {
		t.Fatalf("row 3's decision did not move to row 4: %+v", p.Applied)
	}
	if st := p.staleDecisions(); len(st) != 1 || st[0].Row != 4 {
		t.Fatalf("row 4's decision is not stale: %+v", p.Applied)
	}
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error { return nil }); err != nil {
		t.Fatal(err)
	}
	q := load(t, repo, proj)
	if a, ok := q.Valid(4); !ok || a.Text != "And than the end" {
		t.Errorf("after saving, the moved decision is lost: %+v", q.Applied)
	}
	if len(q.Applied) != 1 {
		t.Errorf("after saving, %d decisions, want the moved one: %+v", len(q.Applied), q.Applied)
	}
	// Without the collision, a stale decision stays where it was.
	repo, proj = setup(t, readings)
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		_, err := p.Decide(proj, 4, Choice{How: decision.Consensus}, "rev", "", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	write(t, repo, layout.ReadingPath("doc", "001", "bob"), strings.Replace(readings["bob"], "blew", "blu", 1))
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if st := load(t, repo, proj).staleDecisions(); len(st) != 1 || st[0].Row != 4 || st[0].Text != "red green blue" {
		t.Errorf("the stale decision was not kept: %+v", st)
	}
}

func TestAccept(t *testing.T) {
	tests := []struct {
		name               string
		rule               AcceptRule
		by                 string
		accepted, fourEyes int
		rows               []int
	}{
		// Row 1 is unanimous: the build settles it, and accept leaves it.
		{"unanimous", AcceptRule{Unanimous: true}, "rev", 0, 0, nil},
		// Row 5, which bob lacks, is agreed by the readings that have it:
		// a reading that lacks a row does not vote against it.
		{"min agreement 0.9", AcceptRule{MinAgreement: 0.9}, "rev", 2, 0, []int{2, 5}},
		{"min agreement 0.75", AcceptRule{MinAgreement: 0.75}, "rev", 3, 0, []int{2, 4, 5}},
		{"min agreement 0.6", AcceptRule{MinAgreement: 0.6}, "rev", 3, 0, []int{2, 4, 5}},
		{"both", AcceptRule{Unanimous: true, MinAgreement: 0.9}, "rev", 2, 0, []int{2, 5}},
		{"four eyes", AcceptRule{MinAgreement: 0.75}, "alice", 2, 1, []int{2, 5}},
		{"nothing", AcceptRule{}, "rev", 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			repo, proj := setup(t, readings)
			p := load(t, repo, proj)
			n, k, err := p.Accept(proj, tc.rule, tc.by, now)
			if err != nil || n != tc.accepted || k != tc.fourEyes {
				t.Fatalf("Accept = %d, %d, %v; want %d, %d", n, k, err, tc.accepted, tc.fourEyes)
			}
			var rows []int
			for _, d := range p.Decisions() {
				if d.How != decision.Consensus || d.By != tc.by {
					t.Errorf("accepted %+v", d)
				}
				rows = append(rows, d.Row)
			}
			if !reflect.DeepEqual(rows, tc.rows) {
				t.Errorf("decided rows %v, want %v", rows, tc.rows)
			}
			// Again: nothing left to accept.
			if n, k, err := p.Accept(proj, tc.rule, tc.by, now); n != 0 || k != tc.fourEyes || err != nil {
				t.Errorf("second Accept = %d, %d, %v", n, k, err)
			}
		})
	}
	// Rows already decided are left alone; a contributor may not accept.
	repo, proj := setup(t, readings)
	p := load(t, repo, proj)
	if _, err := p.Decide(proj, 2, Choice{How: decision.Pick, Pick: "ocr"}, "rev", "", now); err != nil {
		t.Fatal(err)
	}
	if n, _, err := p.Accept(proj, AcceptRule{MinAgreement: 0.6}, "alice", now); n != 1 || err != nil {
		t.Errorf("Accept over a decided row = %d, %v", n, err)
	}
	if a, _ := p.Valid(2); a.By != "rev" || a.Text != "jumps ovcr the lazy dog." {
		t.Errorf("accept replaced a decision: %+v", a)
	}
	if _, _, err := p.Accept(proj, AcceptRule{Unanimous: true}, "bob", now); err == nil || !strings.Contains(err.Error(), "not a reviewer") {
		t.Errorf("a contributor accepted: %v", err)
	}
	// One reading only: its rows are single, and four eyes leaves them all
	// to another reviewer when that reading is the reviewer's.
	repo, proj = setup(t, map[string]string{"alice": readings["alice"]})
	p = load(t, repo, proj)
	if n, k, err := p.Accept(proj, AcceptRule{Unanimous: true}, "alice", now); n != 0 || k != 5 || err != nil {
		t.Errorf("alice accepting her single reading = %d, %d, %v", n, k, err)
	}
	if n, k, err := p.Accept(proj, AcceptRule{Unanimous: true}, "rev", now); n != 5 || k != 0 || err != nil {
		t.Errorf("rev accepting alice's single reading = %d, %d, %v", n, k, err)
	}
}

func TestLoadRefuses(t *testing.T) {
	repo, proj := setup(t, readings)
	p := load(t, repo, proj)
	d, err := p.Decide(proj, 3, Choice{How: decision.Pick, Pick: "bob"}, "rev", "", now)
	if err != nil {
		t.Fatal(err)
	}
	rel := layout.DecisionsPath("doc", "001")
	tests := []struct {
		name    string
		edit    func(d decision.Decision) decision.Decision
		message string
	}{
		{"unknown reviewer", func(d decision.Decision) decision.Decision { d.By = "mallory"; return d },
			`transcriptions/doc/001/decisions.txt:9: row 3 was decided by "mallory", who is not in transcriptions/project.toml`},
		{"a pick of a reading the page lacks", func(d decision.Decision) decision.Decision { d.Readings = []string{"carol"}; return d },
			`transcriptions/doc/001/decisions.txt:9: row 3 names the reading of "carol", who is not in transcriptions/project.toml`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			write(t, repo, rel, string(decision.Encode(5, []decision.Decision{tc.edit(d)})))
			_, err := Open(repo, proj, "doc", "001")
			if err == nil || !strings.Contains(err.Error(), tc.message) {
				t.Errorf("Load: %v\nwant %q", err, tc.message)
			}
		})
	}
	// A syntax error names the file and line.
	write(t, repo, rel, decision.Header+"\n1\n\n2\t{oops\n")
	_, err = Open(repo, proj, "doc", "001")
	var pr *problem.Problem
	if !errors.As(err, &pr) || pr.File != rel || pr.Line != 7 {
		t.Errorf("Load of a broken file: %v", err)
	}
	// The reading of a pick removed since: the decision still holds while
	// its row shows only texts it saw.
	write(t, repo, rel, string(decision.Encode(5, []decision.Decision{d})))
	if err := os.Remove(repo.Abs(layout.ReadingPath("doc", "001", "bob"))); err != nil {
		t.Fatal(err)
	}
	if p, err := Open(repo, proj, "doc", "001"); err != nil || len(p.staleDecisions()) != 0 {
		t.Errorf("Load after bob's reading was removed: %v", err)
	}
}

// TestDecideSpan settles a printed line that the OCR scattered a word a
// line: the first row takes the whole line, the others are omitted.
func TestDecideSpan(t *testing.T) {
	repo, proj := setup(t, map[string]string{
		"ocr":   "Such are\nour\nduties,\nthey said.\n",
		"bob":   "Such are\nour\nduties,\nthey said.\n",
		"alice": "Such are our duties,\nthey said.\n",
	})
	p := load(t, repo, proj)
	if len(p.Alignment.Rows) != 4 {
		t.Fatalf("%d rows, want the OCR's and bob's 4", len(p.Alignment.Rows))
	}
	d, err := p.DecideSpan(proj, 1, 3, Choice{How: decision.Typed, Text: "Such are our duties,"}, "rev", "joined", now)
	if err != nil {
		t.Fatal(err)
	}
	if d.Row != 1 || d.Text != "Such are our duties," {
		t.Errorf("first row: %+v", d)
	}
	for row := 2; row <= 3; row++ {
		a, ok := p.Valid(row)
		if !ok || a.How != decision.Omit || a.Note != "joined into row 1" {
			t.Errorf("row %d: %+v, %v", row, a, ok)
		}
	}
	// A span that cannot be decided whole records nothing.
	before := len(p.Applied)
	if _, err := p.DecideSpan(proj, 3, 9, Choice{How: decision.Omit}, "rev", "", now); err == nil {
		t.Fatal("a span past the last row was accepted")
	}
	if len(p.Applied) != before {
		t.Errorf("a failed span left %d decisions, want %d", len(p.Applied), before)
	}
	if _, err := p.DecideSpan(proj, 3, 2, Choice{How: decision.Omit}, "rev", "", now); err == nil {
		t.Error("an empty span was accepted")
	}
}
