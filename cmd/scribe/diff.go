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
and changed letters within a word are highlighted. A row whose readings break
their lines in different places is printed in full even when its words agree,
marked "line breaks differ" after its status ("line breaks disputed" when the
readings are split evenly). A reading that shares less than half of its text
with the others (an outlier: a reading of another page or edition, most often)
is named above the rows; it does not vote.

With two contributor ids, prints a word diff between those two readings only,
like git diff --no-index --word-diff: [-first-]{+second+}.

--json prints {schema, document, page, readings: [{id, weight, agreement,
outlier}], rows: [{index, status, breaks, basis, agreement, consensus, support,
variants: [{text, readings, missing, joined}], cells}]}, where cells holds each
reading's exact text in the row: a reading's cells over all rows are the reading,
byte for byte. See docs/diff-json.md.` + "\n" + exitStatusHelp,
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

// diffSchema names the version of the JSON that diff --json prints
// (docs/diff-json.md).
const diffSchema = "scribe.diff/2"

type jsonDiff struct {
	Schema   string        `json:"schema"`
	Document string        `json:"document"`
	Page     string        `json:"page"`
	Readings []jsonReading `json:"readings"`
	Rows     []jsonRow     `json:"rows"`
}

// jsonReading is one reading of the page: its vote and how far it agrees
// with the others.
type jsonReading struct {
	ID        string   `json:"id"`
	Weight    float64  `json:"weight"`
	Agreement *float64 `json:"agreement,omitempty"`
	Outlier   bool     `json:"outlier,omitempty"`
}

type jsonRow struct {
	Index     int           `json:"index"`
	Status    string        `json:"status"`
	Breaks    string        `json:"breaks"`
	Basis     string        `json:"basis"`
	Agreement float64       `json:"agreement"`
	Consensus string        `json:"consensus"`
	Support   []string      `json:"support"`
	Variants  []jsonVariant `json:"variants"`
	// Cells holds each reading's exact text in the row, in the order of
	// the readings: a reading's cells over all rows are the reading.
	Cells []string `json:"cells"`
}

type jsonVariant struct {
	Text     string   `json:"text"`
	Readings []string `json:"readings"`
	Missing  bool     `json:"missing,omitempty"`
	Joined   bool     `json:"joined,omitempty"`
}

func diffJSON(doc, pageID string, al *collate.Alignment, rows []*collate.Row) jsonDiff {
	out := jsonDiff{Schema: diffSchema, Document: doc, Page: pageID, Readings: []jsonReading{}, Rows: []jsonRow{}}
	for i, id := range al.Readings {
		jr := jsonReading{ID: id}
		if i < len(al.Reliability) {
			rel := al.Reliability[i]
			jr.Weight, jr.Outlier = round3(rel.Weight), rel.Outlier
			if rel.Total > 0 {
				a := round3(float64(rel.Agree) / float64(rel.Total))
				jr.Agreement = &a
			}
		}
		out.Readings = append(out.Readings, jr)
	}
	for _, r := range rows {
		jr := jsonRow{Index: r.Index, Status: string(r.Status), Breaks: string(r.Breaks), Basis: string(r.Basis),
			Agreement: round(r.Agreement), Consensus: r.Consensus, Support: []string{}, Cells: make([]string, len(al.Readings))}
		jr.Support = append(jr.Support, r.Support...)
		copy(jr.Cells, r.Cells)
		for _, v := range r.Variants {
			jr.Variants = append(jr.Variants, jsonVariant{Text: v.Text, Readings: v.Readings, Missing: v.Missing, Joined: v.Joined})
		}
		out.Rows = append(out.Rows, jr)
	}
	return out
}

// round keeps scores readable and stable: four decimals.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// round3 rounds a reading's weight and agreement to three decimals.
func round3(x float64) float64 { return math.Round(x*1e3) / 1e3 }

func renderDiff(w io.Writer, name string, al *collate.Alignment, rows []*collate.Row, color bool) error {
	counts := map[collate.Status]int{}
	for _, r := range al.Rows {
		counts[r.Status]++
	}
	fmt.Fprintf(w, "%s  readings: %s\n", name, strings.Join(al.Readings, ", "))
	fmt.Fprintf(w, "%d rows: %s\n", len(al.Rows), statusCounts(counts))
	for _, line := range outlierLines(al) {
		fmt.Fprintln(w, line)
	}
	num := len(strconv.Itoa(len(al.Rows)))
	idw := 9 // "consensus"
	for _, id := range al.Readings {
		idw = max(idw, len(id))
	}
	fmt.Fprintln(w)
	block := false // the last thing printed was a multi-line row
	for k, r := range rows {
		note := breaksNote(r.Breaks)
		if (r.Status == collate.Unanimous || r.Status == collate.Single) && note == "" {
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
		head := paint(string(r.Status), statusColor(r.Status), color)
		if note != "" {
			head += "  " + paint(note, statusColor(r.Breaks), color)
		}
		fmt.Fprintf(w, "%*d  %s  agreement %.2f\n", num, r.Index, head, r.Agreement)
		pad := strings.Repeat(" ", num+2)
		for _, v := range r.Variants {
			i := indexOf(al, v.Readings[0])
			fmt.Fprintf(w, "%s%-*s  %s\n", pad, idw, strings.Join(v.Readings, ","), variantLine(r, i, v, color))
		}
		fmt.Fprintf(w, "%s%-*s  %s\n", pad, idw, "consensus", r.Consensus)
	}
	return nil
}

// outlierLines says, one line per outlier reading, that it shares too
// little with the others to vote.
func outlierLines(al *collate.Alignment) []string {
	var lines []string
	for i, id := range al.Readings {
		if i >= len(al.Reliability) || !al.Reliability[i].Outlier {
			continue
		}
		lines = append(lines, fmt.Sprintf("reading %s shares %s of its text with the others: is it of another page or edition? It does not vote.",
			id, percent(al.Reliability[i].Shared)))
	}
	return lines
}

// percent shows a share as a whole percentage, rounded down so that a
// share below one half never shows as 50%.
func percent(x float64) string {
	return strconv.Itoa(int(math.Floor(x*100+1e-9))) + "%"
}

// breaksNote marks a row whose readings break its lines differently: ""
// when they agree.
func breaksNote(s collate.Status) string {
	switch s {
	case collate.Majority:
		return "line breaks differ"
	case collate.Disputed:
		return "line breaks disputed"
	}
	return ""
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
