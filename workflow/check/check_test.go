package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/canon"
	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// The fixture: one document "doc" of two pages, each read by the OCR and by
// ann, the disputed rows decided by rev (picking ann's text), and built.
const people = `
[people.rev]
role = "reviewer"
name = "Rev Iewer"
email = "rev@example.org"
login = "rev-gh"

[people.ann]
role = "contributor"
name = "Ann"
email = "ann@example.org"
login = "ann-gh"

[people.ben]
role = "contributor"
name = "Ben"
email = "ben@example.org"
login = "ben-gh"
`

const (
	docDir = "transcriptions/doc"
	page1  = docDir + "/001"
	page2  = docDir + "/002"
)

// Page 001: row 1 disputed (brovvn/brown), rows 2 and 3 unanimous.
// Page 002: row 1 unanimous, row 2 disputed (vvords/words).
var fixtureReadings = map[string]string{
	page1 + "/readings/ocr.txt": "The quick brovvn fox\njumps over the lazy dog.\nAnd then the end.\n",
	page1 + "/readings/ann.txt": "The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n",
	page2 + "/readings/ocr.txt": "Another page entirely\nwith its own vvords\n",
	page2 + "/readings/ann.txt": "Another page entirely\nwith its own words\n",
}

// benReading is ben's reading of page 002 in the pull-request fixture: a
// third variant of the disputed row, so that rev's pick of ann's text rests
// on ann's reading only.
const benReading = "Another page entirely\nwith its own wordz\n"

var decidedAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

type fixtureOpts struct {
	ben bool // ben reads page 002 too
}

// newProject builds the valid project in a fresh temporary directory.
func newProject(t *testing.T, o fixtureOpts) (string, *layout.Repo) {
	t.Helper()
	dir := t.TempDir()
	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	repo, err := layout.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	proj, err := repo.ReadFile(layout.ProjectPath())
	if err != nil {
		t.Fatal(err)
	}
	writeRel(t, dir, layout.ProjectPath(), string(proj)+people)
	doc := &project.Document{ID: "doc", Title: "Doc", Language: "en", Pages: []project.PageEntry{{ID: "001", Printed: "1"}, {ID: "002", Printed: "2"}}}
	writeRel(t, dir, docDir+"/document.toml", string(doc.Encode()))
	for rel, text := range fixtureReadings {
		writeRel(t, dir, rel, text)
	}
	if o.ben {
		writeRel(t, dir, page2+"/readings/ben.txt", benReading)
	}
	decideAll(t, repo)
	rebuild(t, repo)
	return dir, repo
}

