package check

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	return map[string]*Report{"failing": failing, "passing": passing}
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
func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A", "%250A", "%250A"}, // an escape in the input is not an escape in the output
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"a|b", "a|b", "a|b"},
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
