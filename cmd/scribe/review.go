package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/words"
)

type reviewOptions struct {
	*app
	target string // DOCUMENT/PAGE
	stale  bool
	as     string
	editor string // $EDITOR: a shell command, run with the file to edit
	now    func() time.Time
}

func newReviewCmd(a *app, runF func(context.Context, *reviewOptions) error) *cobra.Command {
	if runF == nil {
		runF = runReview
	}
	o := &reviewOptions{app: a, now: time.Now}
	cmd := &cobra.Command{
		Use:   "review DOCUMENT/PAGE",
		Short: "Walk a page's disputed rows and decide them, interactively",
		Long: `Walk the rows of a page that need a decision, disputed rows first, then
majority rows (with --stale: the rows whose decisions no longer hold, shown with
the variants the decision was made on and the variants now). Each screen shows
the page's scan (the path or URL document.toml gives), the row's status ("tie"
when no text outweighs the others) and agreement, its variants numbered with
their contributors, each the reading's own text with its differences to the
consensus marked, the consensus, where the row lies on the scan when the page
has OCR line geometry (with the scribe crop command that cuts it out), the
consensus's words the word check flags (transcriptions/words/, as in diff), and
one row of context above and below. Lines wrap to the terminal's width. Without colour, the marks are:
` + marksLegend + `

Answer with a key and Enter:
  1, 2, …  take that variant
  c        take the consensus; on a tie, asks which reading to take
  e        edit the text, starting from the consensus (its leading white
           space kept): in $VISUAL or $EDITOR when one is set, else on the
           line itself, prefilled: ← → Home End move, Backspace and Delete
           delete, Ctrl-U and Ctrl-K delete to either end, Enter takes the
           line, Ctrl-C cancels
  x        leave the row out of the canonical text (page number, stray mark)
  j        join the next row to this one: the rows are one printed line that
           the readings broke; the next key decides them as scribe decide
           --through does (repeat j to join more rows)
  n        add a note to the next decision on this row; it stays with the
           row through undo and redo
  s        skip the row
  u        undo your last decision; after the last row, u still undoes it
  r        redo the decision last undone, with its note
  q        quit

Each decision is written to decisions.txt as soon as it is made: quitting or a
crash loses nothing already decided. review needs a terminal; in scripts use
scribe decide.

` + asRule + "\n" + exitStatusHelp,
		Example: `  scribe review tasks-of-the-working-class/002
  scribe review 002 --stale
  scribe review 002 --as jane-doe   # a maintainer acting for jane-doe`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.target = argv[0]
			o.editor = os.Getenv("VISUAL")
			if o.editor == "" {
				o.editor = os.Getenv("EDITOR")
			}
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.stale, "stale", false, "walk the rows whose decisions are stale")
	cmd.Flags().StringVar(&o.as, "as", "", asFlag)
	return cmd
}

// runReview walks the page's rows that need a decision with a reviewer at
// a terminal.
func runReview(ctx context.Context, o *reviewOptions) error {
	if !o.io.InTTY {
		return errors.New("review is interactive and needs a terminal: in scripts, record decisions with `scribe decide DOCUMENT/PAGE --row N --pick ID` (or --text, --consensus, --omit)")
	}
	pg, err := o.page(o.target, "review")
	if err != nil {
		return err
	}
	actor, err := identity(openGit(pg.repo), pg.proj, o.as, project.Writing)
	if err != nil {
		return err
	}
	o.tellActing(actor)
	who := actor.Person
	if who.Role < project.Reviewer {
		return fmt.Errorf("%s is not a reviewer: only reviewers and maintainers in transcriptions/project.toml may decide rows", who.ID)
	}
	s := &session{
		io: o.io, in: bufio.NewReader(o.io.In), color: o.io.Color(o.color), editor: o.editor, now: o.now,
		repo: pg.repo, proj: pg.proj, doc: pg.addr.Document, page: pg.addr.Page, who: who.ID, stale: o.stale,
	}
	if e, ok := pg.doc.Page(pg.addr.Page); ok {
		s.scan = e.Scan
	}
	if s.words, err = words.Load(pg.repo.FS); err != nil {
		return err
	}
	return s.run(ctx)
}

