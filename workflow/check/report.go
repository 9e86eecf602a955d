package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/problem"
)

// Every string of a problem (file, message, hint, rule) and the report's
// author may come from a hostile pull request: a file name or a text in it.
// Each reporter escapes them for where they go, so that none can forge a
// line of its own, reorder what is shown or, in the job summary, become
// Markdown or HTML.

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

// Text writes the report for people, one "file:line: severity: message"
// line a problem. Control and bidi characters show as Go escapes (\n,
// \x1b, \u202e), so that no file name or message can start a line of its
// own or reorder one.
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
	loc := visible(p.File)
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, p.Line)
	}
	fmt.Fprintf(w, "%s: %s: %s [%s]\n", loc, p.Severity, visible(p.Message), visible(p.Rule))
	if p.Hint != "" {
		fmt.Fprintf(w, "  hint: %s\n", visible(p.Hint))
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

// isControl reports whether r is a C0 control, DEL or a C1 control.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0)
}

// isBidi reports whether r is a bidirectional formatting character: the
// embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069 and
// the marks U+200E, U+200F and U+061C. They make text show in another
// order than it has ("Trojan Source", CVE-2021-42574).
func isBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c
}

// isLineSeparator reports whether r is a line separator other than LF and
// CR: NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
func isLineSeparator(r rune) bool {
	return r == 0x85 || r == 0x2028 || r == 0x2029
}

// hidden reports whether r is shown escaped rather than as itself.
func hidden(r rune) bool {
	return isControl(r) || isBidi(r) || isLineSeparator(r)
}

// goEscape is Go's escape of a hidden rune: \n, \x1b, \u202e.
func goEscape(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case '\v':
		return `\v`
	}
	if r < 0x80 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// visible escapes the hidden runes of s, and its bytes that are not UTF-8,
// the way Go quotes them; everything else, backslashes and non-ASCII
// letters included, stays as it is.
func visible(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case hidden(r):
			b.WriteString(goEscape(r))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// GitHub shows at most annotationsPerLevel annotations of each level
// (error, warning, notice) from one step and annotationsPerJob from a
// whole job, and drops the rest without a word: see "Limitations" in
// https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md,
// which holds for annotations made by workflow commands too.
const (
	annotationsPerLevel = 10
	annotationsPerJob   = 50
)

// The three levels of one step together keep within the job's cap (a
// negative constant would not convert).
const _ = uint(annotationsPerJob - 3*annotationsPerLevel)

// GitHub writes workflow commands that annotate the pull request's files,
// escaped as the Actions toolkit escapes them: errors first, then
// warnings, then notices for the problems already on the base, no more of
// each than GitHub shows. When some are left out, a last notice (within
// the cap of notices) says how many and points to the job summary.
func (r *Report) GitHub(w io.Writer) error {
	var errs, warns problem.List
	for _, p := range r.Problems {
		if p.Severity == problem.Warning {
			warns = append(warns, p)
		} else {
			errs = append(errs, p)
		}
	}
	notices := annotationsPerLevel
	if len(errs) > annotationsPerLevel || len(warns) > annotationsPerLevel || len(r.Existing) > annotationsPerLevel {
		notices-- // room for the notice that says what is left out
	}
	shownErrs, shownWarns, shownNotices := min(len(errs), annotationsPerLevel), min(len(warns), annotationsPerLevel), min(len(r.Existing), notices)
	for _, p := range errs[:shownErrs] {
		annotateProblem(w, "error", p)
	}
	for _, p := range warns[:shownWarns] {
		annotateProblem(w, "warning", p)
	}
	for _, p := range r.Existing[:shownNotices] {
		annotate(w, "notice", "file="+escapeProperty(p.File), "scribe: already on the base", p.Message)
	}
	if left := leftOut(len(errs)-shownErrs, len(warns)-shownWarns, len(r.Existing)-shownNotices); left != "" {
		annotate(w, "notice", "", "scribe: more problems than annotations",
			fmt.Sprintf("%s not annotated: GitHub shows only %d annotations of each kind per step. See the job summary, or run scribe check locally, for all of them.", left, annotationsPerLevel))
	}
	_, err := fmt.Fprintf(w, "%s in %s checked\n", counts(r.Errors, r.Warnings), plural(r.Pages, "page"))
	return err
}

// annotateProblem writes the annotation of a problem at its file and line.
func annotateProblem(w io.Writer, level string, p *problem.Problem) {
	props := "file=" + escapeProperty(p.File)
	if p.Line > 0 {
		props += fmt.Sprintf(",line=%d", p.Line)
	}
	msg := p.Message
	if p.Hint != "" {
		msg += "\n" + p.Hint
	}
	annotate(w, level, props, "scribe: "+p.Rule, msg)
}

// annotate writes one workflow command; props are escaped already.
func annotate(w io.Writer, level, props, title, msg string) {
	if props != "" {
		props += ","
	}
	fmt.Fprintf(w, "::%s %stitle=%s::%s\n", level, props, escapeProperty(title), escapeData(msg))
}

// leftOut says how many errors, warnings and notices were not annotated,
// or is empty when none was left out.
func leftOut(errs, warns, notices int) string {
	var parts []string
	for _, c := range []struct {
		n    int
		what string
	}{{errs, "error"}, {warns, "warning"}, {notices, "notice"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.what))
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		if strings.HasPrefix(parts[0], "1 ") {
			return parts[0] + " was"
		}
		return parts[0] + " were"
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] + " were"
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(stripControls(s))
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(stripControls(s))
}

