package submit

import (
	"errors"
	"io/fs"
	"slices"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/canon"
	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// effects works out what a new reading does to the page's review: how many
// of its decisions it makes stale, and whether it puts the page's
// canonical text out of date. before are the page's readings as they were,
// self the contributor and normal their new text; the decisions file and
// the canonical text are read from the work tree. A page that cannot be
// assembled (a decisions file edited by hand, say) reports nothing: check
// has more to say about it.
func effects(repo *layout.Repo, proj *project.Project, doc *project.Document, pageID, self, normal string, before []collate.Reading) (stale int, outdated bool) {
	if proj == nil {
		return 0, false
	}
	after := slices.DeleteFunc(slices.Clone(before), func(r collate.Reading) bool { return r.ID == self })
	after = append(after, collate.Reading{ID: self, Text: normal})
	slices.SortFunc(after, func(a, b collate.Reading) int { return strings.Compare(a.ID, b.ID) })

	src, err := repo.ReadFile(layout.DecisionsPath(doc.ID, pageID))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, false
	}
	pg, _ := doc.Page(pageID)
	g, err := page.Geometry(repo, doc.ID, pageID)
	if err != nil {
		return 0, false
	}
	old, err := page.AssembleLines(proj, doc.ID, pageID, pg.Printed, before, src, g)
	if err != nil {
		return 0, false
	}
	now, err := page.AssembleLines(proj, doc.ID, pageID, pg.Printed, after, src, g)
	if err != nil {
		return 0, false
	}
	for i, a := range now.Applied {
		if a.Stale && i < len(old.Applied) && !old.Applied[i].Stale {
			stale++
		}
	}

	disk, err := repo.ReadFile(layout.PageCanonicalPath(doc.ID, pageID))
	if err != nil {
		return stale, false
	}
	sum, err := repo.ReadFile(layout.PageSumPath(doc.ID, pageID))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return stale, false
	}
	was := canon.Judge(disk, sum, old.Text, func() string { return canon.PageInputs(old, proj) })
	is := canon.Judge(disk, sum, now.Text, func() string { return canon.PageInputs(now, proj) })
	return stale, is == canon.Outdated && was != canon.Outdated
}
