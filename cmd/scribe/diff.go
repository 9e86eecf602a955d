package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/words"
)

type diffOptions struct {
	*app
	target   string   // DOCUMENT/PAGE
	pair     []string // two contributors to compare, or none
	disputed bool
	open     bool
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
line), under the page's scan (the path or URL document.toml gives). A row on
which all readings agree is printed once. For the others, each distinct variant
is printed once with the contributors who gave it: that reading's own text, its
differences to the consensus marked; then the consensus. The row's head gives
its status, "tie" when no text outweighs the others (the consensus is then only
the first of them in order), and its agreement score (the mean, over the row's
aligned columns, of the share of readings that agree with the chosen token).

Without colour, the marks are:
` + marksLegend + `
On a terminal (never with NO_COLOR or --color never) the reading's own text
that differs is green, its changed letters underlined, and ‸ and → are red.
Lines wrap to the terminal's width (80 columns when the output is not a
terminal), under the start of the text. A row whose readings break their lines
in different places is printed in full even when its words agree, marked "line
breaks differ" after its status ("line breaks disputed" when the readings are
split evenly). A reading that shares less than half of its text with the others
(an outlier: a reading of another page or edition, most often) is named above
the rows; it does not vote.
When the page has OCR line geometry (ocr-lines.tsv), a row printed in full
ends with a scan line: the OCR lines it covers, their box on the scan in
pixels, and the scribe crop command that cuts them out.
A row whose consensus has words the word check flags (a digit inside a word,
mixed scripts, a typical OCR confusion, a stray apostrophe, a word of the bad
list; transcriptions/words/good.txt allows a word) is followed by a line
"check: WORD (REASON)".

--disputed keeps the disputed rows: those whose words or line breaks have no
strict majority. --open keeps the rows that need review: those settled neither
by a valid decision nor by the project's policy (which settles a row all
readings agree on, when it accepts such rows and the page has the readings it
requires).

With two contributor ids, prints a word diff between those two readings only,
like git diff --no-index --word-diff: [-first-]{+second+}, a space that only
one of them has shown as ·.

