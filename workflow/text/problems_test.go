package text

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

// TestProblemsAllAtOnce: a file with many kinds of problem gets one
// problem of each kind, at its first line, naming the others, with a hint
// that says what to change in the file.
func TestProblemsAllAtOnce(t *testing.T) {
	in := "\ufeffone  \r\ntwo\r\nCafe\u0301\r\nfour\t\r\nfi\x0cve\r\n\r\n"
	got := Problems([]byte(in))
	want := []string{
		"1 text: the file starts with a byte-order mark (U+FEFF, invisible in most editors)",
		"1 text: the file uses CR LF (Windows) line ends on all 6 lines",
		"5 control-character: a control character at line 5, column 3: U+000C (form feed)",
		"3 normal-form: line 3 is not in Unicode NFC: a letter and its accent are stored as two characters",
		"1 normal-form: white space at the end of lines 1 and 4",
		"6 normal-form: the file ends with 1 blank line (line 6)",
	}
	if s := render(got); s != strings.Join(want, "\n") {
		t.Errorf("Problems =\n%s\nwant\n%s", s, strings.Join(want, "\n"))
	}
	hints := map[string]string{
		"byte-order":     "without a byte-order mark",
		"CR LF":          "use line feeds (LF), not CR LF",
		"control":        "delete the character",
		"NFC":            "from column 4 of line 3",
		"white space":    "remove the spaces or tabs at the end of lines 1 and 4",
		"ends with 1 bl": "delete the blank line after the text",
	}
	for what, hint := range hints {
		found := false
		for _, p := range got {
			if strings.Contains(p.Message, what) {
				found = true
				if !strings.Contains(p.Hint, hint) {
					t.Errorf("hint of %q is %q, want it to say %q", p.Message, p.Hint, hint)
				}
				if strings.Contains(p.Hint, "scribe") {
					t.Errorf("hint of %q sends the volunteer to scribe: %q", p.Message, p.Hint)
				}
			}
		}
		if !found {
			t.Errorf("no problem says %q", what)
		}
	}
}

func render(l problem.List) string {
	s := make([]string, len(l))
	for i, p := range l {
		s[i] = fmt.Sprintf("%d %s: %s", p.Line, p.Rule, p.Message)
	}
	return strings.Join(s, "\n")
}

func TestProblemsKinds(t *testing.T) {
	many := strings.Repeat("a \n", 12)
	tests := []struct{ in, want string }{
		{"a\r\nb\nc\r\n", "1 text: the file uses CR LF (Windows) line ends on 2 of its 3 lines (lines 1 and 3)"},
		{"a\rb\r", "1 text: the file uses lone CR (old Mac) line ends on all 2 lines"},
		{"a\r\n", "1 text: the file uses CR LF (Windows) line ends on its one line"},
		{"a\nb", "2 normal-form: the file does not end with a line break"},
		{"\n\na\n", "1 normal-form: the file starts with 2 blank lines (lines 1–2)"},
		{many, "1 normal-form: white space at the end of lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more"},
		{"ok\nab\xffc\xfe\n", "2 encoding: the text is not valid UTF-8 at line 2, byte 3; line 2, byte 5"},
		{"a\n<<<<<<< x\nb\n=======\nc\n>>>>>>> y\n", "2 conflict-marker: lines 2, 4 and 6 are merge-conflict markers"},
		{"\x00a\x01\n", "1 control-character: 2 control characters: line 1, column 1: U+0000 (NUL); line 1, column 3: U+0001"},
		{" \n\t\n", "1 normal-form: white space at the end of lines 1 and 2\n0 empty: the text is empty"},
		{"", "0 empty: the text is empty"},
		{"a\n", ""},
	}
	for _, tt := range tests {
		if got := render(Problems([]byte(tt.in))); got != tt.want {
			t.Errorf("Problems(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
}

// TestProblemsAgreeWithNormalize: Problems finds nothing exactly when
// Normalize returns the text unchanged, something fatal exactly when
// Normalize refuses the text (among them Normalize's own refusal), and a
// kind of change exactly when Normalize reports making it.
func TestProblemsAgreeWithNormalize(t *testing.T) {
	alphabet := []string{"a", "b", " ", "\t", "\n", "\r", "\r\n", "\ufeff", "\u0301", "é", "\x00", "\xff", "<<<<<<< ", ">>>>>>>", "=======", "\u00a0"}
	rnd := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for range rnd.IntN(10) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		agreeProblems(t, []byte(b.String()))
	}
}

func agreeProblems(t *testing.T, in []byte) {
	t.Helper()
	out, rep, err := Normalize(in)
	ps := Problems(in)
	rules := map[string]bool{}
	fatal := false
	for _, p := range ps {
		rules[p.Rule] = true
		fatal = fatal || Fatal(p)
		if p.Hint == "" {
			t.Fatalf("Problems(%q): %q has no hint", in, p.Message)
		}
	}
	if err != nil {
		var p *problem.Problem
		if !fatal || !asProblem(err, &p) || !rules[p.Rule] {
			t.Fatalf("Normalize(%q) refuses it (%v), Problems says %s", in, err, render(ps))
		}
		return
	}
	if fatal {
		t.Fatalf("Normalize(%q) takes it, Problems refuses it: %s", in, render(ps))
	}
	if (len(ps) == 0) != (out == string(in)) {
		t.Fatalf("Normalize(%q) = %q, Problems says %s", in, out, render(ps))
	}
	has := func(s string) bool {
		for _, p := range ps {
			if strings.Contains(p.Message, s) {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		changed bool
		says    string
	}{
		{rep.BOM, "byte-order mark"}, {rep.CRLF > 0, "CR LF"}, {rep.CR > 0, "lone CR"}, {rep.NFC > 0, "NFC"},
		{rep.TrailingSpace > 0, "white space at the end"}, {rep.EdgeBlankLines > 0, "blank line"},
		{rep.AddedFinalNewLF, "does not end with a line break"},
	} {
		if c.changed != has(c.says) {
			t.Fatalf("Normalize(%q) reports %+v; Problems says %s", in, rep, render(ps))
		}
	}
}

func asProblem(err error, p **problem.Problem) bool {
	q, ok := err.(*problem.Problem)
	*p = q
	return ok
}
