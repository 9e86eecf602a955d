package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/status"
)

type statusOptions struct {
	*app
	targets []string // the one DOCUMENT[/PAGE] given, or none for every document
	asJSON  bool
	wide    bool
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
most often of another page or edition, and each page's stale decisions. Then a
total per document. Output is sorted and deterministic, and fits 80 columns:
"readings" shows how many a page has, as "1 of 2" while it has fewer than the
policy asks for. --wide adds a column for each count (readings needed, rows
unanimous and by majority, stale decisions) and the contributors. --json gives
the same data for tools.` + "\n" + exitStatusHelp,
		Example: `  scribe status
  scribe status tasks-of-the-working-class
  scribe status tasks-of-the-working-class --wide
  scribe status tasks-of-the-working-class/003 --json`,
		Args: args(oneTarget(cobra.MaximumNArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.targets = argv
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&o.wide, "wide", false, "a column for every count, and the contributors (wider than 80 columns)")
	cmd.MarkFlagsMutuallyExclusive("json", "wide")
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
	if o.wide {
		return renderStatusWide(o.io.Out, rep)
	}
	return renderStatus(o.io.Out, rep)
}

// renderStatus prints the report in 80 columns: per page its readings,
// rows, disputed rows, decided and unsettled rows and canonical state.
func renderStatus(w io.Writer, rep *status.Report) error {
	return writeStatus(w, rep, "  page\tprinted\treadings\trows\tdisputed\tdecided\tunsettled\tcanonical",
		func(p status.PageState) string {
			readings := strconv.Itoa(len(p.Readings))
			if p.Needed > 0 {
				readings = fmt.Sprintf("%d of %d", len(p.Readings), len(p.Readings)+p.Needed)
			}
			return fmt.Sprintf("  %s\t%s\t%s\t%d\t%d\t%d\t%d\t%s", p.ID, dash(p.Printed), readings,
				p.Rows.Total, p.Rows.Disputed, p.Settled.Decided, p.Settled.Unresolved, p.Canonical)
		})
}

// renderStatusWide prints the report with a column for every count and
// the contributors.
func renderStatusWide(w io.Writer, rep *status.Report) error {
	return writeStatus(w, rep, "  page\tprinted\treadings\tneeded\trows\tunanimous\tmajority\tdisputed\tdecided\tstale\tunsettled\tcanonical\tcontributors",
		func(p status.PageState) string {
			who := strings.Join(p.Readings, ",")
			if who == "" {
				who = "-"
			}
			return fmt.Sprintf("  %s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s", p.ID, dash(p.Printed), len(p.Readings), p.Needed,
				p.Rows.Total, p.Rows.Unanimous, p.Rows.Majority, p.Rows.Disputed,
				p.Settled.Decided, p.Settled.Stale, p.Settled.Unresolved, p.Canonical, who)
		})
}

// writeStatus prints each document: its table, with the header and a row
// per page as given, the notes on its pages, and its totals.
func writeStatus(w io.Writer, rep *status.Report, header string, row func(status.PageState) string) error {
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
		fmt.Fprintln(tw, header)
		for _, p := range d.Pages {
			fmt.Fprintln(tw, row(p))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, p := range d.Pages {
			if note := outlierNote(d.ID, p); note != "" {
				fmt.Fprintln(w, note)
			}
			if note := staleNote(d.ID, p); note != "" {
				fmt.Fprintln(w, note)
			}
		}
		fmt.Fprintln(w, documentTotals(d, rep.ReadingsRequired))
	}
	return nil
}

// documentTotals is the summary under a document's table, each line
// wrapped at 80 columns.
func documentTotals(d status.Document, required int) string {
	t := d.Totals
	total := fmt.Sprintf("total: %s, %s; ", plural(t.Pages, "page", "pages"), plural(t.Readings, "reading", "readings"))
	switch {
	case t.Pages == 0:
		total += "no pages yet"
	case t.PagesNeedWork == 0:
		total += fmt.Sprintf("every page has its readings (policy: %d per page)", required)
	case t.PagesNeedWork == 1:
		total += fmt.Sprintf("1 page needs %s (policy: %d per page)", plural(t.ReadingsShort, "more reading", "more readings"), required)
	default:
		total += fmt.Sprintf("%d pages need %s (policy: %d per page)", t.PagesNeedWork, plural(t.ReadingsShort, "more reading", "more readings"), required)
	}
	rows := fmt.Sprintf("rows: %d, of which %d unanimous, %d majority, %d disputed, %d with a single reading",
		t.Rows.Total, t.Rows.Unanimous, t.Rows.Majority, t.Rows.Disputed, t.Rows.Single)
	settled := fmt.Sprintf("settled: %d decided, %d stale, %d unsettled; %d of %s complete",
		t.Settled.Decided, t.Settled.Stale, t.Settled.Unresolved, t.PagesComplete, plural(t.Pages, "page", "pages"))
	out := wrap80("  ", total) + "\n" + wrap80("  ", rows) + "\n" + wrap80("  ", settled)
	if d.Canonical != "" {
		out += "\n  canonical text: " + d.Canonical
	}
	return out
}

// wrap80 wraps text at 80 columns after indent, the lines after the first
// indented two more.
func wrap80(indent, text string) string {
	const width = 80
	var b strings.Builder
	line := indent
	for i, word := range strings.Fields(text) {
		if i > 0 && len([]rune(line))+1+len([]rune(word)) > width {
			b.WriteString(line + "\n")
			line = indent + " "
		}
		if i > 0 {
			line += " "
		}
		line += word
	}
	b.WriteString(line)
	return b.String()
}

// plural is n with the singular or the plural noun: "1 page", "3 pages".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// outlierNote names a page's outlier readings, which do not vote, and
// what to do about them; "" when it has none.
func outlierNote(doc string, p status.PageState) string {
	cmd := fmt.Sprintf("scribe diff %s/%s", doc, p.ID)
	switch len(p.Outliers) {
	case 0:
		return ""
	case 1:
		return pageNote(p.ID, fmt.Sprintf("reading %s shares too little of its text with the others to vote: compare it with the scan", p.Outliers[0]), cmd)
	}
	return pageNote(p.ID, fmt.Sprintf("readings %s share too little of their text with the others to vote: compare them with the scan", strings.Join(p.Outliers, ", ")), cmd)
}

// staleNote says that a page has stale decisions; "" when it has none.
func staleNote(doc string, p status.PageState) string {
	if p.Settled.Stale == 0 {
		return ""
	}
	return pageNote(p.ID, plural(p.Settled.Stale, "stale decision", "stale decisions")+
		": its row is not settled until decided again", fmt.Sprintf("scribe review %s/%s --stale", doc, p.ID))
}

// pageNote is a note on a page under the table, in 80 columns: the text
// wrapped, then the command to run on a line of its own.
func pageNote(id, text, cmd string) string {
	return wrap80("  ", "page "+id+": "+text+":") + "\n    " + cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