// session is one interactive review of a page: what it works on, and where
// it is.
type session struct {
	io     *IO
	in     *bufio.Reader // io.In, read a line at a time
	color  bool
	editor string
	now    func() time.Time
	width  int // the screen's width; 0: the terminal's

	repo      *layout.Repo
	proj      *project.Project
	doc, page string
	scan      string // the page's scan: a path or URL
	who       string // the reviewer, who decides
	stale     bool   // walk the stale decisions
	words     *words.Lists

	queue   []int    // the rows to walk
	k       int      // the index in queue of the row shown
	through int      // the last row joined to the row shown into one printed line; 0: none
	note    string   // the note for the next decision on the row shown
	done    []made   // decisions made in this session, for undo
	undone  []made   // decisions undone, for redo
	options []option // what the numbers pick on the screen shown
	optFor  [2]int   // the rows first and last the options are of
}

// made is a decision the session recorded: on rows first to last, with
// its choice and note, so that undo can take it back and redo make it
// again.
type made struct {
	first, last int
	choice      page.Choice
	note        string
}

// option is a text the reviewer can pick by its number: a variant of the
// row, or of the rows joined.
type option struct {
	readings []string
	text     string // the text shown, its differences marked
	missing  bool   // the readings have no text there
}

// A session's loop shows a row and reads keys (prompt), turns each key
// into an action (parseAction) and applies it (apply), which says what
// the loop does next.
type (
	// action is what a key asks for.
	action struct {
		kind    actionKind
		variant int // for pick: the variant's number, 1-based
	}
	actionKind int
	// step is where the session goes after an action.
	step int
)

const (
	actInvalid   actionKind = iota
	actPick                 // 1, 2, …: take that variant
	actConsensus            // c
	actEdit                 // e: type or edit a correction
	actOmit                 // x
	actNote                 // n: a note for the next decision
	actSkip                 // s
	actUndo                 // u: undo the session's last decision
	actQuit                 // q
	actJoin                 // j: join the next row to the line shown
	actRedo                 // r: make the decision undone again
)

const (
	stay step = iota // ask again about the row shown
	show             // show the row queue[k], read afresh
	quit             // end the session
)

// run walks the queue until it ends, the reviewer quits or the input does.
func (s *session) run(ctx context.Context) error {
	w := s.io.Out
	p, err := page.Open(s.repo, s.proj, s.doc, s.page)
	if err != nil {
		return err
	}
	s.queue = p.Queue(s.stale)
	if len(s.queue) == 0 {
		fmt.Fprintf(w, "%s/%s: nothing to review\n", s.doc, s.page)
		return nil
	}
	for {
		for s.k < len(s.queue) {
			// Read afresh: a decision changes the page, and another reviewer
			// may have decided meanwhile.
			if p, err = page.Open(s.repo, s.proj, s.doc, s.page); err != nil {
				return err
			}
			s.show(p, s.queue[s.k], s.k+1, len(s.queue))
			for next := stay; next == stay; {
				key, err := s.prompt()
				if errors.Is(err, io.EOF) {
					fmt.Fprintf(w, "\nstopped: %s recorded\n", decisionCount(len(s.done)))
					return nil
				}
				if err != nil {
					return err
				}
				if next, err = s.apply(ctx, p, parseAction(key, len(s.options))); err != nil {
					return err
				}
				if next == quit {
					return nil
				}
			}
		}
		// The end of the queue: the last decision may still be taken back.
		if len(s.done) == 0 {
			break
		}
		fmt.Fprint(w, "that was the last row: u undoes its decision, Enter ends\nreview> ")
		line, err := s.in.ReadString('\n')
		if strings.TrimSpace(line) != "u" || err != nil {
			break
		}
		if p, err = page.Open(s.repo, s.proj, s.doc, s.page); err != nil {
			return err
		}
		s.k = len(s.queue) - 1 // undo goes back to the row undone
		if _, err := s.apply(ctx, p, action{kind: actUndo}); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "done: %s recorded in %s\n", decisionCount(len(s.done)), layout.DecisionsPath(s.doc, s.page))
	return nil
}

// decisionCount is "1 decision", "2 decisions".
func decisionCount(n int) string {
	return plural(n, "decision", "decisions")
}

// prompt asks for a key and reads it: io.EOF when the input has ended.
func (s *session) prompt() (string, error) {
	fmt.Fprint(s.io.Out, "review> ")
	line, err := s.in.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimSpace(line), nil
}

