package main

import (
	"context"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/check"
)

// checkFormats are the values of check's --format.
var checkFormats = []string{"text", "github", "json"}

type checkOptions struct {
	*app
	targets            []string // the one DOCUMENT[/PAGE] given, or none for everything
	base, head, author string
	format             string
	strict             bool
	summary            string // the file of GITHUB_STEP_SUMMARY, "" without one
}

func newCheckCmd(a *app, runF func(context.Context, *checkOptions) error) *cobra.Command {
	if runF == nil {
		runF = runCheck
	}
	o := &checkOptions{app: a}
	cmd := &cobra.Command{
		Use:   "check [DOCUMENT[/PAGE]]",
		Short: "Check the repository's consistency, or a pull request's change",
		Long: `Check everything under transcriptions/ (or one document or page): every file
is where the layout says and well-formed (UTF-8, NFC, LF, no byte-order mark, no
control characters but tab, no conflict markers, valid ids, no links, names
that differ from their neighbours in more than case); project.toml and each
document.toml parse; every reading is in normal form and by a registered
contributor; every decision is well-formed, refers to a row and readings that
exist, is not stale, was made by a reviewer and keeps the four-eyes rule; every
canonical text is byte for byte what scribe build writes. Each problem names
its file and line, its rule, and what to do. Pages that still need readings
or have unsettled rows are warnings, which fail only with --strict.

--strict also checks the words of every page's canonical.txt against the
project's word lists (transcriptions/words/good.txt and bad.txt): a digit
inside a word, Latin mixed with Cyrillic or Greek letters, a typical OCR
confusion (tbe, rn for m, li for h, cl for d), a stray apostrophe, or a word
of the bad list is reported with its line, unless the good list allows it.

Pull-request mode (--base REV [--head REV] --author LOGIN): the rules come from
--base, the target branch's tip: its project.toml gives the author's role, the
policy and the documents. LOGIN is the pull request author's forge login,
matched against the login fields of project.toml only (never an id or email);
a login nobody registered is an unregistered contributor. The change judged is
the pull request's own (merge base to head), as it would land on the base tip;
a file both changed that does not merge line by line is an error. Each changed
path, exactly as the tree stores it, must be one the author may change: a
contributor only their own reading in a page folder document.toml lists;
decisions, canonical texts and document files need a reviewer; project.toml
and the tool (cmd/, workflow/, .github/, .ci/, go.mod) a maintainer; nothing
outside the layout, no links, gitlinks or executable files, no names that
cannot be checked out safely. Every decision the change adds or changes must be
recorded as the author's. Then the pages and documents the change touches are
checked in the landed tree; problems the base tip already has, on paths the
change does not touch, are reported apart and do not fail the check.

Both modes judge canonical texts alike: one not built yet, or put out of date by
new readings or decisions (its canonical.sum records the inputs it was built
from), is a warning, work for a reviewer; one that no build wrote (a hand edit)
is an error; in pull-request mode a canonical file the change writes must be
exactly what scribe build writes. A stale decision is a warning in both.

--format github writes ::error and ::warning annotations and, when
GITHUB_STEP_SUMMARY is set, appends a Markdown summary to it; --format json is
for tools.` + "\n" + exitStatusHelp,
		Example: `  scribe check
  scribe check tasks-of-the-working-class/003
  scribe check --base origin/main --head HEAD --author janedoe-gh --format github`,
		Args: args(oneTarget(cobra.MaximumNArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.targets = argv
			o.summary = os.Getenv("GITHUB_STEP_SUMMARY")
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.base, "base", "", "pull-request mode: the base `REV` (e.g. origin/main)")
	f.StringVar(&o.head, "head", "", "pull-request mode: the head `REV` (default HEAD)")
	f.StringVar(&o.author, "author", "", "pull-request mode: the pull request author's forge `LOGIN`")
	f.StringVar(&o.format, "format", "text", "output: "+orList(checkFormats))
	f.BoolVar(&o.strict, "strict", false, "fail on warnings too, and check the words of canonical texts")
	return cmd
}

// runCheck checks the tree, or a pull request's change with --base, and
// reports; problems that fail the check give exit status 1.
func runCheck(ctx context.Context, o *checkOptions) error {
	if !slices.Contains(checkFormats, o.format) {
		return usagef("--format is %s, not %q", orList(checkFormats), o.format)
	}
	if (o.base == "") != (o.author == "") {
		return usagef("pull-request mode needs both --base and --author")
	}
	if o.base != "" && len(o.targets) > 0 {
		return usagef("give either a document or page, or --base: pull-request mode checks what the change touches")
	}
	repo, err := o.repo()
	if err != nil {
		return err
	}
	tuneForWholeProject()
	var rep *check.Report
	if o.base != "" {
		res, err := check.CheckPullRequest(ctx, repo.Root, check.PullRequest{Base: o.base, Head: o.head, Login: o.author, Words: o.strict})
		if err != nil {
			return err
		}
		rep = check.NewReport("pull-request", res.Pages, res.New, res.Existing)
		rep.Author = o.author
		if res.Author.ID != "" {
			rep.Author = res.Author.ID + " (" + o.author + ")"
		}
	} else {
		scope := check.Scope{Words: o.strict}
		if len(o.targets) == 1 {
			addr, _, err := repo.Resolve(o.targets[0])
			if err != nil {
				return err
			}
			if addr.Page == "" {
				scope.Documents = []string{addr.Document}
			} else {
				scope.Pages = []string{addr.String()}
			}
		}
		problems, pages, err := check.Tree(ctx, repo, scope)
		if err != nil {
			return err
		}
		rep = check.NewReport("tree", pages, problems, nil)
	}
	rep.Strict = o.strict
	if err := writeCheck(o, rep); err != nil {
		return err
	}
	if rep.Failed(rep.Strict) {
		return silentError{exitProblems}
	}
	return nil
}

func writeCheck(o *checkOptions, rep *check.Report) error {
	switch o.format {
	case "json":
		return rep.JSON(o.io.Out)
	case "github":
		if err := rep.GitHub(o.io.Out); err != nil {
			return err
		}
		if o.summary != "" {
			f, err := os.OpenFile(o.summary, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				return err
			}
			defer f.Close()
			return rep.Markdown(f)
		}
		return nil
	}
	return rep.Text(o.io.Out)
}
