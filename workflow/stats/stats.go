// Package stats measures contributors and reviewers: per contributor the
// pages read, the rows with their text, their agreement with the others
// (the reliability the collation weighs them by), and their accuracy
// against the canonical text on settled rows; per document the readings
// per page, the rows by status and the reviewers' effort.
package stats

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Contributor is what is measured of one person (or the OCR engine).
type Contributor struct {
	ID string `json:"id"`
	// Pages and Rows count the pages the contributor read and the rows
	// where their reading has text.
	Pages int `json:"pages"`
	Rows  int `json:"rows"`
	// Agree and Total sum, over the pages read, the collation's
	// reliability of the reading (collate.Reliability): its tokens that
	// the others' plurality shares, out of those where the others have
	// one. Agreement is their ratio.
	Agree     int      `json:"agree"`
	Total     int      `json:"total"`
	Agreement *float64 `json:"agreement,omitempty"`
	// Matched and Words sum the page's evidence on decided rows, as the
	// collation weighs it (page.Page.Evidence): words of the decided text
	// the reading has in order, out of the longer of the two. Accuracy is
	// their ratio.
	Matched  int      `json:"evidence_matched"`
	Words    int      `json:"evidence_words"`
	Accuracy *float64 `json:"accuracy,omitempty"`
	// Settled counts the settled rows (decided, omitted or agreed) where
	// the contributor has text; CER and WER compare that text, without
	// reviewer's notes and in the collation's comparison form, with the
	// row's settled text: edits in grapheme clusters and in words, out of
	// the settled text's clusters and words.
	Settled   int      `json:"settled"`
	CharEdits int      `json:"char_edits"`
	Chars     int      `json:"chars"`
	CER       *float64 `json:"cer,omitempty"`
	WordEdits int      `json:"word_edits"`
	RefWords  int      `json:"words"`
	WER       *float64 `json:"wer,omitempty"`
	// Decisions counts the decisions the person recorded, stale or not.
	Decisions int `json:"decisions"`
}

// Reviewer is one reviewer's effort on a document.
type Reviewer struct {
	ID string `json:"id"`
	// Decisions counts every decision recorded, stale or not; Rows the
	// rows whose decision in force is theirs.
	Decisions int `json:"decisions"`
	Rows      int `json:"rows_decided"`
}

// Rows counts a document's rows by collation status and by how they are
// settled.
type Rows struct {
	Total     int `json:"total"`
	Unanimous int `json:"unanimous"`
	Majority  int `json:"majority"`
	Disputed  int `json:"disputed"`
	Single    int `json:"single"`
	Decided   int `json:"decided"`
	Agreed    int `json:"agreed"` // settled without a decision
	Unsettled int `json:"unsettled"`
	Stale     int `json:"stale"`
}

// ReadingCount says how many pages have a number of readings.
type ReadingCount struct {
	Readings int `json:"readings"`
	Pages    int `json:"pages"`
}

// Document is what is measured of one document.
type Document struct {
	ID              string         `json:"id"`
	Title           string         `json:"title"`
	Pages           int            `json:"pages"`
	Readings        int            `json:"readings"`
	ReadingsPerPage []ReadingCount `json:"readings_per_page"` // by number of readings
	Rows            Rows           `json:"rows"`
	Contributors    []Contributor  `json:"contributors"`
	Reviewers       []Reviewer     `json:"reviewers"`
}

// Report is what `scribe stats` shows: each document, and every
// contributor over all of them.
type Report struct {
	Contributors []Contributor `json:"contributors"`
	Documents    []Document    `json:"documents"`
}

// Collect measures the given documents, or all when docs is empty.
func Collect(ctx context.Context, repo *layout.Repo, proj *project.Project, docs []string) (*Report, error) {
	if len(docs) == 0 {
		var err error
		if docs, err = repo.Documents(); err != nil {
			return nil, err
		}
	}
	rep := &Report{Contributors: []Contributor{}, Documents: []Document{}}
	all := map[string]*Contributor{}
	for _, id := range docs {
		doc, err := repo.Document(id)
		if err != nil {
			return nil, err
		}
		pages, err := page.LoadAll(ctx, repo, proj, doc, nil)
		if err != nil {
			return nil, err
		}
		d := Measure(pages)
		d.ID, d.Title = doc.ID, doc.Title
		for _, c := range d.Contributors {
			a := all[c.ID]
			if a == nil {
				a = &Contributor{ID: c.ID}
				all[c.ID] = a
			}
			a.plus(c)
		}
		rep.Documents = append(rep.Documents, d)
	}
	rep.Contributors = sorted(all)
	return rep, nil
}

