package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/canon"
	"github.com/scribe-transcription/scribe/workflow/page"
)

type buildOptions struct {
	*app
	documents []string // the one DOCUMENT given, or none for every document
}

func newBuildCmd(a *app, runF func(context.Context, *buildOptions) error) *cobra.Command {
	if runF == nil {
		runF = runBuild
	}
	o := &buildOptions{app: a}
	return &cobra.Command{
		Use:   "build [DOCUMENT]",
		Short: "Build the canonical text of pages and documents",
		Long: `Write each page's canonical.txt and the document's canonical.txt (its pages
joined in order, each after a "%% page ID" line). A row takes its reviewer's
decision while the decision holds; a row on which every reading agrees takes
the agreed text when the policy accepts unanimous rows and the page has the
readings the policy requires; any other row leaves the page incomplete: its
canonical.txt then starts with "%% INCOMPLETE" and marks each unsettled row.

The same inputs always give the same bytes; files already up to date are not
rewritten. Without DOCUMENT, builds every document.` + "\n" + exitStatusHelp,
		Example: `  scribe build
  scribe build tasks-of-the-working-class`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.documents = argv
			return runF(cmd.Context(), o)
		},
	}
}

// runBuild writes the canonical texts of one document, or of all.
func runBuild(ctx context.Context, o *buildOptions) error {
	repo, proj, err := o.project()
	if err != nil {
		return err
	}
	tuneForWholeProject()
	docs := o.documents
	if len(docs) == 0 {
		if docs, err = repo.Documents(); err != nil {
			return err
		}
	}
	w := o.io.Out
	for _, id := range docs {
		b, wrote, err := canon.Update(ctx, repo, proj, id)
		if err != nil {
			return err
		}
		complete := 0
		for _, p := range b.Pages {
			if p.Complete() {
				complete++
				continue
			}
			fmt.Fprintf(w, "%s/%s: incomplete, %s\n", id, p.ID, pageProblem(p))
		}
		for _, f := range wrote {
			fmt.Fprintf(w, "wrote %s\n", f)
		}
		fmt.Fprintf(w, "%s: %d of %s complete\n", id, complete, plural(len(b.Pages), "page", "pages"))
	}
	return nil
}

func pageProblem(p *page.Page) string {
	if len(p.Readings) == 0 {
		return "no readings yet"
	}
	s := fmt.Sprintf("%d of %s unsettled", len(p.Unresolved), plural(p.Rows, "row", "rows"))
	if len(p.Stale) > 0 {
		s += fmt.Sprintf(" (%s: scribe review %s/%s --stale)", plural(len(p.Stale), "stale decision", "stale decisions"), p.Doc, p.ID)
	}
	return s
}