// parseAction turns a key into an action, for a row of so many variants.
func parseAction(key string, variants int) action {
	switch key {
	case "q":
		return action{kind: actQuit}
	case "s":
		return action{kind: actSkip}
	case "u":
		return action{kind: actUndo}
	case "r":
		return action{kind: actRedo}
	case "n":
		return action{kind: actNote}
	case "c":
		return action{kind: actConsensus}
	case "x":
		return action{kind: actOmit}
	case "e":
		return action{kind: actEdit}
	case "j":
		return action{kind: actJoin}
	}
	if n, err := strconv.Atoi(key); err == nil && n >= 1 && n <= variants {
		return action{kind: actPick, variant: n}
	}
	return action{kind: actInvalid}
}

// apply carries out an action on the row shown of page p and says where
// the session goes next. A decision that cannot be recorded is reported
// and asked again; only a failure to read or write the page is an error.
func (s *session) apply(ctx context.Context, p *page.Page, act action) (step, error) {
	w := s.io.Out
	row := s.queue[s.k]
	last := max(row, s.through)
	r := &p.Alignment.Rows[row-1]
	if s.optFor != [2]int{row, last} {
		s.rowOptions(p, row)
		if last > row {
			s.showSpan(p, row, last)
		}
	}
	var choice page.Choice
	switch act.kind {
	case actQuit:
		fmt.Fprintf(w, "quit: %s recorded in %s\n", decisionCount(len(s.done)), layout.DecisionsPath(s.doc, s.page))
		return quit, nil
	case actSkip:
		s.k++
		s.through, s.note = 0, ""
		return show, nil
	case actUndo:
		if len(s.done) == 0 {
			fmt.Fprintln(w, "nothing to undo in this session")
			return stay, nil
		}
		m := s.done[len(s.done)-1]
		if _, err := page.Update(ctx, s.repo, s.proj, s.doc, s.page, func(p *page.Page) error {
			for row := m.first; row <= m.last; row++ {
				p.Undo(row)
			}
			return nil
		}); err != nil {
			return stay, err
		}
		s.done = s.done[:len(s.done)-1]
		s.undone = append(s.undone, m)
		fmt.Fprintf(w, "undone: %s (r redoes it)\n", rowSpanName(m.first, m.last))
		s.goTo(m.first)
		s.note = m.note // the note stays with the row, for its next decision
		if m.last > m.first {
			s.through = m.last
		}
		return show, nil
	case actRedo:
		if len(s.undone) == 0 {
			fmt.Fprintln(w, "nothing to redo: r makes again a decision undone with u")
			return stay, nil
		}
		m := s.undone[len(s.undone)-1]
		s.goTo(m.first)
		fresh, err := page.Open(s.repo, s.proj, s.doc, s.page)
		if err != nil {
			return stay, err
		}
		s.undone = s.undone[:len(s.undone)-1]
		return s.record(ctx, fresh, m.first, m.last, m.choice, m.note)
	case actNote:
		fmt.Fprint(w, "note: ")
		n, _ := s.in.ReadString('\n')
		s.note = strings.TrimSpace(n)
		return stay, nil
	case actJoin:
		if last >= len(p.Alignment.Rows) {
			fmt.Fprintf(w, "row %d is the page's last: there is no row to join to it\n", last)
			return stay, nil
		}
		s.through = last + 1
		s.showSpan(p, row, s.through)
		return stay, nil
	case actConsensus:
		choice = page.Choice{How: decision.Consensus}
		if last == row && isTie(r) {
			// A tie has no consensus to take: the reviewer says which.
			n, err := s.askTie(len(r.Variants))
			if err != nil || n == 0 {
				return stay, err
			}
			act = action{kind: actPick, variant: n}
			return s.apply(ctx, p, act)
		}
	case actOmit:
		choice = page.Choice{How: decision.Omit}
	case actEdit:
		t, err := s.edit(s.startText(p, row, last))
		if err != nil {
			fmt.Fprintln(w, err.Error())
			return stay, nil
		}
		choice = page.Choice{How: decision.Typed, Text: t}
	case actPick:
		o := s.options[act.variant-1]
		choice = page.Choice{How: decision.Pick, Pick: o.readings[0]}
		if o.missing {
			choice = page.Choice{How: decision.Omit}
		}
	default:
		fmt.Fprintf(w, "answer %s\n", s.answers())
		return stay, nil
	}
	s.undone = nil
	return s.record(ctx, p, row, last, choice, s.note)
}

// answers lists the keys the prompt takes.
func (s *session) answers() string {
	return fmt.Sprintf("1-%d, c, e, x, j, n, s, u, r or q", len(s.options))
}

