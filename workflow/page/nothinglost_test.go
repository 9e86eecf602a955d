package page

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/internal/fixture"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// A line the OCR and bob scattered over rows 1-3, as alice typed it
// whole. (Rows are cut where a strict majority of the readings break.)
var scattered = map[string]string{
	"ocr":   "Such are\nour\nduties,\nthey said.\n",
	"bob":   "Such are\nour\nduties,\nthey said.\n",
	"alice": "Such are our duties,\nthey said.\n",
}

// TestDecideSpanPickTakesTheWholeLine: picking a reading over a span takes
// its text in every row of the span, not its text in the first row only.
func TestDecideSpanPickTakesTheWholeLine(t *testing.T) {
	for _, tc := range []struct {
		name     string
		choice   Choice
		readings []string
	}{
		{"pick alice", Choice{How: decision.Pick, Pick: "alice"}, []string{"alice", "bob", "ocr"}},
		{"pick the ocr", Choice{How: decision.Pick, Pick: "ocr"}, []string{"alice", "bob", "ocr"}},
		{"consensus", Choice{How: decision.Consensus}, []string{"alice", "bob", "ocr"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo, proj := setup(t, scattered)
			p := load(t, repo, proj)
			d, err := p.DecideSpan(proj, 1, 3, tc.choice, "rev", "", now)
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != "Such are our duties," || !reflect.DeepEqual(d.Readings, tc.readings) {
				t.Errorf("the span's decision: %q of %v", d.Text, d.Readings)
			}
			if got, want := string(p.Text), "Such are our duties,\nthey said.\n"; got != want {
				t.Errorf("canonical text %q, want %q", got, want)
			}
			// The decision is a valid one: it parses back and holds.
			p2, err := Assemble(proj, "doc", "001", "7", p.Readings, p.Encode())
			if err != nil {
				t.Fatal(err)
			}
			if string(p2.Text) != string(p.Text) {
				t.Errorf("reloaded text %q", p2.Text)
			}
			// What the pick names is what the readings say across the span.
			if got := p2.Support(1, d.Text); !reflect.DeepEqual(got, tc.readings) {
				t.Errorf("Support(1) = %v, want %v", got, tc.readings)
			}
		})
	}
}

// TestDecideSpanRefusesAGap: a pick over a span where the reading has no
// text in a row that another reading has text in would drop that text.
func TestDecideSpanRefusesAGap(t *testing.T) {
	repo, proj := setup(t, map[string]string{
		"alice": "one two\nfive six\n",
		"bob":   "one two\nthree four\nfive six\n",
	})
	p := load(t, repo, proj)
	if len(p.Alignment.Rows) != 3 {
		t.Fatalf("%d rows", len(p.Alignment.Rows))
	}
	_, err := p.DecideSpan(proj, 1, 2, Choice{How: decision.Pick, Pick: "alice"}, "rev", "", now)
	if err == nil || !strings.Contains(err.Error(), "alice has no text in row 2") {
		t.Fatalf("DecideSpan = %v", err)
	}
	if len(p.Applied) != 0 {
		t.Errorf("a refused span recorded %d decisions", len(p.Applied))
	}
	// bob's text runs over both rows.
	d, err := p.DecideSpan(proj, 1, 2, Choice{How: decision.Pick, Pick: "bob"}, "rev", "", now)
	if err != nil || d.Text != "one two three four" {
		t.Errorf("bob's span: %q, %v", d.Text, err)
	}
}

// A row whose consensus carries alice's note: the tie keeps her tokens.
var noted = map[string]string{
	"alice": "The line [**printed so]\nthe end\n",
	"bob":   "The line\nthe end\n",
}