// decideAll decides every disputed row of the document as rev, picking
// ann's variant.
func decideAll(t *testing.T, repo *layout.Repo) {
	t.Helper()
	proj := mustProject(t, repo)
	for _, pg := range []string{"001", "002"} {
		_, err := page.Update(context.Background(), repo, proj, "doc", pg, func(p *page.Page) error {
			for _, r := range p.Alignment.Rows {
				if r.Status != collate.Disputed {
					continue
				}
				if _, err := p.Decide(proj, r.Index, page.Choice{How: decision.Pick, Pick: "ann"}, "rev", "", decidedAt); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// rebuild writes every canonical text (and the decisions files) as scribe
// build does.
func rebuild(t *testing.T, repo *layout.Repo) {
	t.Helper()
	b, err := canon.Build(context.Background(), repo, mustProject(t, repo), "doc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Write(context.Background(), repo); err != nil {
		t.Fatal(err)
	}
}

func mustProject(t *testing.T, repo *layout.Repo) *project.Project {
	t.Helper()
	proj, err := repo.Project()
	if err != nil {
		t.Fatal(err)
	}
	return proj
}

func writeRel(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readRel(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// editRel replaces old by new in a file, once, and fails if old is absent.
func editRel(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	s := readRel(t, dir, rel)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q:\n%s", rel, old, s)
	}
	writeRel(t, dir, rel, strings.Replace(s, old, new, 1))
}

func removeRel(t *testing.T, dir, rel string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func symlinkRel(t *testing.T, dir, target, rel string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
}

// rewriteDecisions parses a page's decisions file, lets fn change the
// decisions and writes them back with decision.Encode.
func rewriteDecisions(t *testing.T, dir, pg string, rows int, fn func([]decision.Decision) []decision.Decision) {
	t.Helper()
	rel := layout.DecisionsPath("doc", pg)
	ds, err := decision.Parse(rel, []byte(readRel(t, dir, rel)))
	if err != nil {
		t.Fatal(err)
	}
	writeRel(t, dir, rel, string(decision.Encode(rows, fn(ds))))
}

// found renders problems as "file:line rule severity", sorted, the form
// the tests compare.
func found(l problem.List) []string {
	out := []string{}
	for _, p := range l {
		out = append(out, fmt.Sprintf("%s:%d %s %s", p.File, p.Line, p.Rule, p.Severity))
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	slices.Sort(out)
	return out
}

func dump(l problem.List) string {
	var b strings.Builder
	for _, p := range l {
		fmt.Fprintf(&b, "\n\t%s:%d: %s: %s [%s]", p.File, p.Line, p.Severity, p.Message, p.Rule)
	}
	return b.String()
}

func TestTreeValid(t *testing.T) {
	_, repo := newProject(t, fixtureOpts{})
	problems, pages, err := Tree(context.Background(), repo, Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Errorf("the valid project has problems:%s", dump(problems))
	}
	if pages != 2 {
		t.Errorf("pages checked = %d, want 2", pages)
	}
	// The pull-request fixture is valid too.
	_, repo = newProject(t, fixtureOpts{ben: true})
	problems, _, err = Tree(context.Background(), repo, Scope{})
	if err != nil || len(problems) != 0 {
		t.Errorf("the project with ben's reading: %v%s", err, dump(problems))
	}
}

// TestTreeRules breaks one thing in a fresh copy of the valid project and
// checks exactly what the tree check reports.
func TestTreeRules(t *testing.T) {
	const (
		dec1 = page1 + "/decisions.txt"
		dec2 = page2 + "/decisions.txt"
		can1 = page1 + "/canonical.txt"
		can2 = page2 + "/canonical.txt"
		canD = docDir + "/canonical.txt"
		ann1 = page1 + "/readings/ann.txt"
	)
	tests := []struct {
		name   string
		mutate func(t *testing.T, dir string, repo *layout.Repo)
		want   []string
		// message, when set, is a part of one problem's message.
		message string
	}{
		{
			name:   "a file beside project.toml",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) { writeRel(t, dir, "transcriptions/notes.txt", "mine\n") },
			want:   []string{"transcriptions/notes.txt:0 layout error"},
		},
		{
			name:   "a file in a page folder",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) { writeRel(t, dir, page1+"/notes.txt", "mine\n") },
			want:   []string{page1 + "/notes.txt:0 layout error"},
		},
		{
			name:   "a file in a document folder",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) { writeRel(t, dir, docDir+"/scan.png", "PNG\n") },
			want:   []string{docDir + "/scan.png:0 layout error"},
		},
		{
			name: "a folder in readings",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, page1+"/readings/old/ann.txt", fixtureReadings[ann1])
			},
			want: []string{page1 + "/readings/old:0 layout error"},
		},
		{
			name:   "a reading without .txt",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) { writeRel(t, dir, page1+"/readings/ben.md", "text\n") },
			want:   []string{page1 + "/readings/ben.md:0 layout error"},
		},
		{
			// import/ keeps the files an import was made from, one level deep.
			name: "an unknown file below import/",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, docDir+"/import/old/scan.pdf", "PDF\n")
			},
			want: []string{docDir + "/import/old:0 layout error"},
		},
		{
			name: "a bad document id",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, "transcriptions/My_Doc/document.toml", "title = \"x\"\n")
			},
			want: []string{"transcriptions/My_Doc:0 id error"},
		},
		{
			name: "a bad page id",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, docDir+"/01/readings/ocr.txt", "text\n")
			},
			want: []string{docDir + "/01:0 id error"},
		},
		{
			name: "a page folder not in document.toml",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, docDir+"/003/readings/ocr.txt", "text\n")
			},
			want:    []string{docDir + "/003:0 document error"},
			message: "page folder 003 is not listed in transcriptions/doc/document.toml",
		},
		{
			name: "a symbolic link as a reading",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				symlinkRel(t, dir, "ann.txt", page1+"/readings/ben.txt")
			},
			want: []string{page1 + "/readings/ben.txt:0 symlink error"},
		},
		{
			name:   "a symbolic link as a document folder",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) { symlinkRel(t, dir, "doc", "transcriptions/copy") },
			want:   []string{"transcriptions/copy:0 symlink error"},
		},
		{
			name:    "a reading with trailing white space",
			mutate:  func(t *testing.T, dir string, _ *layout.Repo) { editRel(t, dir, ann1, "lazy dog.\n", "lazy dog. \n") },
			want:    []string{ann1 + ":2 normal-form error"},
			message: "white space at the end of line 2",
		},
		{
			name:    "a reading without its final newline",
			mutate:  func(t *testing.T, dir string, _ *layout.Repo) { editRel(t, dir, ann1, "the end.\n", "the end.") },
			want:    []string{ann1 + ":3 normal-form error"},
			message: "the file does not end with a line break",
		},
		{
			name: "a reading in NFD",
			mutate: func(t *testing.T, dir string, repo *layout.Repo) {
				// The OCR has the accent composed, ann decomposed: the
				// same text, so the rebuilt page is as before but for it.
				editRel(t, dir, page1+"/readings/ocr.txt", "lazy dog", "lazy d\u00f3g")
				editRel(t, dir, ann1, "lazy dog", "lazy do\u0301g")
				rebuild(t, repo)
			},
			want:    []string{ann1 + ":2 normal-form error"},
			message: "line 2 is not in Unicode NFC",
		},
		{
			name:    "a reading with invalid UTF-8",
			mutate:  func(t *testing.T, dir string, _ *layout.Repo) { editRel(t, dir, ann1, "jumps over", "jumps \xffover") },
			want:    []string{ann1 + ":2 encoding error"},
			message: "the text is not valid UTF-8 at line 2, byte 7",
		},
		{
			name:    "a reading with a NUL",
			mutate:  func(t *testing.T, dir string, _ *layout.Repo) { editRel(t, dir, ann1, "then the", "then\x00the") },
			want:    []string{ann1 + ":3 control-character error"},
			message: "a control character at line 3, column 9: U+0000 (NUL)",
		},
		{
			name:   "an empty reading",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) { writeRel(t, dir, page1+"/readings/ben.txt", "\n\n") },
			want:   []string{page1 + "/readings/ben.txt:0 empty error"},
		},
		{
			name:    "a document.toml with CRLF line ends",
			mutate:  func(t *testing.T, dir string, _ *layout.Repo) { crlf(t, dir, docDir+"/document.toml") },
			want:    []string{docDir + "/document.toml:1 text error"},
			message: "the file uses CR LF (Windows) line ends on all 11 lines",
		},
		{
			name:    "a reading with a byte-order mark",
			mutate:  func(t *testing.T, dir string, _ *layout.Repo) { writeRel(t, dir, ann1, "\ufeff"+fixtureReadings[ann1]) },
			want:    []string{ann1 + ":1 text error"},
			message: "the file starts with a byte-order mark",
		},
		{
			// As a reading uploaded through a forge's web editor from a
			// Windows editor comes: every problem at once, each kind once.
			name: "a reading with a byte-order mark, CR LF line ends, trailing spaces and no final newline",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, ann1, "\ufeffThe quick brown fox \r\njumps over the lazy dog.\r\nAnd then the end. ")
			},
			want: []string{ann1 + ":1 normal-form error", ann1 + ":1 text error", ann1 + ":1 text error", ann1 + ":3 normal-form error"},
		},
		{
			name: "a page whose scan is a path with no file",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, docDir+"/document.toml", `id = "002"`, `id = "002"`+"\nscan = \"scans/doc-002.png\"")
			},
			want:    []string{docDir + "/document.toml:11 scan warning"},
			message: "the scan of page 002, scans/doc-002.png, does not exist in the repository",
		},
		{
			name: "pages whose scans are a file in the repository and a URL",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, docDir+"/document.toml", `id = "001"`, `id = "001"`+"\nscan = \"scans/doc-001.png\"")
				editRel(t, dir, docDir+"/document.toml", `id = "002"`, `id = "002"`+"\nscan = \"https://example.org/scans/002.png\"")
				writeRel(t, dir, "scans/doc-001.png", "PNG")
			},
			want: nil,
		},
		{
			name: "a page whose scan is not a repository path",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, docDir+"/document.toml", `id = "001"`, `id = "001"`+"\nscan = \"../scans/doc-001.png\"")
			},
			want:    []string{docDir + "/document.toml:7 scan warning"},
			message: `the scan of page 001, "../scans/doc-001.png", is not a path in the repository`,
		},
		{
			name: "a CONVENTIONS.md with a byte-order mark",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				prepend(t, dir, "transcriptions/CONVENTIONS.md", "\ufeff")
			},
			want: []string{"transcriptions/CONVENTIONS.md:1 text error"},
		},
		{
			name: "conflict markers in a decisions file",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				s := readRel(t, dir, dec1)
				lines := strings.Split(s, "\n")
				// line 5 is row 1's slot: make it a conflict between two decisions.
				if !strings.HasPrefix(lines[4], "1\t") {
					t.Fatalf("line 5 of %s is %q", dec1, lines[4])
				}
				conflict := []string{"<<<<<<< HEAD", lines[4], "=======", "1", ">>>>>>> other"}
				lines = slices.Concat(lines[:4], conflict, lines[5:])
				writeRel(t, dir, dec1, strings.Join(lines, "\n"))
			},
			want:    []string{dec1 + ":5 conflict-marker error"},
			message: "lines 5, 7 and 9 are merge-conflict markers",
		},
		{
			name: "a reading by an unregistered contributor",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, page1+"/readings/cat.txt", fixtureReadings[ann1])
			},
			want:    []string{page1 + "/readings/cat.txt:0 contributor error"},
			message: `contributor "cat" is not in transcriptions/project.toml`,
		},
		{
			name: "a reading by an unregistered contributor, contributions open",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, layout.ProjectPath(), "open_contributions = false", "open_contributions = true")
				writeRel(t, dir, page1+"/readings/cat.txt", fixtureReadings[ann1])
			},
			want: nil,
		},
		{
			name: "a reading named with an invalid id",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, page1+"/readings/Cat.txt", fixtureReadings[ann1])
			},
			want: []string{page1 + "/readings/Cat.txt:0 id error"},
		},
		{
			name: "a document.toml syntax error",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, docDir+"/document.toml", `language = "en"`, `language = en`)
			},
			want: []string{docDir + "/document.toml:3 toml error"},
		},
		{
			name: "a document.toml with an unknown key",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, docDir+"/document.toml", `language = "en"`, `langauge = "en"`)
			},
			want:    []string{docDir + "/document.toml:3 toml error"},
			message: `unknown key "langauge"`,
		},
		{
			name: "a project.toml syntax error",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, layout.ProjectPath(), "four_eyes = true", "four_eyes = yes")
				// Another problem elsewhere is not reported: without the
				// project nothing else can be judged.
				writeRel(t, dir, "transcriptions/notes.txt", "mine\n")
			},
			want: []string{"transcriptions/project.toml:14 toml error"},
		},
		{
			name: "a stale decision",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, ann1, "quick brown", "quick brawn")
			},
			// The decision on row 1 (line 5) no longer holds, so the row
			// is unsettled and both canonical texts are out of date: work
			// for a reviewer, so warnings, as in a pull request's check.
			want: []string{
				dec1 + ":5 stale warning",
				can1 + ":0 canonical warning",
				can1 + ":0 unsettled warning",
				canD + ":0 canonical warning",
			},
			// The message shows what the decision saw and what the row
			// shows now.
			message: "the decision on row 1 is stale: it was made on “The quick brovvn fox” / “The quick brown fox”; the row now reads “The quick brawn fox” / “The quick brovvn fox”",
		},
		{
			name: "a decision by a contributor",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				rewriteDecisions(t, dir, "001", 3, func(ds []decision.Decision) []decision.Decision {
					ds[0].By = "ben"
					return ds
				})
			},
			want:    []string{dec1 + ":5 reviewer error"},
			message: "row 1 was decided by ben, who is not a reviewer",
		},
		{
			name: "a decision by a contributor of her own reading",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				rewriteDecisions(t, dir, "002", 2, func(ds []decision.Decision) []decision.Decision {
					ds[0].By = "ann"
					return ds
				})
			},
			want: []string{dec2 + ":7 four-eyes error", dec2 + ":7 reviewer error"},
		},
		{
			name: "a decision by someone not in project.toml",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				rewriteDecisions(t, dir, "002", 2, func(ds []decision.Decision) []decision.Decision {
					ds[0].By = "zed"
					return ds
				})
			},
			want:    []string{dec2 + ":7 decisions error"},
			message: `row 2 was decided by "zed", who is not in transcriptions/project.toml`,
		},
		{
			name: "a decision edited by hand so its fingerprint is wrong",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, dec2, `"with its own words"]`, `"with its own wordz"]`)
			},
			want: []string{dec2 + ":7 decisions error"},
		},
		{
			name:    "a four-eyes violation",
			mutate:  fourEyes,
			want:    []string{dec2 + ":7 four-eyes error"},
			message: "row 2 is settled by rev's own reading alone",
		},
		{
			name:    "a page canonical text edited by hand",
			mutate:  func(t *testing.T, dir string, _ *layout.Repo) { editRel(t, dir, can1, "lazy dog.", "lazy cat.") },
			want:    []string{can1 + ":2 canonical error"},
			message: "the canonical text is not what scribe build wrote: it was edited by hand",
		},
		{
			name: "a canonical text edited by hand after a reading changed",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, ann1, "the end.", "the end!")
				editRel(t, dir, can1, "lazy dog.", "lazy cat.")
			},
			// New input does not excuse the edit: the text is not what the
			// build recorded.
			want:    []string{can1 + ":1 canonical error", can1 + ":0 unsettled warning", canD + ":0 canonical warning"},
			message: "it was edited by hand",
		},
		{
			name: "an out-of-date canonical text whose record is removed",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, ann1, "the end.", "the end!")
				removeRel(t, dir, page1+"/canonical.sum")
			},
			// Without its record, an out-of-date text cannot be told from
			// a hand edit: an error.
			want: []string{can1 + ":1 canonical error", can1 + ":0 unsettled warning", canD + ":0 canonical warning"},
		},
		{
			name:    "a current canonical text whose record is removed",
			mutate:  func(t *testing.T, dir string, _ *layout.Repo) { removeRel(t, dir, page1+"/canonical.sum") },
			want:    []string{page1 + "/canonical.sum:0 canonical warning"},
			message: "the canonical text has no record of its build",
		},
		{
			name: "a canonical.sum that is not one",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, page1+"/canonical.sum", "inputs 1\ntext 2\n")
			},
			want: []string{page1 + "/canonical.sum:0 canonical warning"},
		},
		{
			name:    "a stray file beside the canonical text",
			mutate:  func(t *testing.T, dir string, _ *layout.Repo) { writeRel(t, dir, page1+"/canonical.bak", "x\n") },
			want:    []string{page1 + "/canonical.bak:0 layout error"},
			message: "this file is not part of the repository layout",
		},
		{
			name: "a page canonical text with a line added at the end",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, can1, "the end.\n", "the end.\nTHE END\n")
			},
			want: []string{can1 + ":4 canonical error"},
		},
		{
			name:   "a page canonical text missing",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) { removeRel(t, dir, can2) },
			// Work to do, not corruption: a page with readings and no
			// build yet (a freshly imported document) is a warning.
			want:    []string{can2 + ":0 canonical warning"},
			message: "the canonical text has not been built yet",
		},
		{
			name: "the document canonical text edited by hand",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				editRel(t, dir, canD, "its own words", "its own wordz")
			},
			want: []string{canD + ":8 canonical error"},
		},
		{
			name:   "the document canonical text missing",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) { removeRel(t, dir, canD) },
			want:   []string{canD + ":0 canonical warning"},
		},
		{
			name: "two page files whose names differ only in case",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, page1+"/Decisions.txt", readRel(t, dir, dec1))
			},
			// Decisions.txt sorts first; the clash is reported on the
			// second name, and Decisions.txt is not a layout name.
			want:    []string{page1 + "/Decisions.txt:0 layout error", dec1 + ":0 file-name error"},
			message: `"Decisions.txt" and "decisions.txt" differ only in letter case or Unicode form`,
		},
		{
			name: "a reading whose name differs only in case from another's",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, page1+"/readings/Ann.txt", fixtureReadings[ann1])
			},
			want: []string{page1 + "/readings/Ann.txt:0 id error", ann1 + ":0 file-name error"},
		},
		{
			name: "a file name not in NFC",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, docDir+"/canonical\u0301.txt", "x\n")
			},
			want: []string{docDir + "/canonical\u0301.txt:0 file-name error", docDir + "/canonical\u0301.txt:0 layout error"},
		},
		{
			name: "two file names that differ only in Unicode form",
			mutate: func(t *testing.T, dir string, _ *layout.Repo) {
				writeRel(t, dir, page1+"/not\u00e9.txt", "x\n")
				writeRel(t, dir, page1+"/note\u0301.txt", "x\n")
			},
			want: []string{
				page1 + "/note\u0301.txt:0 file-name error", // not NFC
				page1 + "/note\u0301.txt:0 layout error",
				page1 + "/not\u00e9.txt:0 file-name error", // clashes with the NFD name
				page1 + "/not\u00e9.txt:0 layout error",
			},
		},
		{
			name: "a page with fewer readings than required",
			mutate: func(t *testing.T, dir string, repo *layout.Repo) {
				addPage(t, dir, "003", map[string]string{"ocr": "A third page\n"})
				rebuild(t, repo)
			},
			want:    []string{docDir + "/003:0 readings-needed warning"},
			message: "the page has 1 of the 2 readings the policy requires",
		},
		{
			name: "a page with no readings",
			mutate: func(t *testing.T, dir string, repo *layout.Repo) {
				addPage(t, dir, "003", nil)
				rebuild(t, repo)
			},
			want: []string{docDir + "/003:0 readings-needed warning"},
		},
		{
			name: "unsettled rows",
			mutate: func(t *testing.T, dir string, repo *layout.Repo) {
				proj := mustProject(t, repo)
				if _, err := page.Update(context.Background(), repo, proj, "doc", "001", func(p *page.Page) error {
					p.Undo(1)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				rebuild(t, repo)
			},
			want:    []string{can1 + ":0 unsettled warning"},
			message: "1 of 3 rows are unsettled",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, repo := newProject(t, fixtureOpts{})
			tc.mutate(t, dir, repo)
			problems, _, err := Tree(context.Background(), repo, Scope{})
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if got := found(problems); !reflect.DeepEqual(got, sorted(want)) {
				t.Errorf("problems\n got %q\nwant %q%s", got, sorted(want), dump(problems))
			}
			if tc.message != "" && !slices.ContainsFunc(problems, func(p *problem.Problem) bool { return strings.Contains(p.Message, tc.message) }) {
				t.Errorf("no message says %q:%s", tc.message, dump(problems))
			}
			for _, p := range problems {
				if p.Hint == "" {
					t.Errorf("%s [%s] has no hint", p.File, p.Rule)
				}
			}
		})
	}
}

