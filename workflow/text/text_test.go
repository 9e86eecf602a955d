package text

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		rep  Report
	}{
		{"clean", "a\nb\n", "a\nb\n", Report{}},
		{"bom", "\ufeffa\n", "a\n", Report{BOM: true}},
		{"crlf", "a\r\nb\r\n", "a\nb\n", Report{CRLF: 2}},
		{"cr", "a\rb\r", "a\nb\n", Report{CR: 2}},
		{"mixed ends", "a\r\nb\rc\n", "a\nb\nc\n", Report{CRLF: 1, CR: 1}},
		{"nfd to nfc", "Cafe\u0301\n", "Caf\u00e9\n", Report{NFC: 1}},
		{"trailing space", "a  \nb\t\nc\u00a0\n", "a\nb\nc\n", Report{TrailingSpace: 3}},
		{"leading space kept", " a\n", " a\n", Report{}},
		{"no final newline", "a", "a\n", Report{AddedFinalNewLF: true}},
		{"edge blank lines", "\n\na\n\nb\n\n\n", "a\n\nb\n", Report{EdgeBlankLines: 4}},
		{"lone space last line", "a\n ", "a\n", Report{TrailingSpace: 1, EdgeBlankLines: 1, AddedFinalNewLF: true}},
		{"tab inside kept", "a\tb\n", "a\tb\n", Report{}},
		{"long s and rtl", "ſhall שלום\n", "ſhall שלום\n", Report{}},
		{"replacement char is valid", "a\ufffd\n", "a\ufffd\n", Report{}},
		{"lone equals line outside a conflict", "=======\n", "=======\n", Report{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rep, err := Normalize([]byte(tt.in))
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if !reflect.DeepEqual(rep, tt.rep) {
				t.Errorf("report = %+v, want %+v", rep, tt.rep)
			}
			again, rep2, err := Normalize([]byte(got))
			if err != nil || again != got || rep2.Changed() {
				t.Errorf("not idempotent: %q %+v %v", again, rep2, err)
			}
		})
	}
}

func TestNormalizeRefuses(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
		rule string
		msg  string
	}{
		{"invalid utf8", "ok\nab\xffc\n", 2, RuleEncoding, "line 2, byte 3: the text is not valid UTF-8"},
		{"latin1", "caf\xe9\n", 1, RuleEncoding, "not valid UTF-8"},
		{"nul", "a\nb\x00\n", 2, RuleControl, "U+0000 (NUL)"},
		{"form feed", "a\fb\n", 1, RuleControl, "form feed"},
		{"escape", "\x1b[31mred\n", 1, RuleControl, "U+001B"},
		{"c1 control", "a\u0085b\n", 1, RuleControl, "U+0085"},
		{"inner bom", "a\ufeffb\n", 1, RuleControl, "zero-width"},
		{"line separator", "a\u2028b\n", 1, RuleControl, "line separator"},
		{"conflict block", "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> x\n", 2, RuleConflict, "merge-conflict marker"},
		{"conflict end only", "a\n>>>>>>> branch\n", 2, RuleConflict, "merge-conflict marker"},
		{"empty", "", 0, RuleEmpty, "empty"},
		{"only blank", " \n\n\t\n", 0, RuleEmpty, "empty"},
		{"long line", strings.Repeat("x", 2<<20-10) + "\n", 0, RuleSize, "bytes"},
		{"long single line", strings.Repeat("x", MaxLineBytes+1) + "\n", 1, RuleSize, "line 1 is 16385 bytes long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Normalize([]byte(tt.in))
			var p *problem.Problem
			if !errors.As(err, &p) {
				t.Fatalf("err = %v, want a *problem.Problem", err)
			}
			if p.Line != tt.line || p.Rule != tt.rule || !strings.Contains(p.Message, tt.msg) || p.Hint == "" {
				t.Errorf("got line %d rule %q msg %q hint %q; want line %d rule %q msg containing %q and a hint",
					p.Line, p.Rule, p.Message, p.Hint, tt.line, tt.rule, tt.msg)
			}
		})
	}
}

func TestReportChanges(t *testing.T) {
	r := Report{BOM: true, CRLF: 1, NFC: 2, TrailingSpace: 1, EdgeBlankLines: 2, AddedFinalNewLF: true}
	want := []string{
		"removed the byte-order mark",
		"converted 1 line end from CRLF to LF",
		"normalised 2 lines to Unicode NFC",
		"removed trailing white space from 1 line",
		"removed 2 blank lines at the start or end",
		"added the final newline",
	}
	if got := r.Changes(); !reflect.DeepEqual(got, want) {
		t.Errorf("Changes() = %q, want %q", got, want)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"a\r\nb", "\ufeffx\n", "Cafe\u0301  \n\n", "<<<<<<< x\n", "\x00", "a\rb"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		agreeWithNormalize(t, in)
		out, _, err := Normalize(in)
		if err != nil {
			return
		}
		again, rep, err := Normalize([]byte(out))
		if err != nil || again != out || rep.Changed() {
			t.Fatalf("normal form is not stable: %q -> %q (%+v, %v)", out, again, rep, err)
		}
		if !strings.HasSuffix(out, "\n") || strings.HasSuffix(out, "\n\n") || strings.Contains(out, "\r") {
			t.Fatalf("bad line ends in %q", out)
		}
	})
}

// agreeWithNormalize fails when clean passes a text unchanged that the
// full normalisation would change or refuse.
func agreeWithNormalize(t *testing.T, in []byte) {
	t.Helper()
	if !clean(in) {
		return
	}
	out, rep, err := normalize(in)
	if err != nil || out != string(in) || rep.Changed() {
		t.Fatalf("clean(%q) is true, but normalising gives %q, %+v, %v", in, out, rep, err)
	}
}

// TestCleanAgreesWithNormalize tries the byte-level shortcut on texts
// built from the characters that matter to it, every edge it checks
// among them.
func TestCleanAgreesWithNormalize(t *testing.T) {
	edges := []string{
		"a\n", "a b\n", "a\tb\n", "a\n\nb\n", " a\n", "a \n", "a\t\n", "\na\n", "a\n\n", "a", "a\r\n",
		"<<<<<<< x\n", "a\n>>>>>>> b\n", "|||||||\n", "=======\n", "<<<<<< x\n", "x <<<<<<<\n",
		"caf\u00e9\n", "\ufeffa\n", "a\x00\n", "a\x7f\n", "\n", " \n",
		strings.Repeat("x", MaxLineBytes) + "\n", strings.Repeat("x", MaxLineBytes+1) + "\n",
	}
	passed := 0
	for _, s := range edges {
		agreeWithNormalize(t, []byte(s))
		if clean([]byte(s)) {
			passed++
		}
	}
	if passed != 9 {
		t.Errorf("clean passed %d of the edge cases unchanged, want 9 (a, a b, a<tab>b, a blank line inside, a leading space, =======, <<<<<< x, x <<<<<<<, the longest line)", passed)
	}
	alphabet := []byte("ab \t\n\r<>|=\x01\xc3\xa9")
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 50000; i++ {
		b := make([]byte, rnd.IntN(12))
		for j := range b {
			b[j] = alphabet[rnd.IntN(len(alphabet))]
		}
		agreeWithNormalize(t, b)
	}
}
