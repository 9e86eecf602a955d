package check

import (
	"bytes"
	"fmt"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
)

// RuleNote reports a reviewer's note [**…] in a canonical text.
const RuleNote = "note"

// notes reports every settled line of a page's canonical text that
// carries a reviewer's note: a note is for the reviewer and never goes
// into the canonical text (CONVENTIONS.md). decide refuses one; a line
// decided by an older scribe or edited into decisions.txt by hand can
// still carry one. The unsettled rows' proposals of an unfinished page
// are not text, and are not reported.
func (c *checker) notes(p *page.Page) {
	rel := layout.PageCanonicalPath(p.Doc, p.ID)
	rowOf := map[string][]int{}
	for _, l := range p.Lines {
		rowOf[l.Text] = append(rowOf[l.Text], l.Row)
	}
	for i, line := range bytes.Split(p.Text, []byte("\n")) {
		s := string(line)
		if bytes.HasPrefix(line, []byte("%%")) {
			continue
		}
		n, ok := page.NoteIn(s)
		if !ok {
			continue
		}
		row := 0
		if rows := rowOf[s]; len(rows) > 0 {
			row, rowOf[s] = rows[0], rows[1:]
		}
		hint := fmt.Sprintf("a reviewer decides row %d again without the note and carries what it says into the decision's note: "+
			"scribe decide %s/%s --row %d --text \"…\" --note \"…\"", row, p.Doc, p.ID, row)
		c.errorf(rel, i+1, RuleNote, hint, "row %d carries a reviewer's note, %s, which never goes into the canonical text", row, n)
	}
}
