package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/internal/fixture"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// requireJingEnv, set to 1, makes a missing jing fail the TEI validation
// tests instead of skipping them (the gate sets it).
const requireJingEnv = "SCRIBE_REQUIRE_JING"

// Page 001's rows:
//
//	1 The fox[1] ran [?far].     alice and bob against the OCR: decided for alice
//	2 over the hill / hil        still disputed
//	3 2.                         the OCR alone: decided out of the text
//	4 [Footnote 1: A red fox.]   agreed
//
// Page 002's one row is a typed correction; page 003 has no scan, so its
// [?text] is a conjecture.
func teiFixture(t *testing.T) *TEIDocument {
	t.Helper()
	doc := &project.Document{ID: "1book", Title: "A <Book>", Source: "Printed in 1900 & later.", Language: "en",
		Pages: []project.PageEntry{{ID: "001", Printed: "7", Scan: "scans/001.png"}, {ID: "002", Scan: "scans/002.png"}, {ID: "003"}}}
	repo, proj := fixture.New(t, projectTOML, fixture.Doc{Document: doc, Readings: map[string]map[string]string{
		"001": {
			"alice": "The fox[1] ran [?far].\nover the hill\n[Footnote 1: A red fox.]\n",
			"bob":   "The fox[1] ran [?far].\nover the hil\n[Footnote 1: A red fox.]\n",
			"ocr":   "The fox1 ran far.\nover the hill\n2.\n[Footnote 1: A red fox.]\n",
		},
		"002": {"alice": "Second pag\n", "bob": "Secnd page\n"},
		"003": {"alice": "A [?guess] and [?]\n", "bob": "A [?guess] and [?]\n"},
	}})
	d, err := repo.Document("1book")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	decide := func(pageID string, pick func(p *page.Page) (int, page.Choice)) {
		t.Helper()
		if _, err := page.Update(ctx, repo, proj, "1book", pageID, func(p *page.Page) error {
			row, c := pick(p)
			_, err := p.Decide(proj, row, c, "rev", "checked & settled", when)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	row := func(p *page.Page, text string) int {
		for _, r := range p.Alignment.Rows {
			for _, v := range r.Variants {
				if v.Text == text {
					return r.Index
				}
			}
		}
		t.Fatalf("no row has %q", text)
		return 0
	}
	decide("001", func(p *page.Page) (int, page.Choice) {
		return row(p, "The fox1 ran far."), page.Choice{How: decision.Pick, Pick: "alice"}
	})
	decide("001", func(p *page.Page) (int, page.Choice) { return row(p, "2."), page.Choice{How: decision.Omit} })
	decide("002", func(p *page.Page) (int, page.Choice) {
		return 1, page.Choice{How: decision.Typed, Text: "Second page"}
	})
	td, err := LoadTEI(ctx, repo, proj, d, nil, "0123456789abcdef0123456789abcdef01234567")
	if err != nil {
		t.Fatal(err)
	}
	return td
}

func TestTEI(t *testing.T) {
	got := string(EncodeTEI(teiFixture(t)))
	for _, want := range []string{
		`<title>A &lt;Book&gt;</title>`,
		`<respStmt><resp>decided the rows on which the readings differ</resp><name xml:id="reviewer.rev">rev</name></respStmt>`,
		`<idno type="git">0123456789abcdef0123456789abcdef01234567</idno>`,
		`<bibl>Printed in 1900 &amp; later.</bibl>`,
		`<witness xml:id="alice">alice</witness>`,
		`<witness xml:id="bob">bob</witness>`,
		`<witness xml:id="ocr">`,
		`<variantEncoding method="parallel-segmentation" location="internal"/>`,
		`<text xml:lang="en">`,
		`<pb n="7" facs="scans/001.png" xml:id="id-1book.001"/>`,
		// Decided for alice and bob, the OCR's reading beside it.
		`<lb/><app><lem resp="#reviewer.rev" wit="#alice #bob">The fox<ref type="footnote" n="1" target="#fn.1book.001.1">1</ref> ran <unclear>far</unclear>.</lem><rdg wit="#ocr">The fox1 ran far.</rdg><note type="decision" resp="#reviewer.rev">checked &amp; settled</note></app>`,
		// Disputed: readings only.
		`<lb/><app><rdg wit="#alice #ocr">over the hill</rdg><rdg wit="#bob">over the hil</rdg></app>`,
		// Left out: an empty lem, and the omissions as empty rdgs.
		`<app><lem resp="#reviewer.rev"></lem><rdg wit="#alice #bob"></rdg><rdg wit="#ocr">2.</rdg>`,
		// Agreed: plain text, the footnote a note.
		`<lb/><note place="foot" n="1" xml:id="fn.1book.001.1">A red fox.</note>`,
		// Typed: no @wit, every reading a rdg.
		`<lem resp="#reviewer.rev">Second page</lem><rdg wit="#alice">Second pag</rdg><rdg wit="#bob">Secnd page</rdg>`,
		// No scan: a conjecture.
		`<lb/>A <supplied reason="conjecture">guess</supplied> and <gap reason="illegible"/>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s", want)
		}
	}
	if t.Failed() {
		t.Log(got)
	}
}

func TestTEIInline(t *testing.T) {
	in := inline{notes: map[string]string{"*": "fn.star"}}
	for s, want := range map[string]string{
		"a[*] b[2] [x] [?]":       `a<ref type="footnote" n="*" target="#fn.star">*</ref> b<ref type="footnote" n="2">2</ref> [x] <gap reason="illegible"/>`,
		"[?a & b] c [**say <so>]": `<unclear>a &amp; b</unclear> c <note type="transcriber">say &lt;so&gt;</note>`,
		"one\ntwo [? [":           `one<lb/>two [? [`,
	} {
		if got := in.convert(s); got != want {
			t.Errorf("convert(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestXMLID(t *testing.T) {
	for s, want := range map[string]string{"alice": "alice", "1st": "id-1st", "a b:c": "a_b_c", "": "id-", "-x": "id--x", "é.1": "é.1"} {
		if got := XMLID(s); got != want {
			t.Errorf("XMLID(%q) = %q, want %q", s, got, want)
		}
	}
}

// jing is the path of jing, or the test is skipped (failed when the gate
// requires it).
func jing(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("jing")
	if err != nil {
		if os.Getenv(requireJingEnv) == "1" {
			t.Fatalf("jing is not installed and %s=1 requires it: install it (Debian: apt-get install jing)", requireJingEnv)
		}
		t.Skip("jing is not installed: the TEI export is not validated against tei_all.rng; install it (Debian: apt-get install jing) to run this test")
	}
	return bin
}

func runJing(bin, name string, src []byte, dir string) ([]byte, error) {
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, src, 0o644); err != nil {
		return nil, err
	}
	return exec.Command(bin, filepath.Join("testdata", "schemas", "tei_all.rng"), file).CombinedOutput()
}

// jingWarning matches the lines of jing's output that are the wrapper's
// warnings about optional libraries, not errors.
var jingWarning = regexp.MustCompile(`(?m)^\[warning\].*\n?`)

func validateTEI(t *testing.T, bin, name string, src []byte) {
	t.Helper()
	if out, err := runJing(bin, name, src, t.TempDir()); err != nil {
		t.Errorf("%s does not validate against tei_all.rng: %v\n%s", name, err, jingWarning.ReplaceAll(out, nil))
	}
}

func TestTEIValidates(t *testing.T) {
	bin := jing(t)
	validateTEI(t, bin, "fixture.xml", EncodeTEI(teiFixture(t)))
	validateTEI(t, bin, "empty.xml", EncodeTEI(&TEIDocument{ID: "empty"}))
	validateTEI(t, bin, "open-note.xml", EncodeTEI(&TEIDocument{ID: "d", Pages: []TEIPage{{ID: "1", Rows: []TEIRow{
		{Agreed: true, Text: "[Footnote continued: runs on"},
		{Rdgs: []TEIReading{{Text: "[Footnote 2: a"}, {Text: "b]", Wit: []string{"x"}}}},
		{Agreed: true, Text: "[Footnote 3: never closed"},
	}}}}))
}

// The pamphlet of this repository exports and validates.
func TestTEIPamphlet(t *testing.T) {
	bin := jing(t)
	repo, err := layout.Open(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	proj, err := repo.Project()
	if err != nil {
		t.Fatal(err)
	}
	ids, err := repo.Documents()
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 {
		t.Fatal("the repository has no documents")
	}
	for _, id := range ids {
		doc, err := repo.Document(id)
		if err != nil {
			t.Fatal(err)
		}
		d, err := LoadTEI(context.Background(), repo, proj, doc, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		src := EncodeTEI(d)
		validateTEI(t, bin, id+".xml", src)
		for _, want := range []string{`<witness xml:id="ocr">`, `<lem resp="#reviewer.`, `<note place="foot"`, `<ref type="footnote"`} {
			if !strings.Contains(string(src), want) {
				t.Errorf("%s: the TEI has no %s", id, want)
			}
		}
	}
}

// The validation is real: a file that breaks the schema fails it.
func TestTEIValidationFailsBadFiles(t *testing.T) {
	bin := jing(t)
	src := string(EncodeTEI(teiFixture(t)))
	bad := strings.Replace(src, `xml:id="alice"`, `xml:id="1 alice"`, 1)
	if out, err := runJing(bin, "bad.xml", []byte(bad), t.TempDir()); err == nil {
		t.Errorf("a witness id that is no XML id validates:\n%s", out)
	}
}