// TestDecideRefusesANote: a reviewer's note never enters the canonical
// text, whether picked, taken with the consensus or typed.
func TestDecideRefusesANote(t *testing.T) {
	repo, proj := setup(t, noted)
	p := load(t, repo, proj)
	if c := p.Alignment.Rows[0].Consensus; !strings.Contains(c, "[**") {
		t.Fatalf("the consensus %q has no note", c)
	}
	for _, tc := range []struct {
		name    string
		choice  Choice
		through int
		message string
	}{
		{"consensus", Choice{How: decision.Consensus}, 0, "the consensus of row 1 carries a reviewer's note from alice's reading"},
		{"consensus over a span", Choice{How: decision.Consensus}, 2, "the consensus of rows 1-2 carries a reviewer's note from alice's reading"},
		{"pick", Choice{How: decision.Pick, Pick: "alice"}, 0, "alice's reading of row 1 carries a reviewer's note"},
		{"typed", Choice{How: decision.Typed, Text: "The line [**printed so]"}, 0, "the typed text carries a reviewer's note"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.through > 0 {
				_, err = p.DecideSpan(proj, 1, tc.through, tc.choice, "rev", "", now)
			} else {
				_, err = p.Decide(proj, 1, tc.choice, "rev", "", now)
			}
			if !errors.Is(err, ErrNote) || !strings.Contains(err.Error(), tc.message) || !strings.Contains(err.Error(), "--note") {
				t.Errorf("Decide = %v\nwant %q", err, tc.message)
			}
			if len(p.Applied) != 0 || strings.Contains(string(p.Text), "[**printed") && !strings.Contains(string(p.Text), "unsettled") {
				t.Errorf("a refused decision was recorded: %q", p.Text)
			}
		})
	}
	// bob's reading has no note; a typed text without one is taken.
	if _, err := p.Decide(proj, 1, Choice{How: decision.Pick, Pick: "bob"}, "rev", "printed so", now); err != nil {
		t.Fatal(err)
	}
	if got := string(p.Text); got != "The line\nthe end\n" {
		t.Errorf("text %q", got)
	}
}

// TestUnanimousNoteIsNotSettled: a note every reading carries is not
// settled by unanimity; the row waits for a reviewer, and review walks it.
func TestUnanimousNoteIsNotSettled(t *testing.T) {
	repo, proj := setup(t, map[string]string{
		"alice": "The line [**printed so]\nthe end\n",
		"bob":   "The line [**printed so]\nthe end\n",
	})
	p := load(t, repo, proj)
	if !reflect.DeepEqual(p.Unresolved, []int{1}) || !IsIncomplete(p.Text) || strings.Contains(string(p.Text), "\nThe line [**printed so]\n") {
		t.Errorf("unresolved %v, text %q", p.Unresolved, p.Text)
	}
	if q := p.Queue(false); !reflect.DeepEqual(q, []int{1}) {
		t.Errorf("Queue = %v, want [1]", q)
	}
	// accept cannot settle it either.
	if n, _, err := p.Accept(proj, AcceptRule{Unanimous: true, MinAgreement: 0.5}, "rev", now); n != 0 || err != nil {
		t.Errorf("Accept = %d, %v", n, err)
	}
}

// TestAcceptOnlyRowsThatNeedIt: under a policy that settles unanimous
// rows, accept leaves them to the build: blame says "unanimous" there.
func TestAcceptOnlyRowsThatNeedIt(t *testing.T) {
	repo, proj := setup(t, readings)
	p := load(t, repo, proj)
	n, _, err := p.Accept(proj, AcceptRule{MinAgreement: 0.9}, "rev", now)
	if err != nil || n != 2 {
		t.Fatalf("Accept = %d, %v; want 2 (rows 2 and 5)", n, err)
	}
	if _, ok := p.Valid(1); ok {
		t.Error("accept recorded a decision on the unanimous row 1")
	}
	if l := p.Lines[0]; l.Row != 1 || l.How != ByUnanimity {
		t.Errorf("row 1 settled %+v", l)
	}
	// Under a policy that does not settle unanimous rows, they need a
	// decision, and accept records one.
	repo, proj = setupPolicy(t, strings.Replace(projectTOML, "accept_unanimous = true", "accept_unanimous = false", 1), readings)
	p = load(t, repo, proj)
	if n, _, err := p.Accept(proj, AcceptRule{Unanimous: true}, "rev", now); err != nil || n != 1 {
		t.Fatalf("Accept without accept_unanimous = %d, %v", n, err)
	}
	if a, ok := p.Valid(1); !ok || a.How != decision.Consensus {
		t.Errorf("row 1: %+v, %v", a, ok)
	}
}

// setupPolicy is setup under another project.toml.
func setupPolicy(t *testing.T, toml string, pageReadings map[string]string) (*layout.Repo, *project.Project) {
	t.Helper()
	doc := &project.Document{ID: "doc", Title: "Doc", Pages: []project.PageEntry{{ID: "001", Printed: "7"}}}
	return fixture.New(t, toml, fixture.Doc{Document: doc, Readings: map[string]map[string]string{"001": pageReadings}})
}
