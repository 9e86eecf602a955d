// Package layout knows where things live in a scribe repository and reads
// and writes them safely: the transcriptions/ tree of documents, pages and
// readings, atomic file replacement, and the lock that keeps two scribe
// processes from interleaving their writes.
package layout

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Names of the layout. Paths inside the repository use forward slashes.
const (
	Dir             = "transcriptions"
	ProjectFile     = "project.toml"
	ConventionsFile = "CONVENTIONS.md"
	DocumentFile    = "document.toml"
	ReadingsDir     = "readings"
	ReadingExt      = ".txt"
	CanonicalFile   = "canonical.txt"
	SumFile         = "canonical.sum" // the fingerprints beside each canonical.txt
	DecisionsFile   = "decisions.txt"
	// LinesFile is a page's OCR line geometry (see workflow/geometry).
	LinesFile = "ocr-lines.tsv"
	ImportDir = "import"
	// The raw OCR an import was made from and its page map, kept in the
	// document's import folder.
	ImportSourceFile = "ocr.txt"
	ImportMapFile    = "pages.map"
	// WordsDir holds the project's word lists: words it allows
	// (GoodWordsFile) and words it refuses (BadWordsFile).
	WordsDir      = "words"
	GoodWordsFile = "good.txt"
	BadWordsFile  = "bad.txt"
	// ReadmeFile is the project's own description, if it has one.
	ReadmeFile = "README.md"
)

// Repo is a scribe repository: the directory that holds transcriptions/.
// Everything scribe reads goes through FS, so that the same code reads a
// work tree or, for checks, a commit's tree straight from git.
type Repo struct {
	Root string // absolute; empty for a repository read from git
	FS   fs.FS  // the repository's files, by slash-separated path
}

// Open returns the repository rooted at dir without looking upwards.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return &Repo{Root: abs, FS: newWorkFS(abs)}, nil
}

// FromFS returns a read-only repository over fsys, such as a commit's tree.
func FromFS(fsys fs.FS) *Repo { return &Repo{FS: fsys} }

// ReadFile reads a file by repository path.
func (r *Repo) ReadFile(rel string) ([]byte, error) { return fs.ReadFile(r.FS, rel) }

// ReadDir lists a folder by repository path, sorted by name.
func (r *Repo) ReadDir(rel string) ([]fs.DirEntry, error) { return fs.ReadDir(r.FS, rel) }

// Lstat describes a path without following a symbolic link.
func (r *Repo) Lstat(rel string) (fs.FileInfo, error) { return fs.Lstat(r.FS, rel) }

// Find returns the repository that holds dir: the nearest directory at or
// above dir with transcriptions/project.toml.
func Find(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, Dir, ProjectFile)); err == nil {
			return &Repo{Root: d, FS: newWorkFS(d)}, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, problem.Newf(path.Join(Dir, ProjectFile), 0, "layout",
				"run `scribe init` to make this directory a transcription project, or run scribe inside one (or pass --repo DIR)",
				"no scribe project here: %s was not found in %s or any directory above it", path.Join(Dir, ProjectFile), abs)
		}
		d = parent
	}
}

// Abs turns a slash-separated repository path into a file-system path.
func (r *Repo) Abs(rel string) string { return filepath.Join(r.Root, filepath.FromSlash(rel)) }

// ProjectPath is the repository path of project.toml.
func ProjectPath() string { return path.Join(Dir, ProjectFile) }

// DocumentPath is the repository path of a document's folder.
func DocumentPath(doc string) string { return path.Join(Dir, doc) }

// PagePath is the repository path of a page's folder.
func PagePath(doc, page string) string { return path.Join(Dir, doc, page) }

// DocumentFilePath is the repository path of a document's document.toml.
func DocumentFilePath(doc string) string { return path.Join(Dir, doc, DocumentFile) }

// DocumentCanonicalPath is the document's canonical text, and
// DocumentSumPath its fingerprints.
func DocumentCanonicalPath(doc string) string { return path.Join(Dir, doc, CanonicalFile) }

// DocumentSumPath is the document's canonical.sum.
func DocumentSumPath(doc string) string { return path.Join(Dir, doc, SumFile) }

// ImportPath is a file of a document's import folder.
func ImportPath(doc, name string) string { return path.Join(Dir, doc, ImportDir, name) }

// PageCanonicalPath is a page's canonical text.
func PageCanonicalPath(doc, page string) string { return path.Join(Dir, doc, page, CanonicalFile) }

