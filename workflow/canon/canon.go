// Package canon builds a document's canonical texts: each page's, as the
// page pipeline settles it (package page), and the document's, which
// joins them; it records each build's fingerprints (canonical.sum) and
// judges a canonical text on disk against a fresh build. The build is
// deterministic.
package canon

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

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
		fmt.Fprintf(&b, "%s: %s is not finished text; pages %s are unsettled\n", page.IncompleteMark, doc.ID, strings.Join(open, ", "))
	}
	fmt.Fprintf(&b, "%%%% %s: %s\n", doc.ID, doc.Title)
	for _, p := range pages {
		b.WriteString(PageMark(p.ID, p.Printed))
		b.WriteByte('\n')
		b.Write(p.Text)
	}
	return b.Bytes()
}

// Built is a document's fresh build: every page and its canonical text,
// and the document's text. Nothing is written.
//
// Write also rewrites each page's decisions file with its slots matching
// the rows as they are now (decisions that moved take their new rows), for
// a page with two readings or more or with decisions, so that reviewers
// start from a file on the base branch, which is what lets their
// decisions merge cleanly.
type Built struct {
	Doc      *project.Document
	Pages    []*page.Page
	Document []byte
	// Inputs are each page's input fingerprint, and DocumentInputs the
	// document's, for the canonical.sum files.
	Inputs         []string
	DocumentInputs string
}

// Build settles every page of a document in memory, on all cores,
// stopping when ctx is done.
func Build(ctx context.Context, repo *layout.Repo, proj *project.Project, docID string) (*Built, error) {
	doc, err := repo.Document(docID)
	if err != nil {
		return nil, err
	}
	pages, err := page.LoadAll(ctx, repo, proj, doc, nil)
	if err != nil {
		return nil, err
	}
	b := &Built{Doc: doc, Pages: pages}
	parts := make([]PageText, len(pages))
	for i, p := range pages {
		b.Inputs = append(b.Inputs, PageInputs(p, proj))
		parts[i] = PageText{ID: p.ID, Printed: p.Printed, Complete: p.Complete(), Text: p.Text}
	}
	b.Document = JoinPages(doc, parts)
	b.DocumentInputs = DocumentInputs(doc, parts)
	return b, nil
}

// Update builds a document and writes what differs from the disk, all
// under the repository lock, so that a decision recorded while the build
// runs is neither lost (the build rewrites every decisions file) nor left
// out. An interrupt stops the build before it writes; once writing has
// begun it finishes. It returns the build and the paths written.
func Update(ctx context.Context, repo *layout.Repo, proj *project.Project, docID string) (*Built, []string, error) {
	var b *Built
	var wrote []string
	err := repo.Update(ctx, func(ctx context.Context) (func() error, error) {
		var err error
		if b, err = Build(ctx, repo, proj, docID); err != nil {
			return nil, err
		}
		return func() error {
			wrote, err = b.Write(context.WithoutCancel(ctx), repo)
			return err
		}, nil
	})
	return b, wrote, err
}

// Write stores a build's files that differ from what is on disk, on all
// cores, and returns the paths it wrote, in page order. It is the one
// place a page's canonical files are written; the decisions file is
// rewritten through the page, which owns it. The caller holds the
// repository lock and made b under it (Update does both): a build read
// before the lock was taken would write back decisions older than the
// disk's.
func (b *Built) Write(ctx context.Context, repo *layout.Repo) ([]string, error) {
	wrote := make([][]string, len(b.Pages)+1)
	errs := make([]error, len(b.Pages)+1)
	put := func(i int, rel string, data []byte) bool {
		ok, err := repo.ReplaceDerived(rel, data)
		if ok {
			wrote[i] = append(wrote[i], rel)
		}
		errs[i] = err
		return err == nil
	}
	if err := page.Parallel(ctx, len(b.Pages), func(i int) {
		p := b.Pages[i]
		if p.HasDecisions() {
			ok, err := p.WriteDecisions(repo)
			if ok {
				wrote[i] = append(wrote[i], layout.DecisionsPath(p.Doc, p.ID))
			}
			if errs[i] = err; err != nil {
				return
			}
		}
		_ = put(i, layout.PageCanonicalPath(b.Doc.ID, p.ID), p.Text) &&
			put(i, layout.PageSumPath(b.Doc.ID, p.ID), Sum{Inputs: b.Inputs[i], Text: TextSum(p.Text)}.Encode())
	}); err != nil {
		return nil, err
	}
	last := len(b.Pages)
	if firstErr(errs) == nil {
		_ = put(last, layout.DocumentCanonicalPath(b.Doc.ID), b.Document) &&
			put(last, layout.DocumentSumPath(b.Doc.ID), Sum{Inputs: b.DocumentInputs, Text: TextSum(b.Document)}.Encode())
	}
	var all []string
	for _, w := range wrote {
		all = append(all, w...)
	}
	return all, firstErr(errs)
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
