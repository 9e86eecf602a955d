package text

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

// Rule names of Problems, besides those of Normalize's refusals: the form
// every text file of a repository keeps (no byte-order mark, LF line
// ends), and the normal form a reading keeps besides.
const (
	RuleForm   = "text"
	RuleNormal = "normal-form"
)

// Fatal reports whether a problem of Problems is one that Normalize
// refuses, so that the text cannot be read until it is fixed.
func Fatal(p *problem.Problem) bool {
	switch p.Rule {
	case RuleForm, RuleNormal:
		return false
	}
	return true
}

// listed is how many lines a message names before it says how many more.
const listed = 10

// Problems lists every way in which in is not its normal form, or cannot
// be made normal, all at once: one problem for each kind (a byte-order
// mark, CR LF line ends, white space at line ends, text not in NFC, a
// control character, ...), at the first line it is found on and naming
// the others, with a hint that says what to change in the file itself,
// for whoever edits it by hand or in a forge's web editor. It is empty
// exactly when Normalize returns in unchanged. The problems have no file
// name; callers add it with problem.InFile.
func Problems(in []byte) problem.List {
	if len(in) > MaxBytes {
		return problem.List{problem.Newf("", 0, RuleSize,
			"a reading holds one page; check that this is the right file",
			"the text is %d bytes, more than the %d a page may have", len(in), MaxBytes)}
	}
	if clean(in) {
		return nil
	}
	var out problem.List
	add := func(line int, rule, hint, format string, args ...any) {
		out = append(out, problem.Newf("", line, rule, hint, format, args...))
	}
	if bytes.HasPrefix(in, []byte("\xef\xbb\xbf")) {
		in = in[3:]
		add(1, RuleForm,
			"save the file as UTF-8 without a byte-order mark (the encoding \"UTF-8\", not \"UTF-8 with BOM\"), "+
				"or paste the text into the forge's web editor instead of uploading the file",
			"the file starts with a byte-order mark (U+FEFF, invisible in most editors)")
	}
	var crlf, cr []int
	var lines []string
	start := 0
	for i := 0; i < len(in); i++ {
		switch in[i] {
		case '\n':
			lines = append(lines, string(in[start:i]))
			start = i + 1
		case '\r':
			lines = append(lines, string(in[start:i]))
			if i+1 < len(in) && in[i+1] == '\n' {
				crlf = append(crlf, len(lines))
				i++
			} else {
				cr = append(cr, len(lines))
			}
			start = i + 1
		}
	}
	if start < len(in) {
		lines = append(lines, string(in[start:]))
	}
	const lfHint = "use line feeds (LF), not %s: in a desktop editor choose LF or Unix line ends " +
		"(most show the setting in the status bar or in Save As) and save again; " +
		"or paste the text into the forge's web editor instead of uploading the file"
	if len(crlf) > 0 {
		add(crlf[0], RuleForm, fmt.Sprintf(lfHint, "CR LF"),
			"the file uses CR LF (Windows) line ends %s", onLines(crlf, len(lines)))
	}
	if len(cr) > 0 {
		add(cr[0], RuleForm, fmt.Sprintf(lfHint, "a lone CR"),
			"the file uses lone CR (old Mac) line ends %s", onLines(cr, len(lines)))
	}

	var long, conflict, nfc, space []int
	var encoding, control []string
	first := map[string]int{}
	mark := func(kind string, n int) {
		if _, ok := first[kind]; !ok {
			first[kind] = n
		}
	}
	inConflict := false
	for i, l := range lines {
		n := i + 1
		if len(l) > MaxLineBytes {
			long = append(long, n)
		}
		for _, p := range conflictPrefixes {
			if strings.HasPrefix(l, p) {
				inConflict = p != ">>>>>>>"
				conflict = append(conflict, n)
			}
		}
		if l == "=======" && inConflict {
			conflict = append(conflict, n)
		}
		for col, c := range l {
			if c == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(l[col:]); size <= 1 {
					encoding = append(encoding, fmt.Sprintf("line %d, byte %d", n, col+1))
					mark(RuleEncoding, n)
					continue
				}
			}
			if (unicode.IsControl(c) && c != '\t') || c == '\u2028' || c == '\u2029' || c == '\ufeff' {
				control = append(control, fmt.Sprintf("line %d, column %d: %s", n, utf8.RuneCountInString(l[:col])+1, describe(c)))
				mark(RuleControl, n)
			}
		}
		if !norm.NFC.IsNormalString(l) {
			nfc = append(nfc, n)
			lines[i] = norm.NFC.String(l)
			if len(nfc) == 1 {
				first["nfc-column"] = utf8.RuneCountInString(l[:norm.NFC.QuickSpanString(l)]) + 1
			}
		}
		if t := strings.TrimRightFunc(lines[i], unicode.IsSpace); len(t) != len(lines[i]) {
			lines[i] = t
			space = append(space, n)
		}
	}
	if len(long) > 0 {
		add(long[0], RuleSize, "a text line holds one printed line; break "+these(len(long), "it", "them")+" where the printed line ends",
			"%s longer than the %d bytes a printed line may have", linesAre(long), MaxLineBytes)
	}
	if len(conflict) > 0 {
		add(conflict[0], RuleConflict,
			"resolve the merge conflict: keep one version of the lines between the markers and delete the marker lines",
			"%s %s", linesAre(conflict), these(len(conflict), "a merge-conflict marker", "merge-conflict markers"))
	}
	if len(encoding) > 0 {
		add(first[RuleEncoding], RuleEncoding,
			"save the file as UTF-8 (in most editors: Save As, encoding UTF-8), or retype the characters shown wrongly around "+places(encoding),
			"the text is not valid UTF-8 at %s", places(encoding))
	}
	if len(control) > 0 {
		add(first[RuleControl], RuleControl,
			"delete "+these(len(control), "the character", "these characters")+": only tab and newline may appear in a reading",
			"%s %s", these(len(control), "a control character at", plural(len(control), "control character")+":"), places(control))
	}
	if len(nfc) > 0 {
		add(nfc[0], RuleNormal,
			fmt.Sprintf("retype the accented letters of %s as single characters (é, not e followed by a combining accent; from column %d of line %d)",
				lineNames(nfc), first["nfc-column"], nfc[0]),
			"%s not in Unicode NFC: a letter and its accent are stored as two characters", linesAre(nfc))
	}
	if len(space) > 0 {
		add(space[0], RuleNormal, "remove the spaces or tabs at the end of "+lineNames(space),
			"white space at the end of %s", lineNames(space))
	}
	s, e := 0, len(lines)
	for s < e && lines[s] == "" {
		s++
	}
	for e > s && lines[e-1] == "" {
		e--
	}
	if s == e {
		add(0, RuleEmpty, "type the page's text, one printed line per line", "the text is empty")
		return out
	}
	if s > 0 {
		add(1, RuleNormal, "delete "+these(s, "the blank line", "the blank lines")+" before the text",
			"the file starts with %s (%s)", plural(s, "blank line"), span(1, s))
	}
	if e < len(lines) {
		add(e+1, RuleNormal, "delete "+these(len(lines)-e, "the blank line", "the blank lines")+" after the text: the last line of the text ends the file, with one line break",
			"the file ends with %s (%s)", plural(len(lines)-e, "blank line"), span(e+1, len(lines)))
	}
	if len(in) > 0 && in[len(in)-1] != '\n' && in[len(in)-1] != '\r' {
		add(len(lines), RuleNormal, fmt.Sprintf("end line %d with a line break (press Enter once at its end)", len(lines)),
			"the file does not end with a line break")
	}
	return out
}

