package ocrimport

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// The pamphlet committed under transcriptions/ was imported from its raw
// OCR with a page map. These tests check the committed files against each
// other: no text lost, added or reordered, and the import reproducible.

const pamphletDir = "../../transcriptions/tasks-of-the-working-class"

type pamphlet struct {
	doc      *project.Document
	raw      []byte            // import/ocr.txt
	pageMap  []byte            // import/pages.map
	readings map[string]string // page id -> readings/ocr.txt
}

func loadPamphlet(t *testing.T) pamphlet {
	t.Helper()
	readFile := func(rel string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(pamphletDir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var p pamphlet
	doc, err := project.ParseDocument("document.toml", "tasks-of-the-working-class", readFile("document.toml"))
	if err != nil {
		t.Fatalf("document.toml: %v", err)
	}
	p.doc = doc
	p.raw = readFile("import/ocr.txt")
	p.pageMap = readFile("import/pages.map")
	p.readings = map[string]string{}
	for _, page := range doc.Pages {
		p.readings[page.ID] = string(readFile(page.ID + "/readings/ocr.txt"))
	}
	return p
}

// nonBlankLines returns the lines of s, split at LF, that hold more than
// white space, transformed by f.
func nonBlankLines(s string, f func(string) string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = f(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func TestPamphletKeepsEveryLine(t *testing.T) {
	p := loadPamphlet(t)
	if len(p.doc.Pages) != 10 {
		t.Fatalf("document.toml lists %d pages, want 10", len(p.doc.Pages))
	}
	// What normalisation does to the content of a line: NFC and no
	// trailing white space (a CR before the LF is trailing white space).
	seedLine := func(l string) string { return strings.TrimRightFunc(norm.NFC.String(l), unicode.IsSpace) }
	seed := nonBlankLines(strings.TrimPrefix(string(p.raw), "\ufeff"), seedLine)

	var joined []string
	for _, page := range p.doc.Pages {
		lines := nonBlankLines(p.readings[page.ID], func(l string) string { return l })
		if len(lines) == 0 {
			t.Errorf("page %s has an empty reading", page.ID)
		}
		joined = append(joined, lines...)
	}
	if len(seed) < 400 {
		t.Fatalf("the seed file has only %d non-blank lines; is it the right file?", len(seed))
	}
	for i := 0; i < len(seed) || i < len(joined); i++ {
		var s, j string
		if i < len(seed) {
			s = seed[i]
		}
		if i < len(joined) {
			j = joined[i]
		}
		if s != j {
			t.Fatalf("non-blank line %d differs (seed has %d, readings %d):\n seed:     %q\n readings: %q",
				i+1, len(seed), len(joined), s, j)
		}
	}
}

func TestPamphletImportReproducible(t *testing.T) {
	p := loadPamphlet(t)
	entries, err := ParseMap("import/pages.map", p.pageMap)
	if err != nil {
		t.Fatalf("pages.map: %v", err)
	}
	pages, err := Split("import/ocr.txt", p.raw, entries)
	if err != nil {
		t.Fatalf("Split: %v", err)
	}
	if len(pages) != len(p.doc.Pages) {
		t.Fatalf("the page map gives %d pages, document.toml lists %d", len(pages), len(p.doc.Pages))
	}
	for i, page := range pages {
		listed := p.doc.Pages[i]
		if page.ID != listed.ID || page.Printed != listed.Printed {
			t.Errorf("page %d: map gives %s (printed %q), document.toml %s (printed %q)",
				i+1, page.ID, page.Printed, listed.ID, listed.Printed)
		}
		if page.Text != p.readings[listed.ID] {
			t.Errorf("page %s: the committed reading differs from a fresh import:\n%s",
				listed.ID, firstDifference(p.readings[listed.ID], page.Text))
		}
	}
}

func TestPamphletReadingsNormal(t *testing.T) {
	p := loadPamphlet(t)
	for _, page := range p.doc.Pages {
		got := p.readings[page.ID]
		normal, rep, err := text.Normalize([]byte(got))
		if err != nil {
			t.Errorf("page %s: %v", page.ID, err)
			continue
		}
		if normal != got || rep.Changed() {
			t.Errorf("page %s is not in normal form: %v", page.ID, rep.Changes())
		}
	}
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: committed %q, import %q", i+1, x, y)
		}
	}
	return "(no line differs)"
}
