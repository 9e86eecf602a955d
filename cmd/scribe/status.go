package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/status"
)

type statusOptions struct {
	*app
	targets []string // the one DOCUMENT[/PAGE] given, or none for every document
	asJSON  bool
}

func newStatusCmd(a *app, runF func(context.Context, *statusOptions) error) *cobra.Command {
	if runF == nil {
		runF = runStatus
	}
	o := &statusOptions{app: a}
	cmd := &cobra.Command{
		Use:   "status [DOCUMENT[/PAGE]]",
		Short: "Show each page's readings and what the policy still needs",
		Long: `List the pages of every document (or of DOCUMENT, or one PAGE) with the
contributors who have read them, how many more readings the policy in
project.toml requires, the collated rows by status, how many rows reviewers
have decided, how many decisions are stale (the variants changed since) and
how many rows are unsettled, and the state of the page's canonical.txt:
complete, incomplete (rows unsettled), outdated (readings or decisions changed
since it was built: work for a reviewer, who runs scribe build), missing (not
built yet: the same), or edited (not what scribe build wrote: scribe check
reports it as an error). Below the pages, a note names each page's outlier
readings: readings that share too little of their text with the others to vote,
most often of another page or edition. Then a total per document. Output is sorted and
deterministic; --json gives the same data for tools.` + "\n" + exitStatusHelp,
		Example: `  scribe status
  scribe status tasks-of-the-working-class
  scribe status tasks-of-the-working-class/003 --json`,
		Args: args(oneTarget(cobra.MaximumNArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.targets = argv
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	return cmd
}

// runStatus reports the progress of every page, or of one document or page.
func runStatus(ctx context.Context, o *statusOptions) error {
	repo, proj, err := o.project()
	if err != nil {
		return err
	}
	var docs []string
	page := ""
	if len(o.targets) == 1 {
		addr, _, err := repo.Resolve(o.targets[0])
		if err != nil {
			return err
		}
		docs, page = []string{addr.Document}, addr.Page
	}
	tuneForWholeProject()
	rep, err := status.Collect(ctx, repo, proj, docs, page)
	if err != nil {
		return err
	}
	if o.asJSON {
		return writeJSON(o.io.Out, rep)
	}
	return renderStatus(o.io.Out, rep)
}

func renderStatus(w io.Writer, rep *status.Report) error {
	if len(rep.Documents) == 0 {
		_, err := fmt.Fprintln(w, "no documents yet: add one with `scribe import DOCUMENT --title … FILE`")
		return err
	}
	for i, d := range rep.Documents {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s: %s\n", d.ID, d.Title)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  page\tprinted\treadings\tneeded\trows\tunanimous\tmajority\tdisputed\tdecided\tstale\tunsettled\tcanonical\tcontributors")
		for _, p := range d.Pages {
			who := strings.Join(p.Readings, ",")
			if who == "" {
				who = "-"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", p.ID, dash(p.Printed), len(p.Readings), p.Needed,
				p.Rows.Total, p.Rows.Unanimous, p.Rows.Majority, p.Rows.Disputed,
				p.Settled.Decided, p.Settled.Stale, p.Settled.Unresolved, p.Canonical, who)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, p := range d.Pages {
			if note := outlierNote(d.ID, p); note != "" {
				fmt.Fprintln(w, note)
			}
		}
		t := d.Totals
		fmt.Fprintf(w, "  total: %d pages, %d readings; %d pages need %d more readings (policy: %d per page)\n",
			t.Pages, t.Readings, t.PagesNeedWork, t.ReadingsShort, rep.ReadingsRequired)
		fmt.Fprintf(w, "  rows: %d, of which %d unanimous, %d majority, %d disputed, %d with a single reading\n",
			t.Rows.Total, t.Rows.Unanimous, t.Rows.Majority, t.Rows.Disputed, t.Rows.Single)
		fmt.Fprintf(w, "  settled: %d decided, %d stale, %d unsettled; %d of %d pages complete",
			t.Settled.Decided, t.Settled.Stale, t.Settled.Unresolved, t.PagesComplete, t.Pages)
		if d.Canonical != "" {
			fmt.Fprintf(w, "; canonical text %s", d.Canonical)
		}
		fmt.Fprintln(w)
	}
	return nil
}

// outlierNote names a page's outlier readings, which do not vote, and
// what to do about them; "" when it has none.
func outlierNote(doc string, p status.PageState) string {
	switch len(p.Outliers) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("  page %s: reading %s shares too little of its text with the others to vote: compare it with the scan (scribe diff %s/%s)",
			p.ID, p.Outliers[0], doc, p.ID)
	}
	return fmt.Sprintf("  page %s: readings %s share too little of their text with the others to vote: compare them with the scan (scribe diff %s/%s)",
		p.ID, strings.Join(p.Outliers, ", "), doc, p.ID)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