// fourEyes gives rev a reading of page 002 and records, by hand, rev's
// pick of his own variant of the disputed row, then rebuilds: the only
// fault is the four-eyes rule.
func fourEyes(t *testing.T, dir string, repo *layout.Repo) {
	t.Helper()
	writeRel(t, dir, page2+"/readings/rev.txt", "Another page entirely\nwith its own wordz\n")
	proj := mustProject(t, repo)
	p, err := page.Open(repo, proj, "doc", "002")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Alignment.Rows) != 2 || p.Alignment.Rows[1].Status != collate.Disputed {
		t.Fatalf("page 002 with rev's reading: %+v", p.Alignment.Rows)
	}
	seen := p.Seen(2)
	d := decision.Decision{Row: 2, Text: "with its own wordz", How: decision.Pick, Readings: []string{"rev"}, By: "rev",
		At: decidedAt, Seen: seen, Fingerprint: decision.FingerprintOf(seen)}
	writeRel(t, dir, page2+"/decisions.txt", string(decision.Encode(2, []decision.Decision{d})))
	rebuild(t, repo)
	if !strings.Contains(readRel(t, dir, page2+"/canonical.txt"), "with its own wordz\n") {
		t.Fatal("the build did not apply rev's decision")
	}
}

// addPage lists a third page in document.toml and writes its readings.
func addPage(t *testing.T, dir, id string, readings map[string]string) {
	t.Helper()
	rel := docDir + "/document.toml"
	writeRel(t, dir, rel, readRel(t, dir, rel)+fmt.Sprintf("\n[[pages]]\nid = %q\n", id))
	for who, text := range readings {
		writeRel(t, dir, layout.ReadingPath("doc", id, who), text)
	}
}

