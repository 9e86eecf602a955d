// Package status reports the progress of documents page by page: who has
// read each page, how many readings the policy still asks for, and how
// the collated rows stand.
package status

import (
	"scribe/workflow/collate"
	"scribe/workflow/layout"
	"scribe/workflow/page"
	"scribe/workflow/project"
)

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

// Page is the state of one page.
type Page struct {
	ID       string   `json:"id"`
	Printed  string   `json:"printed,omitempty"`
	Readings []string `json:"readings"` // contributor ids, sorted
	Needed   int      `json:"needed"`   // readings still required by the policy
	Rows     Rows     `json:"rows"`
}

// Totals sums a document's pages.
type Totals struct {
	Pages         int  `json:"pages"`
	Readings      int  `json:"readings"`
	PagesNeedWork int  `json:"pages_needing_readings"`
	ReadingsShort int  `json:"readings_needed"`
	Rows          Rows `json:"rows"`
}

// Document is the state of one document.
type Document struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Pages  []Page `json:"pages"`
	Totals Totals `json:"totals"`
}

// Report is what `scribe status` shows.
type Report struct {
	ReadingsRequired int        `json:"readings_required"`
	Documents        []Document `json:"documents"`
}

// Collect builds the report for the given documents, or all when docs is
// empty; page, when set, narrows a single document to one page.
func Collect(repo *layout.Repo, proj *project.Project, docs []string, pageID string) (*Report, error) {
	if len(docs) == 0 {
		var err error
		if docs, err = repo.Documents(); err != nil {
			return nil, err
		}
	}
	rep := &Report{ReadingsRequired: proj.Policy.ReadingsRequired, Documents: []Document{}}
	for _, id := range docs {
		doc, pages, err := listDocument(repo, id, pageID)
		if err != nil {
			return nil, err
		}
		d := Document{ID: id, Title: doc.Title, Pages: []Page{}}
		for _, lp := range pages {
			sp := Page{ID: lp.ID, Printed: lp.Printed, Readings: lp.readings}
			sp.Needed = max(0, proj.Policy.ReadingsRequired-len(sp.Readings))
			if len(sp.Readings) > 0 {
				al, err := page.Collate(repo, proj, id, lp.ID, nil)
				if err != nil {
					return nil, err
				}
				for _, r := range al.Rows {
					sp.Rows.add(r.Status)
				}
				d.Totals.Rows.plus(sp.Rows)
			}
			d.Pages = append(d.Pages, sp)
			d.Totals.Pages++
			d.Totals.Readings += len(sp.Readings)
			d.Totals.ReadingsShort += sp.Needed
			if sp.Needed > 0 {
				d.Totals.PagesNeedWork++
			}
		}
		rep.Documents = append(rep.Documents, d)
	}
	return rep, nil
}

// listedPage is a page with the contributors who have read it, sorted.
type listedPage struct {
	project.Page
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
		lp := listedPage{Page: p, readings: make([]string, 0, len(readings))}
		for _, r := range readings {
			lp.readings = append(lp.readings, r.Contributor)
		}
		pages = append(pages, lp)
	}
	return doc, pages, nil
}
