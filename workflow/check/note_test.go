package check

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/decision"
)

// TestTreeNoteInCanonicalText: a decision that carries a reviewer's note
// (made by an older scribe, or edited by hand) puts it into a canonical
// text that scribe build wrote; check reports it at the line.
func TestTreeNoteInCanonicalText(t *testing.T) {
	dir, repo := newProject(t, fixtureOpts{})
	rewriteDecisions(t, dir, "002", 2, func(ds []decision.Decision) []decision.Decision {
		for i := range ds {
			if ds[i].Row == 2 {
				ds[i].How, ds[i].Readings = decision.Typed, nil
				ds[i].Text = "with its own words [**printed so]"
			}
		}
		return ds
	})
	rebuild(t, repo)
	problems, _, err := Tree(context.Background(), repo, Scope{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{page2 + "/canonical.txt:2 note error"}
	if got := found(problems); !reflect.DeepEqual(got, want) {
		t.Fatalf("problems %v, want %v%s", got, want, dump(problems))
	}
	p := problems[0]
	if !strings.Contains(p.Message, `row 2 carries a reviewer's note, "[**printed so]"`) ||
		!strings.Contains(p.Hint, "scribe decide doc/002 --row 2 --text") {
		t.Errorf("problem %q, hint %q", p.Message, p.Hint)
	}
}
