package page

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/internal/fixture"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// settled settles p again under policy.
func settled(p *Page, policy project.Policy) *Page {
	p.policy = policy
	p.settle()
	return p
}

var settleNow = time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)

func settleWrite(t *testing.T, repo *layout.Repo, rel, content string) {
	fixture.Write(t, repo, rel, content)
}

func settleLoad(t *testing.T, repo *layout.Repo, proj *project.Project, pageID string) *Page {
	t.Helper()
	p, err := Open(repo, proj, "doc", pageID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func settleDecide(t *testing.T, rp *Page, proj *project.Project, row int, c Choice) {
	t.Helper()
	if _, err := rp.Decide(proj, row, c, "rev", "", settleNow); err != nil {
		t.Fatal(err)
	}
}

func TestSettleComplete(t *testing.T) {
	repo, proj := fixture.ThreePages(t)
	rp := settleLoad(t, repo, proj, "001")
	settleDecide(t, rp, proj, 2, Choice{How: decision.Pick, Pick: "alice"})
	settleDecide(t, rp, proj, 4, Choice{How: decision.Omit})
	p := settled(rp, proj.Policy)
	if !p.Complete() {
		t.Fatalf("not complete: %+v", p)
	}
	if p.Doc != "doc" || p.ID != "001" || p.Printed != "7" || p.Rows != 4 || p.Decided != 2 ||
		!reflect.DeepEqual(p.Contributors(), []string{"alice", "ocr"}) || !reflect.DeepEqual(p.Omitted, []int{4}) ||
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
	if got := string(p.Text); got != want {
		t.Errorf("Text:\n%s\nwant\n%s", got, want)
	}
	if IsIncomplete(p.Text) {
		t.Error("a complete page is marked incomplete")
	}

	// A typed decision and a decision on an unanimous row take their text.
	settleDecide(t, rp, proj, 2, Choice{How: decision.Typed, Text: "jumps over the lazy dog!"})
	settleDecide(t, rp, proj, 3, Choice{How: decision.Typed, Text: "And then, the end."})
	p = settled(rp, proj.Policy)
	want = "The quick brown fox\njumps over the lazy dog!\nAnd then, the end.\n"
	if got := string(p.Text); got != want || p.Decided != 3 {
		t.Errorf("Text:\n%s\nwant\n%s", got, want)
	}
}

func TestSettlePolicy(t *testing.T) {
	repo, proj := fixture.ThreePages(t)
	rp := settleLoad(t, repo, proj, "001")
	settleDecide(t, rp, proj, 2, Choice{How: decision.Consensus})
	settleDecide(t, rp, proj, 4, Choice{How: decision.Omit})
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
			p := settled(rp, policy)
			if !reflect.DeepEqual(p.Unresolved, tc.unresolved) || p.Complete() != (tc.unresolved == nil) {
				t.Errorf("unresolved %v complete %v, want %v", p.Unresolved, p.Complete(), tc.unresolved)
			}
		})
	}
	// A single reading: its rows are accepted only when one reading is enough.
	single := settleLoad(t, repo, proj, "002")
	if p := settled(single, proj.Policy); p.Complete() || !reflect.DeepEqual(p.Unresolved, []int{1, 2}) {
		t.Errorf("one reading of two required: %+v", p)
	}
	policy := proj.Policy
	policy.ReadingsRequired = 1
	if p := settled(single, policy); !p.Complete() || string(p.Text) != "A second page\nof one reading.\n" {
		t.Errorf("one reading of one required: %+v", p)
	}
}

func TestTextIncomplete(t *testing.T) {
	repo, proj := fixture.ThreePages(t)
	rp := settleLoad(t, repo, proj, "001")
	settleDecide(t, rp, proj, 4, Choice{How: decision.Omit})
	p := settled(rp, proj.Policy)
	if p.Complete() || !reflect.DeepEqual(p.Unresolved, []int{2}) {
		t.Fatalf("page %+v", p)
	}
	got := p.Text
	want := "%% INCOMPLETE: doc/001 is not finished text; 1 of 4 rows unsettled (row 2)\n" +
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
	p = settled(settleLoad(t, repo, proj, "001"), policy)
	want = "%% INCOMPLETE: doc/001 is not finished text; 4 of 4 rows unsettled (rows 1, 2, 3, 4)\n" +
		"%% row 1 unsettled: The quick brown fox\n" +
		"%% row 2 unsettled: jumps over the lazy dog.\n" +
		"%% row 3 unsettled: And then the end\n" +
		"%% row 4 unsettled: - 7 -\n"
	if got := string(p.Text); got != want {
		t.Errorf("Text:\n%s\nwant\n%s", got, want)
	}

	// No readings.
	empty := settleLoad(t, repo, proj, "003")
	p = settled(empty, proj.Policy)
	if p.Complete() || p.Rows != 0 {
		t.Errorf("a page without readings: %+v", p)
	}
	if got, want := string(p.Text), "%% INCOMPLETE: doc/003 is not finished text; it has no readings yet\n"; got != want {
		t.Errorf("Text of an empty page: %q, want %q", got, want)
	}
}

func TestStaleDecisionNotApplied(t *testing.T) {
	repo, proj := fixture.ThreePages(t)
	ctx := context.Background()
	if _, err := Update(ctx, repo, proj, "doc", "001", func(p *Page) error {
		if _, err := p.Decide(proj, 2, Choice{How: decision.Typed, Text: "jumps over the lazy dog!"}, "rev", "", settleNow); err != nil {
			return err
		}
		_, err := p.Decide(proj, 4, Choice{How: decision.Omit}, "rev", "", settleNow)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// A third reading disagrees on row 2: its decision no longer holds.
	settleWrite(t, repo, layout.ReadingPath("doc", "001", "bob"), "The quick brown fox\njumps over the lazy hog.\nAnd then the end\n")
	rp := settleLoad(t, repo, proj, "001")
	p := settled(rp, proj.Policy)
	if !reflect.DeepEqual(p.Stale, []int{2}) || !reflect.DeepEqual(p.Unresolved, []int{2}) || p.Decided != 1 || p.Complete() {
		t.Errorf("page %+v", p)
	}
	text := string(p.Text)
	if strings.Contains(text, "lazy dog!") || !strings.Contains(text, "%% row 2 unsettled: ") {
		t.Errorf("a stale decision was applied:\n%s", text)
	}
}
