package check

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the actual output")

func warning(p *problem.Problem) *problem.Problem {
	p.Severity = problem.Warning
	return p
}

// goldenReports are fixed reports: one that fails, in pull-request mode,
// with problems whose file names and messages need escaping, and one that
// passes with a warning.
func goldenReports() map[string]*Report {
	failing := NewReport("pull-request", 3, problem.List{
		problem.New("transcriptions/doc/001/readings/ann.txt", 3, RuleNormal,
			"line 3: 100% sure\nthat this\r\nis wrong", "fix it: see the README, section \"Layout\""),
		problem.New("transcriptions/doc/a:b,c|d.txt", 0, RuleLayout,
			"this file is not part of the repository layout", "move or remove it | or keep it elsewhere"),
		problem.New(".github/workflows/x.yml", 0, RuleScope,
			"only a maintainer may add x.yml (ann is contributor)", ""),
		warning(problem.New("transcriptions/doc/001/canonical.txt", 0, RuleCanonical,
			"this change makes the canonical text out of date", "a reviewer runs scribe build after this change and commits the result")),
	}, problem.List{
		problem.New("transcriptions/doc/002/readings/ocr.txt", 0, RuleNormal,
			"the reading is not in normal form: scribe would have removed trailing white space from 1 line", "submit it with scribe submit"),
	})
	failing.Author = "ann"
	passing := NewReport("tree", 1, problem.List{
		warning(problem.New("transcriptions/doc/003", 0, RuleReadings,
			"the page has 1 of the 2 readings the policy requires", "volunteers: scribe next names pages to read")),
	}, nil)
	return map[string]*Report{"failing": failing, "passing": passing, "hostile": hostileReport()}
}

// hostileFile and hostileMessage are what a hostile pull request could
// bring: Markdown, HTML, a backtick, pipes, line ends, a bidi override and
// a terminal escape.
const (
	hostileFile    = "transcriptions/d/001/readings/a`b<img src=x>.txt"
	hostileMessage = "**bold** [link](http://x) | a\r\nb \u202eevil\u202c \x1b[31mred\x1b[0m _u_ & \"q\" 'a' \\ \u2028x\u0085y"
)

// hostileReport is a pull request's report whose texts are all hostile,
// with warnings that need a reviewer.
func hostileReport() *Report {
	r := NewReport("pull-request", 2, problem.List{
		problem.New(hostileFile, 7, "rule|`x`", hostileMessage, "<script>alert(1)</script>\nfake.txt:1: error: forged"),
		problem.New("transcriptions/d/001/readings/x\nfake.txt:1: error: forged [layout]", 0, RuleName, "bad\tname\x7f\u009b", ""),
		warning(problem.New("transcriptions/d/002/decisions.txt", 4, RuleStale, "this change makes the decision on row 2 stale", "a reviewer decides it again")),
		warning(problem.New("transcriptions/d/002/canonical.txt", 0, RuleUnsettled, "1 of 3 rows are unsettled", "reviewers: scribe review d/002")),
		warning(problem.New("transcriptions/d/002/canonical.txt", 0, RuleCanonical, "this change makes the canonical text out of date", "")),
		warning(problem.New("transcriptions/d/canonical.txt", 0, RuleCanonical, "this change makes the canonical text out of date", "")),
		warning(problem.New("transcriptions/x<img src=y>/0`1*/decisions.txt", 0, RuleStale, "stale", "")),
	}, problem.List{
		problem.New("transcriptions/d/003/readings/ocr.txt", 0, RuleNormal, "\u202eexisting", ""),
	})
	r.Author = "a`b<img src=x>"
	return r
}