// Measure measures the pages of one document; ID and Title are left to
// the caller.
func Measure(pages []*page.Page) Document {
	d := Document{ReadingsPerPage: []ReadingCount{}, Reviewers: []Reviewer{}}
	people := map[string]*Contributor{}
	person := func(id string) *Contributor {
		c := people[id]
		if c == nil {
			c = &Contributor{ID: id}
			people[id] = c
		}
		return c
	}
	reviewers := map[string]*Reviewer{}
	reviewer := func(id string) *Reviewer {
		r := reviewers[id]
		if r == nil {
			r = &Reviewer{ID: id}
			reviewers[id] = r
		}
		return r
	}
	perPage := map[int]int{}
	for _, p := range pages {
		d.Pages++
		n := len(p.Readings)
		d.Readings += n
		perPage[n]++
		measurePage(p, person)
		for _, a := range p.Applied {
			person(a.By).Decisions++
			reviewer(a.By).Decisions++
		}
		al := p.Alignment
		for i := range al.Rows {
			r := &al.Rows[i]
			d.Rows.add(r.Status)
			if a, ok := p.Valid(r.Index); ok {
				reviewer(a.By).Rows++
			}
		}
		d.Rows.Decided += p.Decided
		d.Rows.Agreed += len(p.Lines) + len(p.Omitted) - p.Decided
		d.Rows.Unsettled += len(p.Unresolved)
		d.Rows.Stale += len(p.Stale)
	}
	for n, pages := range perPage {
		d.ReadingsPerPage = append(d.ReadingsPerPage, ReadingCount{n, pages})
	}
	slices.SortFunc(d.ReadingsPerPage, func(a, b ReadingCount) int { return cmp.Compare(a.Readings, b.Readings) })
	for _, r := range reviewers {
		d.Reviewers = append(d.Reviewers, *r)
	}
	slices.SortFunc(d.Reviewers, func(a, b Reviewer) int { return cmp.Compare(a.ID, b.ID) })
	d.Contributors = sorted(people)
	return d
}

// measurePage adds what one page says of its readers.
func measurePage(p *page.Page, person func(string) *Contributor) {
	al := p.Alignment
	for i, id := range al.Readings {
		c := person(id)
		c.Pages++
		if i < len(al.Reliability) {
			c.Agree += al.Reliability[i].Agree
			c.Total += al.Reliability[i].Total
		}
		for _, r := range al.Rows {
			if strings.TrimSpace(p.Norm(r.Cells[i])) != "" {
				c.Rows++
			}
		}
	}
	for id, e := range p.Evidence() {
		c := person(id)
		c.Matched += e.Agree
		c.Words += e.Total
	}
	for _, s := range settledRows(p) {
		ref := p.Norm(s.text)
		refWords := strings.Fields(ref)
		refChars := collate.GraphemeCount(ref)
		for i, id := range al.Readings {
			hyp := p.Norm(page.WithoutNotes(al.Rows[s.row-1].Cells[i]))
			if hyp == "" {
				continue // not measured where the reading has no text
			}
			c := person(id)
			c.Settled++
			c.Chars += refChars
			c.CharEdits += collate.EditDistance(ref, hyp)
			c.RefWords += len(refWords)
			c.WordEdits += WordDistance(refWords, strings.Fields(hyp))
		}
	}
}

type settled struct {
	row  int
	text string
}

// settledRows are the page's settled rows with their text: a row decided
// omitted has none.
func settledRows(p *page.Page) []settled {
	var out []settled
	for _, l := range p.Lines {
		out = append(out, settled{l.Row, l.Text})
	}
	for _, row := range p.Omitted {
		if a, ok := p.Valid(row); ok && a.How == decision.Omit {
			out = append(out, settled{row, ""})
		}
	}
	slices.SortFunc(out, func(a, b settled) int { return cmp.Compare(a.row, b.row) })
	return out
}

// WordDistance is the Levenshtein distance between two word sequences:
// the fewest insertions, deletions and substitutions of one word each
// that turn a into b.
func WordDistance(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := range a {
		cur[0] = i + 1
		for j := range b {
			cost := 1
			if a[i] == b[j] {
				cost = 0
			}
			cur[j+1] = min(prev[j+1]+1, cur[j]+1, prev[j]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (r *Rows) add(s collate.Status) {
	r.Total++
	switch s {
	case collate.Unanimous:
		r.Unanimous++
	case collate.Majority:
		r.Majority++
	case collate.Disputed:
		r.Disputed++
	case collate.Single:
		r.Single++
	}
}

func (c *Contributor) plus(o Contributor) {
	c.Pages += o.Pages
	c.Rows += o.Rows
	c.Agree += o.Agree
	c.Total += o.Total
	c.Matched += o.Matched
	c.Words += o.Words
	c.Settled += o.Settled
	c.CharEdits += o.CharEdits
	c.Chars += o.Chars
	c.WordEdits += o.WordEdits
	c.RefWords += o.RefWords
	c.Decisions += o.Decisions
}

// rates sets the ratios from the counts; a ratio with nothing to count
// is absent.
func (c *Contributor) rates() {
	c.Agreement = ratio(c.Agree, c.Total)
	c.Accuracy = ratio(c.Matched, c.Words)
	c.CER = ratio(c.CharEdits, c.Chars)
	c.WER = ratio(c.WordEdits, c.RefWords)
}

func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

func sorted(m map[string]*Contributor) []Contributor {
	out := make([]Contributor, 0, len(m))
	for _, c := range m {
		c.rates()
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Contributor) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