func crlf(t *testing.T, dir, rel string) {
	t.Helper()
	writeRel(t, dir, rel, strings.ReplaceAll(readRel(t, dir, rel), "\n", "\r\n"))
}

func prepend(t *testing.T, dir, rel, s string) {
	t.Helper()
	writeRel(t, dir, rel, s+readRel(t, dir, rel))
}

func TestSummary(t *testing.T) {
	warn := func(file string) *problem.Problem {
		p := problem.New(file, 0, RuleUnsettled, "m", "h")
		p.Severity = problem.Warning
		return p
	}
	tests := []struct {
		l           problem.List
		errs, warns int
	}{
		{nil, 0, 0},
		{problem.List{problem.New("a", 1, RuleLayout, "m", "h")}, 1, 0},
		{problem.List{warn("a")}, 0, 1},
		{problem.List{problem.New("a", 1, RuleLayout, "m", "h"), warn("b"), problem.New("c", 0, RuleCanonical, "m", "h"), warn("d")}, 2, 2},
	}
	for i, tc := range tests {
		if e, w := Summary(tc.l); e != tc.errs || w != tc.warns {
			t.Errorf("%d: Summary = %d, %d; want %d, %d", i, e, w, tc.errs, tc.warns)
		}
	}
	// A tree with both kinds.
	dir, repo := newProject(t, fixtureOpts{})
	writeRel(t, dir, "transcriptions/notes.txt", "x\n")
	addPage(t, dir, "003", map[string]string{"ocr": "A third page\n"})
	problems, pages, err := Tree(context.Background(), repo, Scope{})
	if err != nil {
		t.Fatal(err)
	}
	// notes.txt (an error); the document's canonical text out of date
	// (page 003 is new), page 003 not built yet and short of readings.
	if e, w := Summary(problems); e != 1 || w != 3 || pages != 3 {
		t.Errorf("Summary = %d errors, %d warnings in %d pages; want 1, 3 in 3:%s", e, w, pages, dump(problems))
	}
}

