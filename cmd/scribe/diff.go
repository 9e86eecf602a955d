package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/page"
)

type diffOptions struct {
	*app
	target   string   // DOCUMENT/PAGE
	pair     []string // two contributors to compare, or none
	disputed bool
	row      int
	readings []string
	asJSON   bool
}

func newDiffCmd(a *app, runF func(context.Context, *diffOptions) error) *cobra.Command {
	if runF == nil {
		runF = runDiff
	}
	o := &diffOptions{app: a}
	cmd := &cobra.Command{
		Use:   "diff DOCUMENT/PAGE [CONTRIBUTOR CONTRIBUTOR]",
		Short: "Show a page's readings aligned row by row, with every difference marked",
		Long: `Collate the readings of a page and print it row by row (a row is a printed
line). A row on which all readings agree is printed once. For the others, each
distinct variant is printed once with the contributors who gave it, marked
against the consensus as git's word diff does: [-consensus text-]{+variant text+};
then the consensus and its agreement score (the mean, over the row's aligned
columns, of the share of readings that agree with the chosen token).

A line break is shown as ⏎: [-⏎-] at the end of a variant means that reading runs
on into the next row; {+⏎+} means it breaks the line where most readings do not.
Colour replaces the markers on a terminal (never with NO_COLOR or --color never),
and changed letters within a word are highlighted.

With two contributor ids, prints a word diff between those two readings only,
like git diff --no-index --word-diff: [-first-]{+second+}.

--json prints {document, page, readings, rows: [{index, status, agreement,
consensus, variants: [{text, readings, missing, joined}]}]}; see docs/collation.md.` + "\n" + exitStatusHelp,
		Example: `  scribe diff tasks-of-the-working-class/002
  scribe diff 002 --disputed
  scribe diff 002 --row 14 --json
  scribe diff 002 ocr jane-doe`,
		Args: args(func(cmd *cobra.Command, argv []string) error {
			if len(argv) != 1 && len(argv) != 3 {
				return fmt.Errorf("accepts a page, or a page and two contributor ids; received %d args", len(argv))
			}
			return nil
		}),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.target, o.pair = argv[0], argv[1:]
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.disputed, "disputed", false, "only rows on which the readings disagree")
	f.IntVar(&o.row, "row", 0, "only row `N` (1-based)")
	f.StringSliceVar(&o.readings, "readings", nil, "only these contributors' readings (comma-separated ids)")
	f.BoolVar(&o.asJSON, "json", false, "print JSON")
	return cmd
}

// runDiff collates the page and prints its rows, or the word diff of two
// readings.
func runDiff(_ context.Context, o *diffOptions) error {
	pg, err := o.page(o.target, "diff")
	if err != nil {
		return err
	}
	only := o.readings
	pair := len(o.pair) == 2
	if pair {
		if o.pair[0] == o.pair[1] {
			return usagef("give two different contributors, not %q twice", o.pair[0])
		}
		only = o.pair
	}
	addr := pg.addr
	al, err := page.Collate(pg.repo, pg.proj, addr.Document, addr.Page, only)
	if err != nil {
		return err
	}
	if o.row != 0 && (o.row < 1 || o.row > len(al.Rows)) {
		return usagef("--row %d is out of range: the page has %d rows", o.row, len(al.Rows))
	}
	rows := selectRows(al, o)
	color := o.io.Color(o.color)
	switch {
	case o.asJSON:
		return writeJSON(o.io.Out, diffJSON(addr.Document, addr.Page, al, rows))
	case pair:
		return renderPairDiff(o.io.Out, al, indexOf(al, o.pair[0]), indexOf(al, o.pair[1]), rows, color)
	default:
		return renderDiff(o.io.Out, addr.String(), al, rows, color)
	}
}

func indexOf(al *collate.Alignment, id string) int {
	for i, r := range al.Readings {
		if r == id {
			return i
		}
	}
	return -1
}

func selectRows(al *collate.Alignment, o *diffOptions) []*collate.Row {
	var rows []*collate.Row
	for i := range al.Rows {
		r := &al.Rows[i]
		if o.row != 0 && r.Index != o.row {
			continue
		}
		if o.disputed && (r.Status == collate.Unanimous || r.Status == collate.Single) {
			continue
		}
		rows = append(rows, r)
	}
	return rows
}

type jsonDiff struct {
	Document string    `json:"document"`
	Page     string    `json:"page"`
	Readings []string  `json:"readings"`
	Rows     []jsonRow `json:"rows"`
}

type jsonRow struct {
	Index     int           `json:"index"`
	Status    string        `json:"status"`
	Agreement float64       `json:"agreement"`
	Consensus string        `json:"consensus"`
	Variants  []jsonVariant `json:"variants"`
}

type jsonVariant struct {
	Text     string   `json:"text"`
	Readings []string `json:"readings"`
	Missing  bool     `json:"missing,omitempty"`
	Joined   bool     `json:"joined,omitempty"`
}

func diffJSON(doc, pageID string, al *collate.Alignment, rows []*collate.Row) jsonDiff {
	out := jsonDiff{Document: doc, Page: pageID, Readings: al.Readings, Rows: []jsonRow{}}
	for _, r := range rows {
		jr := jsonRow{Index: r.Index, Status: string(r.Status), Agreement: round(r.Agreement), Consensus: r.Consensus}
		for _, v := range r.Variants {
			jr.Variants = append(jr.Variants, jsonVariant{Text: v.Text, Readings: v.Readings, Missing: v.Missing, Joined: v.Joined})
		}
		out.Rows = append(out.Rows, jr)
	}
	return out
}

