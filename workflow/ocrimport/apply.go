package ocrimport

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"sort"

	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/ocrformat"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Options describe one import.
type Options struct {
	Document string
	Title    string
	Source   string
	Language string
	Notes    string
	File     string // name of the OCR file, for errors and provenance
	Raw      []byte // its bytes
	MapFile  string // name of the page map, if any
	Map      []byte // its bytes, nil to cut at form feeds
	Force    bool   // replace the OCR readings of an existing document

	// Inputs are the OCR files in page order, when there are several or
	// they are PAGE, ALTO or hOCR; empty for the one file File and Raw.
	Inputs []Input
	// Format is the files' format; "" to tell it from their content.
	Format ocrformat.Format
	// DPI is the scans' resolution, to convert ALTO measured in mm10 or
	// inch1200 to pixels; 0 when unknown.
	DPI float64
	// Scan turns the image an OCR file names into the page's scan in
	// document.toml (a repository path or URL); nil keeps the name.
	Scan func(source, image string) string
}

// Result is what an import wrote.
type Result struct {
	Document *project.Document
	Pages    []Cut
	Written  []string // repository paths, in order
	Format   ocrformat.Format
}

// Import validates everything first and only then writes, under the
// repository lock: bad input leaves every file as it was.
func Import(ctx context.Context, repo *layout.Repo, o Options) (*Result, error) {
	if err := ids.Document(o.Document); err != nil {
		return nil, err
	}
	if o.Title == "" {
		return nil, errors.New("a document needs a title: pass --title \"…\"")
	}
	if _, err := repo.Project(); err != nil {
		return nil, err
	}
	pages, form, err := readPages(o)
	if err != nil {
		return nil, err
	}
	doc := &project.Document{ID: o.Document, Title: o.Title, Source: o.Source, Language: o.Language, Notes: o.Notes}
	for i, p := range pages {
		scan := p.Image
		if o.Scan != nil && p.Image != "" {
			scan = o.Scan(p.Source, p.Image)
		}
		pages[i].Scan = scan
		doc.Pages = append(doc.Pages, project.PageEntry{ID: p.ID, Printed: p.Printed, Scan: scan})
	}
	docFile := layout.DocumentFilePath(o.Document)
	// Parse what we are about to write, so the file on disk is always valid.
	if _, err := project.ParseDocument(docFile, o.Document, doc.Encode()); err != nil {
		return nil, err
	}

	res := &Result{Document: doc, Pages: pages, Format: form}
	kept := keptFiles(o, form)
	err = repo.Update(ctx, func(context.Context) (func() error, error) {
		if err := checkExisting(repo, o, doc); err != nil {
			return nil, err
		}
		return func() error { return writeImport(repo, o, doc, pages, kept, docFile, res) }, nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// writeImport writes an import's files, the document.toml last, so that
// an import stopped midway leaves the document as it was listed before.
func writeImport(repo *layout.Repo, o Options, doc *project.Document, pages []Cut, kept map[string][]byte, docFile string, res *Result) error {
	write := func(rel string, data []byte) error {
		if err := repo.WriteFile(rel, data); err != nil {
			return err
		}
		res.Written = append(res.Written, rel)
		return nil
	}
	remove := func(rel string) error {
		if err := os.Remove(repo.Abs(rel)); err == nil {
			res.Written = append(res.Written, rel)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	// The raw inputs are kept beside the document so that an import can
	// be repeated and checked: the OCR files byte for byte, and the page
	// map; those of an earlier import are removed.
	names := make([]string, 0, len(kept))
	for name := range kept {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := write(layout.ImportPath(o.Document, name), kept[name]); err != nil {
			return err
		}
	}
	if old, err := os.ReadDir(repo.Abs(layout.ImportPath(o.Document, ""))); err == nil {
		for _, e := range old {
			if _, ok := kept[e.Name()]; !ok && e.Type().IsRegular() {
				if err := remove(layout.ImportPath(o.Document, e.Name())); err != nil {
					return err
				}
			}
		}
	}
	for _, p := range pages {
		if p.Text == "" {
			// A page that is blank in this import keeps no OCR reading
			// from an earlier one.
			if err := remove(layout.ReadingPath(o.Document, p.ID, project.OCR)); err != nil {
				return err
			}
			if err := remove(layout.LinesPath(o.Document, p.ID)); err != nil {
				return err
			}
			continue
		}
		if err := write(layout.ReadingPath(o.Document, p.ID, project.OCR), []byte(p.Text)); err != nil {
			return err
		}
		if p.Geometry != nil {
			if err := write(layout.LinesPath(o.Document, p.ID), p.Geometry.Encode()); err != nil {
				return err
			}
		} else if err := remove(layout.LinesPath(o.Document, p.ID)); err != nil {
			return err
		}
	}
	return write(docFile, doc.Encode())
}

// checkExisting refuses to replace a document unless forced, and even
// when forced refuses to drop a page that holds readings by people.
func checkExisting(repo *layout.Repo, o Options, doc *project.Document) error {
	old, err := repo.Document(o.Document)
	var prob *problem.Problem
	switch {
	case err == nil:
	case errors.As(err, &prob) && prob.Rule == "layout":
		if _, statErr := os.Stat(repo.Abs(layout.DocumentPath(o.Document))); errors.Is(statErr, fs.ErrNotExist) {
			return nil
		}
		if !o.Force {
			return problem.Newf(layout.DocumentPath(o.Document), 0, "import", "pass --force to import into it anyway, or choose another document id",
				"the folder %s already exists", layout.DocumentPath(o.Document))
		}
		return nil
	default:
		if !o.Force {
			return err
		}
		return nil
	}
	if !o.Force {
		return problem.Newf(layout.DocumentFilePath(o.Document), 0, "import",
			"pass --force to replace the document's OCR readings (other contributors' readings are kept)",
			"document %s already exists", o.Document)
	}
	for _, p := range old.Pages {
		if _, ok := doc.Page(p.ID); ok {
			continue
		}
		readings, err := repo.Readings(o.Document, p.ID)
		if err != nil {
			return err
		}
		for _, r := range readings {
			if r.Contributor != project.OCR {
				return problem.Newf(r.Path, 0, "import", "keep the page in the page map, or move the reading away first",
					"page %s is not in the new import but holds %s's reading", p.ID, r.Contributor)
			}
		}
		return problem.Newf(layout.PagePath(o.Document, p.ID), 0, "import", "remove the page folder by hand if the page really is gone",
			"page %s exists but is not in the new import", p.ID)
	}
	return nil
}