// goTo makes row the one shown.
func (s *session) goTo(row int) {
	for i, q := range s.queue {
		if q == row {
			s.k = i
		}
	}
	s.through = 0
}

// askTie asks which variant a tie is settled with: 0 when the reviewer
// answers none.
func (s *session) askTie(variants int) (int, error) {
	fmt.Fprintf(s.io.Out, "the consensus is a tie: which reading? 1-%d (Enter: none) ", variants)
	line, err := s.in.ReadString('\n')
	if err != nil && line == "" {
		if errors.Is(err, io.EOF) {
			return 0, nil
		}
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || n < 1 || n > variants {
		fmt.Fprintln(s.io.Out, "not recorded: pick a reading by its number")
		return 0, nil
	}
	return n, nil
}

// record makes the decision choice on rows first to last of page p, the
// page as the reviewer saw it, and moves on.
func (s *session) record(ctx context.Context, p *page.Page, first, last int, choice page.Choice, note string) (step, error) {
	w := s.io.Out
	// The page is read again under the lock and the choice applied to it,
	// so that whatever was written while the reviewer thought is kept;
	// if a row itself changed meanwhile, the choice is not made on it.
	var d decision.Decision
	var changed error
	_, err := page.Update(ctx, s.repo, s.proj, s.doc, s.page, func(fresh *page.Page) error {
		for row := first; row <= last; row++ {
			if changed = rowChanged(p, fresh, row); changed != nil {
				return changed
			}
		}
		var err error
		if last > first {
			d, err = fresh.DecideSpan(s.proj, first, last, choice, s.who, note, s.now())
		} else {
			d, err = fresh.Decide(s.proj, first, choice, s.who, note, s.now())
		}
		return err
	})
	if changed != nil {
		fmt.Fprintf(w, "not recorded: %s; here it is again\n", changed.Error())
		s.through = 0
		return show, nil
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return stay, err
		}
		fmt.Fprintf(w, "not recorded: %s\n", err.Error())
		return stay, nil
	}
	s.done = append(s.done, made{first: first, last: last, choice: choice, note: note})
	fmt.Fprintf(w, "%s: %s\n", rowSpanName(first, last), reviewDecision(d, last > first))
	// Move past the rows decided.
	for s.k < len(s.queue) && s.queue[s.k] <= last {
		s.k++
	}
	s.through, s.note = 0, ""
	return show, nil
}

// rowSpanName is "row 4" or "rows 4-5".
func rowSpanName(first, last int) string {
	if first == last {
		return fmt.Sprintf("row %d", first)
	}
	return fmt.Sprintf("rows %d-%d", first, last)
}

// reviewDecision says what a decision recorded, in words: the text as it
// is, and whose reading it is. An omit says how to take it back.
func reviewDecision(d decision.Decision, joined bool) string {
	var out string
	switch d.How {
	case decision.Omit:
		out = "omitted from the canonical text (u undoes it)"
	case decision.Typed:
		out = quoted(d.Text) + " (typed)"
	case decision.Consensus:
		out = quoted(d.Text) + " (the consensus, " + readingsOf(d.Readings) + ")"
	default:
		out = quoted(d.Text) + " (" + readingsOf(d.Readings) + ")"
	}
	if joined && d.How != decision.Omit {
		out += "; the rows after it joined to it"
	}
	return out
}

// readingsOf names the readings a text is: "ann's reading", "the
// readings of ann and ben".
func readingsOf(ids []string) string {
	switch len(ids) {
	case 0:
		return "no reading's"
	case 1:
		return ids[0] + "'s reading"
	}
	return "the readings of " + names(ids)
}

// rowChanged says why row of fresh, the page as it is now, is not the row
// the reviewer was shown on page shown: its variants changed (a new or
// edited reading), or its decision did (another reviewer decided it).
func rowChanged(shown, fresh *page.Page, row int) error {
	if row > len(fresh.Alignment.Rows) || !slices.Equal(shown.Alignment.Readings, fresh.Alignment.Readings) ||
		!slices.Equal(shown.Seen(row), fresh.Seen(row)) {
		return fmt.Errorf("row %d changed while you were looking at it (the page's readings changed)", row)
	}
	a, okA := shown.Valid(row)
	b, okB := fresh.Valid(row)
	if okA != okB || (okA && !sameDecision(a.Decision, b.Decision)) {
		if !okB {
			return fmt.Errorf("the decision on row %d was removed while you were looking at it", row)
		}
		return fmt.Errorf("row %d was decided by %s while you were looking at it", row, b.By)
	}
	return nil
}

