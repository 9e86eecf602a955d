// Package blame says, for each line of a page's canonical text, how it was
// settled: by agreement of every reading or by a reviewer's decision, who
// decided and when, whose text it is, and which commit recorded it.
package blame

import (
	"bytes"
	"context"
	"path"
	"time"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Line is one canonical line and its provenance.
type Line struct {
	Row      int       `json:"row"`
	Text     string    `json:"text"`
	How      string    `json:"how"` // unanimous, pick, consensus or typed
	By       string    `json:"by,omitempty"`
	At       time.Time `json:"at,omitzero"`
	Note     string    `json:"note,omitempty"`
	Readings []string  `json:"readings"`
	// Commit is the commit that recorded the decision: "" for a unanimous
	// line, "uncommitted" for a decision not committed yet.
	Commit string `json:"commit,omitempty"`
}

// Uncommitted marks a decision that is in the work tree only.
const Uncommitted = "uncommitted"

// Page blames a page's canonical lines. Unsettled rows are not listed:
// they are not part of the text yet.
func Page(ctx context.Context, repo *layout.Repo, proj *project.Project, doc, pageID string) ([]Line, *page.Page, error) {
	d, err := repo.Document(doc)
	if err != nil {
		return nil, nil, err
	}
	cp, err := page.Load(repo, proj, d, pageID)
	if err != nil {
		return nil, nil, err
	}
	finder, err := newFinder(ctx, repo, doc, pageID)
	if err != nil {
		return nil, nil, err
	}
	lines := make([]Line, 0, len(cp.Lines))
	for _, l := range cp.Lines {
		bl := Line{Row: l.Row, Text: l.Text, How: l.How, Readings: append([]string{}, l.Readings...)}
		if l.Decision != nil {
			dd := l.Decision.Decision
			bl.How, bl.By, bl.At, bl.Note = string(dd.How), dd.By, dd.At, dd.Note
			if bl.Commit, err = finder.find(dd); err != nil {
				return nil, nil, err
			}
		}
		lines = append(lines, bl)
	}
	return lines, cp, nil
}

// finder finds the commit that recorded a decision: going back from
// HEAD through the commits that changed the page, the oldest of the
// newest run of commits whose decisions file holds it.
type finder struct {
	g       *gitrepo.Repo
	rel     string // the decisions file, from the git root
	commits []string
	files   map[string][]byte
}

func newFinder(ctx context.Context, repo *layout.Repo, doc, pageID string) (*finder, error) {
	g, err := gitrepo.Open(repo.Root)
	if err != nil {
		return &finder{}, nil // not in git: every decision is uncommitted
	}
	rel, err := g.Rel(repo.Abs(layout.DecisionsPath(doc, pageID)))
	if err != nil {
		return nil, err
	}
	log, err := g.PathLog(ctx, path.Dir(rel), 0)
	if err != nil {
		return nil, err
	}
	f := &finder{g: g, rel: rel, files: map[string][]byte{}}
	for _, e := range log {
		for _, c := range e.Changes {
			if c.Path == layout.DecisionsFile {
				f.commits = append(f.commits, e.Hash)
				break
			}
		}
	}
	return f, nil
}

func (f *finder) find(d decision.Decision) (string, error) {
	want := append([]byte("\t"), decision.EncodeOne(d)...)
	want = append(want, '\n')
	found := ""
	for _, c := range f.commits {
		content, ok := f.files[c]
		if !ok {
			var err error
			if content, _, err = f.g.FileAt(c, f.rel); err != nil {
				return "", err
			}
			f.files[c] = content
		}
		if !bytes.Contains(content, want) {
			break
		}
		found = c
	}
	if found == "" {
		return Uncommitted, nil
	}
	return found, nil
}
