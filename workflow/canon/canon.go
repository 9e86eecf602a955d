// Package canon builds the canonical text of pages and documents from the
// collation and the reviewers' decisions: a decided row takes its
// decision, an agreed row its agreed text when the policy allows, and any
// other row leaves the page incomplete, which its canonical file says in
// a way no reader can miss. The build is deterministic.
package canon

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/review"
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

// Page is the settled state of one page.
type Page struct {
	Doc, ID, Printed string
	Readings         []string
	Rows             int
	Lines            []Line // settled rows that stay in the text, in order
	Omitted          []int  // rows decided out of the text
	Unresolved       []int  // rows neither decided nor accepted
	Stale            []int  // rows whose decision no longer holds
	Decided          int
}

// Complete reports whether every row is settled.
func (p *Page) Complete() bool { return len(p.Readings) > 0 && len(p.Unresolved) == 0 }

// Settle works out a page's canonical lines.
func Settle(rp *review.Page, policy project.Policy, printed string) *Page {
	al := rp.Alignment
	p := &Page{Doc: rp.Doc, ID: rp.ID, Printed: printed, Readings: al.Readings, Rows: len(al.Rows)}
	for _, a := range rp.Applied {
		if a.Stale {
			p.Stale = append(p.Stale, a.Row)
		}
	}
	enough := len(al.Readings) >= policy.ReadingsRequired
	for i := range al.Rows {
		r := &al.Rows[i]
		if a, ok := rp.Valid(r.Index); ok {
			p.Decided++
			if a.How == decision.Omit {
				p.Omitted = append(p.Omitted, r.Index)
				continue
			}
			p.Lines = append(p.Lines, Line{Row: r.Index, Text: a.Text, How: ByDecision, Decision: &a, Readings: a.Readings})
			continue
		}
		agreed := r.Status == collate.Unanimous || r.Status == collate.Single
		if agreed && policy.AcceptUnanimous && enough {
			p.Lines = append(p.Lines, Line{Row: r.Index, Text: r.Consensus, How: ByUnanimity, Readings: al.Readings})
			continue
		}
		p.Unresolved = append(p.Unresolved, r.Index)
	}
	return p
}

// IncompleteMark begins the canonical file of a page that is not finished.
const IncompleteMark = "%% INCOMPLETE"

// Text is the page's canonical.txt: the settled lines; or, while rows are
// unsettled, a first line saying so and every row, the unsettled ones
// marked with their consensus proposal.
func (p *Page) Text(al *collate.Alignment) []byte {
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
		settled[row] = fmt.Sprintf("%%%% row %d unsettled: %s", row, al.Rows[row-1].Consensus)
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
	return fmt.Sprintf("%d of %d rows unsettled (rows %s)", len(p.Unresolved), p.Rows, rowList(p.Unresolved))
}

func rowList(rows []int) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = strconv.Itoa(r)
	}
	return strings.Join(parts, ", ")
}

// IsIncomplete reports whether a canonical file is marked unfinished.
func IsIncomplete(content []byte) bool {
	return bytes.HasPrefix(content, []byte(IncompleteMark))
}

// PageMark is the line that starts each page in a document's canonical
// text, so that page boundaries can be recovered from it.
func PageMark(id, printed string) string {
	if printed != "" {
		return fmt.Sprintf("%%%% page %s (printed %s)", id, printed)
	}
	return "%% page " + id
}

// PageText is what a document's canonical text needs of a page.
type PageText struct {
	ID, Printed string
	Complete    bool
	Text        []byte
}

// DocumentText joins settled pages' canonical texts; see JoinPages.
func DocumentText(doc *project.Document, pages []*Page, texts [][]byte) []byte {
	parts := make([]PageText, len(pages))
	for i, p := range pages {
		parts[i] = PageText{ID: p.ID, Printed: p.Printed, Complete: p.Complete(), Text: texts[i]}
	}
	return JoinPages(doc, parts)
}

