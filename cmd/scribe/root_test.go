package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// testApp is an app on in-memory streams, in the project at dir, as a
// verb's options hold it once the global flags are parsed.
func testApp(dir, stdin string) (*app, *bytes.Buffer, *bytes.Buffer) {
	streams, out, errOut := TestIO(stdin)
	return &app{io: streams, repoDir: dir, color: "never"}, out, errOut
}

// TestExitCode: one place maps errors to exit statuses, and only usage
// errors point to --help.
func TestExitCode(t *testing.T) {
	for _, tt := range []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"success", nil, exitOK, ""},
		{"a failure", errors.New("no such page"), exitProblems, "scribe: no such page\n"},
		{"a usage error", usagef("--row %d is out of range", 9), exitUsage, "scribe: --row 9 is out of range\nRun 'scribe --help' for usage.\n"},
		{"a wrapped usage error", errWrap{usageError{errors.New("bad")}}, exitUsage, "scribe: wrapped: bad\nRun 'scribe --help' for usage.\n"},
		{"already reported", silentError{exitProblems}, exitProblems, ""},
		{"a verb's usage error", verbUsage{usagef("say which row: --row N"), "scribe decide"}, exitUsage, "scribe: say which row: --row N\nRun 'scribe decide --help' for usage.\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			streams, _, errOut := TestIO("")
			if code := exitCode(tt.err, streams); code != tt.code || errOut.String() != tt.stderr {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
}

type errWrap struct{ err error }

func (e errWrap) Error() string { return "wrapped: " + e.err.Error() }
func (e errWrap) Unwrap() error { return e.err }

// TestCobraErrorsAreUsageErrors: what cobra rejects before a verb runs
// reaches exitCode as a usageError, by type rather than by its wording.
func TestCobraErrorsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},               // no such verb
		{"status", "--frob"},         // no such flag
		{"log", "x", "--limit", "n"}, // a flag's value
		{"status", "a", "b"},         // arguments
		{"import", "doc", "file"},    // a required flag
		{"decide", "x", "--row", "1", "--pick", "a", "--omit"}, // a flag group
		{"completion", "bash", "extra"},                        // cobra's own verb
	} {
		a, _, _ := testApp("", "")
		err := execute(newRootCmd(a), append([]string{"-C", t.TempDir()}, args...))
		if !errors.As(err, new(usageError)) {
			t.Errorf("scribe %s: %T %v, want a usageError", strings.Join(args, " "), err, err)
		}
	}
	// An error of the verb itself is not.
	a, _, _ := testApp("", "")
	if err := execute(newRootCmd(a), []string{"-C", t.TempDir(), "status"}); err == nil || errors.As(err, new(usageError)) {
		t.Errorf("status outside a project: %v", err)
	}
}

