package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/ocrimport"
)

type importOptions struct {
	*app
	document, file                        string
	title, source, language, notes, pages string
	force                                 bool
}

func newImportCmd(a *app, runF func(context.Context, *importOptions) error) *cobra.Command {
	if runF == nil {
		runF = runImport
	}
	o := &importOptions{app: a}
	cmd := &cobra.Command{
		Use:   "import DOCUMENT FILE",
		Short: "Create a document from raw OCR text, one reading per page",
		Long: `Create document DOCUMENT from the OCR text in FILE: one reading per page by
the contributor "ocr". Pages end at form feeds in FILE, or where the page map
given with --pages says. A page map has one line per page:

  # page  lines   printed page number (optional)
  001     1-36    1
  002     37-82   2

Lines are FILE's, 1-based and inclusive; every non-blank line must belong to a
page. Each page's text is normalised as every reading is (see docs/format.md) and
nothing else. FILE and the map are kept in DOCUMENT/import/ for provenance.

Importing over an existing document is refused unless --force is given; even
then only the OCR readings and document.toml are replaced, never another
contributor's reading.` + "\n" + exitStatusHelp,
		Example: `  scribe import my-book --title "My Book" book.txt
  scribe import tasks-of-the-working-class --title "The Tasks of the Working Class" \
      --pages pages.map ocr.txt`,
		Args: args(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.document, o.file = argv[0], argv[1]
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.title, "title", "", "the document's title (required)")
	f.StringVar(&o.source, "source", "", "where the document comes from (edition, library, shelfmark)")
	f.StringVar(&o.language, "language", "", "the document's language as a BCP 47 tag, e.g. en")
	f.StringVar(&o.notes, "notes", "", "notes on the document or how it was imported")
	f.StringVar(&o.pages, "pages", "", "page map `FILE` giving each page's line range")
	f.BoolVar(&o.force, "force", false, "replace the OCR readings of an existing document")
	_ = cmd.MarkFlagRequired("title")
	return cmd
}

// runImport makes the document from the OCR file, one reading per page.
func runImport(ctx context.Context, o *importOptions) error {
	repo, err := o.repo()
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(o.file)
	if err != nil {
		return err
	}
	opts := ocrimport.Options{
		Document: o.document, Title: o.title, Source: o.source, Language: o.language, Notes: o.notes,
		File: filepath.ToSlash(o.file), Raw: raw, Force: o.force,
	}
	if o.pages != "" {
		if opts.Map, err = os.ReadFile(o.pages); err != nil {
			return err
		}
		opts.MapFile = filepath.ToSlash(o.pages)
	}
	res, err := ocrimport.Import(ctx, repo, opts)
	if err != nil {
		return err
	}
	w := o.io.Out
	readings := 0
	for _, p := range res.Pages {
		if p.Text == "" {
			fmt.Fprintf(w, "page %s: blank, no reading written\n", p.ID)
			continue
		}
		readings++
		for _, c := range p.Report.Changes() {
			fmt.Fprintf(w, "page %s (lines %d-%d): %s\n", p.ID, p.From, p.To, c)
		}
	}
	fmt.Fprintf(w, "imported %s: %s, %s\n", res.Document.ID, plural(len(res.Pages), "page", "pages"), plural(readings, "OCR reading", "OCR readings"))
	return nil
}
