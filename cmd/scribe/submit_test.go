package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunSubmit submits a reading from standard input, in git's user's name.
func TestRunSubmit(t *testing.T) {
	dir := reviewProject(t)
	a, out, errOut := testApp(dir, "The quick brown fox\njumps over the lazy dog.\n")
	if err := runSubmit(context.Background(), &submitOptions{app: a, target: "bk/001", source: "-"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "added transcriptions/bk/001/readings/rev.txt\ncommitted ") || errOut.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
	got, err := os.ReadFile(filepath.Join(dir, "transcriptions", "bk", "001", "readings", "rev.txt"))
	if err != nil || string(got) != "The quick brown fox\njumps over the lazy dog.\n" {
		t.Errorf("reading = %q, %v", got, err)
	}
}

// TestRunSubmitActingFor: a maintainer submitting for someone is told so,
// and only when something was submitted.
func TestRunSubmitActingFor(t *testing.T) {
	dir := reviewProject(t)
	setGitUser(t, "Max", "max@example.org")

	a, out, errOut := testApp(dir, "bad\x00text\n")
	if err := runSubmit(context.Background(), &submitOptions{app: a, target: "bk/001", source: "-", as: "ann"}); err == nil || !strings.Contains(err.Error(), "control character") {
		t.Fatalf("invalid text: %v", err)
	}
	if out.Len() != 0 || errOut.Len() != 0 {
		t.Errorf("a refused submission: stdout %q, stderr %q", out, errOut)
	}

	a, out, errOut = testApp(dir, "The quick brown fox\njumps over the lazy dog.\n")
	o := &submitOptions{app: a, target: "bk/001", source: "-", as: "ann", branch: branchDefault}
	if err := runSubmit(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if errOut.String() != "maintainer max acting for ann\n" || !strings.Contains(out.String(), "on reading/ann/bk-001 as ann") {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
}