// stripControls removes what the toolkit's escapes leave in a workflow
// command and GitHub would show raw: control characters other than CR and
// LF (which are escaped), and bidi formatting characters. A tab becomes a
// space.
func stripControls(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r' || r == '\n':
			return r
		case r == '\t':
			return ' '
		case isControl(r) || isBidi(r):
			return -1
		}
		return r
	}, s)
}

// The job summary may take summaryBudget bytes: GitHub refuses a step's
// summary over 1 MiB (1,048,576 bytes) and shows an error instead of it.
// summaryReserve of them are kept for the notice that the summary is cut
// short, and no cell shows more than cellMax bytes of a text.
const (
	summaryBudget  = 1_000_000
	summaryReserve = 1024
	cellMax        = 1024
)

// Markdown writes the job summary: the verdict, then tables of the
// problems, of the pages that need a reviewer and of the problems already
// on the base. Every text from the problems is escaped for Markdown and
// HTML (markdownText). Rows stop before the summary passes summaryBudget,
// with a notice of how many were left out.
func (r *Report) Markdown(w io.Writer) error {
	s := &summary{w: w}
	verdict := "✅ scribe check passed"
	if r.Failed(r.Strict) {
		verdict = "❌ scribe check failed"
	}
	s.write(fmt.Sprintf("## %s\n\n%s in %s checked", verdict, counts(r.Errors, r.Warnings), plural(r.Pages, "page")))
	if r.Author != "" {
		s.write(" · author <code>" + markdownText(clip(r.Author, 256)) + "</code>")
	}
	s.write("\n\n")
	problemHead := "| | file | rule | problem | what to do |\n| --- | --- | --- | --- | --- |\n"
	review := reviewPages(r.Problems)
	shownProblems := s.table("Problems", problemHead, len(r.Problems), func(i int) string { return problemRow(r.Problems[i]) })
	shownPages := s.table("Pages that need a reviewer", "| page | what a reviewer runs |\n| --- | --- |\n", len(review), func(i int) string { return review[i].row() })
	shownExisting := s.table("Already on the base (not failing)", problemHead, len(r.Existing), func(i int) string { return problemRow(r.Existing[i]) })
	if s.cut {
		s.write(cutNotice(len(r.Problems)+len(r.Existing)-shownProblems-shownExisting, len(review)-shownPages))
	}
	return s.err
}