// JoinPages joins the pages' canonical texts in order, each after its
// page mark, under a first line naming the document and, while any page
// is unfinished, saying so.
func JoinPages(doc *project.Document, pages []PageText) []byte {
	var b bytes.Buffer
	var open []string
	for _, p := range pages {
		if !p.Complete {
			open = append(open, p.ID)
		}
	}
	if len(open) > 0 {
		fmt.Fprintf(&b, "%s: %s is not finished text; pages %s are unsettled\n", IncompleteMark, doc.ID, strings.Join(open, ", "))
	}
	fmt.Fprintf(&b, "%%%% %s: %s\n", doc.ID, doc.Title)
	for _, p := range pages {
		b.WriteString(PageMark(p.ID, p.Printed))
		b.WriteByte('\n')
		b.Write(p.Text)
	}
	return b.Bytes()
}

// PagePath and DocumentPath are where canonical texts live.
func PagePath(doc, pageID string) string {
	return path.Join(layout.PagePath(doc, pageID), layout.CanonicalFile)
}

// DocumentPath is the document's canonical text.
func DocumentPath(doc string) string {
	return path.Join(layout.DocumentPath(doc), layout.CanonicalFile)
}

// Built is a document's fresh build: every page and its canonical text,
// and the document's text. Nothing is written.
type Built struct {
	Doc      *project.Document
	Pages    []*Page
	Texts    [][]byte
	Document []byte
	// Decisions is each page's decisions file with its slots matching the
	// rows as they are now (decisions that moved take their new rows); nil
	// for a page with fewer than two readings and no decisions. Build
	// writes it so that reviewers start from a file on the base branch,
	// which is what lets their decisions merge cleanly.
	Decisions [][]byte
	// Inputs are each page's input fingerprint, and DocumentInputs the
	// document's, for the canonical.sum files.
	Inputs         []string
	DocumentInputs string
}

// Build settles every page of a document in memory.
func Build(repo *layout.Repo, proj *project.Project, docID string) (*Built, error) {
	doc, err := repo.Document(docID)
	if err != nil {
		return nil, err
	}
	b := &Built{Doc: doc}
	for _, pg := range doc.Pages {
		rp, err := review.Load(repo, proj, docID, pg.ID)
		if err != nil {
			return nil, err
		}
		p := Settle(rp, proj.Policy, pg.Printed)
		b.Pages = append(b.Pages, p)
		b.Texts = append(b.Texts, p.Text(rp.Alignment))
		b.Inputs = append(b.Inputs, PageInputs(rp, proj, pg.Printed))
		var dec []byte
		if len(rp.Alignment.Readings) >= 2 || len(rp.Applied) > 0 {
			dec = rp.Encode()
		}
		b.Decisions = append(b.Decisions, dec)
	}
	parts := make([]PageText, len(b.Pages))
	for i, p := range b.Pages {
		parts[i] = PageText{ID: p.ID, Printed: p.Printed, Complete: p.Complete(), Text: b.Texts[i]}
	}
	b.Document = JoinPages(doc, parts)
	b.DocumentInputs = DocumentInputs(doc, parts)
	return b, nil
}

// Write stores a build's files that differ from what is on disk, under
// the repository lock, and returns the paths it wrote.
func (b *Built) Write(ctx context.Context, repo *layout.Repo) ([]string, error) {
	unlock, err := repo.Lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var wrote []string
	put := func(rel string, data []byte) error {
		if old, err := repo.ReadFile(rel); err == nil && bytes.Equal(old, data) {
			return nil
		}
		if err := repo.WriteFile(rel, data); err != nil {
			return err
		}
		wrote = append(wrote, rel)
		return nil
	}
	for i, p := range b.Pages {
		if b.Decisions[i] != nil {
			if err := put(review.DecisionsPath(b.Doc.ID, p.ID), b.Decisions[i]); err != nil {
				return wrote, err
			}
		}
		if err := put(PagePath(b.Doc.ID, p.ID), b.Texts[i]); err != nil {
			return wrote, err
		}
		if err := put(PageSumPath(b.Doc.ID, p.ID), Sum{Inputs: b.Inputs[i], Text: TextSum(b.Texts[i])}.Encode()); err != nil {
			return wrote, err
		}
	}
	if err := put(DocumentPath(b.Doc.ID), b.Document); err != nil {
		return wrote, err
	}
	return wrote, put(DocumentSumPath(b.Doc.ID), Sum{Inputs: b.DocumentInputs, Text: TextSum(b.Document)}.Encode())
}