func TestReportGolden(t *testing.T) {
	formats := map[string]func(*Report, *bytes.Buffer) error{
		"txt":    func(r *Report, b *bytes.Buffer) error { return r.Text(b) },
		"github": func(r *Report, b *bytes.Buffer) error { return r.GitHub(b) },
		"md":     func(r *Report, b *bytes.Buffer) error { return r.Markdown(b) },
		"json":   func(r *Report, b *bytes.Buffer) error { return r.JSON(b) },
	}
	for name, rep := range goldenReports() {
		for format, write := range formats {
			file := filepath.Join("testdata", name+"."+format+".golden")
			t.Run(name+"."+format, func(t *testing.T) {
				var b bytes.Buffer
				if err := write(rep, &b); err != nil {
					t.Fatal(err)
				}
				if *update {
					if err := os.MkdirAll("testdata", 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Fatalf("%v (run go test -run TestReportGolden -update to write it)", err)
				}
				if got := b.String(); got != string(want) {
					t.Errorf("%s differs from the output (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", file, got, want)
				}
			})
		}
	}
}

// TestGitHubEscaping checks the escapes of workflow commands, as the
// Actions toolkit makes them: in data % CR LF, in properties also : and ,.
func TestReportGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A", "%250A", "%250A"}, // an escape in the input is not an escape in the output
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"a|b", "a|b", "a|b"},
		// Other control characters and bidi controls are removed.
		{"a\x1b[31mb\x00c\x7fd\u009be", "a[31mbcde", "a[31mbcde"},
		{"a\u202eb\u2066c\u2069", "abc", "abc"},
		{"a\tb", "a b", "a b"},
		{"Côté ✓", "Côté ✓", "Côté ✓"},
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
	// Every annotation is one line, whatever the message holds.
	var b bytes.Buffer
	if err := goldenReports()["failing"].GitHub(&b); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if !strings.HasPrefix(line, "::") && !strings.HasSuffix(line, "checked") {
			t.Errorf("a line that is neither an annotation nor the summary: %q", line)
		}
	}
}

// TestReportJSONShape checks the JSON output parses back with the fields
// a tool reads.
func TestReportJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := goldenReports()["failing"].JSON(&b); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Mode     string `json:"mode"`
		Author   string `json:"author"`
		Pages    int    `json:"pages"`
		Errors   int    `json:"errors"`
		Warnings int    `json:"warnings"`
		Problems []struct {
			File, Rule, Severity, Message, Hint string
			Line                                int
		} `json:"problems"`
		Existing []json.RawMessage `json:"existing"`
	}
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Mode != "pull-request" || v.Author != "ann" || v.Pages != 3 || v.Errors != 3 || v.Warnings != 1 || len(v.Problems) != 4 || len(v.Existing) != 1 {
		t.Errorf("JSON %+v", v)
	}
	if p := v.Problems[0]; p.File != "transcriptions/doc/001/readings/ann.txt" || p.Line != 3 || p.Severity != "error" || p.Message != "line 3: 100% sure\nthat this\r\nis wrong" {
		t.Errorf("first problem %+v", p)
	}
	// A report without problems has empty lists, not null.
	b.Reset()
	if err := NewReport("tree", 0, nil, nil).JSON(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"problems": []`) || !strings.Contains(b.String(), `"existing": []`) {
		t.Errorf("empty report:\n%s", b.String())
	}
}

func TestReportFailed(t *testing.T) {
	reps := goldenReports()
	for _, tc := range []struct {
		rep          *Report
		strict, want bool
	}{
		{reps["failing"], false, true},
		{reps["failing"], true, true},
		{reps["passing"], false, false},
		{reps["passing"], true, true},
		{NewReport("tree", 1, nil, nil), true, false},
		// Problems already on the base never fail the check.
		{NewReport("pull-request", 1, nil, problem.List{problem.New("f", 0, RuleLayout, "m", "h")}), true, false},
	} {
		if got := tc.rep.Failed(tc.strict); got != tc.want {
			t.Errorf("%s report with %d errors, %d warnings: Failed(%v) = %v", tc.rep.Mode, tc.rep.Errors, tc.rep.Warnings, tc.strict, got)
		}
	}
}

// tableCells splits a Markdown table row on its unescaped pipes, as
// GitHub's tables do: a backslash escapes the character after it.
func tableCells(row string) []string {
	var cells []string
	start := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, row[start:i])
			start = i + 1
		}
	}
	return append(cells, row[start:])
}

// markdownLiteral is the text a cell shows: <code> tags removed,
// backslash escapes and HTML entities resolved.
func markdownLiteral(cell string) string {
	cell = strings.TrimSpace(cell)
	cell = strings.ReplaceAll(strings.ReplaceAll(cell, "<code>", ""), "</code>", "")
	var b strings.Builder
	for i := 0; i < len(cell); i++ {
		switch {
		case cell[i] == '\\' && i+1 < len(cell) && strings.IndexByte(asciiPunctuation, cell[i+1]) >= 0:
			i++
			b.WriteByte(cell[i])
		case cell[i] == '&':
			end := strings.IndexByte(cell[i:], ';')
			if end < 0 {
				b.WriteByte('&')
				continue
			}
			b.WriteString(html.UnescapeString(cell[i : i+end+1]))
			i += end
		default:
			b.WriteByte(cell[i])
		}
	}
	return b.String()
}

// unescaped reports the first of chars that appears in s without a
// backslash before it, or -1.
func unescaped(s, chars string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if strings.IndexByte(chars, s[i]) >= 0 {
			return i
		}
	}
	return -1
}

// TestReportMarkdownEscaping checks that no text from a problem becomes
// Markdown or HTML in the job summary, leaves its table row or reorders it.
func TestReportMarkdownEscaping(t *testing.T) {
	var b bytes.Buffer
	if err := hostileReport().Markdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, bad := range []string{"<img", "<script", "\r", "\u202e", "\u202c", "\u2028", "\u0085", "\u009b", "\x1b", "\x7f", "\t"} {
		if strings.Contains(md, bad) {
			t.Errorf("the summary holds %q:\n%s", bad, md)
		}
	}
	if !utf8.ValidString(md) {
		t.Error("the summary is not UTF-8")
	}
	rows := map[int]int{} // rows by their number of cells
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			// The verdict, titles and the author: nothing unescaped that
			// Markdown would read.
			if i := unescaped(strings.NewReplacer("<code>", "", "</code>", "").Replace(line), "`*_[]<>"); i >= 0 {
				t.Errorf("unescaped character in %q", line)
			}
			continue
		}
		cells := tableCells(line)
		if cells[0] != "" || cells[len(cells)-1] != "" {
			t.Errorf("row %q does not start and end with a pipe", line)
		}
		cells = cells[1 : len(cells)-1]
		rows[len(cells)]++
		for _, c := range cells {
			if i := unescaped(strings.NewReplacer("<code>", "", "</code>", "").Replace(c), "`*_[]|<>\"'"); i >= 0 {
				t.Errorf("unescaped character in cell %q of %q", c, line)
			}
		}
		if len(cells) == 5 && markdownLiteral(cells[1]) == hostileFile+":7" {
			if got, want := markdownLiteral(cells[2]), "rule|`x`"; got != want {
				t.Errorf("rule cell shows %q, want %q", got, want)
			}
			want := `**bold** [link](http://x) | a b \u202eevil\u202c \x1b[31mred\x1b[0m _u_ & "q" 'a' \  x y`
			if got := markdownLiteral(cells[3]); got != want {
				t.Errorf("message cell shows\n%q, want\n%q", got, want)
			}
			if got, want := markdownLiteral(cells[4]), "<script>alert(1)</script> fake.txt:1: error: forged"; got != want {
				t.Errorf("hint cell shows %q, want %q", got, want)
			}
		}
	}
	// Problems: 7 rows and 1 already on the base, each table with its head
	// and delimiter row, all of 5 cells; the pages that need a reviewer: 3
	// rows of 2 cells, with head and delimiter row.
	if want := map[int]int{5: 7 + 1 + 2*2, 2: 3 + 2}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows by cells %v, want %v:\n%s", rows, want, md)
	}
	if !strings.Contains(md, hostileEscapedFile) {
		t.Errorf("the summary lacks the escaped file name %s:\n%s", hostileEscapedFile, md)
	}
}

