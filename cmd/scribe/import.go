package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/ocrformat"
	"github.com/scribe-transcription/scribe/workflow/ocrimport"
)

type importOptions struct {
	*app
	document                              string
	files                                 []string
	title, source, language, notes, pages string
	format                                string
	dpi                                   float64
	force                                 bool
}

func newImportCmd(a *app, runF func(context.Context, *importOptions) error) *cobra.Command {
	if runF == nil {
		runF = runImport
	}
	o := &importOptions{app: a}
	cmd := &cobra.Command{
		Use:   "import DOCUMENT FILE...",
		Short: "Create a document from raw OCR text, one reading per page",
		Long: `Create document DOCUMENT from the OCR in FILE: one reading per page by the
contributor "ocr". FILE is plain text, PAGE XML (2009 to 2019), ALTO (2 to 4.x)
or hOCR (Tesseract, OCRopus, Kraken); the format is told from the content, or
given with --format.

Plain text is one FILE. Its pages end at form feeds, or where the page map
given with --pages says. A page map has one line per page:

  # page  lines   printed page number (optional)
  001     1-36    1
  002     37-82   2

Lines are FILE's, 1-based and inclusive; every non-blank line must belong to a
page.

PAGE, ALTO and hOCR files are one or more, one page per file or several per
file, in page order. Each page's lines are read in the file's reading order,
one per line of the reading, a blank line between blocks; where each line lies
on the scan and the OCR's word confidences go to the page's ocr-lines.tsv, and
the image the file names to the page's scan in document.toml (as a path in the
repository when the image is there beside the file). ALTO measured in mm10 or
inch1200 needs --dpi to keep its geometry.

Each page's text is normalised as every reading is (see docs/format.md) and
nothing else. The files and the map are kept in DOCUMENT/import/ for
provenance. A file that cannot be read is refused with its line and column,
and nothing is written.

Importing over an existing document is refused unless --force is given; even
then only the OCR readings, their geometry and document.toml are replaced,
never another contributor's reading.` + "\n" + exitStatusHelp,
		Example: `  scribe import my-book --title "My Book" book.txt
  scribe import tasks-of-the-working-class --title "The Tasks of the Working Class" \
      --pages pages.map ocr.txt
  scribe import letters --title "Letters" scans/p001.xml scans/p002.xml
  scribe import almanac --title "Almanac" --format hocr almanac.html`,
		Args: args(func(_ *cobra.Command, argv []string) error {
			if len(argv) < 2 {
				return fmt.Errorf("accepts 2 arg(s) or more, DOCUMENT and FILE..., received %d", len(argv))
			}
			return nil
		}),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.document, o.files = argv[0], argv[1:]
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.title, "title", "", "the document's title (required)")
	f.StringVar(&o.source, "source", "", "where the document comes from (edition, library, shelfmark)")
	f.StringVar(&o.language, "language", "", "the document's language as a BCP 47 tag, e.g. en")
	f.StringVar(&o.notes, "notes", "", "notes on the document or how it was imported")
	f.StringVar(&o.pages, "pages", "", "page map `FILE` giving each page's line range in plain text")
	f.StringVar(&o.format, "format", "", "the files' `FORMAT`: text, page, alto or hocr (default: told from the content)")
	f.Float64Var(&o.dpi, "dpi", 0, "the scans' resolution, to convert ALTO in mm10 or inch1200 to pixels")
	f.BoolVar(&o.force, "force", false, "replace the OCR readings of an existing document")
	_ = cmd.MarkFlagRequired("title")
	return cmd
}

// runImport makes the document from the OCR files, one reading per page.
func runImport(ctx context.Context, o *importOptions) error {
	repo, err := o.repo()
	if err != nil {
		return err
	}
	opts := ocrimport.Options{
		Document: o.document, Title: o.title, Source: o.source, Language: o.language, Notes: o.notes,
		Force: o.force, DPI: o.dpi,
	}
	if o.format != "" {
		if opts.Format, err = ocrformat.ParseFormat(o.format); err != nil {
			return usagef("--format: %v", err)
		}
	}
	if o.dpi < 0 {
		return usagef("--dpi: the resolution %v is not a positive number", o.dpi)
	}
	for _, name := range o.files {
		raw, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		opts.Inputs = append(opts.Inputs, ocrimport.Input{Name: filepath.ToSlash(name), Raw: raw})
	}
	opts.File, opts.Raw = opts.Inputs[0].Name, opts.Inputs[0].Raw
	if o.pages != "" {
		if opts.Map, err = os.ReadFile(o.pages); err != nil {
			return err
		}
		opts.MapFile = filepath.ToSlash(o.pages)
	}
	opts.Scan = func(source, image string) string { return scanPath(repo, source, image) }
	res, err := ocrimport.Import(ctx, repo, opts)
	if err != nil {
		return err
	}
	w := o.io.Out
	readings := 0
	for _, p := range res.Pages {
		where := fmt.Sprintf("lines %d-%d", p.From, p.To)
		if p.Source != "" {
			where = p.Source
			if p.SourcePage > 0 {
				where = fmt.Sprintf("%s, page %d", p.Source, p.SourcePage)
			}
		}
		for _, n := range p.Notes {
			fmt.Fprintf(w, "page %s (%s): %s\n", p.ID, where, n)
		}
		if p.Text == "" {
			fmt.Fprintf(w, "page %s: blank, no reading written\n", p.ID)
			continue
		}
		readings++
		for _, c := range p.Report.Changes() {
			fmt.Fprintf(w, "page %s (%s): %s\n", p.ID, where, c)
		}
	}
	msg := fmt.Sprintf("imported %s: %s, %s", res.Document.ID, plural(len(res.Pages), "page", "pages"), plural(readings, "OCR reading", "OCR readings"))
	if res.Format != ocrformat.Text {
		withLines := 0
		for _, p := range res.Pages {
			if p.Geometry != nil && len(p.Geometry.Lines) > 0 {
				withLines++
			}
		}
		var names []string // the formats of the files, in order, each once
		for _, p := range res.Pages {
			if n := formatName(p.Format); p.Format != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			names = []string{formatName(res.Format)}
		}
		from := strings.Join(names, " and ")
		if len(names) > 2 {
			from = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
		}
		msg += fmt.Sprintf(" from %s, line geometry for %s", from, plural(withLines, "page", "pages"))
	}
	fmt.Fprintln(w, msg)
	return nil
}

func formatName(f ocrformat.Format) string {
	switch f {
	case ocrformat.PAGE:
		return "PAGE XML"
	case ocrformat.ALTO:
		return "ALTO"
	case ocrformat.HOCR:
		return "hOCR"
	}
	return string(f)
}

// scanPath is the scan recorded for an image an OCR file names: a URL as
// it is; the image's path in the repository when it lies there, relative
// to the OCR file; otherwise its name as the file gives it (its last
// element when that is an absolute path), for the user to fix.
func scanPath(repo *layout.Repo, source, image string) string {
	if strings.Contains(image, "://") {
		return image
	}
	p := filepath.FromSlash(image)
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(filepath.FromSlash(source)), p)
	}
	if abs, err := filepath.Abs(p); err == nil && repo.Root != "" {
		if rel, err := filepath.Rel(repo.Root, abs); err == nil && rel != "." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && rel != ".." {
			if st, err := os.Stat(abs); err == nil && st.Mode().IsRegular() {
				return filepath.ToSlash(rel)
			}
		}
	}
	if filepath.IsAbs(filepath.FromSlash(image)) || strings.HasPrefix(image, "/") {
		return filepath.Base(filepath.FromSlash(image))
	}
	return filepath.ToSlash(image)
}
