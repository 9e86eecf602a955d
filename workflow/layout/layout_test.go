package layout

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// newRepo makes a scribe project in a fresh temporary directory.
func newRepo(t *testing.T) *Repo {
	t.Helper()
	dir := t.TempDir()
	if _, err := Init(dir); err != nil {
		t.Fatalf("Init: %v", err)
	}
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// writeFile writes a file at a repository path, making its folders.
func writeFile(t *testing.T, r *Repo, rel, content string) {
	t.Helper()
	abs := r.Abs(rel)
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(abs, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func addDocument(t *testing.T, r *Repo, id string, pages ...string) {
	t.Helper()
	d := &project.Document{ID: id, Title: "Document " + id}
	for _, p := range pages {
		d.Pages = append(d.Pages, project.PageEntry{ID: p})
	}
	writeFile(t, r, DocumentPath(id)+"/"+DocumentFile, string(d.Encode()))
}

func TestFind(t *testing.T) {
	r := newRepo(t)
	nested := filepath.Join(r.Root, "transcriptions", "doc", "001", "readings")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{r.Root, nested, filepath.Join(r.Root, "transcriptions")} {
		got, err := Find(dir)
		if err != nil {
			t.Fatalf("Find(%s): %v", dir, err)
		}
		if got.Root != r.Root {
			t.Errorf("Find(%s).Root = %s, want %s", dir, got.Root, r.Root)
		}
	}
}

func TestFindOutsideProject(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Find(dir)
	var p *problem.Problem
	if !errors.As(err, &p) {
		t.Fatalf("Find outside a project = %v, want a *problem.Problem", err)
	}
	if !strings.Contains(p.Error(), "scribe init") {
		t.Errorf("problem does not mention `scribe init`: %v", p)
	}
	if !strings.Contains(p.Message, dir) {
		t.Errorf("problem does not name the directory searched from: %v", p)
	}
}

func TestPaths(t *testing.T) {
	if got := ReadingPath("doc", "001", "alice"); got != "transcriptions/doc/001/readings/alice.txt" {
		t.Errorf("ReadingPath = %q", got)
	}
	if got := PagePath("doc", "001"); got != "transcriptions/doc/001" {
		t.Errorf("PagePath = %q", got)
	}
	r := &Repo{Root: filepath.FromSlash("/root/dir")}
	if got := r.Abs("transcriptions/doc"); got != filepath.Join("/root/dir", "transcriptions", "doc") {
		t.Errorf("Abs = %q", got)
	}
}

func TestDocuments(t *testing.T) {
	r := newRepo(t)
	addDocument(t, r, "zeta", "001")
	addDocument(t, r, "alpha", "001")
	addDocument(t, r, "mid", "001")
	// Not documents: a folder without document.toml, and a file.
	if err := os.MkdirAll(r.Abs("transcriptions/empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, r, "transcriptions/document.toml", "title = \"stray\"\n")
	got, err := r.Documents()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"alpha", "mid", "zeta"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Documents = %v, want %v", got, want)
	}
}

func TestDocumentMissing(t *testing.T) {
	r := newRepo(t)
	_, err := r.Document("nope")
	var p *problem.Problem
	if !errors.As(err, &p) || p.Rule != "layout" || p.File != "transcriptions/nope/document.toml" {
		t.Errorf("Document(nope) = %#v", err)
	}
	if _, err := r.Document("../x"); err == nil {
		t.Error("Document accepted the id ../x")
	}
}

func TestReadings(t *testing.T) {
	r := newRepo(t)
	dir := "transcriptions/doc/001/readings/"
	for _, name := range []string{"zed.txt", "ocr.txt", "alice.txt", "Bad.txt", "notes.md"} {
		writeFile(t, r, dir+name, "text\n")
	}
	if err := os.Mkdir(r.Abs(dir+"x.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("alice.txt", r.Abs(dir+"y.txt")); err != nil {
		t.Fatal(err)
	}
	got, err := r.Readings("doc", "001")
	if err != nil {
		t.Fatal(err)
	}
	want := []Reading{
		{Contributor: "alice", Path: dir + "alice.txt"},
		{Contributor: "ocr", Path: dir + "ocr.txt"},
		{Contributor: "zed", Path: dir + "zed.txt"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Readings = %+v, want %+v", got, want)
	}

	none, err := r.Readings("doc", "002")
	if err != nil || len(none) != 0 {
		t.Errorf("Readings of a page without a readings folder = %v, %v", none, err)
	}
}

func TestResolve(t *testing.T) {
	r := newRepo(t)
	addDocument(t, r, "doc", "001", "002", "003")

	tests := []struct {
		arg     string
		want    Address
		wantErr string
	}{
		{"doc/002", Address{Document: "doc", Page: "002"}, ""},
		{"/doc/002/", Address{Document: "doc", Page: "002"}, ""},
		{"002", Address{Document: "doc", Page: "002"}, ""},
		{"doc", Address{Document: "doc"}, ""},
		{"doc/009", Address{}, `document doc has no page "009": its 3 pages are 001, 002, 003`},
		{"009", Address{}, `document doc has no page "009"`},
		{"doc/x2", Address{}, "invalid page id"},
		{"other/001", Address{}, `no document "other": the documents are doc`},
		{"Doc", Address{}, "uppercase"},
		// Page numbers without their padding, and the paths a shell
		// completes.
		{"2", Address{Document: "doc", Page: "002"}, ""},
		{"02", Address{Document: "doc", Page: "002"}, ""},
		{"0002", Address{Document: "doc", Page: "002"}, ""},
		{"doc/3", Address{Document: "doc", Page: "003"}, ""},
		{"transcriptions/doc/003", Address{Document: "doc", Page: "003"}, ""},
		{"transcriptions/doc/003/", Address{Document: "doc", Page: "003"}, ""},
		{"./transcriptions/doc/", Address{Document: "doc"}, ""},
		{"transcriptions/doc/003/readings", Address{}, `not a page: write DOCUMENT/PAGE, e.g. doc/003`},
		{"transcriptions/", Address{}, "names no page"},
		// The wrong way round.
		{"003/doc", Address{}, `"003/doc" has the page first: write DOCUMENT/PAGE, doc/003`},
	}
	for _, tt := range tests {
		addr, doc, err := r.Resolve(tt.arg)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Resolve(%q) error = %v, want one containing %q", tt.arg, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Resolve(%q): %v", tt.arg, err)
			continue
		}
		if addr != tt.want {
			t.Errorf("Resolve(%q) = %+v, want %+v", tt.arg, addr, tt.want)
		}
		if doc == nil || doc.ID != "doc" || len(doc.Pages) != 3 {
			t.Errorf("Resolve(%q) document = %+v", tt.arg, doc)
		}
	}
	if got := (Address{Document: "doc", Page: "002"}).String(); got != "doc/002" {
		t.Errorf("Address.String = %q", got)
	}
	if got := (Address{Document: "doc"}).String(); got != "doc" {
		t.Errorf("Address.String = %q", got)
	}

	addDocument(t, r, "second", "001", "002")
	if _, _, err := r.Resolve("002"); err == nil || !strings.Contains(err.Error(), "2 documents (doc, second)") || !strings.Contains(err.Error(), "DOCUMENT/002") {
		t.Errorf("Resolve(002) with two documents = %v, want an error asking for DOCUMENT/002", err)
	}
	if addr, _, err := r.Resolve("second/002"); err != nil || addr != (Address{Document: "second", Page: "002"}) {
		t.Errorf("Resolve(second/002) = %+v, %v", addr, err)
	}
}

// TestResolveLongList: an unknown page in a long document lists the first
// few pages and the last.
func TestResolveLongList(t *testing.T) {
	r := newRepo(t)
	var pages []string
	for i := 1; i <= 40; i++ {
		pages = append(pages, fmt.Sprintf("%03d", i))
	}
	addDocument(t, r, "doc", pages...)
	_, _, err := r.Resolve("doc/041")
	want := `document doc has no page "041": its 40 pages are 001, 002, 003, 004, 005, …, 040`
	if err == nil || err.Error() != want {
		t.Errorf("Resolve(doc/041) = %v, want %q", err, want)
	}
	if addr, _, err := r.Resolve("40"); err != nil || addr.Page != "040" {
		t.Errorf("Resolve(40) = %+v, %v", addr, err)
	}
}

func TestProject(t *testing.T) {
	r := newRepo(t)
	p, err := r.Project()
	if err != nil {
		t.Fatalf("Project of a fresh project: %v", err)
	}
	if p.Policy.ReadingsRequired != 2 {
		t.Errorf("policy = %+v", p.Policy)
	}

	writeFile(t, r, ProjectPath(), "[policy]\nreadings_required = 0\n")
	_, err = r.Project()
	var prob *problem.Problem
	if !errors.As(err, &prob) || prob.File != "transcriptions/project.toml" || prob.Line != 2 {
		t.Errorf("Project with a bad policy = %v, want a problem at transcriptions/project.toml:2", err)
	}

	empty, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = empty.Project()
	if !errors.As(err, &prob) {
		t.Fatalf("Project without project.toml = %#v, want a *problem.Problem", err)
	}
	if prob.File != "transcriptions/project.toml" || !strings.Contains(prob.Error(), "scribe init") {
		t.Errorf("problem = %v, want it to name transcriptions/project.toml and `scribe init`", prob)
	}
}

func TestWriteFile(t *testing.T) {
	r := newRepo(t)
	rel := "transcriptions/doc/001/readings/alice.txt"
	if err := r.WriteFile(rel, []byte("first\n")); err != nil {
		t.Fatalf("WriteFile into missing folders: %v", err)
	}
	if got := readFile(t, r.Abs(rel)); got != "first\n" {
		t.Errorf("content = %q", got)
	}
	if err := r.WriteFile(rel, []byte("second\n")); err != nil {
		t.Fatalf("WriteFile replacing a file: %v", err)
	}
	if got := readFile(t, r.Abs(rel)); got != "second\n" {
		t.Errorf("content after replace = %q", got)
	}
	fi, err := os.Stat(r.Abs(rel))
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, %v; want 0644", fi.Mode(), err)
	}
}

func TestWriteFileRefusesSymlink(t *testing.T) {
	r := newRepo(t)
	target := filepath.Join(t.TempDir(), "outside.txt")
	if err := os.WriteFile(target, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rel := "transcriptions/doc/001/readings/bob.txt"
	if err := os.MkdirAll(filepath.Dir(r.Abs(rel)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, r.Abs(rel)); err != nil {
		t.Fatal(err)
	}
	err := r.WriteFile(rel, []byte("overwritten\n"))
	var p *problem.Problem
	if !errors.As(err, &p) || !strings.Contains(p.Message, "symbolic link") || p.File != rel {
		t.Errorf("WriteFile through a symlink = %v, want a problem naming a symbolic link", err)
	}
	if got := readFile(t, target); got != "keep me\n" {
		t.Errorf("symlink target changed to %q", got)
	}
	if fi, err := os.Lstat(r.Abs(rel)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink itself was replaced: %v, %v", fi, err)
	}
}

func TestWriteFileRefusesDirectory(t *testing.T) {
	r := newRepo(t)
	rel := "transcriptions/doc/001/readings/dir.txt"
	if err := os.MkdirAll(r.Abs(rel), 0o755); err != nil {
		t.Fatal(err)
	}
	err := r.WriteFile(rel, []byte("x\n"))
	var p *problem.Problem
	if !errors.As(err, &p) || !strings.Contains(p.Message, "directory") {
		t.Errorf("WriteFile onto a directory = %v, want a problem naming a directory", err)
	}
	if fi, err := os.Stat(r.Abs(rel)); err != nil || !fi.IsDir() {
		t.Errorf("the directory is gone: %v, %v", fi, err)
	}
}

func TestLock(t *testing.T) {
	for _, withGit := range []bool{false, true} {
		name := "no .git"
		if withGit {
			name = "with .git"
		}
		t.Run(name, func(t *testing.T) {
			r := newRepo(t)
			if withGit {
				if err := os.Mkdir(filepath.Join(r.Root, ".git"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			unlock, err := r.Lock(context.Background())
			if err != nil {
				t.Fatalf("first Lock: %v", err)
			}
			lockFile := filepath.Join(r.Root, ".scribe.lock")
			if withGit {
				lockFile = filepath.Join(r.Root, ".git", "scribe.lock")
			}
			if _, err := os.Stat(lockFile); err != nil {
				t.Errorf("lock file %s: %v", lockFile, err)
			}

			ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
			defer cancel()
			start := time.Now()
			second, err := r.Lock(ctx)
			if err == nil {
				second()
				t.Fatal("a second Lock succeeded while the first was held")
			}
			if !strings.Contains(err.Error(), "another scribe process") {
				t.Errorf("second Lock error = %v", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("second Lock ignored the context deadline: took %v", d)
			}

			unlock()
			third, err := r.Lock(context.Background())
			if err != nil {
				t.Fatalf("Lock after unlock: %v", err)
			}
			third()
		})
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	written, err := Init(dir)
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	if want := []string{"transcriptions/project.toml", "transcriptions/CONVENTIONS.md"}; !reflect.DeepEqual(written, want) {
		t.Errorf("written = %v, want %v", written, want)
	}
	projectFile := filepath.Join(dir, "transcriptions", "project.toml")
	if got := readFile(t, projectFile); got != string(project.ExampleProject) {
		t.Errorf("project.toml is not the example")
	}
	if got := readFile(t, filepath.Join(dir, "transcriptions", "CONVENTIONS.md")); got != string(project.ExampleConventions) {
		t.Errorf("CONVENTIONS.md is not the example")
	}

	const edited = "[policy]\nreadings_required = 3\n"
	if err := os.WriteFile(projectFile, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	written, err = Init(dir)
	var p *problem.Problem
	if !errors.As(err, &p) || !strings.Contains(p.Message, "already a scribe project") {
		t.Errorf("second Init = %v, %v; want a refusal", written, err)
	}
	if got := readFile(t, projectFile); got != edited {
		t.Errorf("second Init changed project.toml to %q", got)
	}
}

func TestInitKeepsConventions(t *testing.T) {
	dir := t.TempDir()
	conv := filepath.Join(dir, "transcriptions", "CONVENTIONS.md")
	if err := os.MkdirAll(filepath.Dir(conv), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conv, []byte("# Our own conventions\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	written, err := Init(dir)
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	if want := []string{"transcriptions/project.toml"}; !reflect.DeepEqual(written, want) {
		t.Errorf("written = %v, want %v", written, want)
	}
	if got := readFile(t, conv); got != "# Our own conventions\n" {
		t.Errorf("Init replaced CONVENTIONS.md with %q", got)
	}
}

// TestWriteFileIsAtomic replaces a file over and over while another
// goroutine reads it: every read sees one whole version, never a mixture
// or an empty file, as an interrupted write would leave.
func TestWriteFileIsAtomic(t *testing.T) {
	r, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := []byte(strings.Repeat("old reading\n", 20000))
	b := []byte(strings.Repeat("new reading\n", 20000))
	rel := ReadingPath("doc", "001", "jane")
	if err := r.WriteFile(rel, a); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 200; i++ {
			data := a
			if i%2 == 0 {
				data = b
			}
			if err := r.WriteFile(rel, data); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for reads := 0; ; reads++ {
		select {
		case <-done:
			if reads == 0 {
				t.Fatal("no reads happened")
			}
			return
		default:
		}
		got, err := os.ReadFile(r.Abs(rel))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
			t.Fatalf("read %d bytes that are neither version", len(got))
		}
	}
}

func TestReplaceDerived(t *testing.T) {
	r := newRepo(t)
	rel := "transcriptions/doc/001/canonical.txt"
	for _, step := range []struct {
		data  string
		wrote bool
	}{{"first\n", true}, {"first\n", false}, {"second\n", true}} {
		wrote, err := r.ReplaceDerived(rel, []byte(step.data))
		if err != nil || wrote != step.wrote {
			t.Fatalf("ReplaceDerived(%q) = %v, %v; want wrote %v", step.data, wrote, err, step.wrote)
		}
		if got := readFile(t, r.Abs(rel)); got != step.data {
			t.Errorf("content = %q, want %q", got, step.data)
		}
	}
	entries, err := os.ReadDir(filepath.Dir(r.Abs(rel)))
	if err != nil || len(entries) != 1 {
		t.Errorf("the folder holds %v (%v); want only canonical.txt, no temporary file", entries, err)
	}
	if fi, err := os.Stat(r.Abs(rel)); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, %v; want 0644", fi.Mode(), err)
	}

	// Never through a symbolic link.
	target := filepath.Join(t.TempDir(), "outside.txt")
	if err := os.WriteFile(target, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := "transcriptions/doc/001/canonical.sum"
	if err := os.Symlink(target, r.Abs(link)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReplaceDerived(link, []byte("x\n")); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("ReplaceDerived through a symlink = %v", err)
	}
	if got := readFile(t, target); got != "keep me\n" {
		t.Errorf("symlink target changed to %q", got)
	}
}