// PageSumPath is a page's canonical.sum.
func PageSumPath(doc, page string) string { return path.Join(Dir, doc, page, SumFile) }

// LinesPath is a page's OCR line geometry.
func LinesPath(doc, page string) string { return path.Join(Dir, doc, page, LinesFile) }

// DecisionsPath is a page's decisions file.
func DecisionsPath(doc, page string) string { return path.Join(Dir, doc, page, DecisionsFile) }

// ReadingsPath is a page's readings folder.
func ReadingsPath(doc, page string) string { return path.Join(Dir, doc, page, ReadingsDir) }

// ReadingPath is the repository path of one contributor's reading.
func ReadingPath(doc, page, contributor string) string {
	return path.Join(Dir, doc, page, ReadingsDir, contributor+ReadingExt)
}

// Project reads and parses project.toml.
func (r *Repo) Project() (*project.Project, error) {
	rel := ProjectPath()
	src, err := r.ReadFile(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, problem.New(rel, 0, "layout", "project.toml is missing", "run `scribe init` to create it")
		}
		return nil, err
	}
	return project.Parse(rel, src)
}

// Documents lists the ids of the documents, sorted: the folders under
// transcriptions/ that hold a document.toml.
func (r *Repo) Documents() ([]string, error) {
	entries, err := r.List(Dir)
	if err != nil {
		return nil, err
	}
	var docs []string
	for _, e := range entries {
		if !e.Folder() {
			continue
		}
		if _, err := r.Lstat(DocumentFilePath(e.Name)); err == nil {
			docs = append(docs, e.Name)
		}
	}
	return docs, nil
}

// Document reads and parses one document.toml.
func (r *Repo) Document(id string) (*project.Document, error) {
	if err := ids.Document(id); err != nil {
		return nil, err
	}
	rel := DocumentFilePath(id)
	src, err := r.ReadFile(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, problem.Newf(rel, 0, "layout", "run `scribe status` to list the documents, or `scribe import` to create one",
				"no document %q: %s does not exist", id, rel)
		}
		return nil, err
	}
	return project.ParseDocument(rel, id, src)
}

// Reading is one contributor's reading file of a page.
type Reading struct {
	Contributor string
	Path        string // repository path
}

// Readings lists a page's readings sorted by contributor. Files in the
// readings folder that are not <valid-id>.txt are skipped here; the
// repository check reports them.
func (r *Repo) Readings(doc, page string) ([]Reading, error) {
	entries, err := r.List(ReadingsPath(doc, page))
	if isNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ReadingsOf(entries), nil
}

// ReadingsOf picks the readings out of a readings folder's entries: the
// regular files named <valid-id>.txt, sorted by contributor.
func ReadingsOf(entries []Entry) []Reading {
	var out []Reading
	for _, e := range entries {
		if e.Class.Kind == KindReading && e.Regular {
			out = append(out, Reading{Contributor: e.Class.Contributor, Path: e.Path})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Contributor < out[j].Contributor })
	return out
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// Address is a page named on the command line.
type Address struct {
	Document string
	Page     string // empty when the address names a whole document
}

func (a Address) String() string {
	if a.Page == "" {
		return a.Document
	}
	return a.Document + "/" + a.Page
}

// Resolve parses DOCUMENT, DOCUMENT/PAGE or, in a project with a single
// document, PAGE alone, and checks that what it names exists. It takes
// the names a shell completes too: a leading "transcriptions/" or "./"
// and a trailing slash are dropped. A page may be written by its number
// without the zero padding: 3, 03 and 003 all name page 003. What names
// nothing gets an error that lists what exists, and DOCUMENT and PAGE
// written the wrong way round (003/doc) a hint to swap them.
func (r *Repo) Resolve(arg string) (Address, *project.Document, error) {
	name := cleanArg(arg)
	if name == "" {
		return Address{}, nil, fmt.Errorf("%q names no page: write DOCUMENT/PAGE, e.g. my-book/003", arg)
	}
	parts := strings.Split(name, "/")
	if err := ids.Document(parts[0]); err != nil && !isDigits(parts[0]) {
		return Address{}, nil, err
	}
	if len(parts) > 2 {
		return Address{}, nil, fmt.Errorf("%q is not a page: write DOCUMENT/PAGE, e.g. %s/%s", arg, parts[0], parts[1])
	}
	docID, pageID := parts[0], ""
	if len(parts) == 2 {
		pageID = parts[1]
	}
	if len(parts) == 1 && isDigits(docID) {
		docs, err := r.Documents()
		if err != nil {
			return Address{}, nil, err
		}
		switch len(docs) {
		case 0:
			return Address{}, nil, fmt.Errorf("%q names a page but the project has no documents yet: add one with `scribe import`", arg)
		case 1:
			docID, pageID = docs[0], name
		default:
			return Address{}, nil, fmt.Errorf("%q names a page but the project has %d documents (%s): write DOCUMENT/%s, e.g. %s/%s",
				arg, len(docs), shortList(docs), name, docs[0], name)
		}
	}
	if len(parts) == 2 && isDigits(docID) && !isDigits(pageID) {
		if _, err := r.Lstat(DocumentFilePath(pageID)); err == nil {
			return Address{}, nil, fmt.Errorf("%q has the page first: write DOCUMENT/PAGE, %s/%s", arg, pageID, docID)
		}
	}
	doc, err := r.Document(docID)
	if err != nil {
		if _, serr := r.Lstat(DocumentFilePath(docID)); ids.Document(docID) == nil && isNotExist(serr) {
			return Address{}, nil, r.noDocument(docID)
		}
		return Address{}, nil, err
	}
	if pageID == "" {
		return Address{Document: docID}, doc, nil
	}
	id, ok := pageByNumber(doc, pageID)
	if !ok {
		if !isDigits(pageID) {
			if err := ids.Page(pageID); err != nil {
				return Address{}, nil, err
			}
		}
		return Address{}, nil, fmt.Errorf("document %s has no page %q: %s", docID, pageID, pageList(doc))
	}
	return Address{Document: docID, Page: id}, doc, nil
}

// noDocument says that no document is called id, and which there are.
func (r *Repo) noDocument(id string) error {
	docs, err := r.Documents()
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		return fmt.Errorf("no document %q: the project has no documents yet; add one with `scribe import`", id)
	}
	return fmt.Errorf("no document %q: the documents are %s", id, shortList(docs))
}