// summary writes the job summary within its budget.
type summary struct {
	w   io.Writer
	n   int  // bytes written
	cut bool // a row did not fit: no more are written
	err error
}

func (s *summary) write(text string) {
	if s.err != nil {
		return
	}
	n, err := io.WriteString(s.w, text)
	s.n += n
	s.err = err
}

// fits reports whether text can still be written with room left for the
// notice that the summary is cut short. Once a text does not fit, none
// does, so that the summary keeps the order of the rows.
func (s *summary) fits(text string) bool {
	if !s.cut && s.n+len(text)+summaryReserve > summaryBudget {
		s.cut = true
	}
	return !s.cut
}

// table writes a titled table of the first of n rows that fit and
// returns how many it wrote; row makes the i-th row, only when it may
// fit. A table without rows is left out.
func (s *summary) table(title, head string, n int, row func(i int) string) int {
	shown := 0
	for i := 0; i < n && !s.cut; i++ {
		text := row(i)
		if shown == 0 {
			text = "### " + title + "\n\n" + head + text
		}
		if !s.fits(text + "\n") {
			break
		}
		s.write(text)
		shown++
	}
	if shown > 0 {
		s.write("\n")
	}
	return shown
}

// cutNotice says what the summary left out and where to see it all.
func cutNotice(problems, pages int) string {
	var parts []string
	if problems > 0 {
		parts = append(parts, plural(problems, "problem"))
	}
	if pages > 0 {
		parts = append(parts, plural(pages, "page")+" that need a reviewer")
	}
	verb := "are"
	if len(parts) == 1 && (problems == 1 || pages == 1) {
		verb = "is"
	}
	return fmt.Sprintf("**This summary is cut short: %s %s not listed**, to keep it under GitHub's limit of 1 MiB. "+
		"Run `scribe check` locally, or with `--format json`, to list them all.\n", strings.Join(parts, " and "), verb)
}

// problemRow is the table row of a problem.
func problemRow(p *problem.Problem) string {
	mark := "❌"
	if p.Severity == problem.Warning {
		mark = "⚠️"
	}
	loc := clip(p.File, cellMax)
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, p.Line)
	}
	return fmt.Sprintf("| %s | <code>%s</code> | %s | %s | %s |\n", mark,
		markdownText(loc), markdownText(clip(p.Rule, cellMax)), markdownText(clip(p.Message, cellMax)), markdownText(clip(p.Hint, cellMax)))
}

// reviewPage is a page (DOC/PAGE), or a document, whose warnings a
// reviewer settles after the change, with the commands to run.
type reviewPage struct {
	target string
	cmds   []string
}

// row is the page's table row, its commands in order: a stale decision's
// review first, the build of the canonical text last.
func (p reviewPage) row() string {
	var cmds []string
	for _, c := range distinctCommands(p.cmds) {
		cmds = append(cmds, "<code>"+markdownText(clip(c, cellMax))+"</code>")
	}
	return fmt.Sprintf("| <code>%s</code> | %s |\n", markdownText(clip(p.target, cellMax)), strings.Join(cmds, ", then "))
}

// reviewPages are the pages of the warnings that need a reviewer (stale
// decisions, unsettled rows, canonical texts to build), sorted.
func reviewPages(l problem.List) []reviewPage {
	cmds := map[string][]string{}
	for _, p := range l {
		if p.Severity != problem.Warning {
			continue
		}
		target, doc, page := reviewTarget(p.File)
		var cmd string
		switch {
		case target == "":
			continue
		case p.Rule == RuleStale && page:
			cmd = "scribe review " + target + " --stale"
		case p.Rule == RuleUnsettled && page:
			cmd = "scribe review " + target
		case p.Rule == RuleCanonical:
			cmd = "scribe build " + doc
		default:
			continue
		}
		cmds[target] = append(cmds[target], cmd)
	}
	pages := make([]reviewPage, 0, len(cmds))
	for t, c := range cmds {
		pages = append(pages, reviewPage{t, c})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].target < pages[j].target })
	return pages
}