func sameDecision(a, b decision.Decision) bool {
	return a.How == b.How && a.Text == b.Text && a.By == b.By && a.At.Equal(b.At)
}

// show prints a row with its variants, its consensus and one row of
// context above and below, under the page's scan.
func (s *session) show(p *page.Page, row, n, of int) {
	if s.through > row {
		s.showSpan(p, row, s.through)
		return
	}
	w := s.io.Out
	width := s.screenWidth()
	al := p.Alignment
	r := &al.Rows[row-1]
	fmt.Fprintln(w)
	writeWrapped(w, "", 0, fmt.Sprintf("%s/%s  row %d of %d  %s  (%d of %d)", s.doc, s.page, row, len(al.Rows), rowHead(r, s.color), n, of), width)
	if s.scan != "" {
		writeWrapped(w, "scan: ", len("scan: "), s.scan, width)
	}
	const indent = "   "
	var labels []string
	for k, v := range r.Variants {
		labels = append(labels, fmt.Sprintf("[%d] %s", k+1, strings.Join(v.Readings, ",")))
	}
	lw := labelWidth(labels, len(indent), width)
	context := func(row int) {
		writeLabelled(w, indent, fmt.Sprintf("%*d", lw, row), lw, s.settledText(p, row), width)
	}
	if row > 1 {
		context(row - 1)
	}
	if a, ok := p.StaleOn(row); ok {
		writeLabelled(w, indent, "stale", lw, fmt.Sprintf("decided by %s on %s: %s", a.By, a.At.Format("2006-01-02"), quoted(a.Text)), width)
		for _, t := range a.Seen {
			writeLabelled(w, indent, "  then", lw, t, width)
		}
		for _, t := range a.Current {
			writeLabelled(w, indent, "  now", lw, t, width)
		}
	}
	s.rowOptions(p, row)
	for k, o := range s.options {
		writeLabelled(w, indent, labels[k], lw, o.text, width)
	}
	writeLabelled(w, indent, "consensus", lw, consensusText(r), width)
	if l := regionLine(s.doc+"/"+s.page, row, p.OCRLines(row), p.Geometry); l != "" {
		writeLabelled(w, indent, "scan", lw, l, width)
	}
	if f := wordFlags(al, s.words)[row]; len(f) > 0 {
		writeLabelled(w, indent, "check", lw, flagText(f), width)
	}
	if row < len(al.Rows) {
		context(row + 1)
	}
	for _, l := range strings.Split(s.keys(len(r.Variants)), "\n") {
		writeWrapped(w, "", 0, l, width)
	}
}

// rowOptions makes the variants of row what the numbers pick.
func (s *session) rowOptions(p *page.Page, row int) {
	r := &p.Alignment.Rows[row-1]
	s.options, s.optFor = s.options[:0], [2]int{row, row}
	for _, v := range r.Variants {
		t := variantText(r, indexOf(p.Alignment, v.Readings[0]), v, s.color)
		s.options = append(s.options, option{readings: v.Readings, text: t, missing: v.Missing})
	}
}

// keys is the line of keys under a row.
func (s *session) keys(variants int) string {
	return fmt.Sprintf("1-%d pick · c consensus · e edit · x omit · j join the next row\nn note · s skip · u undo · r redo · q quit", variants)
}

// showSpan shows rows first to last joined into one printed line: each
// reading's text over them, and the consensus, joined.
func (s *session) showSpan(p *page.Page, first, last int) {
	w := s.io.Out
	width := s.screenWidth()
	al := p.Alignment
	fmt.Fprintf(w, "\n%s/%s  rows %d-%d joined into one line\n", s.doc, s.page, first, last)
	if s.scan != "" {
		writeWrapped(w, "scan: ", len("scan: "), s.scan, width)
	}
	consensus := spanConsensus(al, first, last)
	s.options, s.optFor = s.options[:0], [2]int{first, last}
	for i, id := range al.Readings {
		t := spanText(al, i, first, last)
		k := slices.IndexFunc(s.options, func(o option) bool { return o.text == t })
		if k < 0 {
			s.options = append(s.options, option{text: t, missing: t == ""})
			k = len(s.options) - 1
		}
		s.options[k].readings = append(s.options[k].readings, id)
	}
	const indent = "   "
	var labels []string
	for k, o := range s.options {
		labels = append(labels, fmt.Sprintf("[%d] %s", k+1, strings.Join(o.readings, ",")))
	}
	lw := labelWidth(labels, len(indent), width)
	for k, o := range s.options {
		t := o.text
		switch {
		case o.missing:
			t = "(no text in these rows)"
		case t != consensus:
			t = markReading(collate.CharDiff(consensus, t), s.color)
		}
		writeLabelled(w, indent, labels[k], lw, t, width)
	}
	writeLabelled(w, indent, "consensus", lw, consensus, width)
	if last < len(al.Rows) {
		writeLabelled(w, indent, fmt.Sprintf("%*d", lw, last+1), lw, s.settledText(p, last+1), width)
	}
	writeWrapped(w, "", 0, fmt.Sprintf("1-%d pick · c consensus · e edit · x omit · j join one more row · s skip · q quit (rows %d-%d are decided as one line; the rows after the first are omitted)", len(s.options), first, last), width)
}