func TestTreeScope(t *testing.T) {
	dir, repo := newProject(t, fixtureOpts{})
	// Faults on page 002 and outside any page.
	editRel(t, dir, page2+"/readings/ann.txt", "own words", "own words\t")
	writeRel(t, dir, "transcriptions/notes.txt", "x\n")
	tests := []struct {
		name  string
		scope Scope
		want  []string
		pages int
	}{
		{"page 001 only", Scope{Pages: []string{"doc/001"}}, []string{}, 1},
		{"page 002 only", Scope{Pages: []string{"doc/002"}}, []string{page2 + "/readings/ann.txt:2 normal-form error"}, 1},
		{"both pages", Scope{Pages: []string{"doc/002", "doc/001"}}, []string{page2 + "/readings/ann.txt:2 normal-form error"}, 2},
		{"the document", Scope{Documents: []string{"doc"}}, []string{page2 + "/readings/ann.txt:2 normal-form error"}, 2},
		{"the document and one of its pages", Scope{Documents: []string{"doc"}, Pages: []string{"doc/001"}}, []string{page2 + "/readings/ann.txt:2 normal-form error"}, 2},
		{"a path", Scope{Paths: []string{"transcriptions/notes.txt"}}, []string{"transcriptions/notes.txt:0 layout error"}, 0},
		{"everything", Scope{}, []string{page2 + "/readings/ann.txt:2 normal-form error", "transcriptions/notes.txt:0 layout error"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			problems, pages, err := Tree(context.Background(), repo, tc.scope)
			if err != nil {
				t.Fatal(err)
			}
			if got := found(problems); !reflect.DeepEqual(got, sorted(tc.want)) || pages != tc.pages {
				t.Errorf("got %q in %d pages, want %q in %d%s", got, pages, sorted(tc.want), tc.pages, dump(problems))
			}
		})
	}
}

