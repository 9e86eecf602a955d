package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

type decideOptions struct {
	*app
	target    string // DOCUMENT/PAGE
	row       int
	through   int
	rows      string // --rows: a list of rows and spans, "3-9,12"
	pick      string
	text      string
	consensus bool
	omit      bool
	undo      bool
	dropStale bool
	note      string
	as        string
	now       func() time.Time
}

func newDecideCmd(a *app, runF func(context.Context, *decideOptions) error) *cobra.Command {
	if runF == nil {
		runF = runDecide
	}
	o := &decideOptions{app: a, now: time.Now}
	cmd := &cobra.Command{
		Use:   "decide DOCUMENT/PAGE (--row N (--pick ID | --text TEXT | --consensus | --omit | --undo) | --rows LIST (--pick ID | --consensus | --omit) | --drop-stale)",
		Short: "Record a reviewer's decision on one row of a page",
		Long: `Record the decision on row N of a page (rows as scribe diff numbers them):
take one contributor's variant (--pick ID), the consensus (--consensus), a
correction you type (--text TEXT), or leave the row out of the canonical text
(--omit: a page number, a running head, a stray mark). --undo removes the
decision on the row. --note adds a note, e.g. what the scan shows.
--drop-stale removes the page's stale decisions (see below), once the rows
they were made on are decided again or no longer exist; git keeps them.

--through M settles rows N to M as one printed line, for a line that a reading
spread over several rows (broken where the others are not, or scattered a word
a line by the OCR): row N takes the whole line, and rows N+1 to M are omitted
with a note naming row N. --pick ID takes that reading's text in every row of
the span (refused where it has no text in a row another reading has),
--consensus the rows' consensus joined, --text the line you type.

--rows LIST settles many rows at once with one choice, each row as --row N
would: LIST is rows and spans separated by commas, e.g. 3-9,12, and the choice
is --pick ID (that reading's text in each row), --consensus or --omit. An
earlier decision on one of the rows is replaced. If any row cannot be decided
(out of range, no text by ID there, the four-eyes rule), nothing is recorded
and the error names the row and why.

A text carrying a reviewer's note [**…] is refused: type the line without it
and put the note in --note.

Only reviewers and maintainers in transcriptions/project.toml may decide. With
the policy's four-eyes rule, a decision that rests on your own reading alone is
refused: another reviewer decides that row. The decision records the row's
variants as you saw them; if they change later, the decision becomes stale and
is not applied until decided again (scribe review --stale).

The decision is written to the page's decisions.txt; commit it with git.

` + asRule + "\n" + exitStatusHelp,
		Example: `  scribe decide tasks-of-the-working-class/002 --row 5 --pick jane-doe
  scribe decide 002 --row 7 --text "per cent. That promise, however," --note "scan checked"
  scribe decide 002 --row 1 --omit --note "page number"
  scribe decide 010 --row 1 --through 12 --text "Such are our duties, our domestic and international obligations."
  scribe decide 002 --rows 3-9,12 --pick jane-doe
  scribe decide 002 --row 3 --consensus --as jane-doe   # a maintainer acting for jane-doe
  scribe decide 010 --drop-stale`,
		Args: args(oneTarget(cobra.ExactArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.target = argv[0]
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.row, "row", 0, "the row `N` to decide (1-based, as scribe diff shows it)")
	f.IntVar(&o.through, "through", 0, "settle rows N to `M` as one printed line: row N takes the whole line (--pick ID: that reading's text across the rows; --consensus: the rows' consensus joined), the others are omitted")
	f.StringVar(&o.rows, "rows", "", "decide every row of `LIST` (e.g. 3-9,12) with one choice: --pick ID, --consensus or --omit")
	f.StringVar(&o.pick, "pick", "", "take the variant of contributor `ID`")
	f.StringVar(&o.text, "text", "", "take `TEXT`, typed by you")
	f.BoolVar(&o.consensus, "consensus", false, "take the consensus")
	f.BoolVar(&o.omit, "omit", false, "leave the row out of the canonical text")
	f.BoolVar(&o.undo, "undo", false, "remove the decision on the row")
	f.BoolVar(&o.dropStale, "drop-stale", false, "remove the page's stale decisions")
	f.StringVar(&o.note, "note", "", "a note on the decision")
	f.StringVar(&o.as, "as", "", asFlag)
	cmd.MarkFlagsOneRequired("pick", "text", "consensus", "omit", "undo", "drop-stale")
	cmd.MarkFlagsMutuallyExclusive("pick", "text", "consensus", "omit", "undo", "drop-stale")
	cmd.MarkFlagsMutuallyExclusive("drop-stale", "row")
	cmd.MarkFlagsMutuallyExclusive("drop-stale", "through")
	cmd.MarkFlagsMutuallyExclusive("rows", "row")
	cmd.MarkFlagsMutuallyExclusive("rows", "through")
	cmd.MarkFlagsMutuallyExclusive("rows", "drop-stale")
	return cmd
}

// runDecide records, or with --undo removes, the decision on one row (or
// with --through a span of rows, with --rows a list of them) in the page's
// decisions.txt.
func runDecide(ctx context.Context, o *decideOptions) error {
	choice, err := o.choice()
	if err != nil {
		return usageError{err}
	}
	if o.through != 0 && o.undo {
		return usagef("--through settles a span; undo its rows one by one")
	}
	var list []int
	if o.rows != "" {
		if o.text != "" || o.undo {
			return usagef("--rows gives every row one choice: --pick ID, --consensus or --omit (type a text, or undo, row by row with --row N)")
		}
		if list, err = parseRows(o.rows); err != nil {
			return usageError{err}
		}
	} else if o.row == 0 && !o.dropStale {
		return usagef("say which row: --row N, or --rows LIST")
	}
	pg, err := o.page(o.target, "decide")
	if err != nil {
		return err
	}
	actor, err := identity(openGit(pg.repo), pg.proj, o.as, project.Writing)
	if err != nil {
		return err
	}
	o.tellActing(actor)
	who, addr := actor.Person, pg.addr
	if (o.undo || o.dropStale) && who.Role < project.Reviewer {
		return fmt.Errorf("%s is not a reviewer: only reviewers and maintainers in transcriptions/project.toml may remove decisions", who.ID)
	}
	var d decision.Decision
	var made []decision.Decision
	var dropped []int
	_, err = page.Update(ctx, pg.repo, pg.proj, addr.Document, addr.Page, func(p *page.Page) error {
		if o.dropStale {
			if dropped = p.DropStale(); len(dropped) == 0 {
				return fmt.Errorf("%s has no stale decision", addr)
			}
			return nil
		}
		if list != nil {
			for _, row := range list {
				if err := inRange(p, "--rows", row); err != nil {
					return fmt.Errorf("nothing decided: %w", err)
				}
			}
			for _, row := range list {
				d, err := p.Decide(pg.proj, row, choice, who.ID, o.note, o.now())
				if err != nil {
					return fmt.Errorf("nothing decided: row %d: %w", row, err)
				}
				made = append(made, d)
			}
			return nil
		}
		if err := inRange(p, "--row", o.row); err != nil {
			return err
		}
		if o.through != 0 {
			if err := inRange(p, "--through", o.through); err != nil {
				return err
			}
		}
		if o.undo {
			if !p.Undo(o.row) {
				return fmt.Errorf("row %d of %s has no decision to undo", o.row, addr)
			}
			return nil
		}
		var err error
		if o.through != 0 {
			d, err = p.DecideSpan(pg.proj, o.row, o.through, choice, who.ID, o.note, o.now())
			return err
		}
		d, err = p.Decide(pg.proj, o.row, choice, who.ID, o.note, o.now())
		return err
	})
	if err != nil {
		return err
	}
	switch {
	case o.undo:
		fmt.Fprintf(o.io.Out, "row %d of %s: decision removed\n", o.row, addr)
	case o.dropStale:
		fmt.Fprintf(o.io.Out, "%s: %s\n", addr, droppedStale(dropped))
	case list != nil:
		for _, d := range made {
			fmt.Fprintf(o.io.Out, "row %d of %s decided by %s: %s\n", d.Row, addr, who.ID, decisionSummary(d))
		}
	default:
		fmt.Fprintf(o.io.Out, "row %d of %s decided by %s: %s\n", o.row, addr, who.ID, decisionSummary(d))
		if o.through > o.row {
			fmt.Fprintf(o.io.Out, "%s of %s omitted: joined into row %d\n", rowsWord(o.row+1, o.through), addr, o.row)
		}
	}
	return nil
}

// inRange refuses a row the page does not have, giving the rows it has.
func inRange(p *page.Page, flag string, row int) error {
	return rowInRange(p.Doc+"/"+p.ID, p.Rows, flag, row)
}

// rowInRange refuses a row that a page of rows rows, addr, does not have.
func rowInRange(addr string, rows int, flag string, row int) error {
	switch {
	case rows == 0:
		return fmt.Errorf("%s %d: %s has no rows yet: it has no readings", flag, row, addr)
	case row < 1 || row > rows:
		if rows == 1 {
			return fmt.Errorf("%s %d is out of range: %s has 1 row, row 1", flag, row, addr)
		}
		return fmt.Errorf("%s %d is out of range: %s has %d rows, 1 to %d", flag, row, addr, rows, rows)
	}
	return nil
}

// rowsWord names rows first to last: "row 5", "rows 5-7".
func rowsWord(first, last int) string {
	if first == last {
		return fmt.Sprintf("row %d", first)
	}
	return fmt.Sprintf("rows %d-%d", first, last)
}

// parseRows reads a --rows list: rows and spans separated by commas,
// "3-9,12", each row 1 or more and each span first to last. The rows come
// back sorted, each once.
func parseRows(list string) ([]int, error) {
	bad := func(item, why string) error {
		return fmt.Errorf("--rows %s: %q %s; write rows and spans separated by commas, e.g. 3-9,12", list, item, why)
	}
	var rows []int
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, bad(item, "is empty")
		}
		lo, hi, span := strings.Cut(item, "-")
		first, err1 := strconv.Atoi(strings.TrimSpace(lo))
		last, err2 := first, error(nil)
		if span {
			last, err2 = strconv.Atoi(strings.TrimSpace(hi))
		}
		switch {
		case err1 != nil || err2 != nil:
			return nil, bad(item, "is not a row number or a span FIRST-LAST")
		case first < 1:
			return nil, bad(item, "starts before row 1")
		case last < first:
			return nil, bad(item, "ends before it starts")
		}
		for r := first; r <= last; r++ {
			rows = append(rows, r)
		}
	}
	slices.Sort(rows)
	return slices.Compact(rows), nil
}

