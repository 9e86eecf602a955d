// Package status reports the progress of documents page by page: who has
// read each page, and how many readings the policy still asks for.
package status

import (
	"scribe/workflow/layout"
	"scribe/workflow/project"
)

// Page is the state of one page.
type Page struct {
	ID       string   `json:"id"`
	Printed  string   `json:"printed,omitempty"`
	Readings []string `json:"readings"` // contributor ids, sorted
	Needed   int      `json:"needed"`   // readings still required by the policy
}

// Totals sums a document's pages.
type Totals struct {
	Pages         int `json:"pages"`
	Readings      int `json:"readings"`
	PagesNeedWork int `json:"pages_needing_readings"`
	ReadingsShort int `json:"readings_needed"`
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
func Collect(repo *layout.Repo, proj *project.Project, docs []string, page string) (*Report, error) {
	if len(docs) == 0 {
		var err error
		if docs, err = repo.Documents(); err != nil {
			return nil, err
		}
	}
	rep := &Report{ReadingsRequired: proj.Policy.ReadingsRequired, Documents: []Document{}}
	for _, id := range docs {
		doc, err := repo.Document(id)
		if err != nil {
			return nil, err
		}
		d := Document{ID: id, Title: doc.Title, Pages: []Page{}}
		for _, p := range doc.Pages {
			if page != "" && p.ID != page {
				continue
			}
			readings, err := repo.Readings(id, p.ID)
			if err != nil {
				return nil, err
			}
			sp := Page{ID: p.ID, Printed: p.Printed, Readings: make([]string, 0, len(readings))}
			for _, r := range readings {
				sp.Readings = append(sp.Readings, r.Contributor)
			}
			sp.Needed = max(0, proj.Policy.ReadingsRequired-len(sp.Readings))
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
