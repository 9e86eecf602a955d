package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportExportImport imports Tesseract's hOCR of a scan, exports the
// page as PAGE XML and as ALTO, and imports each export again: the OCR
// reading comes back byte for byte, and every line's box and baseline
// with it.
func TestImportExportImport(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		streams, out, errOut := TestIO("")
		if code := Main(append([]string{"-C", dir}, args...), streams); code != 0 {
			t.Fatalf("scribe %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out.String()
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", "")
	if streams, _, errOut := TestIO(""); Main([]string{"init", dir}, streams) != 0 {
		t.Fatalf("init: %s", errOut)
	}
	proj := filepath.Join(dir, "transcriptions", "project.toml")
	src, err := os.ReadFile(proj)
	if err != nil {
		t.Fatal(err)
	}
	// One reading is enough to finish a page here.
	if err := os.WriteFile(proj, []byte(strings.Replace(string(src), "readings_required = 2", "readings_required = 1", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	hocr, err := os.ReadFile(filepath.Join("..", "..", "workflow", "ocrformat", "testdata", "lighthouse.hocr"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lighthouse.hocr"), hocr, 0o644); err != nil {
		t.Fatal(err)
	}
	run("import", "light", "--title", "Lighthouse", filepath.Join(dir, "lighthouse.hocr"))
	run("build")
	read := func(doc, name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, "transcriptions", doc, "001", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// The line number, box and baseline of each geometry row.
	lines := func(doc string) string {
		var out []string
		for _, l := range strings.Split(read(doc, "ocr-lines.tsv"), "\n") {
			if f := strings.Split(l, "\t"); len(f) == 6 {
				out = append(out, f[0]+" "+f[1]+" "+f[3])
			}
		}
		return strings.Join(out, "\n")
	}
	want, wantLines := read("light", "readings/ocr.txt"), lines("light")
	if !strings.Contains(want, "\n\n") || len(strings.Split(wantLines, "\n")) < 10 {
		t.Fatalf("the fixture lost its paragraphs or lines:\n%s\n%s", want, wantLines)
	}
	for _, f := range []struct{ format, doc string }{{"page", "light-page"}, {"alto", "light-alto"}} {
		out := filepath.Join(t.TempDir(), "out")
		run("export", "light", "--format", f.format, "-o", out)
		run("import", f.doc, "--title", "Again", filepath.Join(out, "light", f.format, "001.xml"))
		if got := read(f.doc, "readings/ocr.txt"); got != want {
			t.Errorf("%s: the reading comes back as\n%s\nwant\n%s", f.format, got, want)
		}
		if got := lines(f.doc); got != wantLines {
			t.Errorf("%s: the geometry comes back as\n%s\nwant\n%s", f.format, got, wantLines)
		}
	}
}