func (o *decideOptions) choice() (page.Choice, error) {
	switch {
	case o.pick != "":
		return page.Choice{How: decision.Pick, Pick: o.pick}, nil
	case o.text != "":
		return page.Choice{How: decision.Typed, Text: o.text}, nil
	case o.consensus:
		return page.Choice{How: decision.Consensus}, nil
	case o.omit:
		return page.Choice{How: decision.Omit}, nil
	case o.undo, o.dropStale:
		return page.Choice{}, nil
	}
	return page.Choice{}, errors.New("say what to decide: --pick ID, --text TEXT, --consensus, --omit, --undo or --drop-stale")
}

// decisionSummary says what a decision takes, in plain words: `"text"
// (pick of ann)`, `"text" (consensus of ann, bob)`, `"text" (typed)`.
func decisionSummary(d decision.Decision) string {
	switch d.How {
	case decision.Omit:
		return "omitted from the canonical text"
	case decision.Typed:
		return `"` + d.Text + `" (typed)`
	default:
		return fmt.Sprintf(`"%s" (%s of %s)`, d.Text, d.How, strings.Join(d.Readings, ", "))
	}
}

// droppedStale says which stale decisions were removed, by the rows they
// were made on: "1 stale decision removed (made on row 4)".
func droppedStale(rows []int) string {
	nums := make([]string, len(rows))
	for i, r := range rows {
		nums[i] = strconv.Itoa(r)
	}
	if len(rows) == 1 {
		return "1 stale decision removed (made on row " + nums[0] + ")"
	}
	return fmt.Sprintf("%d stale decisions removed (made on rows %s)", len(rows), strings.Join(nums, ", "))
}
