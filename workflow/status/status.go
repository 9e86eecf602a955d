// Package status reports the progress of documents page by page: who has
// read each page, how many readings the policy still asks for, and how
// the collated rows stand.
package status

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/scribe-transcription/scribe/workflow/canon"
	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// States of a canonical file.
const (
	CanonComplete   = "complete"   // on disk, up to date, every row settled
	CanonIncomplete = "incomplete" // on disk and up to date, but rows are unsettled
	CanonOutdated   = "outdated"   // as built, but its inputs changed since: a reviewer runs scribe build
	CanonMissing    = "missing"    // not built yet: a reviewer runs scribe build
	CanonEdited     = "edited"     // not what scribe build wrote (a hand edit): scribe check reports it
)

// Settled counts how a page's rows stand with the reviewers.
type Settled struct {
	Decided    int `json:"decided"`
	Stale      int `json:"stale"`
	Unresolved int `json:"unsettled"` // rows neither decided nor accepted: "unsettled" in every message
}

func (s *Settled) plus(o Settled) {
	s.Decided += o.Decided
	s.Stale += o.Stale
	s.Unresolved += o.Unresolved
}

// canonState judges a canonical file on disk against a fresh build, as
// check does (canon.Judge): out of date and missing are work to do,
// edited is a fault.
func canonState(repo *layout.Repo, rel, sumRel string, fresh []byte, inputs func() string, complete bool) (string, error) {
	disk, err := repo.ReadFile(rel)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	sum, err := repo.ReadFile(sumRel)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	switch canon.Judge(disk, sum, fresh, inputs) {
	case canon.Missing:
		return CanonMissing, nil
	case canon.Outdated, canon.Unrecorded:
		return CanonOutdated, nil
	case canon.Edited, canon.Differs:
		return CanonEdited, nil
	}
	if complete {
		return CanonComplete, nil
	}
	return CanonIncomplete, nil
}

