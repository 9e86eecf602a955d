package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/stats"
)

type statsOptions struct {
	*app
	targets []string // the one DOCUMENT given, or none for every document
	asJSON  bool
}

func newStatsCmd(a *app, runF func(context.Context, *statsOptions) error) *cobra.Command {
	if runF == nil {
		runF = runStats
	}
	o := &statsOptions{app: a}
	cmd := &cobra.Command{
		Use:   "stats [DOCUMENT]",
		Short: "Measure contributors' agreement and accuracy, and reviewers' effort",
		Long: `Measure every contributor over every document (or DOCUMENT): the pages they
read, the rows with their text, their agreement with the others (the tokens of
their readings that the others share, as the collation weighs them), their
accuracy on decided rows (the words of the decided text their reading has in
order, as the collation learns from decisions), the settled rows they are
measured on, and their CER and WER there: character and word edits from the
settled text, out of its characters and words, reviewer's notes left out.
"decisions" counts the decisions each person recorded. Then per document: its
pages and readings, the readings per page, its rows by status and how they are
settled, and per reviewer the decisions recorded and the rows decided. A rate
with nothing to measure shows as "-". Output is sorted and fits 80 columns;
--json gives the same data for tools.` + "\n" + exitStatusHelp,
		Example: `  scribe stats
  scribe stats tasks-of-the-working-class --json`,
		Args: args(oneTarget(cobra.MaximumNArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.targets = argv
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	return cmd
}

// runStats measures every document, or one.
func runStats(ctx context.Context, o *statsOptions) error {
	repo, proj, err := o.project()
	if err != nil {
		return err
	}
	var docs []string
	if len(o.targets) == 1 {
		addr, _, err := repo.Resolve(o.targets[0])
		if err != nil {
			return err
		}
		if addr.Page != "" {
			return usagef("%q names a page; stats takes a document, e.g. %s", o.targets[0], addr.Document)
		}
		docs = []string{addr.Document}
	}
	tuneForWholeProject()
	rep, err := stats.Collect(ctx, repo, proj, docs)
	if err != nil {
		return err
	}
	if o.asJSON {
		return writeJSON(o.io.Out, rep)
	}
	return renderStats(o.io.Out, rep)
}

// renderStats prints the report in 80 columns: the contributors, then
// each document with its reviewers.
func renderStats(w io.Writer, rep *stats.Report) error {
	if len(rep.Documents) == 0 {
		_, err := fmt.Fprintln(w, "no documents yet: add one with `scribe import DOCUMENT --title … FILE`")
		return err
	}
	fmt.Fprintln(w, "contributors")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  id\tpages\trows\tagreement\taccuracy\tsettled\tcer\twer\tdecisions")
	for _, c := range rep.Contributors {
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\t%s\t%d\t%s\t%s\t%d\n", c.ID, c.Pages, c.Rows,
			rate(c.Agreement), rate(c.Accuracy), c.Settled, rate(c.CER), rate(c.WER), c.Decisions)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, d := range rep.Documents {
		fmt.Fprintf(w, "\n%s: %s\n", d.ID, d.Title)
		fmt.Fprintf(w, "  %s, %s", plural(d.Pages, "page", "pages"), plural(d.Readings, "reading", "readings"))
		if len(d.ReadingsPerPage) > 0 {
			var per []string
			for _, r := range d.ReadingsPerPage {
				per = append(per, fmt.Sprintf("%d on %s", r.Readings, plural(r.Pages, "page", "pages")))
			}
			fmt.Fprintf(w, "; readings per page: %s", strings.Join(per, ", "))
		}
		fmt.Fprintln(w)
		r := d.Rows
		fmt.Fprintln(w, wrap80("  ", fmt.Sprintf("%s: %d unanimous, %d majority, %d disputed, %d single",
			plural(r.Total, "row", "rows"), r.Unanimous, r.Majority, r.Disputed, r.Single)))
		fmt.Fprintln(w, wrap80("  ", fmt.Sprintf("settled: %d decided, %d agreed; %d unsettled, %d stale",
			r.Decided, r.Agreed, r.Unsettled, r.Stale)))
		if len(d.Reviewers) == 0 {
			fmt.Fprintln(w, "  reviewers: none has decided a row yet")
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  reviewer\tdecisions\trows decided")
		for _, v := range d.Reviewers {
			fmt.Fprintf(tw, "  %s\t%d\t%d\n", v.ID, v.Decisions, v.Rows)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// rate is a rate as a percentage with one decimal, or "-" when there
// is nothing to measure.
func rate(r *float64) string {
	if r == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100**r)
}
