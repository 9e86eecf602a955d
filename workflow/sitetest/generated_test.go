package sitetest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/ocrimport"
	sitegen "github.com/scribe-transcription/scribe/workflow/site"
)

// TestGeneratedSites runs every browser test on sites that scribe site
// generates: the pamphlet in this repository's transcriptions/, and a
// project imported from Tesseract's hOCR of a scan, so that the scan, its
// line boxes and their highlighting are tested on generated pages too.
// With SCRIBE_SITE_DIR set, the other tests already run on that site.
func TestGeneratedSites(t *testing.T) {
	if os.Getenv(SiteDirEnv) != "" {
		t.Skip("SCRIBE_SITE_DIR names the site under test")
	}
	if _, err := Chromium(); err != nil && os.Getenv(RequireChromiumEnv) != "1" {
		t.Skip("no Chromium: install Debian's chromium to run the browser tests")
	}
	sites := map[string]string{
		"pamphlet": generate(t, filepath.Join("..", "..")),
		"scan":     generate(t, scanProject(t)),
	}
	for _, name := range []string{"pamphlet", "scan"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(SiteDirEnv, sites[name])
			t.Run("EveryPage", TestEveryPage)
			t.Run("DocumentsAndPages", TestDocumentsAndPages)
			t.Run("Search", TestSearch)
			t.Run("Highlight", TestHighlight)
			t.Run("Layout", TestLayout)
		})
	}
}

// generate writes the site of the project in root to a new folder.
func generate(t *testing.T, root string) string {
	t.Helper()
	repo, err := layout.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	proj, err := repo.Project()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := sitegen.Generate(context.Background(), repo, proj, &sitegen.Writer{Dir: dir}, sitegen.Options{}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// scanProject makes a project of one page imported from the hOCR of a
// scan, with the scan beside it.
func scanProject(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	// One reading settles a page here, so that the document has text.
	proj, err := os.ReadFile(filepath.Join("..", "..", "transcriptions", "project.toml"))
	if err != nil {
		t.Fatal(err)
	}
	proj = []byte(strings.Replace(string(proj), "readings_required = 2", "readings_required = 1", 1))
	if err := os.MkdirAll(filepath.Join(root, "transcriptions"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "transcriptions", "project.toml"), proj, 0o644); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join("..", "scan", "testdata", "lighthouse.png"), filepath.Join(root, "lighthouse.png"))
	hocr, err := os.ReadFile(filepath.Join("..", "ocrformat", "testdata", "lighthouse.hocr"))
	if err != nil {
		t.Fatal(err)
	}
	repo, err := layout.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ocrimport.Import(context.Background(), repo, ocrimport.Options{
		Document: "lighthouse", Title: "The Lighthouse", File: "lighthouse.hocr",
		Inputs: []ocrimport.Input{{Name: filepath.Join(root, "lighthouse.hocr"), Raw: hocr}},
		Scan:   func(string, string) string { return "lighthouse.png" },
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
