package page

// Recording decisions: a reviewer's choice for a row under the project's
// rules (reviewers only, four eyes), and the page's decisions file.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// ErrFourEyes refuses a decision that rests on the reviewer's own reading
// alone, when the policy has the four-eyes rule.
var ErrFourEyes = errors.New("four-eyes rule")

// Choice is what a reviewer decides for a row.
type Choice struct {
	How  decision.How
	Pick string // contributor whose variant is taken, for decision.Pick
	Text string // the text, for decision.Typed
}

// ErrNote refuses a decision whose text carries a reviewer's note [**…]:
// a note never enters the canonical text.
var ErrNote = errors.New("a reviewer's note")

// Decide records a decision on row (1-based) by reviewer, replacing any
// earlier decision on that row. It enforces the reviewer role and, when
// the policy has it, the four-eyes rule: no row is settled by the
// reviewer's own reading alone. It refuses a text that carries a
// reviewer's note.
func (p *Page) Decide(proj *project.Project, row int, c Choice, reviewer string, note string, now time.Time) (decision.Decision, error) {
	return p.decide(proj, row, row, c, reviewer, note, now)
}

// decide records the decision on row first for the printed line that
// rows first to last hold: a pick or the consensus takes its text in all
// of them, joined into one line.
func (p *Page) decide(proj *project.Project, first, last int, c Choice, reviewer string, note string, now time.Time) (decision.Decision, error) {
	var d decision.Decision
	for _, row := range []int{first, last} {
		if row < 1 || row > len(p.Alignment.Rows) {
			return d, fmt.Errorf("row %d is out of range: %s/%s has %d rows", row, p.Doc, p.ID, len(p.Alignment.Rows))
		}
	}
	who, ok := proj.Person(reviewer)
	if !ok || who.Role < project.Reviewer {
		return d, fmt.Errorf("%s is not a reviewer: only reviewers and maintainers in transcriptions/project.toml may decide rows", reviewer)
	}
	rows := rowSpan(first, last)
	d = decision.Decision{Row: first, How: c.How, By: reviewer, At: now.UTC().Truncate(time.Second), Note: strings.TrimSpace(note)}
	switch c.How {
	case decision.Pick:
		i := slices.Index(p.Alignment.Readings, c.Pick)
		if i < 0 {
			return d, fmt.Errorf("%s/%s has no reading by %q (it has: %s)", p.Doc, p.ID, c.Pick, strings.Join(p.Alignment.Readings, ", "))
		}
		if err := p.covers(i, first, last); err != nil {
			return d, err
		}
		d.Text = p.spanText(i, first, last)
		if n, ok := NoteIn(d.Text); ok {
			return d, fmt.Errorf("%w: %s's reading of %s carries a reviewer's note, %s, which never goes into the canonical text: "+
				"type the line without it (--text) and carry what it says into --note", ErrNote, c.Pick, rows, n)
		}
	case decision.Consensus:
		var parts []string
		for row := first; row <= last; row++ {
			if t := p.Alignment.Rows[row-1].Consensus; t != "" {
				parts = append(parts, t)
			}
		}
		d.Text = oneLine(strings.Join(parts, " "))
		if d.Text == "" {
			return d, fmt.Errorf("%s has an empty consensus: decide omit, or pick a reading", rows)
		}
		if n, ok := NoteIn(d.Text); ok {
			return d, fmt.Errorf("%w: the consensus of %s carries a reviewer's note from %s, %s, which never goes into the canonical text: "+
				"type the line without it (--text) and carry what it says into --note", ErrNote, rows, p.noteCarriers(first, last), n)
		}
	case decision.Typed:
		t, err := typedLine(c.Text)
		if err != nil {
			return d, err
		}
		if n, ok := NoteIn(t); ok {
			return d, fmt.Errorf("%w: the typed text carries a reviewer's note, %s, which never goes into the canonical text: "+
				"type the line without it and put what it says in --note", ErrNote, n)
		}
		d.Text = t
	case decision.Omit:
	default:
		return d, fmt.Errorf("unknown kind of decision %q", c.How)
	}
	d.Readings = p.spanSupporters(first, last, d.Text)
	if c.How == decision.Pick && !slices.Contains(d.Readings, c.Pick) {
		d.Readings = append(d.Readings, c.Pick) // differs only in white space
		slices.Sort(d.Readings)
	}
	if proj.Policy.SelfSettled(reviewer, d.Readings) {
		return d, fmt.Errorf("%w: %s would be settled by %s's own reading alone; another reviewer must decide it (or type a correction that differs from it)", ErrFourEyes, rows, reviewer)
	}
	d.Seen = p.Seen(first)
	d.Fingerprint = decision.FingerprintOf(d.Seen)
	p.remove(first)
	p.Applied = append(p.Applied, decision.Applied{Decision: d, Now: first})
	p.settle()
	return d, nil
}

