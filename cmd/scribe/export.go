package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/export"
	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

type exportOptions struct {
	*app
	target string // DOCUMENT or DOCUMENT/PAGE
	format string
	dir    string
	// noConjectures gives [?text] as its text in the reading text.
	noConjectures bool
}

// exportFormats are the values of export's --format.
var exportFormats = func() []string {
	var out []string
	for _, f := range export.Formats {
		out = append(out, string(f))
	}
	return out
}()

func newExportCmd(a *app, runF func(context.Context, *exportOptions) error) *cobra.Command {
	if runF == nil {
		runF = runExport
	}
	o := &exportOptions{app: a}
	cmd := &cobra.Command{
		Use:   "export DOCUMENT[/PAGE] --format page|alto|tei [-o DIR]",
		Short: "Write the canonical text as PAGE XML or ALTO, or the edition as TEI P5",
		Long: `Write each page's canonical text as PAGE XML (2019-07-15 schema) or ALTO 4.4,
one file per page, DIR/DOCUMENT/FORMAT/PAGE.xml, so that the corrected text can
go back into Transkribus, eScriptorium, OCR-D and other OCR tools.

Each line of the canonical text is one text line, in row order, placed where the
OCR lines its row holds lie on the scan (the page's ocr-lines.tsv): one OCR line
gives its box, polygon and baseline; several the rectangle around them and the
first one's baseline. A line whose row holds no OCR line with geometry has none:
in ALTO no position, in PAGE the empty outline "0,0 0,0" that PAGE's required
Coords allows. The scan's file name and size come from the geometry, else from
the page's scan in document.toml. See docs/export.md.

Every page exported must be finished: a page with unsettled rows is refused,
naming its rows, and nothing is written. Export finished pages one at a time
with DOCUMENT/PAGE. The same text gives the same bytes; files already up to
date are not rewritten. DIR is taken from the current directory and must lie
outside transcriptions/; it defaults to export.

--format tei writes the whole document as one TEI P5 file,
DIR/DOCUMENT/tei/DOCUMENT.xml, in parallel segmentation: every contributor is a
witness, an agreed row plain text, a decided row an app whose lem is the
reviewer's choice and whose rdgs are the other readings, a row still disputed an
app of rdgs only. It takes unfinished pages too. See docs/export.md.

--format text writes the document's text in two forms, DIR/DOCUMENT/text/:
DOCUMENT.diplomatic.txt line for line, the conventions' marks kept, each page
headed [page N]; DOCUMENT.reading.txt as one reads it: a paragraph's lines
joined, words hyphenated at a line end joined again, each page's footnotes
after the paragraphs that end on it (--no-conjectures gives [?text] as its
text alone). --format json writes the whole apparatus,
DIR/DOCUMENT/json/DOCUMENT.json. Both take unfinished pages, their unsettled
rows marked.` + "\n" + exitStatusHelp,
		Example: `  scribe export my-book --format page
  scribe export my-book/003 --format alto -o ../for-escriptorium
  scribe export my-book --format tei
  scribe export my-book --format text --no-conjectures
  scribe export my-book --format json`,
		Args: oneTarget(args(cobra.ExactArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.target = argv[0]
			if !slices.Contains(exportFormats, o.format) {
				return usagef("--format is %s, not %q", orList(exportFormats), o.format)
			}
			if o.dir == "" {
				return usagef("-o names no folder: give one, or leave -o out to write to export")
			}
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "", "the file `FORMAT`: "+orList(exportFormats)+" (required)")
	f.StringVarP(&o.dir, "output", "o", "export", "write the files under `DIR`")
	f.BoolVar(&o.noConjectures, "no-conjectures", false, "in the reading text (--format text), give a conjectured or uncertain reading [?text] as its text alone")
	_ = cmd.MarkFlagRequired("format")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(exportFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	})
	return cmd
}

// runExport writes the files of a document's pages, or of one page.
func runExport(ctx context.Context, o *exportOptions) error {
	repo, proj, err := o.project()
	if err != nil {
		return err
	}
	addr, doc, err := repo.Resolve(o.target)
	if err != nil {
		return err
	}
	if err := outsideTranscriptions(repo, o.dir); err != nil {
		return err
	}
	var ids []string
	if addr.Page != "" {
		ids = []string{addr.Page}
	}
	tuneForWholeProject()
	if export.Format(o.format).PerDocument() {
		return runExportTEI(ctx, o, repo, proj, doc, ids)
	}
	pages, err := export.Load(ctx, repo, proj, doc, ids, pageTimes(ctx, repo, doc.ID))
	if err != nil {
		return err
	}
	format := export.Format(o.format)
	type file struct {
		path string
		data []byte
	}
	files := make([]file, len(pages))
	for i, p := range pages {
		files[i] = file{filepath.Join(o.dir, filepath.FromSlash(export.Path(format, p.Doc, p.ID))), format.Encode(p)}
		// A folder where a file goes stops the export before it writes.
		if st, err := os.Stat(files[i].path); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a folder: remove it, or export to another folder with -o", files[i].path)
		}
	}
	w := o.io.Out
	for _, f := range files {
		if old, err := os.ReadFile(f.path); err == nil && bytes.Equal(old, f.data) {
			continue
		}
		if err := writeExport(f.path, f.data); err != nil {
			return err
		}
		fmt.Fprintf(w, "wrote %s\n", f.path)
	}
	fmt.Fprintf(w, "%s: %s as %s in %s\n", doc.ID, plural(len(pages), "page", "pages"), format.Name(),
		filepath.Join(o.dir, doc.ID, string(format)))
	return nil
}

