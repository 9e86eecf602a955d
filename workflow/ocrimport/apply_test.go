package ocrimport

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

func newRepo(t *testing.T) *layout.Repo {
	t.Helper()
	dir := t.TempDir()
	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	r, err := layout.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// snapshot maps every file under the repository (but the lock file) to its
// content, and every directory to "<dir>".
func snapshot(t *testing.T, r *layout.Repo) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(r.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(r.Root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".scribe.lock":
		case d.IsDir():
			out[rel] = "<dir>"
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func read(t *testing.T, r *layout.Repo, rel string) string {
	t.Helper()
	b, err := os.ReadFile(r.Abs(rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const (
	ocrRaw = "Page one, line one.  \nPage one, line two.\n\n Page two\r\nends here.\n\nPage three.\n"
	ocrMap = "# test map\n001 1-2\n002 4-5 2\n003 7-7 3\n"
)

func options() Options {
	return Options{
		Document: "pamphlet",
		Title:    "A Pamphlet",
		Source:   "A library",
		Language: "en",
		Notes:    "Imported\nfor a test.",
		File:     "scan.txt",
		Raw:      []byte(ocrRaw),
		MapFile:  "scan.map",
		Map:      []byte(ocrMap),
	}
}

func TestImport(t *testing.T) {
	r := newRepo(t)
	res, err := Import(context.Background(), r, options())
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	wantWritten := []string{
		"transcriptions/pamphlet/import/ocr.txt",
		"transcriptions/pamphlet/import/pages.map",
		"transcriptions/pamphlet/001/readings/ocr.txt",
		"transcriptions/pamphlet/002/readings/ocr.txt",
		"transcriptions/pamphlet/003/readings/ocr.txt",
		"transcriptions/pamphlet/document.toml",
	}
	if !reflect.DeepEqual(res.Written, wantWritten) {
		t.Errorf("written = %v\nwant %v", res.Written, wantWritten)
	}
	if got := read(t, r, "transcriptions/pamphlet/import/ocr.txt"); got != ocrRaw {
		t.Errorf("import/ocr.txt = %q, want the input byte for byte", got)
	}
	if got := read(t, r, "transcriptions/pamphlet/import/pages.map"); got != ocrMap {
		t.Errorf("import/pages.map = %q, want the map byte for byte", got)
	}
	readings := map[string]string{
		"001": "Page one, line one.\nPage one, line two.\n",
		"002": " Page two\nends here.\n",
		"003": "Page three.\n",
	}
	for page, want := range readings {
		if got := read(t, r, layout.ReadingPath("pamphlet", page, "ocr")); got != want {
			t.Errorf("reading of page %s = %q, want %q", page, got, want)
		}
	}

	doc, err := r.Document("pamphlet")
	if err != nil {
		t.Fatalf("the written document.toml does not parse: %v", err)
	}
	want := &project.Document{
		ID: "pamphlet", Title: "A Pamphlet", Source: "A library", Language: "en", Notes: "Imported\nfor a test.",
		Pages: []project.PageEntry{{ID: "001"}, {ID: "002", Printed: "2"}, {ID: "003", Printed: "3"}},
	}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("document = %+v\nwant %+v", doc, want)
	}
	if !reflect.DeepEqual(res.Document, want) {
		t.Errorf("result document = %+v\nwant %+v", res.Document, want)
	}
}

func TestImportFormFeeds(t *testing.T) {
	r := newRepo(t)
	o := options()
	o.Raw, o.Map, o.MapFile = []byte("one\n\f\n\ftwo\n"), nil, ""
	res, err := Import(context.Background(), r, o)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if _, err := os.Stat(r.Abs("transcriptions/pamphlet/import/pages.map")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a page map was written for a form-feed import: %v", err)
	}
	// The blank page is listed but has no reading.
	if len(res.Document.Pages) != 3 {
		t.Errorf("pages = %+v, want 3", res.Document.Pages)
	}
	if _, err := os.Stat(r.Abs(layout.ReadingPath("pamphlet", "002", "ocr"))); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the blank page got a reading: %v", err)
	}
	if got := read(t, r, layout.ReadingPath("pamphlet", "003", "ocr")); got != "two\n" {
		t.Errorf("page 003 = %q", got)
	}
}

func TestImportRefusesExisting(t *testing.T) {
	r := newRepo(t)
	if _, err := Import(context.Background(), r, options()); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, r)
	o := options()
	o.Raw = []byte(strings.Replace(ocrRaw, "line one", "LINE ONE", 1))
	_, err := Import(context.Background(), r, o)
	var p *problem.Problem
	if !errors.As(err, &p) || p.Rule != "import" || !strings.Contains(p.Message, "already exists") || !strings.Contains(p.Hint, "--force") {
		t.Errorf("second Import without Force = %v, want a refusal suggesting --force", err)
	}
	if after := snapshot(t, r); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused import changed files:\nbefore %v\nafter  %v", before, after)
	}
}

func TestImportRefusesExistingFolder(t *testing.T) {
	r := newRepo(t)
	if err := os.MkdirAll(r.Abs("transcriptions/pamphlet/notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, r)
	_, err := Import(context.Background(), r, options())
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("Import into an existing folder without document.toml = %v, want a refusal", err)
	}
	if after := snapshot(t, r); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused import changed files")
	}
	o := options()
	o.Force = true
	if _, err := Import(context.Background(), r, o); err != nil {
		t.Errorf("Import with Force into an existing folder: %v", err)
	}
}

func TestImportForceKeepsOtherReadings(t *testing.T) {
	r := newRepo(t)
	if _, err := Import(context.Background(), r, options()); err != nil {
		t.Fatal(err)
	}
	alice := layout.ReadingPath("pamphlet", "001", "alice")
	const aliceText = "Page one, line one.\nPage one, line two!\n"
	if err := r.WriteFile(alice, []byte(aliceText)); err != nil {
		t.Fatal(err)
	}
	o := options()
	o.Force = true
	o.Title = "A Pamphlet, corrected"
	o.Raw = []byte(strings.Replace(ocrRaw, "line one", "LINE ONE", 1))
	if _, err := Import(context.Background(), r, o); err != nil {
		t.Fatalf("Import with Force: %v", err)
	}
	if got := read(t, r, layout.ReadingPath("pamphlet", "001", "ocr")); got != "Page one, LINE ONE.\nPage one, line two.\n" {
		t.Errorf("OCR reading not replaced: %q", got)
	}
	if got := read(t, r, "transcriptions/pamphlet/import/ocr.txt"); got != string(o.Raw) {
		t.Errorf("import/ocr.txt not replaced: %q", got)
	}
	if got := read(t, r, alice); got != aliceText {
		t.Errorf("alice's reading changed to %q", got)
	}
	if doc, err := r.Document("pamphlet"); err != nil || doc.Title != "A Pamphlet, corrected" {
		t.Errorf("document after Force = %+v, %v", doc, err)
	}
}

func TestImportForceRefusesDroppingReadings(t *testing.T) {
	r := newRepo(t)
	if _, err := Import(context.Background(), r, options()); err != nil {
		t.Fatal(err)
	}
	alice := layout.ReadingPath("pamphlet", "002", "alice")
	if err := r.WriteFile(alice, []byte("Page two\n")); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, r)

	o := options()
	o.Force = true
	o.Raw = []byte("Page one.\n\nPage three.\n")
	o.Map = []byte("001 1-1\n003 3-3\n")
	_, err := Import(context.Background(), r, o)
	var p *problem.Problem
	if !errors.As(err, &p) || p.File != alice || !strings.Contains(p.Message, "page 002") || !strings.Contains(p.Message, "alice") {
		t.Errorf("forced import dropping page 002 = %v, want a refusal naming alice's reading", err)
	}
	if after := snapshot(t, r); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused import changed files")
	}

	// A dropped page with only the OCR reading is refused too.
	if err := os.Remove(r.Abs(alice)); err != nil {
		t.Fatal(err)
	}
	before = snapshot(t, r)
	_, err = Import(context.Background(), r, o)
	if err == nil || !strings.Contains(err.Error(), "page 002 exists but is not in the new import") {
		t.Errorf("forced import dropping an OCR-only page = %v, want a refusal", err)
	}
	if after := snapshot(t, r); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused import changed files")
	}
}