// onLines says which of total lines have a kind of line end: all of
// them, or some, named.
func onLines(ns []int, total int) string {
	if len(ns) == total {
		if total == 1 {
			return "on its one line"
		}
		return fmt.Sprintf("on all %d lines", total)
	}
	return fmt.Sprintf("on %d of its %d lines (%s)", len(ns), total, lineNames(ns))
}

// lineNames names lines: "line 4", "lines 4, 12 and 30", and after the
// first ten how many more.
func lineNames(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	if len(ns) == 1 {
		return "line " + s[0]
	}
	return "lines " + series(s)
}

// linesAre is lineNames with its verb: "line 4 is", "lines 4 and 5 are".
func linesAre(ns []int) string {
	if len(ns) == 1 {
		return lineNames(ns) + " is"
	}
	return lineNames(ns) + " are"
}

// places joins places in a text ("line 2, byte 7") with semicolons,
// after the first ten saying how many more.
func places(s []string) string {
	if len(s) > listed {
		return strings.Join(s[:listed], "; ") + fmt.Sprintf("; and %d more", len(s)-listed)
	}
	return strings.Join(s, "; ")
}

// series joins words as a sentence does: "a", "a and b", "a, b and c",
// after the first ten saying how many more.
func series(s []string) string {
	if len(s) > listed {
		return strings.Join(s[:listed], ", ") + fmt.Sprintf(" and %d more", len(s)-listed)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// span names lines from a to b: "line 3" or "lines 3–5".
func span(a, b int) string {
	if a == b {
		return fmt.Sprintf("line %d", a)
	}
	return fmt.Sprintf("lines %d–%d", a, b)
}

func these(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
