package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

type acceptOptions struct {
	*app
	target string // DOCUMENT[/PAGE]
	rule   page.AcceptRule
	as     string
	now    func() time.Time
}

func newAcceptCmd(a *app, runF func(context.Context, *acceptOptions) error) *cobra.Command {
	if runF == nil {
		runF = runAccept
	}
	o := &acceptOptions{app: a, now: time.Now}
	cmd := &cobra.Command{
		Use:   "accept DOCUMENT[/PAGE] (--unanimous | --min-agreement X)",
		Short: "Record consensus decisions in bulk",
		Long: `Record a consensus decision, in your name, for every undecided row of a page
(or of every page of a document) that --unanimous (every reading agrees) or
--min-agreement X (not disputed, agreement at least X, 0 to 1) selects, and
print how many. Rows whose consensus rests on your own reading alone are left
to another reviewer when the policy has the four-eyes rule. Rows the build
settles without a decision (every reading agrees, under accept_unanimous) get
none, and rows whose consensus carries a reviewer's note [**…] are left to
review.

Only reviewers and maintainers may accept. The decisions are written to the
pages' decisions.txt; commit them with git.

` + asRule + "\n" + exitStatusHelp,
		Example: `  scribe accept tasks-of-the-working-class --unanimous
  scribe accept 003 --min-agreement 0.9`,
		Args: args(oneTarget(cobra.ExactArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.target = argv[0]
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.rule.Unanimous, "unanimous", false, "accept rows on which every reading agrees")
	f.Float64Var(&o.rule.MinAgreement, "min-agreement", 0, "accept rows that are not disputed with agreement of at least `X`")
	f.StringVar(&o.as, "as", "", asFlag)
	return cmd
}

// runAccept records a consensus decision on every undecided row the rule
// selects, page by page.
func runAccept(ctx context.Context, o *acceptOptions) error {
	rule := o.rule
	if !rule.Unanimous && rule.MinAgreement == 0 {
		return usagef("say which rows to accept: --unanimous or --min-agreement X")
	}
	if rule.MinAgreement < 0 || rule.MinAgreement > 1 {
		return usagef("--min-agreement must be between 0 and 1, not %v", rule.MinAgreement)
	}
	repo, proj, err := o.project()
	if err != nil {
		return err
	}
	addr, doc, err := repo.Resolve(o.target)
	if err != nil {
		return err
	}
	actor, err := identity(openGit(repo), proj, o.as, project.Writing)
	if err != nil {
		return err
	}
	o.tellActing(actor)
	who := actor.Person
	pages := []string{addr.Page}
	if addr.Page == "" {
		pages = nil
		for _, p := range doc.Pages {
			pages = append(pages, p.ID)
		}
	}
	now := o.now()
	w := o.io.Out
	total, left := 0, 0
	for _, pg := range pages {
		var n, k int
		_, err := page.Update(ctx, repo, proj, addr.Document, pg, func(p *page.Page) error {
			var err error
			n, k, err = p.Accept(proj, rule, who.ID, now)
			return err
		})
		if err != nil {
			return err
		}
		if n > 0 || k > 0 {
			fmt.Fprintf(w, "%s/%s: accepted %s\n", addr.Document, pg, plural(n, "row", "rows"))
		}
		total, left = total+n, left+k
	}
	fmt.Fprintf(w, "accepted %s as %s", plural(total, "row", "rows"), who.ID)
	switch {
	case left == 1:
		fmt.Fprint(w, "; 1 row rests on your own reading alone and is left to another reviewer")
	case left > 1:
		fmt.Fprintf(w, "; %d rows rest on your own reading alone and are left to another reviewer", left)
	}
	fmt.Fprintln(w)
	return nil
}
