package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/submit"
)

type submitOptions struct {
	*app
	target string // DOCUMENT/PAGE
	source string // FILE, or - for standard input
	as     string
	force  bool
	copy   bool
	branch string
	push   string
}

// branchDefault stands for --branch given without a name.
const branchDefault = " "

func newSubmitCmd(a *app, runF func(context.Context, *submitOptions) error) *cobra.Command {
	if runF == nil {
		runF = runSubmit
	}
	o := &submitOptions{app: a}
	cmd := &cobra.Command{
		Use:   "submit DOCUMENT/PAGE FILE|-",
		Short: "Submit your reading of a page and commit it",
		Long: `Submit your reading of a page: FILE, or standard input for -. scribe checks
the text (UTF-8, no control characters or conflict markers), normalises it
(NFC, LF line ends, no trailing white space) and says what it changed, writes
it to transcriptions/DOCUMENT/PAGE/readings/YOUR-ID.txt and commits exactly that
file with you as the author. Other changes in your work tree are left alone.

` + asRule + `

With open_contributions in the policy, a newcomer whom git does not name may
submit with --as and a new id. When a maintainer submits for someone, that
person is the commit's author, and the maintainer its committer, named in the
message too. The OCR reading comes from scribe import, never from submit.

The text is compared with the readings of every page of the document. When
another page's reading matches it clearly better than any reading of this
page, it is probably that page: it is refused, naming the page, unless you
pass --force. A text that matches no page well, such as a correct reading of a
page whose OCR is badly garbled, is accepted.

Readings are independent: a text that is the same as another reading of the
page, the OCR reading included (compared as collation compares, so that white
space and line breaks do not count), is refused. A maintainer may submit it
anyway with --allow-copy.

With --branch, the commit goes on a new branch (default
reading/ID/DOCUMENT-PAGE) made from HEAD; your current branch, index and work
tree stay as they are. --push REMOTE pushes that new branch, for a pull
request; without --branch it commits on the default new branch and pushes
that. Your current branch is never pushed. SSH remotes use your SSH agent;
HTTPS remotes a token from SCRIBE_GIT_TOKEN or GITHUB_TOKEN, or
~/.git-credentials.

After the commit, submit says when the new reading makes decisions on the page
stale (a reviewer runs scribe review DOCUMENT/PAGE --stale) or puts the page's
canonical text out of date (a reviewer runs scribe build).` + "\n" + exitStatusHelp,
		Example: `  scribe submit tasks-of-the-working-class/003 page3.txt
  scribe submit 003 - < page3.txt
  scribe submit 003 page3.txt --push origin   # pushes the new branch reading/ID/DOCUMENT-003
  scribe submit 003 page3.txt --branch=mine --push origin
  scribe submit 003 page3.txt --as jane-doe   # a maintainer submitting for jane-doe`,
		Args: args(func(cmd *cobra.Command, argv []string) error {
			if len(argv) == 3 && o.branch == branchDefault {
				return fmt.Errorf("to name the branch, write --branch=%s", argv[2])
			}
			return cobra.ExactArgs(2)(cmd, argv)
		}),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.target, o.source = argv[0], argv[1]
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.as, "as", "", asFlag)
	f.BoolVar(&o.force, "force", false, "submit even if the text reads like another page")
	f.BoolVar(&o.copy, "allow-copy", false, "submit a text that is the same as another reading of the page (maintainers only)")
	f.StringVar(&o.branch, "branch", "", "commit on a new branch: --branch=`NAME`, or --branch alone for reading/ID/DOCUMENT-PAGE")
	f.Lookup("branch").NoOptDefVal = branchDefault
	f.StringVar(&o.push, "push", "", "push the new branch to `REMOTE` after committing (without --branch, on reading/ID/DOCUMENT-PAGE)")
	return cmd
}

// runSubmit reads the text, works out whose reading it is and has
// submit.Submit write and commit it.
func runSubmit(ctx context.Context, o *submitOptions) error {
	pg, err := o.page(o.target, "submit")
	if err != nil {
		return err
	}
	source := o.source
	var raw []byte
	if source == "-" {
		raw, err = io.ReadAll(o.io.In)
	} else {
		raw, err = os.ReadFile(source)
		source = filepath.ToSlash(source)
	}
	if err != nil {
		return err
	}
	g, err := gitrepo.Open(pg.repo.Root)
	if err != nil {
		return err
	}
	actor, err := identity(g, pg.proj, o.as, project.Writing)
	if err != nil {
		return err
	}
	opts := submit.Options{
		Document: pg.doc, Project: pg.proj, Page: pg.addr.Page, Actor: actor, Source: source, Text: raw,
		Force: o.force, AllowCopy: o.copy, Branch: o.branch, Push: o.push,
	}
	// --push without --branch commits on the default new branch: the
	// current branch is never pushed.
	if o.branch == branchDefault || (o.branch == "" && o.push != "") {
		opts.Branch = submit.DefaultBranch(actor.ID, pg.addr.Document, pg.addr.Page)
	}
	res, err := submit.Submit(ctx, pg.repo, g, opts)
	if res != nil {
		o.tellActing(actor)
		renderSubmit(o.io.Out, pg.addr.String(), res)
	}
	return err
}

func renderSubmit(w io.Writer, page string, res *submit.Result) {
	for _, c := range res.Report.Changes() {
		fmt.Fprintf(w, "normalised: %s\n", c)
	}
	if res.Unchanged {
		fmt.Fprintf(w, "%s's reading of %s is unchanged: nothing to commit\n", res.Contributor, page)
		return
	}
	verb := "added"
	if res.Replaced {
		verb = "updated"
	}
	where := "on " + res.Branch
	if res.Branch == "" {
		where = "on the detached HEAD"
	}
	fmt.Fprintf(w, "%s %s\n", verb, res.Path)
	if res.Commit != "" {
		fmt.Fprintf(w, "committed %s %s as %s\n", res.Commit[:12], where, res.Contributor)
	}
	if res.Pushed {
		fmt.Fprintf(w, "pushed %s: open a pull request from it\n", res.Branch)
	}
	switch {
	case res.Stale == 1:
		fmt.Fprintf(w, "1 decision on this page is now stale: a reviewer runs scribe review %s --stale\n", page)
	case res.Stale > 1:
		fmt.Fprintf(w, "%d decisions on this page are now stale: a reviewer runs scribe review %s --stale\n", res.Stale, page)
	}
	if res.Outdated {
		fmt.Fprintf(w, "the canonical text of %s is now out of date: a reviewer runs scribe build\n", page)
	}
}
