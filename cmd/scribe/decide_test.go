package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/decision"
)

var testTime = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// TestRunDecide calls the decide action without cobra: it records the
// decision in the git user's name, reports it, and undoes it.
func TestRunDecide(t *testing.T) {
	dir := reviewProject(t)
	a, out, errOut := testApp(dir, "")
	o := &decideOptions{app: a, target: "bk/001", row: 1, pick: "ann", note: "scan", now: func() time.Time { return testTime }}
	if err := runDecide(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if want := "row 1 of bk/001 decided by rev: \"The quick brown fox\" (pick of ann)\n"; out.String() != want || errOut.Len() != 0 {
		t.Errorf("stdout %q, stderr %q; want %q", out, errOut, want)
	}
	d := decisionsOf(t, dir)[1]
	if d.How != decision.Pick || d.By != "rev" || d.Note != "scan" || !d.At.Equal(testTime) {
		t.Errorf("decision = %+v", d)
	}

	out.Reset()
	o = &decideOptions{app: a, target: "bk/001", row: 1, undo: true, now: time.Now}
	if err := runDecide(context.Background(), o); err != nil || out.String() != "row 1 of bk/001: decision removed\n" {
		t.Errorf("undo: %q, %v", out, err)
	}
	if err := runDecide(context.Background(), o); err == nil || !strings.Contains(err.Error(), "row 1 of bk/001 has no decision to undo") {
		t.Errorf("undo again: %v", err)
	}
}

// TestRunDecideActingFor: a maintainer deciding for a reviewer is told so
// on standard error; the decision is the reviewer's.
func TestRunDecideActingFor(t *testing.T) {
	dir := reviewProject(t)
	setGitUser(t, "Max", "max@example.org")
	a, out, errOut := testApp(dir, "")
	o := &decideOptions{app: a, target: "bk/001", row: 3, consensus: true, as: "rita", now: time.Now}
	if err := runDecide(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if errOut.String() != "maintainer max acting for rita\n" || !strings.Contains(out.String(), "decided by rita") {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
	if d := decisionsOf(t, dir)[3]; d.By != "rita" {
		t.Errorf("decision = %+v", d)
	}
}

// TestRunDecideUsage: what is wrong with the call is a usage error, found
// before the repository is read.
func TestRunDecideUsage(t *testing.T) {
	a, out, _ := testApp(t.TempDir(), "") // not a project: reading it would fail otherwise
	for _, o := range []*decideOptions{
		{app: a, target: "bk/001", row: 1},
		{app: a, target: "bk/001", row: 1, through: 3, undo: true},
	} {
		if err := runDecide(context.Background(), o); !errors.As(err, new(usageError)) {
			t.Errorf("%+v: %T %v, want a usage error", o, err, err)
		}
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q", out)
	}
}

// TestParseRows: a --rows list is rows and spans, sorted, each row once.
func TestParseRows(t *testing.T) {
	for _, tt := range []struct {
		list string
		want []int
		err  string
	}{
		{"3-9,12", []int{3, 4, 5, 6, 7, 8, 9, 12}, ""},
		{"12, 3-4,4", []int{3, 4, 12}, ""},
		{"7-7", []int{7}, ""},
		{"7-", nil, "not a row number"},
		{"x", nil, "not a row number"},
		{"5-3", nil, "ends before it starts"},
		{"0", nil, "starts before row 1"},
		{"-3", nil, "not a row number"},
		{"", nil, "is empty"},
	} {
		got, err := parseRows(tt.list)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseRows(%q) = %v, %v; want an error containing %q", tt.list, got, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("parseRows(%q) = %v, %v; want %v", tt.list, got, err, tt.want)
		}
	}
}
