package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/page"
)

func newAcceptCmd(a *app) *cobra.Command {
	var (
		rule page.AcceptRule
		as   string
	)
	cmd := &cobra.Command{
		Use:   "accept DOCUMENT[/PAGE] (--unanimous | --min-agreement X)",
		Short: "Record consensus decisions in bulk",
		Long: `Record a consensus decision, in your name, for every undecided row of a page
(or of every page of a document) that --unanimous (every reading agrees) or
--min-agreement X (not disputed, agreement at least X, 0 to 1) selects, and
print how many. Rows whose consensus rests on your own reading alone are left
to another reviewer when the policy has the four-eyes rule.

Only reviewers and maintainers may accept. The decisions are written to the
pages' decisions.txt; commit them with git.

` + asRule + "\n" + exitStatusHelp,
		Example: `  scribe accept tasks-of-the-working-class --unanimous
  scribe accept 003 --min-agreement 0.9`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if !rule.Unanimous && rule.MinAgreement == 0 {
				return usageError{fmt.Errorf("say which rows to accept: --unanimous or --min-agreement X")}
			}
			if rule.MinAgreement < 0 || rule.MinAgreement > 1 {
				return usageError{fmt.Errorf("--min-agreement must be between 0 and 1, not %v", rule.MinAgreement)}
			}
			repo, proj, err := a.project()
			if err != nil {
				return err
			}
			addr, doc, err := repo.Resolve(argv[0])
			if err != nil {
				return err
			}
			actor, err := a.actor(repo, proj, as)
			if err != nil {
				return err
			}
			who := actor.Person
			pages := []string{addr.Page}
			if addr.Page == "" {
				pages = nil
				for _, p := range doc.Pages {
					pages = append(pages, p.ID)
				}
			}
			now := time.Now()
			total, left := 0, 0
			for _, pg := range pages {
				var n, k int
				_, err := page.Update(cmd.Context(), repo, proj, addr.Document, pg, func(p *page.Page) error {
					var err error
					n, k, err = p.Accept(proj, rule, who.ID, now)
					return err
				})
				if err != nil {
					return err
				}
				if n > 0 || k > 0 {
					fmt.Fprintf(a.io.Out, "%s/%s: accepted %d rows\n", addr.Document, pg, n)
				}
				total, left = total+n, left+k
			}
			fmt.Fprintf(a.io.Out, "accepted %d rows as %s", total, who.ID)
			if left > 0 {
				fmt.Fprintf(a.io.Out, "; %d rows rest on your own reading alone and are left to another reviewer", left)
			}
			fmt.Fprintln(a.io.Out)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&rule.Unanimous, "unanimous", false, "accept rows on which every reading agrees")
	f.Float64Var(&rule.MinAgreement, "min-agreement", 0, "accept rows that are not disputed with agreement of at least `X`")
	f.StringVar(&as, "as", "", asFlag)
	return cmd
}
