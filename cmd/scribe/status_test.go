package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/status"
)

// TestRenderStatusOutliers: a page with outlier readings gets a note
// under the table, naming them and the diff to look at; the table keeps
// its columns.
func TestRenderStatusOutliers(t *testing.T) {
	rep := &status.Report{ReadingsRequired: 2, Documents: []status.Document{{
		ID: "bk", Title: "B",
		Pages: []status.PageState{
			{ID: "001", Readings: []string{"ann", "bob", "ocr"}, Canonical: status.CanonMissing, Outliers: []string{"bob"}},
			{ID: "002", Readings: []string{"ann", "ocr"}, Canonical: status.CanonMissing},
			{ID: "003", Readings: []string{"ann", "bob", "cat", "dan", "ocr"}, Canonical: status.CanonMissing, Outliers: []string{"bob", "cat"}},
		},
	}}}
	var out bytes.Buffer
	if err := renderStatus(&out, rep); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"\n  page 001: reading bob shares too little of its text with the others to vote:\n    compare it with the scan:\n    scribe diff bk/001\n",
		"\n  page 003: readings bob, cat share too little of their text with the others to\n    vote: compare them with the scan:\n    scribe diff bk/003\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "page 002:") {
		t.Errorf("a page without outliers has a note:\n%s", got)
	}
	for _, line := range strings.Split(got, "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("a line is wider than 80 columns: %q", line)
		}
	}
	header := strings.Split(got, "\n")[1]
	if strings.Contains(header, "outlier") {
		t.Errorf("the table has an outlier column: %q", header)
	}
}
