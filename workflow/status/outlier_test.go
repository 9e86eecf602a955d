package status

import (
	"context"
	"reflect"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/internal/fixture"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Two readings of one text, and bob's of another of more than forty
// words: bob's is an outlier.
const (
	pageText = "It was the best of times, it was the worst of times,\nit was the age of wisdom, it was the age of foolishness,\n" +
		"it was the epoch of belief, it was the epoch of incredulity,\nit was the season of Light, it was the season of Darkness.\n"
	otherText = "Call me Ishmael. Some years ago, never mind how long precisely,\nhaving little or no money in my purse, and nothing particular\n" +
		"to interest me on shore, I thought I would sail about a little\nand see the watery part of the world.\n"
)

// TestCollectOutliers: a page lists its outlier readings; a page without
// one lists none.
func TestCollectOutliers(t *testing.T) {
	doc := &project.Document{ID: "doc", Title: "D", Pages: []project.PageEntry{{ID: "001"}, {ID: "002"}}}
	repo, proj := fixture.New(t, fixture.ReviewerProject, fixture.Doc{Document: doc, Readings: map[string]map[string]string{
		"001": {"ocr": pageText, "alice": pageText, "bob": otherText},
		"002": {"ocr": pageText, "alice": pageText, "bob": pageText},
	}})
	rep, err := Collect(context.Background(), repo, proj, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	pages := rep.Documents[0].Pages
	if got := pages[0].Outliers; !reflect.DeepEqual(got, []string{"bob"}) {
		t.Errorf("page 001 outliers %v, want [bob]", got)
	}
	if got := pages[1].Outliers; got != nil {
		t.Errorf("page 002 outliers %v, want none", got)
	}
}