// runExportTEI writes a per-document format: the TEI file,
// DIR/DOCUMENT/tei/DOCUMENT.xml, with every reading of every row
// (unfinished pages are taken too, their unsettled rows as disputed); the
// diplomatic and the reading text, DIR/DOCUMENT/text/; or the apparatus
// as JSON, DIR/DOCUMENT/json/DOCUMENT.json.
func runExportTEI(ctx context.Context, o *exportOptions, repo *layout.Repo, proj *project.Project, doc *project.Document, ids []string) error {
	d, err := export.LoadTEI(ctx, repo, proj, doc, ids, export.HeadCommit(repo.Root))
	if err != nil {
		return err
	}
	type file struct {
		rel  string
		data []byte
	}
	var files []file
	switch export.Format(o.format) {
	case export.TEXT:
		dip, rd := export.TextPaths(doc.ID)
		files = []file{{dip, export.Diplomatic(d)}, {rd, export.Reading(d, !o.noConjectures)}}
	case export.JSON:
		files = []file{{export.JSONPath(doc.ID), export.EncodeJSON(d)}}
	default:
		files = []file{{export.TEIPath(doc.ID), export.EncodeTEI(d)}}
	}
	w := o.io.Out
	for _, f := range files {
		if st, err := os.Stat(filepath.Join(o.dir, filepath.FromSlash(f.rel))); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a folder: remove it, or export to another folder with -o", filepath.Join(o.dir, filepath.FromSlash(f.rel)))
		}
	}
	for _, f := range files {
		file := filepath.Join(o.dir, filepath.FromSlash(f.rel))
		if old, err := os.ReadFile(file); err != nil || !bytes.Equal(old, f.data) {
			if err := writeExport(file, f.data); err != nil {
				return err
			}
			fmt.Fprintf(w, "wrote %s\n", file)
		}
	}
	where := filepath.Join(o.dir, doc.ID, o.format)
	if len(files) == 1 {
		where = filepath.Join(o.dir, filepath.FromSlash(files[0].rel))
	}
	fmt.Fprintf(w, "%s: %s as %s in %s\n", doc.ID, plural(len(d.Pages), "page", "pages"), export.Format(o.format).Name(), where)
	return nil
}

// outsideTranscriptions refuses an output folder inside the repository's
// transcriptions/, where check would take the files for the project's.
func outsideTranscriptions(repo *layout.Repo, dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	tr := repo.Abs(layout.Dir)
	if rel, err := filepath.Rel(tr, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return usagef("-o %s is inside %s/: export to a folder outside it, e.g. -o export", dir, layout.Dir)
	}
	return nil
}

// pageTimes gives each page's time for PAGE's Created and LastChange: the
// author date of the last commit that changed the page's folder, so that
// the same history gives the same bytes; the Unix epoch for a page never
// committed, or outside git.
func pageTimes(ctx context.Context, repo *layout.Repo, doc string) func(string) (time.Time, error) {
	g, gerr := gitrepo.Open(repo.Root)
	return func(pageID string) (time.Time, error) {
		if gerr != nil {
			return time.Unix(0, 0), nil
		}
		log, err := g.PathLog(ctx, layout.PagePath(doc, pageID), 1)
		if err != nil || len(log) == 0 {
			return time.Unix(0, 0), err
		}
		return log[0].Date, nil
	}
}

// writeExport writes a file whole or not at all: into a temporary file
// beside it, then renamed over it.
func writeExport(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("cannot write %s: %w; export to another folder with -o", path, err)
		}
		return err
	}
	return nil
}
