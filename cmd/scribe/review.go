package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
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

func newReviewCmd(a *app) *cobra.Command {
	var (
		stale bool
		as    string
	)
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
			if !a.io.InTTY {
				return errors.New("review is interactive and needs a terminal: in scripts, record decisions with `scribe decide DOCUMENT/PAGE --row N --pick ID` (or --text, --consensus, --omit)")
			}
			repo, proj, addr, err := a.page(argv[0], "review")
			if err != nil {
				return err
			}
			actor, err := a.actor(repo, proj, as)
			if err != nil {
				return err
			}
			who := actor.Person
			if who.Role < project.Reviewer {
				return fmt.Errorf("%s is not a reviewer: only reviewers and maintainers in transcriptions/project.toml may decide rows", who.ID)
			}
			s := &session{
				a: a, cmd: cmd, repo: repo, proj: proj, doc: addr.Document, page: addr.Page, who: who.ID,
				in: bufio.NewReader(a.io.In), color: a.io.Color(a.color), stale: stale,
			}
			return s.run()
		},
	}
	cmd.Flags().BoolVar(&stale, "stale", false, "walk the rows whose decisions are stale")
	cmd.Flags().StringVar(&as, "as", "", asFlag)
	return cmd
}

// session is one interactive review of a page.
type session struct {
	a         *app
	cmd       *cobra.Command
	repo      *layout.Repo
	proj      *project.Project
	doc, page string
	who       string
	in        *bufio.Reader
	color     bool
	stale     bool
	done      []int // rows decided in this session, for undo
}

func (s *session) run() error {
	w := s.a.io.Out
	p, err := page.Open(s.repo, s.proj, s.doc, s.page)
	if err != nil {
		return err
	}
	queue := p.Queue(s.stale)
	if len(queue) == 0 {
		fmt.Fprintf(w, "%s/%s: nothing to review\n", s.doc, s.page)
		return nil
	}
	decided := 0
	for k := 0; k < len(queue); {
		row := queue[k]
		if p, err = page.Open(s.repo, s.proj, s.doc, s.page); err != nil {
			return err
		}
		s.show(p, row, k+1, len(queue))
		note := ""
		for {
			fmt.Fprint(w, "review> ")
			line, err := s.in.ReadString('\n')
			if err != nil && line == "" {
				if errors.Is(err, io.EOF) {
					fmt.Fprintf(w, "\nstopped: %d decisions recorded\n", decided)
					return nil
				}
				return err
			}
			key := strings.TrimSpace(line)
			var choice *page.Choice
			switch {
			case key == "q":
				fmt.Fprintf(w, "quit: %d decisions recorded in %s\n", decided, layout.DecisionsPath(s.doc, s.page))
				return nil
			case key == "s":
				k++
			case key == "u":
				if len(s.done) == 0 {
					fmt.Fprintln(w, "nothing to undo in this session")
					continue
				}
				last := s.done[len(s.done)-1]
				if _, err := page.Update(s.cmd.Context(), s.repo, s.proj, s.doc, s.page, func(p *page.Page) error {
					p.Undo(last)
					return nil
				}); err != nil {
					return err
				}
				s.done = s.done[:len(s.done)-1]
				decided--
				fmt.Fprintf(w, "undone: row %d\n", last)
				for i, r := range queue {
					if r == last {
						k = i
					}
				}
			case key == "n":
				fmt.Fprint(w, "note: ")
				n, _ := s.in.ReadString('\n')
				note = strings.TrimSpace(n)
				continue
			case key == "c":
				choice = &page.Choice{How: decision.Consensus}
			case key == "x":
				choice = &page.Choice{How: decision.Omit}
			case key == "e":
				t, err := s.edit(p.Alignment.Rows[row-1].Consensus)
				if err != nil {
					fmt.Fprintf(w, "%v\n", err)
					continue
				}
				choice = &page.Choice{How: decision.Typed, Text: t}
			default:
				n, err := strconv.Atoi(key)
				vs := p.Alignment.Rows[row-1].Variants
				if err != nil || n < 1 || n > len(vs) {
					fmt.Fprintf(w, "answer 1-%d, c, e, x, n, s, u or q\n", len(vs))
					continue
				}
				choice = &page.Choice{How: decision.Pick, Pick: vs[n-1].Readings[0]}
				if vs[n-1].Missing {
					choice = &page.Choice{How: decision.Omit}
				}
			}
			if choice != nil {
				var d decision.Decision
				_, err := page.Update(s.cmd.Context(), s.repo, s.proj, s.doc, s.page, func(p *page.Page) error {
					var err error
					d, err = p.Decide(s.proj, row, *choice, s.who, note, time.Now())
					return err
				})
				if err != nil {
					fmt.Fprintf(w, "not recorded: %v\n", err)
					continue
				}
				decided++
				s.done = append(s.done, row)
				fmt.Fprintf(w, "row %d: %s\n", row, describeDecision(d))
				k++
			}
			break
		}
	}
	fmt.Fprintf(w, "done: %d decisions recorded in %s\n", decided, layout.DecisionsPath(s.doc, s.page))
	return nil
}

