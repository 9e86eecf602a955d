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
the variants the decision was made on and the variants now). Each row shows its
variants numbered, with their contributors and the differences marked, the
consensus and its agreement, and one row of context above and below.

Answer with a key and Enter:
  1, 2, …  take that variant            c  take the consensus
  e        edit (in $EDITOR, or typed at the prompt), starting from the consensus
  x        leave the row out of the canonical text (page number, stray mark)
  n        add a note to the next decision on this row
  s        skip the row                  u  undo your last decision
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
			o.editor = os.Getenv("EDITOR")
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

	queue []int  // the rows to walk
	k     int    // the index in queue of the row shown
	note  string // the note for the next decision on the row shown
	done  []int  // rows decided in this session, for undo
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
	for s.k < len(s.queue) {
		// Read afresh: a decision changes the page, and another reviewer
		// may have decided meanwhile.
		if p, err = page.Open(s.repo, s.proj, s.doc, s.page); err != nil {
			return err
		}
		s.note = ""
		s.show(p, s.queue[s.k], s.k+1, len(s.queue))
		for next := stay; next == stay; {
			key, err := s.prompt()
			if errors.Is(err, io.EOF) {
				fmt.Fprintf(w, "\nstopped: %d decisions recorded\n", len(s.done))
				return nil
			}
			if err != nil {
				return err
			}
			if next, err = s.apply(ctx, p, parseAction(key, len(p.Alignment.Rows[s.queue[s.k]-1].Variants))); err != nil {
				return err
			}
			if next == quit {
				return nil
			}
		}
	}
	fmt.Fprintf(w, "done: %d decisions recorded in %s\n", len(s.done), layout.DecisionsPath(s.doc, s.page))
	return nil
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
	case "n":
		return action{kind: actNote}
	case "c":
		return action{kind: actConsensus}
	case "x":
		return action{kind: actOmit}
	case "e":
		return action{kind: actEdit}
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
	r := &p.Alignment.Rows[row-1]
	var choice page.Choice
	switch act.kind {
	case actQuit:
		fmt.Fprintf(w, "quit: %d decisions recorded in %s\n", len(s.done), layout.DecisionsPath(s.doc, s.page))
		return quit, nil
	case actSkip:
		s.k++
		return show, nil
	case actUndo:
		if len(s.done) == 0 {
			fmt.Fprintln(w, "nothing to undo in this session")
			return stay, nil
		}
		last := s.done[len(s.done)-1]
		if _, err := page.Update(ctx, s.repo, s.proj, s.doc, s.page, func(p *page.Page) error {
			p.Undo(last)
			return nil
		}); err != nil {
			return stay, err
		}
		s.done = s.done[:len(s.done)-1]
		fmt.Fprintf(w, "undone: row %d\n", last)
		for i, q := range s.queue {
			if q == last {
				s.k = i
			}
		}
		return show, nil
	case actNote:
		fmt.Fprint(w, "note: ")
		n, _ := s.in.ReadString('\n')
		s.note = strings.TrimSpace(n)
		return stay, nil
	case actConsensus:
		choice = page.Choice{How: decision.Consensus}
	case actOmit:
		choice = page.Choice{How: decision.Omit}
	case actEdit:
		t, err := s.edit(r.Consensus)
		if err != nil {
			fmt.Fprintf(w, "%v\n", err)
			return stay, nil
		}
		choice = page.Choice{How: decision.Typed, Text: t}
	case actPick:
		v := r.Variants[act.variant-1]
		choice = page.Choice{How: decision.Pick, Pick: v.Readings[0]}
		if v.Missing {
			choice = page.Choice{How: decision.Omit}
		}
	default:
		fmt.Fprintf(w, "answer 1-%d, c, e, x, n, s, u or q\n", len(r.Variants))
		return stay, nil
	}
	// The page is read again under the lock and the choice applied to it,
	// so that whatever was written while the reviewer thought is kept;
	// if the row itself changed meanwhile, the choice is not made on it.
	var d decision.Decision
	var changed error
	_, err := page.Update(ctx, s.repo, s.proj, s.doc, s.page, func(fresh *page.Page) error {
		if changed = rowChanged(p, fresh, row); changed != nil {
			return changed
		}
		var err error
		d, err = fresh.Decide(s.proj, row, choice, s.who, s.note, s.now())
		return err
	})
	if changed != nil {
		fmt.Fprintf(w, "not recorded: %v; here it is again\n", changed)
		return show, nil
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return stay, err
		}
		fmt.Fprintf(w, "not recorded: %v\n", err)
		return stay, nil
	}
	s.done = append(s.done, row)
	fmt.Fprintf(w, "row %d: %s\n", row, describeDecision(d))
	s.k++
	return show, nil
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
	w := s.io.Out
	width := s.screenWidth()
	al := p.Alignment
	r := &al.Rows[row-1]
	fmt.Fprintf(w, "\n%s/%s  row %d of %d  %s  (%d of %d)\n", s.doc, s.page, row, len(al.Rows), rowHead(r, s.color), n, of)
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
		writeLabelled(w, indent, fmt.Sprintf("%4d", row), lw, s.settledText(p, row), width)
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
	for k, v := range r.Variants {
		writeLabelled(w, indent, labels[k], lw, variantText(r, indexOf(al, v.Readings[0]), v, s.color), width)
	}
	writeLabelled(w, indent, "consensus", lw, consensusText(r), width)
	if row < len(al.Rows) {
		context(row + 1)
	}
	writeWrapped(w, "", 0, s.keys(len(r.Variants)), width)
}

// keys is the line of keys under a row.
func (s *session) keys(variants int) string {
	return fmt.Sprintf("1-%d pick · c consensus · e edit · x omit · n note · s skip · u undo · q quit", variants)
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
	fmt.Fprintf(s.io.Out, "text (Enter keeps: %s)\n: ", start)
	line, err := s.in.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	if t := strings.TrimSpace(line); t != "" {
		return t, nil
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
		return "", fmt.Errorf("the editor failed: %v", err)
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		return "", err
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", errors.New("the edited text is empty: to leave the row out, answer x")
	}
	return t, nil
}