// hostileEscapedFile is hostileFile as the summary writes it.
const hostileEscapedFile = "<code>transcriptions\\/d\\/001\\/readings\\/a\\`b&lt;img src\\=x&gt;\\.txt\\:7</code>"

func TestReportMarkdownText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a`b", "a\\`b"},
		{"<img src=x>", "&lt;img src\\=x&gt;"},
		{`& " '`, "&amp; &quot; &#39;"},
		{`*_[]|\#!~`, `\*\_\[\]\|\\\#\!\~`},
		{"a\r\nb\nc\rd\u2028e\u2029f\u0085g\th", "a b c d e f g h"},
		{"a\x1bb\x00c\x7fd\u009be", `a\\x1bb\\x00c\\x7fd\\u009be`},
		{"a\u202eb\u2066c", `a\\u202eb\\u2066c`},
		{"bad\xffbyte", `bad\\xffbyte`},
		{"Côté ✓ ελληνικά", "Côté ✓ ελληνικά"},
	} {
		if got := markdownText(tc.in); got != tc.want {
			t.Errorf("markdownText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestReportMarkdownReviewPages checks the pages that need a reviewer:
// distinct, sorted, each with its commands, from warnings only.
func TestReportMarkdownReviewPages(t *testing.T) {
	l := hostileReport().Problems
	l = append(l,
		problem.New("transcriptions/d/003/decisions.txt", 1, RuleStale, "an error, not a reviewer's task", ""),
		warning(problem.New("transcriptions/d/004", 0, RuleReadings, "needs readings, not a reviewer", "")),
		warning(problem.New("transcriptions/d/002/decisions.txt", 9, RuleStale, "the same page again", "")),
		warning(problem.New("elsewhere/d/005/canonical.txt", 0, RuleCanonical, "not a page", "")),
		warning(problem.New("transcriptions/d/canonical.sum", 0, RuleCanonical, "the document's record of its build", "")),
		warning(problem.New("transcriptions/d/001/canonical.sum", 0, RuleCanonical, "a page's record of its build", "")),
		warning(problem.New("transcriptions/e/canonical.txt", 0, RuleStale, "not a page: no review", "")),
	)
	want := []string{
		"| <code>d</code> | <code>scribe build d</code> |",
		"| <code>d\\/001</code> | <code>scribe build d</code> |",
		"| <code>d\\/002</code> | <code>scribe review d\\/002 \\-\\-stale</code>, then <code>scribe review d\\/002</code>, then <code>scribe build d</code> |",
		"| <code>x&lt;img src\\=y&gt;\\/0\\`1\\*</code> | <code>scribe review x&lt;img src\\=y&gt;\\/0\\`1\\* \\-\\-stale</code> |",
	}
	for range 3 {
		var b bytes.Buffer
		if err := NewReport("pull-request", 1, l, nil).Markdown(&b); err != nil {
			t.Fatal(err)
		}
		_, section, ok := strings.Cut(b.String(), "### Pages that need a reviewer\n\n| page | what a reviewer runs |\n| --- | --- |\n")
		if !ok {
			t.Fatalf("no section of pages that need a reviewer:\n%s", b.String())
		}
		section, _, _ = strings.Cut(section, "\n\n")
		sameRows(t, strings.Split(section, "\n"), want)
		// The order of the problems does not matter.
		l = append(l[1:], l[0])
	}
}

func sameRows(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestReportMarkdownBudget checks that a summary of many long problems
// stays under GitHub's 1 MiB and says how many it left out.
func TestReportMarkdownBudget(t *testing.T) {
	long := strings.Repeat("<&> a `long` message | ", 20)
	var l, existing problem.List
	for i := range 20000 {
		l = append(l, problem.New(fmt.Sprintf("transcriptions/d/%03d/readings/x.txt", i), i+1, RuleNormal, long, long))
		existing = append(existing, problem.New("transcriptions/d/001/readings/y.txt", 0, RuleNormal, "on the base", ""))
	}
	var b bytes.Buffer
	if err := NewReport("pull-request", 20000, l, existing[:100]).Markdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if len(md) > summaryBudget || len(md) >= 1<<20 {
		t.Fatalf("the summary takes %d bytes, over the budget of %d", len(md), summaryBudget)
	}
	rows := strings.Count(md, "\n| ❌ |")
	if rows == 0 || rows >= 20000 {
		t.Fatalf("%d rows", rows)
	}
	notice := fmt.Sprintf("**This summary is cut short: %d problems are not listed**, to keep it under GitHub's limit of 1 MiB. "+
		"Run `scribe check` locally, or with `--format json`, to list them all.\n", 20100-rows)
	if !strings.HasSuffix(md, notice) {
		t.Errorf("the summary ends\n%s\nwant the notice\n%s", md[len(md)-500:], notice)
	}
	if strings.Contains(md, "Already on the base") {
		t.Error("a table after the cut")
	}
	// Within the budget nothing is cut.
	b.Reset()
	if err := NewReport("pull-request", 100, l[:100], existing[:100]).Markdown(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "cut short") || strings.Count(b.String(), "\n| ❌ |") != 200 {
		t.Errorf("a summary of 200 problems is cut short")
	}
}

// TestReportGitHubCaps checks that the annotations keep to GitHub's caps,
// errors first, and that a last notice counts what was left out.
func TestReportGitHubCaps(t *testing.T) {
	many := func(n int, sev problem.Severity, file string) problem.List {
		var l problem.List
		for i := range n {
			p := problem.New(fmt.Sprintf("%s%d.txt", file, i), i+1, RuleNormal, "m", "")
			p.Severity = sev
			l = append(l, p)
		}
		return l
	}
	for _, tc := range []struct {
		errs, warns, existing int
		want                  [3]int // errors, warnings, notices (the cap notice included)
		left                  string
	}{
		{60, 60, 0, [3]int{10, 10, 1}, "50 errors and 50 warnings were not annotated"},
		{60, 60, 15, [3]int{10, 10, 10}, "50 errors, 50 warnings and 6 notices were not annotated"},
		{10, 10, 10, [3]int{10, 10, 10}, ""},
		{0, 0, 11, [3]int{0, 0, 10}, "2 notices were not annotated"},
		{11, 3, 2, [3]int{10, 3, 3}, "1 error was not annotated"},
	} {
		name := fmt.Sprintf("%d-%d-%d", tc.errs, tc.warns, tc.existing)
		t.Run(name, func(t *testing.T) {
			l := append(many(tc.warns, problem.Warning, "w"), many(tc.errs, problem.Error, "e")...)
			var b bytes.Buffer
			if err := NewReport("pull-request", 1, l, many(tc.existing, problem.Error, "n")).GitHub(&b); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			var got [3]int
			order := ""
			for _, line := range lines[:len(lines)-1] {
				for i, level := range []string{"::error ", "::warning ", "::notice "} {
					if strings.HasPrefix(line, level) {
						got[i]++
						if !strings.HasSuffix(order, level) {
							order += level
						}
					}
				}
			}
			if got != tc.want {
				t.Errorf("annotations (errors, warnings, notices) %v, want %v:\n%s", got, tc.want, b.String())
			}
			if n := got[0] + got[1] + got[2]; n != len(lines)-1 || n > 3*annotationsPerLevel || n > annotationsPerJob {
				t.Errorf("%d annotations in %d lines", n, len(lines))
			}
			if strings.Contains(order, "::warning ::error") || strings.Contains(order, "::notice ::warning") || strings.Contains(order, "::notice ::error") {
				t.Errorf("annotations out of order: %s", order)
			}
			capNotice := len(lines) >= 2 && strings.HasPrefix(lines[len(lines)-2], "::notice title=scribe%3A more problems than annotations::")
			if capNotice != (tc.left != "") {
				t.Fatalf("cap notice %v, want %v:\n%s", capNotice, tc.left != "", b.String())
			}
			if capNotice && !strings.Contains(lines[len(lines)-2], "::"+tc.left+":") {
				t.Errorf("cap notice %q does not say %q", lines[len(lines)-2], tc.left)
			}
			if capNotice && !strings.Contains(lines[len(lines)-2], "job summary") {
				t.Errorf("cap notice %q does not point to the job summary", lines[len(lines)-2])
			}
		})
	}
}

// TestReportTextEscaping checks that no file name or message forges a line
// of the text report, and that ordinary text stays as it is.
func TestReportTextEscaping(t *testing.T) {
	var b bytes.Buffer
	rep := NewReport("tree", 1, problem.List{
		problem.New("transcriptions/d/001/readings/x\nfake.txt:1: error: forged", 2, RuleName, "bad\r\nname \x1b[2J\u202eevil \u009b\x7f\xff", "hint\nfake.txt:2: error: forged"),
		problem.New("transcriptions/d/001/readings/côté.txt", 0, RuleName, `Côté ✓ ελληνικά, a\n is a backslash and n`, ""),
	}, nil)
	if err := rep.Text(&b); err != nil {
		t.Fatal(err)
	}
	want := `transcriptions/d/001/readings/x\nfake.txt:1: error: forged:2: error: bad\r\nname \x1b[2J\u202eevil \u009b\x7f\xff [file-name]
  hint: hint\nfake.txt:2: error: forged
transcriptions/d/001/readings/côté.txt: error: Côté ✓ ελληνικά, a\n is a backslash and n [file-name]
2 errors, 0 warnings in 1 page checked
`
	if got := b.String(); got != want {
		t.Errorf("text report\n%s\nwant\n%s", got, want)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "fake.txt") {
			t.Errorf("a forged line: %q", line)
		}
	}
}

// TestReportJSONRaw checks that JSON keeps every text as it is: the
// encoder escapes what JSON needs, and HTML escapes are for HTML only.
func TestReportJSONRaw(t *testing.T) {
	var b bytes.Buffer
	if err := hostileReport().JSON(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "a`b<img src=x>") || strings.Contains(b.String(), "\r") {
		t.Errorf("JSON escapes HTML or leaves a CR raw:\n%s", b.String())
	}
	var v struct {
		Problems []jsonProblem `json:"problems"`
	}
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if p := v.Problems[0]; p.File != hostileFile || p.Message != hostileMessage || p.Rule != "rule|`x`" {
		t.Errorf("JSON does not keep the texts: %+v", p)
	}
}
