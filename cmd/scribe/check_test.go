package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunCheckGitHub: --format github writes annotations to stdout and the
// Markdown summary to the file the options name, and fails on errors.
func TestRunCheckGitHub(t *testing.T) {
	dir := reviewProject(t)
	// A hand edit of a canonical text is an error.
	canonical := filepath.Join(dir, "transcriptions", "bk", "001", "canonical.txt")
	if err := os.WriteFile(canonical, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	a, out, _ := testApp(dir, "")
	err := runCheck(context.Background(), &checkOptions{app: a, format: "github", summary: summary})
	var silent silentError
	if !errors.As(err, &silent) || silent.code != exitProblems {
		t.Fatalf("err = %v, want exit status 1", err)
	}
	if !strings.Contains(out.String(), "::error file=transcriptions/bk/001/canonical.txt") {
		t.Errorf("stdout lacks the annotation:\n%s", out)
	}
	md, err := os.ReadFile(summary)
	if err != nil || !strings.HasPrefix(string(md), "## ❌ scribe check failed") {
		t.Errorf("summary %q, %v", md, err)
	}
}

// TestRunCheckUsage: the mode and format are checked before anything is
// read.
func TestRunCheckUsage(t *testing.T) {
	a, out, _ := testApp(t.TempDir(), "")
	for _, o := range []*checkOptions{
		{app: a, format: "xml"},
		{app: a, format: "text", base: "main"},
		{app: a, format: "text", author: "ann"},
		{app: a, format: "text", base: "main", author: "ann", targets: []string{"bk/001"}},
	} {
		if err := runCheck(context.Background(), o); !errors.As(err, new(usageError)) {
			t.Errorf("%+v: %T %v, want a usage error", o, err, err)
		}
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q", out)
	}
}
