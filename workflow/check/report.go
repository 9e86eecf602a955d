package check

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

// Report is a check's outcome, ready for a reporter.
type Report struct {
	Mode     string       `json:"mode"`             // "tree" or "pull-request"
	Strict   bool         `json:"strict,omitempty"` // warnings fail too
	Author   string       `json:"author,omitempty"`
	Pages    int          `json:"pages"`
	Errors   int          `json:"errors"`
	Warnings int          `json:"warnings"`
	Problems problem.List `json:"-"`
	Existing problem.List `json:"-"` // pull-request mode: already on the base
}

// Failed reports whether the check fails: any error, or with strict any
// warning, among the problems (never among the existing ones).
func (r *Report) Failed(strict bool) bool {
	return r.Errors > 0 || (strict && r.Warnings > 0)
}

// NewReport counts a list of problems.
func NewReport(mode string, pages int, problems, existing problem.List) *Report {
	r := &Report{Mode: mode, Pages: pages, Problems: problems, Existing: existing}
	r.Errors, r.Warnings = Summary(problems)
	return r
}

// Text writes the report for people.
func (r *Report) Text(w io.Writer) error {
	for _, p := range r.Problems {
		writeText(w, p)
	}
	if len(r.Existing) > 0 {
		fmt.Fprintf(w, "\nalready on the base (not failing this check): %d\n", len(r.Existing))
		for _, p := range r.Existing {
			writeText(w, p)
		}
	}
	_, err := fmt.Fprintf(w, "%s in %s checked\n", counts(r.Errors, r.Warnings), plural(r.Pages, "page"))
	return err
}

func writeText(w io.Writer, p *problem.Problem) {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	fmt.Fprintf(w, "%s: %s: %s [%s]\n", loc, p.Severity, p.Message, p.Rule)
	if p.Hint != "" {
		fmt.Fprintf(w, "  hint: %s\n", p.Hint)
	}
}

func counts(errs, warns int) string {
	return plural(errs, "error") + ", " + plural(warns, "warning")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// GitHub writes workflow commands that annotate the pull request's files,
// escaped as the Actions toolkit escapes them.
func (r *Report) GitHub(w io.Writer) error {
	for _, p := range r.Problems {
		level := "error"
		if p.Severity == problem.Warning {
			level = "warning"
		}
		props := "file=" + escapeProperty(p.File)
		if p.Line > 0 {
			props += fmt.Sprintf(",line=%d", p.Line)
		}
		props += ",title=" + escapeProperty("scribe: "+p.Rule)
		msg := p.Message
		if p.Hint != "" {
			msg += "\n" + p.Hint
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", level, props, escapeData(msg)); err != nil {
			return err
		}
	}
	for _, p := range r.Existing {
		fmt.Fprintf(w, "::notice file=%s,title=%s::%s\n", escapeProperty(p.File), escapeProperty("scribe: already on the base"), escapeData(p.Message))
	}
	_, err := fmt.Fprintf(w, "%s in %s checked\n", counts(r.Errors, r.Warnings), plural(r.Pages, "page"))
	return err
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Markdown writes the job summary: the verdict, then a table of problems.
func (r *Report) Markdown(w io.Writer) error {
	verdict := "✅ scribe check passed"
	if r.Failed(r.Strict) {
		verdict = "❌ scribe check failed"
	}
	fmt.Fprintf(w, "## %s\n\n%s in %s checked", verdict, counts(r.Errors, r.Warnings), plural(r.Pages, "page"))
	if r.Author != "" {
		fmt.Fprintf(w, " · author `%s`", r.Author)
	}
	fmt.Fprint(w, "\n\n")
	table := func(title string, l problem.List) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(w, "### %s\n\n| | file | rule | problem | what to do |\n| --- | --- | --- | --- | --- |\n", title)
		for _, p := range l {
			mark := "❌"
			if p.Severity == problem.Warning {
				mark = "⚠️"
			}
			loc := p.File
			if p.Line > 0 {
				loc = fmt.Sprintf("%s:%d", p.File, p.Line)
			}
			fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s |\n", mark, cell(loc), p.Rule, cell(p.Message), cell(p.Hint))
		}
		fmt.Fprintln(w)
	}
	table("Problems", r.Problems)
	table("Already on the base (not failing)", r.Existing)
	return nil
}

// cell keeps a text on its table row: a pipe would end the cell and a
// line end (LF, CR or CRLF, all line ends in Markdown) the row.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

type jsonProblem struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

func jsonList(l problem.List) []jsonProblem {
	out := make([]jsonProblem, 0, len(l))
	for _, p := range l {
		out = append(out, jsonProblem{p.File, p.Line, p.Rule, p.Severity.String(), p.Message, p.Hint})
	}
	return out
}

// JSON writes the report for tools.
func (r *Report) JSON(w io.Writer) error {
	v := struct {
		*Report
		Problems []jsonProblem `json:"problems"`
		Existing []jsonProblem `json:"existing"`
	}{r, jsonList(r.Problems), jsonList(r.Existing)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