// show prints a row with its variants, its consensus and one row of
// context above and below.
func (s *session) show(p *page.Page, row, n, of int) {
	w := s.a.io.Out
	al := p.Alignment
	r := &al.Rows[row-1]
	fmt.Fprintf(w, "\n%s/%s  row %d of %d  %s  agreement %.2f  (%d of %d)\n",
		s.doc, s.page, row, len(al.Rows), paint(string(r.Status), statusColor(r.Status), s.color), r.Agreement, n, of)
	if row > 1 {
		fmt.Fprintf(w, "   %4d  %s\n", row-1, s.settledText(p, row-1))
	}
	if a, ok := p.StaleOn(row); ok {
		fmt.Fprintf(w, "         stale decision by %s on %s: %q\n", a.By, a.At.Format("2006-01-02"), a.Text)
		for _, t := range a.Seen {
			fmt.Fprintf(w, "           then: %s\n", t)
		}
		for _, t := range a.Current {
			fmt.Fprintf(w, "           now:  %s\n", t)
		}
	}
	idw := 9
	for _, v := range r.Variants {
		idw = max(idw, len(strings.Join(v.Readings, ",")))
	}
	for k, v := range r.Variants {
		i := indexOf(al, v.Readings[0])
		fmt.Fprintf(w, "   [%d] %-*s  %s\n", k+1, idw, strings.Join(v.Readings, ","), variantLine(r, i, v, s.color))
	}
	fmt.Fprintf(w, "       %-*s  %s\n", idw, "consensus", r.Consensus)
	if row < len(al.Rows) {
		fmt.Fprintf(w, "   %4d  %s\n", row+1, s.settledText(p, row+1))
	}
	fmt.Fprintf(w, "1-%d pick · c consensus · e edit · x omit · n note · s skip · u undo · q quit\n", len(r.Variants))
}

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

// edit lets the reviewer correct a text: in $EDITOR when it is set, else
// at the prompt, where an empty answer keeps the text given.
func (s *session) edit(start string) (string, error) {
	if ed := os.Getenv("EDITOR"); ed != "" {
		f, err := os.CreateTemp("", "scribe-row-*.txt")
		if err != nil {
			return "", err
		}
		defer os.Remove(f.Name())
		if _, err := f.WriteString(start + "\n"); err != nil {
			return "", err
		}
		f.Close()
		c := exec.Command("sh", "-c", ed+` "$1"`, "editor", f.Name())
		c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
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
	fmt.Fprintf(s.a.io.Out, "text (Enter keeps: %s)\n: ", start)
	line, err := s.in.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	if t := strings.TrimSpace(line); t != "" {
		return t, nil
	}
	return start, nil
}
