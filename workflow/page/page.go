// Package page loads the readings of one page from a repository and
// collates them, the step that diff, status, review and check share.
package page

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// Readings reads a page's readings, sorted by contributor. only, when not
// empty, keeps those contributors and fails on an id the page lacks.
// Each reading is validated and normalised as on submit, so that a file
// edited by hand compares the same as one submitted.
func Readings(repo *layout.Repo, doc, pageID string, only []string) ([]collate.Reading, error) {
	files, err := repo.Readings(doc, pageID)
	if err != nil {
		return nil, err
	}
	if len(only) > 0 {
		var kept []layout.Reading
		for _, id := range only {
			i := slices.IndexFunc(files, func(r layout.Reading) bool { return r.Contributor == id })
			if i < 0 {
				return nil, fmt.Errorf("page %s/%s has no reading by %q (it has: %s)", doc, pageID, id, contributors(files))
			}
			if !slices.ContainsFunc(kept, func(r layout.Reading) bool { return r.Contributor == id }) {
				kept = append(kept, files[i])
			}
		}
		files = kept
	}
	out := make([]collate.Reading, 0, len(files))
	for _, f := range files {
		raw, err := repo.ReadFile(f.Path)
		if err != nil {
			return nil, err
		}
		t, _, err := text.Normalize(raw)
		if err != nil {
			return nil, problem.InFile(err, f.Path)
		}
		out = append(out, collate.Reading{ID: f.Contributor, Text: t})
	}
	slices.SortFunc(out, func(a, b collate.Reading) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Collate reads and aligns a page's readings under the project's
// equivalences.
func Collate(repo *layout.Repo, proj *project.Project, doc, pageID string, only []string) (*collate.Alignment, error) {
	rs, err := Readings(repo, doc, pageID, only)
	if err != nil {
		return nil, err
	}
	return collate.Collate(rs, collate.Options{Equivalences: proj.Equivalences}), nil
}

func contributors(files []layout.Reading) string {
	if len(files) == 0 {
		return "no readings"
	}
	ids := make([]string, len(files))
	for i, f := range files {
		ids[i] = f.Contributor
	}
	return strings.Join(ids, ", ")
}
