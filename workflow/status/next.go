package status

import (
	"slices"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// NextPage is the page a contributor should read next: what `scribe next`
// shows.
type NextPage struct {
	Document string   `json:"document"`
	Page     string   `json:"page"`
	Printed  string   `json:"printed"`  // the number printed on the page; "" when none
	Scan     string   `json:"scan"`     // the scan's path or URL; "" when none
	Readings []string `json:"readings"` // who has read it, sorted
	Needed   int      `json:"-"`        // readings the policy still asks for
	Path     string   `json:"path"`     // the repository path of the contributor's reading
}

// Next finds the first page, in document order (documents sorted by id,
// pages as document.toml lists them), that has fewer readings than the
// policy requires and none by contributor. It reports false when there is
// no such page. It only lists readings; nothing is collated.
func Next(repo *layout.Repo, proj *project.Project, contributor string) (*NextPage, bool, error) {
	docs, err := repo.Documents()
	if err != nil {
		return nil, false, err
	}
	for _, id := range docs {
		_, pages, err := listDocument(repo, id, "")
		if err != nil {
			return nil, false, err
		}
		for _, p := range pages {
			if len(p.readings) >= proj.Policy.ReadingsRequired || slices.Contains(p.readings, contributor) {
				continue
			}
			return &NextPage{
				Document: id,
				Page:     p.ID,
				Printed:  p.Printed,
				Scan:     p.Scan,
				Readings: p.readings,
				Needed:   proj.Policy.ReadingsRequired - len(p.readings),
				Path:     layout.ReadingPath(id, p.ID, contributor),
			}, true, nil
		}
	}
	return nil, false, nil
}