--json prints {schema, document, page, readings: [{id, weight, agreement,
outlier}], rows: [{index, status, breaks, basis, agreement, consensus, support,
variants: [{text, readings, missing, joined}], cells}]}, where cells holds each
reading's exact text in the row: a reading's cells over all rows are the reading,
byte for byte. See docs/diff-json.md.` + "\n" + exitStatusHelp,
		Example: `  scribe diff tasks-of-the-working-class/002
  scribe diff 002 --disputed
  scribe diff 002 --open
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
	f.BoolVar(&o.disputed, "disputed", false, "only disputed rows (no strict majority)")
	f.BoolVar(&o.open, "open", false, "only rows that need review (unsettled)")
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
	if o.row != 0 {
		if err := rowInRange(addr.String(), len(al.Rows), "--row", o.row); err != nil {
			return err
		}
	}
	var open []int
	if o.open {
		if len(o.readings) > 0 || pair {
			return usagef("--open lists the page's rows as the build sees them, with every reading: leave out --readings and the two contributors")
		}
		p, err := page.Load(pg.repo, pg.proj, pg.doc, addr.Page)
		if err != nil {
			return err
		}
		open = p.Unresolved
	}
	rows := selectRows(al, o, open)
	color := o.io.Color(o.color)
	switch {
	case o.asJSON:
		return writeJSON(o.io.Out, diffJSON(addr.Document, addr.Page, al, rows))
	case pair:
		return renderPairDiff(o.io.Out, al, indexOf(al, o.pair[0]), indexOf(al, o.pair[1]), rows, color)
	default:
		scan := ""
		if e, ok := pg.doc.Page(addr.Page); ok {
			scan = e.Scan
		}
		g, err := page.Geometry(pg.repo, addr.Document, addr.Page)
		if err != nil {
			return err
		}
		ocr := &page.Page{Alignment: al}
		region := func(row int) string { return regionLine(addr.String(), row, ocr.OCRLines(row), g) }
		lists, err := words.Load(pg.repo.FS)
		if err != nil {
			return err
		}
		return renderDiff(o.io.Out, addr.String(), scan, al, rows, color, screenWidth(o.io.Out), region, wordFlags(al, lists))
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

// selectRows keeps the rows the options ask for: one row, the disputed
// rows, the open ones (open lists them: the rows the page leaves
// unsettled), or all.
func selectRows(al *collate.Alignment, o *diffOptions, open []int) []*collate.Row {
	var rows []*collate.Row
	for i := range al.Rows {
		r := &al.Rows[i]
		if o.row != 0 && r.Index != o.row {
			continue
		}
		if o.disputed && r.Status != collate.Disputed && r.Breaks != collate.Disputed {
			continue
		}
		if o.open && !slices.Contains(open, r.Index) {
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

// renderDiff prints the rows; region names a row's place on the scan,
// under the rows printed in full ("" when it has none).
// flags holds, by row index, the words of the row's consensus that the word
// check flags.
func renderDiff(w io.Writer, name, scan string, al *collate.Alignment, rows []*collate.Row, color bool, width int, region func(row int) string, flags map[int][]words.Flag) error {
	counts := map[collate.Status]int{}
	for _, r := range al.Rows {
		counts[r.Status]++
	}
	writeWrapped(w, name+"  readings: ", len(name)+len("  readings: "), strings.Join(al.Readings, ", "), width)
	if scan != "" {
		writeWrapped(w, "scan: ", len("scan: "), scan, width)
	}
	fmt.Fprintf(w, "%s: %s\n", plural(len(al.Rows), "row", "rows"), statusCounts(counts))
	for _, line := range outlierLines(al) {
		writeWrapped(w, "", 0, line, width)
	}
	num := len(strconv.Itoa(len(al.Rows)))
	pad := strings.Repeat(" ", num+2)
	var labels []string
	for _, r := range rows {
		for _, v := range r.Variants {
			labels = append(labels, strings.Join(v.Readings, ","))
		}
	}
	lw := labelWidth(labels, len(pad), width)
	fmt.Fprintln(w)
	if len(rows) == 0 {
		fmt.Fprintln(w, "no rows to show")
	}
	block := false // the last thing printed was a multi-line row
	for k, r := range rows {
		note := breaksNote(r.Breaks)
		if (r.Status == collate.Unanimous || r.Status == collate.Single) && note == "" {
			if block {
				fmt.Fprintln(w)
			}
			writeWrapped(w, fmt.Sprintf("%*d  ", num, r.Index), num+2, r.Consensus, width)
			writeFlags(w, pad, flags[r.Index], width)
			block = false
			continue
		}
		if k > 0 {
			fmt.Fprintln(w)
		}
		block = true
		fmt.Fprintf(w, "%*d  %s\n", num, r.Index, rowHead(r, color))
		for _, v := range r.Variants {
			writeLabelled(w, pad, strings.Join(v.Readings, ","), lw, variantText(r, indexOf(al, v.Readings[0]), v, color), width)
		}
		writeLabelled(w, pad, "consensus", lw, consensusText(r), width)
		if l := region(r.Index); l != "" {
			writeLabelled(w, pad, "scan", lw, l, width)
		}
		writeFlags(w, pad, flags[r.Index], width)
	}
	return nil
}

// wordFlags runs the word check over the page's consensus, one row a line,
// so that a word elsewhere on the page counts as evidence, and gives each
// row its flags.
func wordFlags(al *collate.Alignment, lists *words.Lists) map[int][]words.Flag {
	lines := make([]string, len(al.Rows))
	for i, r := range al.Rows {
		lines[i] = strings.ReplaceAll(r.Consensus, "\n", " ")
	}
	out := map[int][]words.Flag{}
	for i, flags := range lists.CheckLines(lines) {
		if len(flags) > 0 {
			out[al.Rows[i].Index] = flags
		}
	}
	return out
}

// writeFlags writes the marker line under a row whose consensus has
// flagged words: "check: w0rd (a digit inside a word)".
func writeFlags(w io.Writer, pad string, flags []words.Flag, width int) {
	if len(flags) == 0 {
		return
	}
	writeWrapped(w, pad+"check: ", len(pad)+len("check: "), flagText(flags), width)
}

// flagText lists flagged words with their reasons.
func flagText(flags []words.Flag) string {
	parts := make([]string, len(flags))
	for i, f := range flags {
		parts[i] = f.Word + " (" + f.Reason + ")"
	}
	return strings.Join(parts, ", ")
}

// rowHead is a row's status, how its line breaks agree, whether its
// consensus is a tie, and its agreement.
func rowHead(r *collate.Row, color bool) string {
	head := paint(string(r.Status), statusColor(r.Status), color)
	if note := breaksNote(r.Breaks); note != "" {
		head += "  " + paint(note, statusColor(r.Breaks), color)
	}
	if isTie(r) {
		head += "  " + paint("tie", ansiRed, color)
	}
	return head + fmt.Sprintf("  agreement %.2f", r.Agreement)
}

// isTie reports whether the row's consensus is a tie: another text
// weighed as much as the one proposed.
func isTie(r *collate.Row) bool {
	if r.Basis == collate.BasisTie {
		return true
	}
	return slices.ContainsFunc(r.Columns, func(c collate.Column) bool { return c.Tie && !c.Break })
}

// consensusText is the consensus as a variant line shows it: on a tie,
// said to be no more than the first of the texts that weigh the same.
func consensusText(r *collate.Row) string {
	if r.Consensus == "" {
		return "(no text in this row)"
	}
	if isTie(r) {
		return r.Consensus + "  (a tie: no reading outweighs the others; this is only the first in order)"
	}
	return r.Consensus
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
	fmt.Fprintf(w, "%d of %s differ\n", len(rows)-same, plural(len(rows), "row", "rows"))
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
			if k+1 < len(segs) && segs[k+1].Op == collate.Insert {
				b.WriteString(replaced(s.Text, segs[k+1].Text, color))
				k++
				continue
			}
			b.WriteString(mark(s.Text, "[-", "-]", ansiRed, color))
		case collate.Insert:
			b.WriteString(mark(s.Text, "{+", "+}", ansiGreen, color))
		}
	}
	return b.String()
}

// replaced shows old text replaced by new: [-old-]{+new+}, sharing the
// space before them; a space that only one of them has is part of its
// change, shown as ·. On a terminal, the changed letters are
// underlined.
func replaced(old, new string, color bool) string {
	ol, ot := cutSpace(old)
	ns, nt := cutSpace(new)
	lead := ""
	if ol != "" && ns != "" {
		lead = " "
	} else {
		ot, nt = strings.Replace(ol, " ", markSpace, 1)+ot, strings.Replace(ns, " ", markSpace, 1)+nt
	}
	if !color {
		return lead + "[-" + showBreaks(ot) + "-]{+" + showBreaks(nt) + "+}"
	}
	del, ins := charLevel(ot, nt)
	return lead + del + ins
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