// rowSpan names rows first to last in a message.
func rowSpan(first, last int) string {
	if first == last {
		return fmt.Sprintf("row %d", first)
	}
	return fmt.Sprintf("rows %d-%d", first, last)
}

// spanText is reading i's text in rows first to last as one line: its
// cells, which rebuild the reading byte for byte, joined and put on one
// line as a row's text is.
func (p *Page) spanText(i, first, last int) string {
	var b strings.Builder
	for row := first; row <= last; row++ {
		b.WriteString(p.Alignment.Rows[row-1].Cells[i])
	}
	return oneLine(b.String())
}

// covers refuses a pick of reading i over rows first to last where it has
// no text in a row: in the first (there is nothing to pick), or in a later
// one that another reading has text in (omitting the row would drop it).
func (p *Page) covers(i, first, last int) error {
	id := p.Alignment.Readings[i]
	for row := first; row <= last; row++ {
		r := &p.Alignment.Rows[row-1]
		if oneLine(r.Cells[i]) != "" {
			continue
		}
		if row == first && first == last {
			return fmt.Errorf("%s has no text in row %d: to leave the row out, decide omit", id, row)
		}
		if row == first {
			return fmt.Errorf("%s has no text in row %d: begin the span at the row where %s's text begins, or type the whole line with --text", id, row, id)
		}
		if slices.ContainsFunc(r.Cells, func(c string) bool { return oneLine(c) != "" }) {
			return fmt.Errorf("%s has no text in row %d, which other readings have text in: picking %s for rows %d-%d would drop it; "+
				"end the span at row %d, or type the whole line with --text", id, row, id, first, last, row-1)
		}
	}
	return nil
}

// spanSupporters are the readings whose text in rows first to last
// compares equal to t.
func (p *Page) spanSupporters(first, last int, t string) []string {
	if first == last {
		return p.supporters(&p.Alignment.Rows[first-1], t)
	}
	want := p.norm(t)
	var out []string
	for i, id := range p.Alignment.Readings {
		if p.norm(p.spanText(i, first, last)) == want {
			out = append(out, id)
		}
	}
	return out
}

// noteCarriers names the readings whose text in rows first to last
// carries a reviewer's note.
func (p *Page) noteCarriers(first, last int) string {
	var ids []string
	for i, id := range p.Alignment.Readings {
		if _, ok := NoteIn(p.spanText(i, first, last)); ok {
			ids = append(ids, id+"'s reading")
		}
	}
	if len(ids) == 0 {
		return "a reading"
	}
	return strings.Join(ids, " and ")
}

// NoteMark begins a reviewer's note, [**…], which a volunteer puts at the
// end of a line (CONVENTIONS.md): it is for the reviewer, never for the
// canonical text.
const NoteMark = "[**"

// WithoutNotes is a reading's text without its reviewer's notes (each runs
// from NoteMark to the end of its line): a note is for the reviewer, never
// for the canonical text, so it is no part of what the reading reads.
func WithoutNotes(cell string) string {
	if !strings.Contains(cell, NoteMark) {
		return cell
	}
	lines := strings.SplitAfter(cell, "\n")
	for i, l := range lines {
		if j := strings.Index(l, NoteMark); j >= 0 {
			nl := ""
			if strings.HasSuffix(l, "\n") {
				nl = "\n"
			}
			lines[i] = l[:j] + nl
		}
	}
	return strings.Join(lines, "")
}

// NoteIn returns the first reviewer's note in s, shortened for a
// message, and whether s carries one.
func NoteIn(s string) (string, bool) {
	i := strings.Index(s, NoteMark)
	if i < 0 {
		return "", false
	}
	n := s[i:]
	if j := strings.Index(n, "]"); j >= 0 {
		n = n[:j+1]
	}
	if r := []rune(n); len(r) > 40 {
		n = string(r[:39]) + "…"
	}
	return strconv.Quote(n), true
}

// Seen is what a decision on row (1-based) records as seen: the row's
// distinct comparison texts.
func (p *Page) Seen(row int) []string {
	return decision.RowTexts(&collate.Alignment{Readings: p.Alignment.Readings, Rows: p.Alignment.Rows[row-1 : row]}, p.norm)[0]
}