// TestFlagsFillOptions checks flag parsing alone: the command fills the
// options and hands them to the action it was given.
func TestFlagsFillOptions(t *testing.T) {
	a, _, _ := testApp("", "")
	run := func(cmd *cobra.Command, args ...string) {
		t.Helper()
		cmd.SetArgs(args)
		cmd.SetOut(a.io.Out)
		cmd.SetErr(a.io.ErrOut)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%s %v: %v", cmd.Name(), args, err)
		}
	}

	var sub *submitOptions
	capture := func(_ context.Context, o *submitOptions) error { sub = o; return nil }
	run(newSubmitCmd(a, capture), "bk/001", "-", "--branch", "--as", "jane")
	if sub.target != "bk/001" || sub.source != "-" || sub.branch != branchDefault || sub.as != "jane" || sub.app != a {
		t.Errorf("submit --branch: %+v", sub)
	}
	run(newSubmitCmd(a, capture), "bk/001", "page.txt", "--branch=mine", "--push", "origin", "--force")
	if sub.branch != "mine" || sub.push != "origin" || !sub.force {
		t.Errorf("submit --branch=mine: %+v", sub)
	}

	var dec *decideOptions
	run(newDecideCmd(a, func(_ context.Context, o *decideOptions) error { dec = o; return nil }),
		"002", "--row", "3", "--through", "5", "--text", "a line", "--note", "scan")
	if dec.target != "002" || dec.row != 3 || dec.through != 5 || dec.text != "a line" || dec.note != "scan" || dec.now == nil {
		t.Errorf("decide: %+v", dec)
	}

	var diff *diffOptions
	run(newDiffCmd(a, func(_ context.Context, o *diffOptions) error { diff = o; return nil }), "002", "ocr", "jane", "--readings", "a,b")
	if diff.target != "002" || strings.Join(diff.pair, " ") != "ocr jane" || strings.Join(diff.readings, " ") != "a b" {
		t.Errorf("diff: %+v", diff)
	}

	t.Setenv("GITHUB_STEP_SUMMARY", "/summary.md")
	var chk *checkOptions
	run(newCheckCmd(a, func(_ context.Context, o *checkOptions) error { chk = o; return nil }), "--base", "main", "--author", "ann", "--format", "github")
	if chk.base != "main" || chk.author != "ann" || chk.format != "github" || len(chk.targets) != 0 || chk.summary != "/summary.md" {
		t.Errorf("check: %+v", chk)
	}

	t.Setenv("EDITOR", "ed")
	var rev *reviewOptions
	run(newReviewCmd(a, func(_ context.Context, o *reviewOptions) error { rev = o; return nil }), "002", "--stale")
	if rev.target != "002" || !rev.stale || rev.editor != "ed" {
		t.Errorf("review: %+v", rev)
	}
}

// TestEveryCommandHasHelp: every command, cobra's help and completion
// included, has examples and the EXIT STATUS section in its --help.
func TestEveryCommandHasHelp(t *testing.T) {
	a, _, _ := testApp("", "")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		if c.HasParent() && c.Example == "" {
			t.Errorf("%s has no examples", c.CommandPath())
		}
		if !strings.Contains(c.Long, exitStatusHelp) {
			t.Errorf("%s has no EXIT STATUS in its help", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(a))
}

// TestPointToHelp: a verb's usage error points to its own --help, cobra's
// hidden completion request and the root to scribe's.
func TestPointToHelp(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"decide", "x", "--row", "1"}, "Run 'scribe decide --help' for usage.\n"},
		{[]string{"people", "add", "x"}, "Run 'scribe people add --help' for usage.\n"},
		{[]string{"frobnicate"}, "Run 'scribe --help' for usage.\n"},
		{[]string{"__complete"}, "Run 'scribe --help' for usage.\n"},
	} {
		streams, _, errOut := TestIO("")
		args := tt.args
		if args[0] != "__complete" {
			args = append([]string{"-C", t.TempDir()}, args...)
		}
		code := Main(args, streams)
		if code != exitUsage || !strings.HasSuffix(errOut.String(), tt.want) {
			t.Errorf("scribe %s: exit %d, stderr %q; want %d, ending %q", strings.Join(tt.args, " "), code, errOut, exitUsage, tt.want)
		}
	}
}

// TestOrderHint: two arguments that name one page, in two words or the
// wrong way round, are told the one argument to write.
func TestOrderHint(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"blame", "book", "003"}, "scribe blame takes the page as one argument, DOCUMENT/PAGE: scribe blame book/003"},
		{[]string{"log", "003", "book"}, "scribe log takes the page as one argument, the document first: scribe log book/003"},
		{[]string{"decide", "003", "5", "--pick", "ann"}, "scribe decide takes one page and the row as a flag: scribe decide 003 --row 5 …"},
		{[]string{"decide", "book/003", "5", "--omit"}, "scribe decide takes one page and the row as a flag: scribe decide book/003 --row 5 …"},
		{[]string{"status", "book", "3"}, "scribe status takes the page as one argument, DOCUMENT/PAGE: scribe status book/3"},
	} {
		a, _, _ := testApp("", "")
		err := execute(newRootCmd(a), append([]string{"-C", t.TempDir()}, tt.args...))
		if !errors.As(err, new(usageError)) || err.Error() != tt.want {
			t.Errorf("scribe %s: %v, want the usage error %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}
