package page

import (
	"maps"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
)

// evidence measures every reader against the rows of the page already
// settled by a decision: of the words of the decided text, how many the
// reader's text in the row has in order (out of the longer of the two),
// and of a row decided omitted, none of the reader's words. A reader with
// no text in a row is not measured there. The collation weighs readers by
// it, with their agreement on the page. Reviewer's notes in a reading are
// left out of it.
func (p *Page) evidence() map[string]collate.Evidence {
	var ev map[string]collate.Evidence
	for _, a := range p.Applied {
		if a.Stale || a.Now == 0 {
			continue
		}
		decided := strings.Fields(p.norm(a.Text))
		if a.How == decision.Omit {
			decided = nil
		}
		for i, id := range p.Alignment.Readings {
			// A reviewer's note is no part of the reading.
			words := strings.Fields(p.norm(WithoutNotes(p.Alignment.Rows[a.Now-1].Cells[i])))
			if len(words) == 0 {
				continue
			}
			if ev == nil {
				ev = map[string]collate.Evidence{}
			}
			e := ev[id]
			e.Agree += commonWords(decided, words)
			e.Total += max(len(decided), len(words))
			ev[id] = e
		}
	}
	return ev
}

// Evidence is what the page's decided rows say of each reader, as the
// collation weighs it: of the words of each decided text, how many the
// reader's text in the row has in order, out of the longer of the two.
// Readers with no text in any decided row are absent.
func (p *Page) Evidence() map[string]collate.Evidence { return p.evidence() }

// Norm is the page's comparison form of a text: normalised as the
// collation compares it, on one line.
func (p *Page) Norm(s string) string { return p.norm(s) }

// weigh collates the page again when what its decisions say of the
// readers has changed and some row still waits for a person: the
// evidence weighs the readers' votes on the rows still open. The rows are
// cut without it and the alignment does not depend on it, so the rows,
// their cells and the decisions placed on them stay as they are.
func (p *Page) weigh() {
	var want map[string]collate.Evidence
	if p.needsProposal() {
		want = p.evidence()
	}
	if maps.Equal(want, p.Opts.Evidence) {
		return
	}
	p.Opts.Evidence = want
	p.Alignment = collate.Collate(p.Readings, p.Opts)
}

// needsProposal reports whether some row waits for a person: the
// consensus proposed there is what the evidence improves.
func (p *Page) needsProposal() bool {
	for i := range p.Alignment.Rows {
		r := &p.Alignment.Rows[i]
		if _, ok := p.Valid(r.Index); !ok && !p.settlesAlone(r) {
			return true
		}
	}
	return false
}

// commonWords is the length of the longest common subsequence of a and b.
func commonWords(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