func TestTreeWorkTreeAndCommitAlike(t *testing.T) {
	// The checker reads only through layout.Repo's FS: an fs.FS over the
	// same files gives the same result as the work tree.
	dir, repo := newProject(t, fixtureOpts{})
	editRel(t, dir, ann1Path, "lazy dog.\n", "lazy dog. \n")
	a, _, err := Tree(context.Background(), repo, Scope{})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Tree(context.Background(), layout.FromFS(os.DirFS(dir)), Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(found(a), found(b)) || len(a) != 1 {
		t.Errorf("work tree %q, fs.FS %q", found(a), found(b))
	}
}

const ann1Path = page1 + "/readings/ann.txt"

func TestTreeWords(t *testing.T) {
	dir, repo := newProject(t, fixtureOpts{})
	writeRel(t, dir, "transcriptions/words/bad.txt", "# words the OCR makes of others\nquick\n")
	writeRel(t, dir, "transcriptions/words/good.txt", "# words that are right\n")
	want := []string{page1 + "/canonical.txt:1 word warning"}
	tests := []struct {
		name  string
		scope Scope
		want  []string
	}{
		{"without --strict", Scope{}, []string{}},
		{"with --strict", Scope{Words: true}, want},
		{"with --strict, on page 002", Scope{Words: true, Pages: []string{"doc/002"}}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			problems, _, err := Tree(context.Background(), repo, tc.scope)
			if err != nil {
				t.Fatal(err)
			}
			if got := found(problems); !reflect.DeepEqual(got, sorted(tc.want)) {
				t.Errorf("got %q, want %q%s", got, sorted(tc.want), dump(problems))
			}
			for _, p := range problems {
				if p.Message != "quick: in the bad word list" || !strings.Contains(p.Hint, "transcriptions/words/good.txt") {
					t.Errorf("reported %q (%q)", p.Message, p.Hint)
				}
			}
		})
	}
	// The good list allows the word.
	writeRel(t, dir, "transcriptions/words/good.txt", "quick\n")
	problems, _, err := Tree(context.Background(), repo, Scope{Words: true})
	if err != nil || len(problems) != 0 {
		t.Errorf("with quick in the good list: %v%s", err, dump(problems))
	}
	// Nothing else goes in the words folder.
	writeRel(t, dir, "transcriptions/words/maybe.txt", "x\n")
	problems, _, _ = Tree(context.Background(), repo, Scope{})
	if got := found(problems); !reflect.DeepEqual(got, []string{"transcriptions/words/maybe.txt:0 layout error"}) {
		t.Errorf("got %q%s", got, dump(problems))
	}
}