func TestImportBadInputWritesNothing(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Options)
		msg    string
	}{
		{"bad map", func(o *Options) { o.Map = []byte("001 1-2\n002 2-5\n") }, "overlap"},
		{"map past the end", func(o *Options) { o.Map = []byte("001 1-90\n") }, "ends at line 90"},
		{"bad text", func(o *Options) { o.Raw = []byte("ok\nbad \xff\n\nok\n\nok\n\nok\n") }, "not valid UTF-8"},
		{"no title", func(o *Options) { o.Title = "" }, "title"},
		{"bad document id", func(o *Options) { o.Document = "Pamphlet" }, "uppercase"},
		{"bad language", func(o *Options) { o.Language = "english!!" }, "not a language tag"},
		{"no form feeds", func(o *Options) { o.Map = nil }, "no form feeds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			before := snapshot(t, r)
			o := options()
			tt.change(&o)
			_, err := Import(context.Background(), r, o)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Import = %v, want an error containing %q", err, tt.msg)
			}
			if after := snapshot(t, r); !reflect.DeepEqual(after, before) {
				t.Errorf("a failed import changed files:\nbefore %v\nafter  %v", before, after)
			}
			if _, err := os.Stat(r.Abs("transcriptions/pamphlet")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the document folder exists after a failed import: %v", err)
			}
		})
	}
}

func TestImportNeedsProject(t *testing.T) {
	r, err := layout.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = Import(context.Background(), r, options())
	if err == nil || !strings.Contains(err.Error(), "scribe init") {
		t.Errorf("Import outside a project = %v, want an error mentioning scribe init", err)
	}
}

func TestImportForceRemovesOCRReadingOfPageNowBlank(t *testing.T) {
	r := newRepo(t)
	o := options()
	o.Raw, o.Map, o.MapFile = []byte("one\ftwo\fthree\n"), nil, ""
	if _, err := Import(context.Background(), r, o); err != nil {
		t.Fatal(err)
	}
	o.Raw, o.Force = []byte("one\f\fthree\n"), true
	if _, err := Import(context.Background(), r, o); err != nil {
		t.Fatalf("forced re-import: %v", err)
	}
	if _, err := os.Stat(r.Abs(layout.ReadingPath("pamphlet", "002", "ocr"))); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("page 002 is blank now but kept its old OCR reading: %v", err)
	}
}