// spanText is reading i's text over rows first to last, as one line.
func spanText(al *collate.Alignment, i, first, last int) string {
	var b strings.Builder
	for row := first; row <= last; row++ {
		b.WriteString(al.Rows[row-1].Cells[i])
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// spanConsensus is the consensus of rows first to last, joined.
func spanConsensus(al *collate.Alignment, first, last int) string {
	var parts []string
	for row := first; row <= last; row++ {
		if t := al.Rows[row-1].Consensus; t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// startText is the text an edit of rows first to last starts from: the
// consensus, or the text of the first reading that has one.
func (s *session) startText(p *page.Page, first, last int) string {
	if t := spanConsensus(p.Alignment, first, last); t != "" {
		return t
	}
	for i := range p.Alignment.Readings {
		if t := spanText(p.Alignment, i, first, last); t != "" {
			return t
		}
	}
	return ""
}

// screenWidth is the width of the reviewer's terminal.
func (s *session) screenWidth() int {
	if s.width > 0 {
		return s.width
	}
	return screenWidth(s.io.Out)
}

// quoted puts a text in quotation marks as it is, without escaping.
func quoted(t string) string { return "\"" + t + "\"" }

// settledText is a context row as the canonical text would have it.
func (s *session) settledText(p *page.Page, row int) string {
	if d, ok := p.Valid(row); ok {
		if d.How == decision.Omit {
			return "(omitted)"
		}
		return d.Text
	}
	r := p.Alignment.Rows[row-1]
	if r.Status == collate.Unanimous || r.Status == collate.Single {
		return r.Consensus
	}
	return r.Consensus + "  (" + string(r.Status) + ")"
}

// edit lets the reviewer correct a text: in the editor when one is set,
// else at the prompt, where an empty answer keeps the text given.
func (s *session) edit(start string) (string, error) {
	if s.editor != "" {
		return s.editInEditor(start)
	}
	if f, ok := s.io.In.(*os.File); ok && s.io.InTTY {
		// Without an editor, the line itself, prefilled, on the terminal.
		t, err := editLine(s.in, s.io.Out, f, "text: ", start)
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(t) == "" {
			return "", errors.New("the line is empty: nothing decided (x leaves the row out)")
		}
		return strings.TrimRight(t, " \t"), nil
	}
	fmt.Fprintf(s.io.Out, "text (Enter keeps: %s)\n: ", start)
	line, err := s.in.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	if t := strings.TrimRight(line, "\r\n"); strings.TrimSpace(t) != "" {
		return strings.TrimRight(t, " \t"), nil
	}
	return start, nil
}

// editInEditor runs the editor on a file holding start and returns what
// the reviewer left in it. The editor runs on the session's streams: on a
// terminal they are its files, handed on as they are.
func (s *session) editInEditor(start string) (string, error) {
	f, err := os.CreateTemp("", "scribe-row-*.txt")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(start + "\n"); err != nil {
		return "", err
	}
	f.Close()
	c := exec.Command("sh", "-c", s.editor+` "$1"`, "editor", f.Name())
	c.Stdin, c.Stdout, c.Stderr = s.io.In, s.io.Out, s.io.ErrOut
	if err := c.Run(); err != nil {
		return "", fmt.Errorf("the editor failed: %s", err.Error())
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		return "", err
	}
	// The line's leading white space is the reviewer's: an indent kept.
	t := strings.TrimRight(strings.TrimLeft(string(b), "\r\n"), " \t\r\n")
	if strings.TrimSpace(t) == "" {
		return "", errors.New("the edited text is empty: to leave the row out, answer x")
	}
	return t, nil
}
