package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/blame"
)

type blameOptions struct {
	*app
	target string // DOCUMENT/PAGE
	asJSON bool
}

func newBlameCmd(a *app, runF func(context.Context, *blameOptions) error) *cobra.Command {
	if runF == nil {
		runF = runBlame
	}
	o := &blameOptions{app: a}
	cmd := &cobra.Command{
		Use:   "blame DOCUMENT/PAGE",
		Short: "Show how each line of a page's canonical text was settled",
		Long: `Print each line of the page's canonical text with how it was settled:
unanimous (every reading agreed and the policy accepts that), or a reviewer's
decision (pick, consensus or typed), the reviewer and the date, the
contributors whose text it is, and the commit that recorded the decision
("uncommitted" while it is only in the work tree). Below the table, the notes
of the decisions that have one, by row, as the reviewer wrote them. Rows not
settled yet are not part of the text and are not listed; scribe status counts
them.

--json prints an array of {row, text, how, by, at, note, readings, commit}.` + "\n" + exitStatusHelp,
		Example: `  scribe blame tasks-of-the-working-class/002
  scribe blame 002 --json`,
		Args: args(oneTarget(cobra.ExactArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.target = argv[0]
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	return cmd
}

// runBlame lists how each line of the page's canonical text was settled.
func runBlame(ctx context.Context, o *blameOptions) error {
	pg, err := o.page(o.target, "blame")
	if err != nil {
		return err
	}
	addr := pg.addr
	lines, cp, err := blame.Page(ctx, pg.repo, pg.proj, addr.Document, addr.Page)
	if err != nil {
		return err
	}
	if o.asJSON {
		if lines == nil {
			lines = []blame.Line{}
		}
		return writeJSON(o.io.Out, lines)
	}
	tw := tabwriter.NewWriter(o.io.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "row\thow\tby\tdate\treadings\tcommit\ttext")
	for _, l := range lines {
		date, commit := "-", "-"
		if !l.At.IsZero() {
			date = l.At.Format("2006-01-02")
		}
		if l.Commit != "" {
			commit = l.Commit
			if len(commit) == 40 {
				commit = commit[:12]
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Row, l.How, dash(l.By), date, strings.Join(l.Readings, ","), commit, l.Text)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if notes := blameNotes(lines); notes != "" {
		fmt.Fprint(o.io.Out, notes)
	}
	if !cp.Complete() {
		fmt.Fprintf(o.io.Out, "%s is incomplete: %s\n", addr, pageProblem(cp))
	}
	return nil
}

// blameNotes lists the notes of the decisions, by row, in their text form;
// "" when no decision has one.
func blameNotes(lines []blame.Line) string {
	var b strings.Builder
	for _, l := range lines {
		if l.Note != "" {
			fmt.Fprintf(&b, "  row %d: %s\n", l.Row, l.Note)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "notes:\n" + b.String()
}
