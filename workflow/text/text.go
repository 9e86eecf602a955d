// Package text normalises and validates the text of a reading, so that
// every reading in a repository has one byte form for one content: UTF-8,
// NFC, LF line ends, no trailing white space, exactly one final newline.
// What cannot be normalised safely (invalid UTF-8, control characters,
// merge-conflict markers, absurd sizes) is refused with the line it is on.
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

// Limits on one reading. A printed page is a few kilobytes; these bounds
// catch a wrong file (a binary, a whole book, a paragraph pasted as one
// line of megabytes) long before it reaches collation.
const (
	MaxLineBytes = 16 << 10
	MaxBytes     = 1 << 20
)

// Rule names, shared with the repository checks.
const (
	RuleEncoding = "encoding"
	RuleControl  = "control-character"
	RuleConflict = "conflict-marker"
	RuleSize     = "size"
	RuleEmpty    = "empty"
)

// Report says what Normalize changed, in words a volunteer understands.
type Report struct {
	BOM             bool // a byte-order mark was removed
	CRLF            int  // CRLF line ends converted
	CR              int  // lone CR line ends converted
	NFC             int  // lines rewritten to Unicode NFC
	TrailingSpace   int  // lines that lost trailing white space
	EdgeBlankLines  int  // blank lines removed at the start or end
	AddedFinalNewLF bool // a final newline was added
}

// Changed reports whether the text was changed at all.
func (r Report) Changed() bool { return len(r.Changes()) > 0 }

// Changes lists the changes, one short sentence each, in a fixed order.
func (r Report) Changes() []string {
	var out []string
	if r.BOM {
		out = append(out, "removed the byte-order mark")
	}
	if r.CRLF > 0 {
		out = append(out, fmt.Sprintf("converted %s from CRLF to LF", plural(r.CRLF, "line end")))
	}
	if r.CR > 0 {
		out = append(out, fmt.Sprintf("converted %s from CR to LF", plural(r.CR, "line end")))
	}
	if r.NFC > 0 {
		out = append(out, fmt.Sprintf("normalised %s to Unicode NFC", plural(r.NFC, "line")))
	}
	if r.TrailingSpace > 0 {
		out = append(out, fmt.Sprintf("removed trailing white space from %s", plural(r.TrailingSpace, "line")))
	}
	if r.EdgeBlankLines > 0 {
		out = append(out, fmt.Sprintf("removed %s at the start or end", plural(r.EdgeBlankLines, "blank line")))
	}
	if r.AddedFinalNewLF {
		out = append(out, "added the final newline")
	}
	return out
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Normalize returns the canonical form of a reading and what it changed.
// It refuses, with a *problem.Problem naming the line, input that it
// cannot make valid without guessing. The returned problem has no file
// name; callers add it with problem.InFile.
func Normalize(in []byte) (string, Report, error) {
	var r Report
	if len(in) > MaxBytes {
		return "", r, problem.Newf("", 0, RuleSize,
			"a reading holds one page; check that this is the right file",
			"the text is %d bytes, more than the %d a page may have", len(in), MaxBytes)
	}
	if clean(in) {
		return string(in), r, nil
	}
	return normalize(in)
}

// normalize is Normalize for text that clean cannot pass unchanged.
func normalize(in []byte) (string, Report, error) {
	var r Report
	if bytes.HasPrefix(in, []byte("\xef\xbb\xbf")) {
		in = in[3:]
		r.BOM = true
	}
	lines, err := splitLines(in, &r)
	if err != nil {
		return "", r, err
	}
	inConflict := false
	for i, l := range lines {
		n := i + 1
		if err := validateLine(l, n, &inConflict); err != nil {
			return "", r, err
		}
		if !norm.NFC.IsNormalString(l) {
			l = norm.NFC.String(l)
			r.NFC++
		}
		if t := strings.TrimRightFunc(l, unicode.IsSpace); len(t) != len(l) {
			l = t
			r.TrailingSpace++
		}
		lines[i] = l
	}
	start, end := 0, len(lines)
	for start < end && lines[start] == "" {
		start++
	}
	for end > start && lines[end-1] == "" {
		end--
	}
	if start == end {
		return "", r, problem.New("", 0, RuleEmpty, "the text is empty",
			"type the page's text, one printed line per line")
	}
	r.EdgeBlankLines = start + len(lines) - end
	if len(in) > 0 && in[len(in)-1] != '\n' && in[len(in)-1] != '\r' {
		r.AddedFinalNewLF = true
	}
	return strings.Join(lines[start:end], "\n") + "\n", r, nil
}

// splitLines splits on LF, CRLF and CR, counting the line ends it converts.
// A final line end does not start another line.
func splitLines(in []byte, r *Report) ([]string, error) {
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
				r.CRLF++
				i++
			} else {
				r.CR++
			}
			start = i + 1
		}
	}
	if start < len(in) {
		lines = append(lines, string(in[start:]))
	}
	return lines, nil
}