// DecideSpan settles a printed line that the readings spread over rows
// first to last (one reading broke it where the others did not, or the OCR
// scattered it a word a line): row first takes the choice, and every other
// row of the span is omitted, its note naming the row that took its text.
// A pick takes the reading's text in every row of the span, and the
// consensus every row's consensus, joined into one line; a pick is
// refused where the reading has no text in a row of the span that
// another reading has text in. Nothing is recorded unless every row can
// be decided.
func (p *Page) DecideSpan(proj *project.Project, first, last int, c Choice, reviewer, note string, now time.Time) (decision.Decision, error) {
	if last < first {
		return decision.Decision{}, fmt.Errorf("the span %d-%d is empty: give the last row after the first", first, last)
	}
	before := slices.Clone(p.Applied)
	d, err := p.decide(proj, first, last, c, reviewer, note, now)
	why := fmt.Sprintf("joined into row %d", first)
	if c.How == decision.Omit {
		why = strings.TrimSpace(note) // the whole span is left out
	}
	for row := first + 1; row <= last && err == nil; row++ {
		_, err = p.Decide(proj, row, Choice{How: decision.Omit}, reviewer, why, now)
	}
	if err != nil {
		p.Applied = before
		p.settle()
	}
	return d, err
}

// DropStale removes the page's stale decisions and returns the rows they
// were made on, in file order. A reviewer does so once those rows are
// decided again or gone; git keeps what was removed.
func (p *Page) DropStale() []int {
	var rows []int
	for _, a := range p.Applied {
		if a.Stale {
			rows = append(rows, a.Row)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	p.Applied = slices.DeleteFunc(p.Applied, func(a decision.Applied) bool { return a.Stale })
	p.settle()
	return rows
}

// Undo removes the decision on row, if any, and reports whether there
// was one.
func (p *Page) Undo(row int) bool {
	if !p.remove(row) {
		return false
	}
	p.settle()
	return true
}

func (p *Page) remove(row int) bool {
	n := len(p.Applied)
	p.Applied = slices.DeleteFunc(p.Applied, func(a decision.Applied) bool {
		return (!a.Stale && a.Now == row) || (a.Stale && a.Row == row)
	})
	return len(p.Applied) != n
}

// Support lists the readings whose text in row (1-based, as it is now)
// compares equal to t, or is t but for white space: what a decision's
// "readings" must be. check recomputes it rather than trust the file. A
// decision that took a printed line spread over rows has the text of
// the rows after it that are omitted: a reading whose text over row and
// some of those rows is t supports it too.
func (p *Page) Support(row int, t string) []string {
	if row < 1 || row > len(p.Alignment.Rows) {
		return nil
	}
	r := &p.Alignment.Rows[row-1]
	out := p.supporters(r, t)
	for i, c := range r.Cells {
		if id := p.Alignment.Readings[i]; t != "" && oneLine(c) == t && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for last := row + 1; last <= len(p.Alignment.Rows); last++ {
		if a, ok := p.Valid(last); !ok || a.How != decision.Omit {
			break
		}
		for i, id := range p.Alignment.Readings {
			if s := p.spanText(i, row, last); t != "" && (p.norm(s) == p.norm(t) || s == t) && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out
}

// supporters are the readings whose text in the row compares equal to t.
func (p *Page) supporters(r *collate.Row, t string) []string {
	want := p.norm(t)
	var out []string
	for i, c := range r.Cells {
		if p.norm(c) == want {
			out = append(out, p.Alignment.Readings[i])
		}
	}
	return out
}

// oneLine is a cell's text as one line: a row is one printed line, even
// where a reading broke it.
func oneLine(cell string) string { return strings.Join(strings.Fields(cell), " ") }

// typedLine validates a reviewer's typed text as a reading line.
func typedLine(s string) (string, error) {
	t, _, err := text.Normalize([]byte(s))
	if err != nil {
		return "", fmt.Errorf("the typed text: %v", err)
	}
	t = strings.TrimSuffix(t, "\n")
	if strings.Contains(t, "\n") {
		return "", errors.New("the typed text has a line break: a row is one printed line")
	}
	return t, nil
}

// Decisions returns the decisions to write: valid ones at the rows they
// hold now, stale ones where they were, in row order. A stale decision
// whose row a valid one has moved onto gives way to it, as it would to a
// new decision on that row: a row has one slot.
func (p *Page) Decisions() []decision.Decision {
	held := map[int]bool{}
	for _, a := range p.Applied {
		if !a.Stale {
			held[a.Now] = true
		}
	}
	var out []decision.Decision
	for _, a := range p.Applied {
		d := a.Decision
		if !a.Stale {
			d.Row = a.Now
		} else if held[d.Row] {
			continue
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b decision.Decision) int { return a.Row - b.Row })
	return out
}

// Update loads a page, lets fn change its decisions and saves them, all
// under the repository lock (layout's Update), so that two reviewers, or a
// reviewer and a build, working on one page at once all keep their
// decisions. An interrupt (ctx) before the save leaves the file as it was;
// once the save has begun it finishes.
func Update(ctx context.Context, repo *layout.Repo, proj *project.Project, doc, pageID string, fn func(*Page) error) (*Page, error) {
	var p *Page
	err := repo.Update(ctx, func(context.Context) (func() error, error) {
		d, err := repo.Document(doc)
		if err != nil {
			return nil, err
		}
		if p, err = Load(repo, proj, d, pageID); err != nil {
			return nil, err
		}
		if err := fn(p); err != nil {
			return nil, err
		}
		return func() error { _, err := p.WriteDecisions(repo); return err }, nil
	})
	return p, err
}

// Encode is the decisions file for the page as it stands.
func (p *Page) Encode() []byte {
	return decision.Encode(len(p.Alignment.Rows), p.Decisions())
}

// HasDecisions reports whether the page keeps a decisions file: it has
// rows to decide (two readings or more) or decisions already.
func (p *Page) HasDecisions() bool {
	return len(p.Alignment.Readings) >= 2 || len(p.Applied) > 0
}

// WriteDecisions stores the page's decisions file, its slots matching the
// rows as they are now, unless it is already so; it reports whether it
// wrote. The caller holds the repository lock. This is the one place
// decisions.txt is written. A file that records no decision holds
// nothing a build cannot write again, and is not flushed to disk.
func (p *Page) WriteDecisions(repo *layout.Repo) (bool, error) {
	rel := layout.DecisionsPath(p.Doc, p.ID)
	if len(p.Applied) == 0 {
		return repo.ReplaceDerived(rel, p.Encode())
	}
	return repo.Replace(rel, p.Encode())
}

// AcceptRule selects the rows accept settles with their consensus.
type AcceptRule struct {
	Unanimous    bool    // rows on which every reading agrees
	MinAgreement float64 // rows (not disputed) with at least this agreement; 0: none
}

// Accept records a consensus decision for every undecided row the rule
// selects that needs one (the build does not settle it alone under the
// policy, and its consensus carries no reviewer's note), by reviewer, and returns how many it recorded and how many it
// had to leave to another reviewer under the four-eyes rule.
func (p *Page) Accept(proj *project.Project, rule AcceptRule, reviewer string, now time.Time) (accepted, fourEyes int, err error) {
	if !proj.Can(reviewer, project.Reviewer) {
		return 0, 0, fmt.Errorf("%s is not a reviewer: only reviewers and maintainers in transcriptions/project.toml may accept rows", reviewer)
	}
	for i := range p.Alignment.Rows {
		r := &p.Alignment.Rows[i]
		if _, ok := p.Valid(r.Index); ok || r.Consensus == "" || p.settlesAlone(r) {
			continue // decided, nothing to accept, or settled by the build
		}
		if _, note := NoteIn(r.Consensus); note {
			continue // a reviewer types the line without the note
		}
		take := (rule.Unanimous && (r.Status == collate.Unanimous || r.Status == collate.Single)) ||
			(rule.MinAgreement > 0 && r.Status != collate.Disputed && r.Agreement >= rule.MinAgreement)
		if !take {
			continue
		}
		if _, err := p.Decide(proj, r.Index, Choice{How: decision.Consensus}, reviewer, "", now); err != nil {
			if errors.Is(err, ErrFourEyes) {
				fourEyes++
				continue
			}
			return accepted, fourEyes, err
		}
		accepted++
	}
	return accepted, fourEyes, nil
}

// Queue lists the rows a reviewer should walk, in order: undecided
// disputed rows, then undecided majority rows, then undecided agreed rows
// that carry a reviewer's note; or, with stale, the rows
// whose decisions no longer hold.
func (p *Page) Queue(stale bool) []int {
	var out []int
	if stale {
		for _, a := range p.staleDecisions() {
			if a.Row <= len(p.Alignment.Rows) {
				out = append(out, a.Row)
			}
		}
		slices.Sort(out)
		return out
	}
	for _, want := range []collate.Status{collate.Disputed, collate.Majority} {
		for _, r := range p.Alignment.Rows {
			if _, ok := p.Valid(r.Index); !ok && r.Status == want {
				out = append(out, r.Index)
			}
		}
	}
	// Then agreed rows that carry a reviewer's note: neither the build nor
	// accept settles them.
	for _, r := range p.Alignment.Rows {
		_, decided := p.Valid(r.Index)
		_, note := NoteIn(r.Consensus)
		if !decided && note && (r.Status == collate.Unanimous || r.Status == collate.Single) {
			out = append(out, r.Index)
		}
	}
	return out
}

// StaleOn returns the stale decision recorded for row, if any.
func (p *Page) StaleOn(row int) (decision.Applied, bool) {
	for _, a := range p.staleDecisions() {
		if a.Row == row {
			return a, true
		}
	}
	return decision.Applied{}, false
}
