package layout

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		rel  string
		kind Kind
		bad  bool
	}{
		{"transcriptions/project.toml", KindProject, false},
		{"transcriptions/CONVENTIONS.md", KindConventions, false},
		{"transcriptions/README.md", KindReadme, false},
		{"transcriptions/notes.txt", KindUnknown, false},
		{"transcriptions/doc/document.toml", KindDocument, false},
		{"transcriptions/doc/canonical.txt", KindDocCanonical, false},
		{"transcriptions/doc/canonical.sum", KindDocCanonical, false},
		{"transcriptions/doc/import/ocr.txt", KindImport, false},
		{"transcriptions/doc/import/pages.map", KindImport, false},
		{"transcriptions/doc/import/page-001.xml", KindImport, false},
		{"transcriptions/doc/import/sub/page-001.xml", KindUnknown, false},
		{"transcriptions/doc/001/decisions.txt", KindDecisions, false},
		{"transcriptions/doc/001/canonical.sum", KindPageCanonical, false},
		{"transcriptions/doc/001/readings/ann.txt", KindReading, false},
		{"transcriptions/doc/001/readings/Ann.txt", KindUnknown, true},
		{"transcriptions/doc/001/readings/ann.md", KindUnknown, false},
		{"transcriptions/doc/001/readings/x/ann.txt", KindUnknown, false},
		{"transcriptions/Doc/001/readings/ann.txt", KindUnknown, true},
		{"transcriptions/doc/1/readings/ann.txt", KindUnknown, true},
		{"transcriptions/words/good.txt", KindWords, false},
		{"transcriptions/words/bad.txt", KindWords, false},
		{"transcriptions/words/other.txt", KindUnknown, false},
		{"transcriptions/words/x/good.txt", KindUnknown, false},
		{"cmd/scribe/main.go", KindTool, false},
		{"go.mod", KindTool, false},
		{"notes.txt", KindUnknown, false},
	}
	for _, tc := range tests {
		p := Classify(tc.rel)
		if p.Kind != tc.kind || (p.BadID != nil) != tc.bad {
			t.Errorf("Classify(%q) = %+v, want kind %d, bad id %v", tc.rel, p, tc.kind, tc.bad)
		}
	}
	if p := Classify("transcriptions/doc/001/readings/ann.txt"); p.Doc != "doc" || p.Page != "001" || p.Contributor != "ann" {
		t.Errorf("reading classified as %+v", p)
	}
	dirs := map[string]Kind{
		"transcriptions":                    KindRootDir,
		"transcriptions/doc":                KindDocumentDir,
		"transcriptions/doc/import":         KindImportDir,
		"transcriptions/doc/001":            KindPageDir,
		"transcriptions/doc/001/readings":   KindReadingsDir,
		"transcriptions/doc/001/other":      KindUnknown,
		"transcriptions/doc/import/x":       KindUnknown,
		"transcriptions/doc/001/readings/x": KindUnknown,
		"transcriptions/words":              KindWordsDir,
		"transcriptions/words/x":            KindUnknown,
	}
	for rel, want := range dirs {
		if got := ClassifyDir(rel).Kind; got != want {
			t.Errorf("ClassifyDir(%q) = %d, want %d", rel, got, want)
		}
	}
}

func TestWalk(t *testing.T) {
	file := &fstest.MapFile{Data: []byte("x\n")}
	fsys := fstest.MapFS{
		"transcriptions/project.toml":                  file,
		"transcriptions/doc/document.toml":             file,
		"transcriptions/doc/import/ocr.txt":            file,
		"transcriptions/doc/002/readings/ocr.txt":      file,
		"transcriptions/doc/001/readings/ann.txt":      file,
		"transcriptions/doc/001/decisions.txt":         file,
		"transcriptions/doc/001/stray/deep/file.txt":   file,
		"transcriptions/doc/001/readings/link.txt":     {Data: []byte("ann.txt"), Mode: fs.ModeSymlink},
		"transcriptions/Bad Name/001/readings/ann.txt": file,
	}
	r := FromFS(fsys)
	var seen []string
	visit := func(dir string, entries []Entry, err error) error {
		if err != nil {
			return err
		}
		names := make([]string, len(entries))
		for i, e := range entries {
			names[i] = e.Name
		}
		seen = append(seen, dir+": "+strings.Join(names, " "))
		return nil
	}
	if err := r.Walk(Dir, nil, visit); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"transcriptions: Bad Name doc project.toml",
		"transcriptions/doc: 001 002 document.toml import",
		"transcriptions/doc/001: decisions.txt readings stray",
		"transcriptions/doc/001/readings: ann.txt link.txt",
		"transcriptions/doc/002: readings",
		"transcriptions/doc/002/readings: ocr.txt",
		"transcriptions/doc/import: ocr.txt",
	}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("walk:\n%s\nwant\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}

	// skip keeps the walk out of page folders; a missing folder is not visited.
	seen = nil
	if err := r.Walk(Dir, func(e Entry) bool { return e.Class.Kind == KindPageDir }, visit); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 {
		t.Errorf("walk skipping pages: %q", seen)
	}
	seen = nil
	if err := r.Walk("transcriptions/doc/009", nil, visit); err != nil || seen != nil {
		t.Errorf("walk of a missing page: %q, %v", seen, err)
	}

	// An error from visit stops the walk.
	stop := errors.New("stop")
	n := 0
	err := r.Walk(Dir, nil, func(string, []Entry, error) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("walk after an error: %v after %d folders", err, n)
	}

	// Readings are the regular files named after valid ids, by id.
	entries, err := r.List("transcriptions/doc/001/readings")
	if err != nil {
		t.Fatal(err)
	}
	if got := ReadingsOf(entries); len(got) != 1 || got[0].Contributor != "ann" {
		t.Errorf("readings %+v", got)
	}

	// File names sort "a-b.txt" before "a.txt"; readings sort by id.
	two := FromFS(fstest.MapFS{"transcriptions/doc/001/readings/a.txt": file, "transcriptions/doc/001/readings/a-b.txt": file})
	rs, err := two.Readings("doc", "001")
	if err != nil || len(rs) != 2 || rs[0].Contributor != "a" || rs[1].Contributor != "a-b" {
		t.Errorf("readings in id order: %+v, %v", rs, err)
	}
}