var conflictPrefixes = []string{"<<<<<<<", ">>>>>>>", "|||||||"}

// clean reports, from the bytes alone, whether in is already what
// Normalize makes of it: printable ASCII and tabs only (so valid UTF-8,
// NFC, and free of control characters), LF line ends, no trailing white
// space, no blank line at either end, exactly one final newline, no
// conflict marker and no size over the limits. Most readings are, and
// Normalize returns them without splitting them into lines.
func clean(in []byte) bool {
	n := len(in)
	if n == 0 || n > MaxBytes || in[0] == '\n' || in[n-1] != '\n' || (n > 1 && in[n-2] == '\n') {
		return false
	}
	start := 0
	for i, c := range in {
		switch {
		case c == '\n':
			if i-start > MaxLineBytes || (i > start && (in[i-1] == ' ' || in[i-1] == '\t')) {
				return false
			}
			start = i + 1
		case c == '\t' || (c >= ' ' && c <= '~'):
			if i == start && (c == '<' || c == '>' || c == '|') {
				for _, p := range conflictPrefixes {
					if bytes.HasPrefix(in[i:], []byte(p)) {
						return false
					}
				}
			}
		default:
			return false
		}
	}
	return true
}

func validateLine(l string, n int, inConflict *bool) error {
	if len(l) > MaxLineBytes {
		return problem.Newf("", n, RuleSize,
			"a text line holds one printed line; break it where the printed line ends",
			"line %d is %d bytes long, more than the %d a printed line may have", n, len(l), MaxLineBytes)
	}
	for _, p := range conflictPrefixes {
		if strings.HasPrefix(l, p) {
			*inConflict = p != ">>>>>>>"
			return problem.Newf("", n, RuleConflict,
				"resolve the merge conflict: keep one version of the lines between the markers and delete the marker lines",
				"line %d is a merge-conflict marker (%s)", n, p)
		}
	}
	if l == "=======" && *inConflict {
		return problem.Newf("", n, RuleConflict, "resolve the merge conflict and delete the marker lines",
			"line %d is a merge-conflict marker (=======)", n)
	}
	for col, c := range l {
		if c == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(l[col:]); size <= 1 {
				return problem.Newf("", n, RuleEncoding,
					"save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
					"line %d, byte %d: the text is not valid UTF-8", n, col+1)
			}
		}
		if (unicode.IsControl(c) && c != '\t') || c == '\u2028' || c == '\u2029' || c == '\ufeff' {
			return problem.Newf("", n, RuleControl,
				"delete the character; only tab and newline may appear in a reading",
				"line %d, column %d: control character %s", n, utf8.RuneCountInString(l[:col])+1, describe(c))
		}
	}
	return nil
}

func describe(c rune) string {
	names := map[rune]string{
		0: "NUL", '\f': "form feed", '\v': "vertical tab", '\b': "backspace", 0x1b: "escape",
		'\u2028': "line separator", '\u2029': "paragraph separator", '\ufeff': "zero-width no-break space (a byte-order mark inside the text)",
	}
	if name, ok := names[c]; ok {
		return fmt.Sprintf("U+%04X (%s)", c, name)
	}
	return fmt.Sprintf("U+%04X", c)
}
