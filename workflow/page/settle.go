package page

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
)

// How a canonical line was settled.
const (
	ByDecision  = "decision"
	ByUnanimity = "unanimous"
)

// Line is one settled row.
type Line struct {
	Row      int
	Text     string
	How      string            // ByDecision or ByUnanimity
	Decision *decision.Applied // for ByDecision
	Readings []string          // contributors whose text it is
}

// Complete reports whether every row is settled.
func (p *Page) Complete() bool { return len(p.Readings) > 0 && len(p.Unresolved) == 0 }

// settle works out the page's canonical lines and text: a decided row
// takes its decision, an agreed row its agreed text when the policy
// allows, and any other row leaves the page incomplete.
func (p *Page) settle() {
	p.weigh()
	al := p.Alignment
	p.Rows = len(al.Rows)
	p.Lines, p.Omitted, p.Unresolved, p.Stale, p.Decided = nil, nil, nil, nil, 0
	for _, a := range p.Applied {
		if a.Stale {
			p.Stale = append(p.Stale, a.Row)
		}
	}
	for i := range al.Rows {
		r := &al.Rows[i]
		if a, ok := p.Valid(r.Index); ok {
			p.Decided++
			if a.How == decision.Omit {
				p.Omitted = append(p.Omitted, r.Index)
				continue
			}
			p.Lines = append(p.Lines, Line{Row: r.Index, Text: a.Text, How: ByDecision, Decision: &a, Readings: a.Readings})
			continue
		}
		if p.settlesAlone(r) {
			p.Lines = append(p.Lines, Line{Row: r.Index, Text: r.Consensus, How: ByUnanimity, Readings: al.Readings})
			continue
		}
		p.Unresolved = append(p.Unresolved, r.Index)
	}
	p.Text = p.render()
}

// settlesAlone reports whether the build settles row r without a
// decision: every reading agrees, the policy accepts unanimous rows and
// the page has the readings it requires. A row that carries a reviewer's
// note never is: the note must not reach the canonical text.
func (p *Page) settlesAlone(r *collate.Row) bool {
	// Line breaks the readings are split on evenly need a person too.
	agreed := (r.Status == collate.Unanimous || r.Status == collate.Single) && r.Breaks != collate.Disputed
	_, note := NoteIn(r.Consensus)
	return agreed && !note && p.policy.AcceptUnanimous && len(p.Alignment.Readings) >= p.policy.ReadingsRequired
}

// IncompleteMark begins the canonical file of a page or document that is
// not finished.
const IncompleteMark = "%% INCOMPLETE"

// IsIncomplete reports whether a canonical file is marked unfinished.
func IsIncomplete(content []byte) bool {
	return bytes.HasPrefix(content, []byte(IncompleteMark))
}

// render is the page's canonical.txt: the settled lines; or, while rows
// are unsettled, a first line saying so and every row, the unsettled ones
// marked with their consensus proposal.
func (p *Page) render() []byte {
	var b bytes.Buffer
	if p.Complete() {
		for _, l := range p.Lines {
			b.WriteString(l.Text)
			b.WriteByte('\n')
		}
		return b.Bytes()
	}
	fmt.Fprintf(&b, "%s: %s/%s is not finished text; %s\n", IncompleteMark, p.Doc, p.ID, p.why())
	settled := map[int]string{}
	for _, l := range p.Lines {
		settled[l.Row] = l.Text
	}
	for _, row := range p.Unresolved {
		settled[row] = fmt.Sprintf("%%%% row %d unsettled: %s", row, p.Alignment.Rows[row-1].Consensus)
	}
	for i := 1; i <= p.Rows; i++ {
		if t, ok := settled[i]; ok {
			b.WriteString(t)
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

func (p *Page) why() string {
	if len(p.Readings) == 0 {
		return "it has no readings yet"
	}
	which := "rows"
	if len(p.Unresolved) == 1 {
		which = "row"
	}
	return fmt.Sprintf("%d of %d rows unsettled (%s %s)", len(p.Unresolved), p.Rows, which, rowList(p.Unresolved))
}

func rowList(rows []int) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = strconv.Itoa(r)
	}
	return strings.Join(parts, ", ")
}
