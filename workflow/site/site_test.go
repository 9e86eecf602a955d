package site_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/internal/fixture"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/site"
)

const lines = "# scribe OCR lines: one row per line of readings/ocr.txt (docs/format.md)\n" +
	"image\t001.png\t200\t100\n" +
	"line\tbox\tpolygon\tbaseline\tconf\twords\n" +
	"1\t10,10,190,25\t-\t-\t-\t-\n" +
	"2\t10,30,190,45\t-\t-\t-\t-\n" +
	"3\t10,50,190,65\t-\t-\t-\t-\n" +
	"4\t90,80,110,95\t-\t-\t-\t-\n"

// scanned is the fixture: document doc with page 001 (a scan in the
// repository, its OCR geometry, row 2 disputed and decided by rev),
// 002 (a scan given as a IIIF address, one reading) and 003 (none).
func scanned(t *testing.T) (*layout.Repo, *project.Project) {
	t.Helper()
	doc := &project.Document{ID: "doc", Title: "A Document", Pages: []project.PageEntry{
		{ID: "001", Printed: "7", Scan: "scans/001.png"},
		{ID: "002", Scan: "https://iiif.example.org/iiif/002/full/max/0/default.jpg"},
		{ID: "003", Printed: "9"},
	}}
	repo, proj := fixture.New(t, fixture.ReviewerProject+"\n[people.alice]\nrole = \"contributor\"\nname = \"Alice\"\n", fixture.Doc{Document: doc, Readings: map[string]map[string]string{
		"001": fixture.Page1,
		"002": {"alice": "A second page\nof one reading.\n"},
	}})
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 200, 100))); err != nil {
		t.Fatal(err)
	}
	fixture.Write(t, repo, "scans/001.png", b.String())
	fixture.Write(t, repo, layout.LinesPath("doc", "001"), lines)
	_, err := page.Update(context.Background(), repo, proj, "doc", "001", func(p *page.Page) error {
		_, err := p.Decide(proj, 2, page.Choice{How: decision.Pick, Pick: "alice"}, "rev", "checked against the scan", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return repo, proj
}

func generate(t *testing.T, repo *layout.Repo, proj *project.Project, dir string) *site.Writer {
	t.Helper()
	w := &site.Writer{Dir: dir}
	if err := site.Generate(context.Background(), repo, proj, w, site.Options{}); err != nil {
		t.Fatal(err)
	}
	return w
}

func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestContract(t *testing.T) {
	repo, proj := scanned(t)
	dir := t.TempDir()
	generate(t, repo, proj, dir)
	fs := files(t, dir)
	want := map[string][]string{
		"index.html": {`<table id="documents">`, `<tr data-doc="doc">`, `<a href="doc/index.html">A Document</a>`,
			`<a href="people/alice.html">alice</a>`, `scribe submit doc/002 FILE`, `scribe next`,
			// Counts are written with their nouns, singular for one.
			`(doc, 3 pages)`, `1 page read, 0 decisions)`},
		"doc/index.html": {`<input id="search" type="search"`, `<ol id="text">`, `<p id="search-count"`,
			`<li class="line" data-page="001" data-row="1" data-label="page 001">The quick brown fox</li>`,
			`<li class="line" data-page="001" data-row="2">jumps over the lazy dog.</li>`,
			`<a href="001.html">`, `scribe export doc --format page`},
		"doc/001.html": {`<ol id="rows">`,
			`<li class="row" id="row-1" data-row="1" data-status="unanimous" data-settled="agreed" tabindex="0">`,
			`<li class="row" id="row-2" data-row="2" data-status="disputed" data-settled="decided" tabindex="0">`,
			`<ul class="variants">`, `<li class="variant" data-readings="alice">`, `<li class="variant" data-readings="ocr">`,
			`<p class="consensus">`, `<p class="decision" data-by="rev" data-commit="">`, `checked against the scan`,
			`<time datetime="2026-01-02">`, `not committed yet`,
			`<figure id="scan">`, `<img src="../scans/doc/001.png"`, `<svg viewBox="0 0 200 100"`,
			`<rect class="box" data-row="1" x="10" y="10" width="180" height="15">`, `<rect class="box" data-row="4"`,
			`<del>`, `<ins>`, `<b class="ch">`, `<a rel="next" href="002.html">`},
		"doc/002.html": {`<a rel="prev" href="001.html">`, `<a rel="next" href="003.html">`,
			`<a href="https://iiif.example.org/iiif/002/full/max/0/default.jpg">open the scan</a>`},
		"doc/003.html":      {`<a rel="prev" href="002.html">`, `<ol id="rows"></ol>`},
		"people/alice.html": {`<dl id="stats">`, `<dt>Pages read</dt><dd>2</dd>`},
		"people/rev.html":   {`<dl id="stats">`, `<dt>Decisions made</dt><dd>1</dd>`, `href="../doc/001.html#row-2"`},
		"scans/doc/001.png": nil,
		"style.css":         nil,
		"site.js":           nil,
	}
	for name, subs := range want {
		b, ok := fs[name]
		if !ok {
			t.Errorf("%s: not written", name)
			continue
		}
		for _, s := range subs {
			if !bytes.Contains(b, []byte(s)) {
				t.Errorf("%s lacks %s", name, s)
			}
		}
	}
	for name, b := range fs {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, s := range []string{`<main id="main"`, `<a href="#main" class="skip">`, `<nav`, `<html lang="en">`} {
			if !bytes.Contains(b, []byte(s)) {
				t.Errorf("%s lacks %s", name, s)
			}
		}
		if bytes.Contains(b, []byte(`rel="next"`)) && strings.HasSuffix(name, "003.html") {
			t.Errorf("%s: the last page links a next page", name)
		}
	}
	if bytes.Contains(fs["doc/002.html"], []byte("<img")) {
		t.Error("doc/002.html loads its remote scan")
	}
}

// attrURL is every src and href, and every url() of the style sheet.
var attrURL = regexp.MustCompile(`(?i)<(\w+)[^>]*?\s(src|href|xlink:href|action|poster)="([^"]*)"|url\(([^)]*)\)|@import`)

func TestNoExternalRequests(t *testing.T) {
	repo, proj := scanned(t)
	dir := t.TempDir()
	generate(t, repo, proj, dir)
	for name, b := range files(t, dir) {
		if !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".css") && !strings.HasSuffix(name, ".js") {
			continue
		}
		for _, m := range attrURL.FindAllStringSubmatch(string(b), -1) {
			if m[0] == "@import" || m[4] != "" {
				t.Errorf("%s: %s", name, m[0])
				continue
			}
			tag, attr, u := strings.ToLower(m[1]), strings.ToLower(m[2]), m[3]
			remote := strings.Contains(u, "://") || strings.HasPrefix(u, "//")
			if remote && !(tag == "a" && attr == "href") {
				t.Errorf("%s: <%s %s=%q> loads from another host", name, tag, attr, u)
			}
		}
		if strings.HasSuffix(name, ".js") && regexp.MustCompile(`fetch\(|XMLHttpRequest|import\(`).Match(b) {
			t.Errorf("%s makes requests", name)
		}
	}
}

func TestDeterministicAndIncremental(t *testing.T) {
	repo, proj := scanned(t)
	a, b := t.TempDir(), t.TempDir()
	wa := generate(t, repo, proj, a)
	generate(t, repo, proj, b)
	fa, fb := files(t, a), files(t, b)
	if len(fa) != len(fb) || wa.Written != len(fa) || wa.Files != len(fa) {
		t.Fatalf("%d and %d files; wrote %d of %d", len(fa), len(fb), wa.Written, wa.Files)
	}
	for name, x := range fa {
		if !bytes.Equal(x, fb[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	if w := generate(t, repo, proj, a); w.Written != 0 {
		t.Errorf("a second run wrote %d files, want 0", w.Written)
	}
	// A new reading of page 003 changes that page, its neighbours' state
	// nowhere, the document and project pages, and the reader's page.
	fixture.Write(t, repo, layout.ReadingPath("doc", "003", "alice"), "The third page\n")
	w := generate(t, repo, proj, a)
	if w.Written == 0 || w.Written > 5 {
		t.Errorf("after one new reading, wrote %d files, want 1 to 5", w.Written)
	}
}

// TestBudget checks the page weight budget on a page of 5 readings of
// 40 lines that differ on every row, the worst a page of that size gives.
func TestBudget(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the of and to in a is that for it as was with be by on not he this are or his from at which but")
	base := make([]string, 40)
	for i := range base {
		var l []string
		for n := 0; n < 60; {
			w := words[r.IntN(len(words))]
			l = append(l, w)
			n += len(w) + 1
		}
		base[i] = strings.Join(l, " ")
	}
	readings := map[string]string{}
	for _, id := range []string{"ocr", "c01", "c02", "c03", "c04"} {
		var b strings.Builder
		for _, l := range base {
			ws := strings.Fields(l)
			k := r.IntN(len(ws))
			ws[k] = ws[k] + string(rune('a'+r.IntN(26)))
			b.WriteString(strings.Join(ws, " ") + "\n")
		}
		readings[id] = b.String()
	}
	people := ""
	for _, id := range []string{"c01", "c02", "c03", "c04"} {
		people += fmt.Sprintf("\n[people.%s]\nrole = \"contributor\"\n", id)
	}
	pages := []project.PageEntry{}
	all := map[string]map[string]string{}
	for i := 1; i <= 30; i++ {
		id := fmt.Sprintf("%03d", i)
		pages = append(pages, project.PageEntry{ID: id})
		all[id] = readings
	}
	doc := &project.Document{ID: "big", Title: "Big", Pages: pages}
	repo, proj := fixture.New(t, fixture.ReviewerProject+people, fixture.Doc{Document: doc, Readings: all})
	dir := t.TempDir()
	generate(t, repo, proj, dir)
	for name, b := range files(t, dir) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		limit := site.Budget
		if strings.HasSuffix(name, "/index.html") {
			limit += site.LineBudget * bytes.Count(b, []byte(`<li class="line"`))
		}
		if len(b) > limit {
			t.Errorf("%s weighs %d bytes, over its budget of %d", name, len(b), limit)
		}
		if name == "big/001.html" {
			t.Logf("a page of 5 readings × 40 disputed rows: %d bytes of HTML (budget %d)", len(b), site.Budget)
		}
	}
}

// TestFlaggedWords marks the words the word check flags in a row's text,
// and not those the good list allows.
func TestFlaggedWords(t *testing.T) {
	doc := &project.Document{ID: "doc", Title: "A Document", Pages: []project.PageEntry{{ID: "001"}}}
	repo, proj := fixture.New(t, fixture.ReviewerProject+"\n[people.alice]\nrole = \"contributor\"\nname = \"Alice\"\n", fixture.Doc{Document: doc, Readings: map[string]map[string]string{
		"001": {"alice": "A w0rd & tbe <b>\nin w0rk.\n"},
	}})
	fixture.Write(t, repo, "transcriptions/words/good.txt", "w0rk\n")
	dir := t.TempDir()
	generate(t, repo, proj, dir)
	html := string(files(t, dir)["doc/001.html"])
	for _, want := range []string{
		`A <mark class="flag" title="a digit inside a word">w0rd</mark> &amp; <mark class="flag" title="OCR for the?">tbe</mark> &lt;b&gt;`,
		`in w0rk.`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	if strings.Count(html, `<mark class="flag"`) != 2 {
		t.Errorf("%d words marked, want 2", strings.Count(html, `<mark class="flag"`))
	}
}