// Rows counts a page's collated rows by status.
type Rows struct {
	Total     int `json:"total"`
	Unanimous int `json:"unanimous"`
	Majority  int `json:"majority"`
	Disputed  int `json:"disputed"`
	Single    int `json:"single"`
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

func (r *Rows) plus(o Rows) {
	r.Total += o.Total
	r.Unanimous += o.Unanimous
	r.Majority += o.Majority
	r.Disputed += o.Disputed
	r.Single += o.Single
}

// PageState is the state of one page.
type PageState struct {
	ID       string   `json:"id"`
	Printed  string   `json:"printed,omitempty"`
	Readings []string `json:"readings"` // contributor ids, sorted
	Needed   int      `json:"needed"`   // readings still required by the policy
	Rows     Rows     `json:"rows"`
	Settled  Settled  `json:"settled"`
	// Canonical is the state of the page's canonical.txt.
	Canonical string `json:"canonical"`
	// Outliers are the readings, sorted, that share too little of their
	// text with the others to vote (collate.Reliability.Outlier): most
	// often readings of another page or edition.
	Outliers []string `json:"outliers,omitempty"`
}

// Totals sums a document's pages.
type Totals struct {
	Pages         int     `json:"pages"`
	Readings      int     `json:"readings"`
	PagesNeedWork int     `json:"pages_needing_readings"`
	ReadingsShort int     `json:"readings_needed"`
	Rows          Rows    `json:"rows"`
	Settled       Settled `json:"settled"`
	PagesComplete int     `json:"pages_complete"`
}

// Document is the state of one document.
type Document struct {
	ID     string      `json:"id"`
	Title  string      `json:"title"`
	Pages  []PageState `json:"pages"`
	Totals Totals      `json:"totals"`
	// Canonical is the state of the document's canonical.txt; empty when
	// the report covers one page only.
	Canonical string `json:"canonical,omitempty"`
}

// Report is what `scribe status` shows.
type Report struct {
	ReadingsRequired int        `json:"readings_required"`
	Documents        []Document `json:"documents"`
}

// Collect builds the report for the given documents, or all when docs is
// empty; page, when set, narrows a single document to one page. It stops
// when ctx is done. Every page of every document goes through the
// pipeline in one pool of workers, so that no document waits for the
// slowest page of the one before.
func Collect(ctx context.Context, repo *layout.Repo, proj *project.Project, docs []string, pageID string) (*Report, error) {
	if len(docs) == 0 {
		var err error
		if docs, err = repo.Documents(); err != nil {
			return nil, err
		}
	}
	type job struct {
		doc int
		id  string
	}
	var jobs []job
	read := make([]*project.Document, len(docs))
	for i, id := range docs {
		doc, err := repo.Document(id)
		if err != nil {
			return nil, err
		}
		read[i] = doc
		for _, pg := range doc.Pages {
			if pageID == "" || pg.ID == pageID {
				jobs = append(jobs, job{i, pg.ID})
			}
		}
		if pageID != "" {
			if _, ok := doc.Page(pageID); !ok {
				return nil, fmt.Errorf("document %s has no page %q", id, pageID)
			}
		}
	}
	states := make([]PageState, len(jobs))
	texts := make([]canon.PageText, len(jobs))
	errs := make([]error, len(jobs))
	if err := page.Parallel(ctx, len(jobs), func(i int) {
		p, err := page.Load(repo, proj, read[jobs[i].doc], jobs[i].id)
		if err != nil {
			errs[i] = err
			return
		}
		states[i], errs[i] = pageState(repo, proj, p)
		texts[i] = canon.PageText{ID: p.ID, Printed: p.Printed, Complete: p.Complete(), Text: p.Text}
	}); err != nil {
		return nil, err
	}
	if err := firstErr(errs); err != nil {
		return nil, err
	}
	rep := &Report{ReadingsRequired: proj.Policy.ReadingsRequired, Documents: []Document{}}
	next := 0
	for i, doc := range read {
		d := Document{ID: doc.ID, Title: doc.Title, Pages: []PageState{}}
		var parts []canon.PageText
		for ; next < len(jobs) && jobs[next].doc == i; next++ {
			sp := states[next]
			parts = append(parts, texts[next])
			d.Totals.Rows.plus(sp.Rows)
			d.Totals.Settled.plus(sp.Settled)
			if sp.Canonical == CanonComplete {
				d.Totals.PagesComplete++
			}
			d.Pages = append(d.Pages, sp)
			d.Totals.Pages++
			d.Totals.Readings += len(sp.Readings)
			d.Totals.ReadingsShort += sp.Needed
			if sp.Needed > 0 {
				d.Totals.PagesNeedWork++
			}
		}
		if pageID == "" {
			complete := d.Totals.PagesComplete == len(doc.Pages)
			var err error
			if d.Canonical, err = canonState(repo, layout.DocumentCanonicalPath(doc.ID), layout.DocumentSumPath(doc.ID), canon.JoinPages(doc, parts),
				func() string { return canon.DocumentInputs(doc, parts) }, complete); err != nil {
				return nil, err
			}
		}
		rep.Documents = append(rep.Documents, d)
	}
	return rep, nil
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// pageState is the state of one page run through the pipeline.
func pageState(repo *layout.Repo, proj *project.Project, p *page.Page) (PageState, error) {
	sp := PageState{ID: p.ID, Printed: p.Printed, Readings: slices.Clone(p.Contributors())}
	if sp.Readings == nil {
		sp.Readings = []string{}
	}
	sp.Needed = max(0, proj.Policy.ReadingsRequired-len(sp.Readings))
	for _, r := range p.Alignment.Rows {
		sp.Rows.add(r.Status)
	}
	sp.Outliers = p.Alignment.Outliers()
	sp.Settled = Settled{Decided: p.Decided, Stale: len(p.Stale), Unresolved: len(p.Unresolved)}
	var err error
	sp.Canonical, err = canonState(repo, layout.PageCanonicalPath(p.Doc, p.ID), layout.PageSumPath(p.Doc, p.ID), p.Text,
		func() string { return canon.PageInputs(p, proj) }, p.Complete())
	return sp, err
}

// listedPage is a page with the contributors who have read it, sorted.
type listedPage struct {
	project.PageEntry
	readings []string
}

// listDocument reads a document and lists who has read each of its pages
// (only pageID's when it is set), in document order. It only lists the
// readings folders and collates nothing, so it is cheap on big projects.
func listDocument(repo *layout.Repo, id, pageID string) (*project.Document, []listedPage, error) {
	doc, err := repo.Document(id)
	if err != nil {
		return nil, nil, err
	}
	var pages []listedPage
	for _, p := range doc.Pages {
		if pageID != "" && p.ID != pageID {
			continue
		}
		readings, err := repo.Readings(id, p.ID)
		if err != nil {
			return nil, nil, err
		}
		lp := listedPage{PageEntry: p, readings: make([]string, 0, len(readings))}
		for _, r := range readings {
			lp.readings = append(lp.readings, r.Contributor)
		}
		pages = append(pages, lp)
	}
	return doc, pages, nil
}
