// Package page is a page's pipeline, written once for every verb: load
// its readings and decisions, collate the readings, apply the decisions,
// settle the rows and render the canonical text. build, status, check,
// blame, diff and review all go through it; decisions are recorded here
// too, and this package alone writes a page's decisions file.
package page

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// Page is one page through the pipeline.
type Page struct {
	Doc, ID, Printed string
	// Readings are the page's readings in normal form, by contributor.
	Readings  []collate.Reading
	Alignment *collate.Alignment
	Opts      collate.Options
	// Geometry is the OCR's line geometry (ocr-lines.tsv), or nil.
	Geometry *geometry.Page
	Applied  []decision.Applied // every decision, valid or stale, in file order

	// The settled state, kept up to date as decisions are recorded.
	Rows       int
	Lines      []Line // settled rows that stay in the text, in order
	Omitted    []int  // rows decided out of the text
	Unresolved []int  // rows neither decided nor accepted
	Stale      []int  // rows whose decision no longer holds
	Decided    int
	// Text is the page's canonical text as scribe build writes it.
	Text []byte

	policy project.Policy
	norm   func(string) string
}

// Contributors are the ids of the page's readings, sorted.
func (p *Page) Contributors() []string { return p.Alignment.Readings }

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
// equivalences, without its decisions: what diff shows.
func Collate(repo *layout.Repo, proj *project.Project, doc, pageID string, only []string) (*collate.Alignment, error) {
	rs, err := Readings(repo, doc, pageID, only)
	if err != nil {
		return nil, err
	}
	g, err := Geometry(repo, doc, pageID)
	if err != nil {
		return nil, err
	}
	opts := collate.Options{Equivalences: proj.Equivalences}
	confidenceOptions(&opts, rs, g)
	return collate.Collate(rs, opts), nil
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

// Load reads a page of doc and runs it through the pipeline.
func Load(repo *layout.Repo, proj *project.Project, doc *project.Document, pageID string) (*Page, error) {
	rs, err := Readings(repo, doc.ID, pageID, nil)
	if err != nil {
		return nil, err
	}
	src, err := repo.ReadFile(layout.DecisionsPath(doc.ID, pageID))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	g, err := Geometry(repo, doc.ID, pageID)
	if err != nil {
		return nil, err
	}
	pg, _ := doc.Page(pageID)
	return AssembleLines(proj, doc.ID, pageID, pg.Printed, rs, src, g)
}

// Assemble runs readings already read and src, the page's decisions file
// (nil when there is none), through the pipeline: collate, apply the
// decisions, settle the rows and render the text.
func Assemble(proj *project.Project, doc, pageID, printed string, rs []collate.Reading, src []byte) (*Page, error) {
	return AssembleLines(proj, doc, pageID, printed, rs, src, nil)
}

// AssembleLines is Assemble with the page's OCR line geometry (nil when
// it has none), whose word confidences weigh the OCR's votes.
func AssembleLines(proj *project.Project, doc, pageID, printed string, rs []collate.Reading, src []byte, g *geometry.Page) (*Page, error) {
	opts := collate.Options{Equivalences: proj.Equivalences}
	confidenceOptions(&opts, rs, g)
	p := &Page{Doc: doc, ID: pageID, Printed: printed, Readings: rs, Alignment: collate.Collate(rs, opts), Opts: opts,
		Geometry: g, policy: proj.Policy, norm: collate.Normalizer(opts)}
	rel := layout.DecisionsPath(doc, pageID)
	ds, err := decision.Parse(rel, src)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if err := checkNames(rel, decision.SlotLine(src, d.Row), proj, d, p.Alignment.Readings); err != nil {
			return nil, err
		}
	}
	p.Applied = decision.Apply(p.Alignment, opts, ds)
	p.settle()
	return p, nil
}

// checkNames refuses a decision naming a reviewer or readings that do not
// exist: a hand edit or a reading removed since.
func checkNames(file string, line int, proj *project.Project, d decision.Decision, readings []string) error {
	if _, ok := proj.Person(d.By); !ok {
		return problem.Newf(file, line, "decisions", "decide the row again as a registered reviewer",
			"row %d was decided by %q, who is not in transcriptions/project.toml", d.Row, d.By)
	}
	// A reading removed since may be named: the decision still holds while
	// its row's texts are ones it saw. A name that is nobody's is an edit.
	for _, id := range d.Readings {
		if _, ok := proj.Person(id); !ok && !slices.Contains(readings, id) && !proj.Policy.OpenContributions {
			return problem.Newf(file, line, "decisions", "decide the row again",
				"row %d names the reading of %q, who is not in transcriptions/project.toml", d.Row, id)
		}
	}
	return nil
}

// Valid returns the decision that holds on row (1-based), if any.
func (p *Page) Valid(row int) (decision.Applied, bool) {
	for _, a := range p.Applied {
		if !a.Stale && a.Now == row {
			return a, true
		}
	}
	return decision.Applied{}, false
}

// staleDecisions returns the decisions that no longer hold.
func (p *Page) staleDecisions() []decision.Applied {
	var out []decision.Applied
	for _, a := range p.Applied {
		if a.Stale {
			out = append(out, a)
		}
	}
	return out
}

// Open reads the document docID and loads its page pageID.
func Open(repo *layout.Repo, proj *project.Project, docID, pageID string) (*Page, error) {
	doc, err := repo.Document(docID)
	if err != nil {
		return nil, err
	}
	return Load(repo, proj, doc, pageID)
}