// cleanArg drops what a shell's completion of a folder adds to a page
// name: a leading "./" or "transcriptions/" and trailing slashes.
func cleanArg(arg string) string {
	s := filepath.ToSlash(arg)
	for {
		t := strings.TrimPrefix(strings.Trim(s, "/"), "./")
		t = strings.TrimPrefix(t, Dir+"/")
		if t == s {
			break
		}
		s = t
	}
	if s == Dir || s == "." {
		return ""
	}
	return s
}

// pageByNumber finds the page named id, or, for a number, the page with
// that number whatever its zero padding.
func pageByNumber(doc *project.Document, id string) (string, bool) {
	if _, ok := doc.Page(id); ok {
		return id, true
	}
	if !isDigits(id) {
		return "", false
	}
	want := strings.TrimLeft(id, "0")
	for _, p := range doc.Pages {
		if isDigits(p.ID) && strings.TrimLeft(p.ID, "0") == want {
			return p.ID, true
		}
	}
	return "", false
}

// pageList names a document's pages for an error: all of them when they
// are few, else the first few and the last.
func pageList(doc *project.Document) string {
	if len(doc.Pages) == 0 {
		return "it has no pages"
	}
	pages := make([]string, len(doc.Pages))
	for i, p := range doc.Pages {
		pages[i] = p.ID
	}
	if len(pages) == 1 {
		return "its one page is " + pages[0]
	}
	return fmt.Sprintf("its %d pages are %s", len(pages), shortList(pages))
}

// shortList joins names with commas, keeping the first few and the last
// of a long list: "001, 002, 003, 004, 005, …, 040".
func shortList(names []string) string {
	const head = 5
	if len(names) <= head+2 {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:head], ", ") + ", …, " + names[len(names)-1]
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Init writes a new project's project.toml and CONVENTIONS.md into
// dir/transcriptions. It refuses when a project.toml is already there and
// keeps an existing CONVENTIONS.md. It returns the repository paths written.
func Init(dir string) ([]string, error) {
	r, err := Open(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(r.Abs(ProjectPath())); err == nil {
		return nil, problem.New(ProjectPath(), 0, "layout", "this directory is already a scribe project",
			"edit the existing project.toml instead; scribe init never overwrites it")
	}
	var written []string
	if err := r.WriteFile(ProjectPath(), project.ExampleProject); err != nil {
		return nil, err
	}
	written = append(written, ProjectPath())
	conv := path.Join(Dir, ConventionsFile)
	if ok, err := r.writeAbsent(conv, project.ExampleConventions); err != nil {
		return nil, err
	} else if ok {
		written = append(written, conv)
	}
	return written, nil
}
