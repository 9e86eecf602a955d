package check

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

// otherText is of another book: more than forty words, next to nothing
// in common with page 001's readings.
const otherText = "Call me Ishmael. Some years ago, never mind how long precisely,\nhaving little or no money in my purse, and nothing particular\n" +
	"to interest me on shore, I thought I would sail about a little\nand see the watery part of the world.\n"

// TestTreeOutlier: a third reading of another text is an outlier; check
// warns of it at its file, and says what to do. The readings that agree
// are not reported.
func TestTreeOutlier(t *testing.T) {
	dir, repo := newProject(t, fixtureOpts{})
	writeRel(t, dir, page1+"/readings/ben.txt", otherText)
	problems, _, err := Tree(context.Background(), repo, Scope{})
	if err != nil {
		t.Fatal(err)
	}
	var got problem.List
	for _, p := range problems {
		if p.Rule == RuleOutlier {
			got = append(got, p)
		}
	}
	if want := []string{page1 + "/readings/ben.txt:0 outlier warning"}; !reflect.DeepEqual(found(got), want) {
		t.Fatalf("outlier problems %v, want %v%s", found(got), want, dump(problems))
	}
	p := got[0]
	if !strings.Contains(p.Message, "ben's reading shares ") || !strings.Contains(p.Message, "of its text with the page's other readings, too little to vote") {
		t.Errorf("message %q", p.Message)
	}
	if !strings.Contains(p.Hint, "compare the reading with the scan of page 001") || !strings.Contains(p.Hint, "scribe diff doc/001") ||
		!strings.Contains(p.Hint, "move it to that page's readings folder") {
		t.Errorf("hint %q", p.Hint)
	}
	// Without the stranger, nothing of the kind.
	removeRel(t, dir, page1+"/readings/ben.txt")
	problems, _, err = Tree(context.Background(), repo, Scope{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if p.Rule == RuleOutlier {
			t.Errorf("unexpected %v", p)
		}
	}
}