// distinctCommands orders a page's commands: reviews before builds, each
// once.
func distinctCommands(cmds []string) []string {
	rank := func(c string) int {
		switch {
		case strings.HasSuffix(c, " --stale"):
			return 0
		case strings.HasPrefix(c, "scribe review "):
			return 1
		}
		return 2
	}
	sort.SliceStable(cmds, func(i, j int) bool {
		if ri, rj := rank(cmds[i]), rank(cmds[j]); ri != rj {
			return ri < rj
		}
		return cmds[i] < cmds[j]
	})
	out := cmds[:0]
	for i, c := range cmds {
		if i == 0 || c != cmds[i-1] {
			out = append(out, c)
		}
	}
	return out
}

// reviewTarget is what a problem's file belongs to: for a file under
// transcriptions/DOC/PAGE/ the page DOC/PAGE, for a file of
// transcriptions/DOC itself (its canonical text and the record of its
// build) the document DOC, otherwise nothing ("").
func reviewTarget(file string) (target, doc string, page bool) {
	p := strings.Split(file, "/")
	switch {
	case len(p) < 3 || p[0] != layout.Dir || p[1] == "":
		return "", "", false
	case len(p) == 3:
		return p[1], p[1], false
	case p[2] != "":
		return p[1] + "/" + p[2], p[1], true
	}
	return "", "", false
}

// clip cuts s to at most n bytes, on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// markdownText makes s literal text in Markdown and HTML, and keeps it on
// one table row: the HTML special characters become entities, the other
// CommonMark ASCII punctuation is backslash-escaped (a pipe too, which
// GitHub's tables honour), line ends (CR, LF, CRLF, NEL, U+2028, U+2029)
// and tabs become spaces, and other control and bidi characters show as
// Go escapes, as do bytes that are not UTF-8.
func markdownText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\\x%02x`, s[i])
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			b.WriteByte(' ')
			n = 2
		case r == '\r' || r == '\n' || r == '\t' || r == '\v' || r == '\f' || isLineSeparator(r):
			b.WriteByte(' ')
		case hidden(r):
			b.WriteString(`\` + goEscape(r)) // the escape's backslash, escaped
		case htmlEntities[r] != "":
			b.WriteString(htmlEntities[r])
		case r < utf8.RuneSelf && strings.ContainsRune(asciiPunctuation, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// htmlEntities are the characters HTML gives a meaning, as entities.
var htmlEntities = map[rune]string{'<': "&lt;", '>': "&gt;", '&': "&amp;", '"': "&quot;", '\'': "&#39;"}

// asciiPunctuation is what CommonMark lets a backslash escape.
const asciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

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

// JSON writes the report for tools. Texts stay as they are: encoding/json
// escapes the quotes, backslashes and control characters (C0) that would
// change the document, so HTML escapes are not needed and left off.
func (r *Report) JSON(w io.Writer) error {
	v := struct {
		*Report
		Problems []jsonProblem `json:"problems"`
		Existing []jsonProblem `json:"existing"`
	}{r, jsonList(r.Problems), jsonList(r.Existing)}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeInvisible(b.Bytes()))
	return err
}

// escapeInvisible writes DEL, C1 controls and bidirectional controls in
// encoded JSON as \u escapes: the same JSON value, but nothing that a
// viewer of the file would hide or use to reorder text.
func escapeInvisible(js []byte) []byte {
	var out bytes.Buffer
	for _, r := range string(js) {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidi(r) {
			fmt.Fprintf(&out, "\\u%04x", r)
			continue
		}
		out.WriteRune(r)
	}
	return out.Bytes()
}