// round keeps scores readable and stable: four decimals.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func renderDiff(w io.Writer, name string, al *collate.Alignment, rows []*collate.Row, color bool) error {
	counts := map[collate.Status]int{}
	for _, r := range al.Rows {
		counts[r.Status]++
	}
	fmt.Fprintf(w, "%s  readings: %s\n", name, strings.Join(al.Readings, ", "))
	fmt.Fprintf(w, "%d rows: %s\n", len(al.Rows), statusCounts(counts))
	num := len(strconv.Itoa(len(al.Rows)))
	idw := 9 // "consensus"
	for _, id := range al.Readings {
		idw = max(idw, len(id))
	}
	fmt.Fprintln(w)
	block := false // the last thing printed was a multi-line row
	for k, r := range rows {
		if r.Status == collate.Unanimous || r.Status == collate.Single {
			if block {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%*d  %s\n", num, r.Index, r.Consensus)
			block = false
			continue
		}
		if k > 0 {
			fmt.Fprintln(w)
		}
		block = true
		fmt.Fprintf(w, "%*d  %s  agreement %.2f\n", num, r.Index, paint(string(r.Status), statusColor(r.Status), color), r.Agreement)
		pad := strings.Repeat(" ", num+2)
		for _, v := range r.Variants {
			i := indexOf(al, v.Readings[0])
			fmt.Fprintf(w, "%s%-*s  %s\n", pad, idw, strings.Join(v.Readings, ","), variantLine(r, i, v, color))
		}
		fmt.Fprintf(w, "%s%-*s  %s\n", pad, idw, "consensus", r.Consensus)
	}
	return nil
}

func statusCounts(c map[collate.Status]int) string {
	var parts []string
	for _, s := range []collate.Status{collate.Unanimous, collate.Majority, collate.Disputed, collate.Single} {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[s], s))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func variantLine(r *collate.Row, i int, v collate.Variant, color bool) string {
	if v.Missing {
		return "(no text in this row)"
	}
	return renderSegments(r.WordDiff(i), color)
}

func renderPairDiff(w io.Writer, al *collate.Alignment, a, b int, rows []*collate.Row, color bool) error {
	fmt.Fprintf(w, "--- %s\n+++ %s\n", al.Readings[a], al.Readings[b])
	num := len(strconv.Itoa(len(al.Rows)))
	same := 0
	for _, r := range rows {
		segs := r.PairDiff(a, b)
		if len(segs) <= 1 && (len(segs) == 0 || segs[0].Op == collate.Equal) {
			same++
			continue
		}
		fmt.Fprintf(w, "%*d  %s\n", num, r.Index, renderSegments(segs, color))
	}
	fmt.Fprintf(w, "%d of %d rows differ\n", len(rows)-same, len(rows))
	return nil
}

// renderSegments writes a word diff: markers without colour; on a
// terminal, red and green, with the changed letters of a replaced word
// underlined.
func renderSegments(segs []collate.Segment, color bool) string {
	var b strings.Builder
	for k := 0; k < len(segs); k++ {
		s := segs[k]
		switch s.Op {
		case collate.Equal:
			b.WriteString(showBreaks(s.Text))
		case collate.Delete:
			if color && k+1 < len(segs) && segs[k+1].Op == collate.Insert {
				lead, old := "", s.Text
				if strings.HasPrefix(old, " ") {
					lead, old = " ", old[1:]
				}
				del, ins := charLevel(old, strings.TrimPrefix(segs[k+1].Text, " "))
				b.WriteString(lead)
				b.WriteString(del)
				b.WriteString(ins)
				k++
				continue
			}
			b.WriteString(mark(s.Text, "[-", "-]", ansiRed, color))
		case collate.Insert:
			t := s.Text
			if k > 0 && segs[k-1].Op == collate.Delete && strings.HasPrefix(segs[k-1].Text, " ") {
				t = strings.TrimPrefix(t, " ") // [-old-]{+new+} share the space before them
			}
			b.WriteString(mark(t, "{+", "+}", ansiGreen, color))
		}
	}
	return b.String()
}

// mark wraps a changed run, keeping a leading space outside the markers
// as git's word diff does.
func mark(text, open, close, ansi string, color bool) string {
	lead := ""
	if strings.HasPrefix(text, " ") {
		lead, text = " ", text[1:]
	}
	if color {
		return lead + ansi + showBreaks(text) + ansiReset
	}
	return lead + open + showBreaks(text) + close
}

func charLevel(del, ins string) (string, string) {
	var d, i strings.Builder
	for _, s := range collate.CharDiff(del, ins) {
		t := showBreaks(s.Text)
		switch s.Op {
		case collate.Equal:
			d.WriteString(ansiRed + t + ansiReset)
			i.WriteString(ansiGreen + t + ansiReset)
		case collate.Delete:
			d.WriteString(ansiRed + ansiUnderline + t + ansiReset)
		case collate.Insert:
			i.WriteString(ansiGreen + ansiUnderline + t + ansiReset)
		}
	}
	return d.String(), i.String()
}

func showBreaks(s string) string { return strings.ReplaceAll(s, "\n", "⏎") }

const (
	ansiRed       = "\x1b[31m"
	ansiGreen     = "\x1b[32m"
	ansiYellow    = "\x1b[33m"
	ansiUnderline = "\x1b[4m"
	ansiReset     = "\x1b[0m"
)

func statusColor(s collate.Status) string {
	if s == collate.Disputed {
		return ansiRed
	}
	return ansiYellow
}

func paint(s, ansi string, color bool) string {
	if !color {
		return s
	}
	return ansi + s + ansiReset
}
