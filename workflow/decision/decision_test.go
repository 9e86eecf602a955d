package decision

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

var when = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

// decided is a valid decision on row, as scribe would record it.
func decided(row int, how How, text string, readings ...string) Decision {
	seen := []string{"the quick brovvn fox", "the quick brown fox"}
	return Decision{
		Row: row, Text: text, How: how, Readings: readings, By: "rev", At: when,
		Seen: seen, Fingerprint: FingerprintOf(seen),
	}
}

func TestEncodeParseRoundTrip(t *testing.T) {
	ds := []Decision{
		decided(2, Pick, "the quick brown fox", "alice", "bob"),
		decided(4, Omit, ""),
		decided(5, Typed, "the quick “brown” fox — with a tab\tand <html> & such"),
		decided(9, Consensus, "the quick brown fox", "alice"), // beyond the row count
	}
	ds[1].Note = "page number"
	// Given out of order and with a time in another zone and with
	// nanoseconds: encoded in row order, UTC, whole seconds.
	in := []Decision{ds[3], ds[1], ds[0], ds[2]}
	in[2].At = when.Add(123 * time.Millisecond).In(time.FixedZone("X", 3600))
	src := Encode(6, in)

	if !bytes.HasPrefix(src, []byte(Header)) {
		t.Fatalf("no header:\n%s", src)
	}
	lines := strings.Split(strings.TrimPrefix(string(src), Header), "\n")
	// Nine slots, each after a blank line, and a final newline.
	if len(lines) != 2*9+1 || lines[len(lines)-1] != "" {
		t.Fatalf("want 9 slots separated by blank lines, got %q", lines)
	}
	for i := 0; i < 9; i++ {
		blank, slot := lines[2*i], lines[2*i+1]
		if blank != "" {
			t.Errorf("line before slot %d is %q, want blank", i+1, blank)
		}
		row, body, hasBody := strings.Cut(slot, "\t")
		if want := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}[i]; row != want {
			t.Errorf("slot %d starts %q", i+1, row)
		}
		wantBody := i+1 == 2 || i+1 == 4 || i+1 == 5 || i+1 == 9
		if hasBody != wantBody {
			t.Errorf("slot %d: decision present %v, want %v (%q)", i+1, hasBody, wantBody, slot)
		}
		if hasBody && !strings.HasPrefix(body, "{") {
			t.Errorf("slot %d: body %q is not JSON", i+1, body)
		}
	}
	if !strings.Contains(string(src), `<html> & such`) || !strings.Contains(string(src), `“brown” fox —`) {
		t.Errorf("HTML characters or non-ASCII escaped:\n%s", src)
	}
	if !strings.Contains(string(src), `"at":"2024-05-06T07:08:09Z"`) {
		t.Errorf("time not in UTC whole seconds:\n%s", src)
	}

	got, err := Parse("decisions.txt", src)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, src)
	}
	if !reflect.DeepEqual(got, ds) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, ds)
	}
	// Deterministic: the same decisions in any order give the same bytes,
	// and encoding what was parsed gives the file back.
	if again := Encode(6, []Decision{ds[2], ds[0], ds[3], ds[1]}); !bytes.Equal(again, src) {
		t.Errorf("Encode depends on order:\n%s\n---\n%s", src, again)
	}
	if again := Encode(6, got); !bytes.Equal(again, src) {
		t.Errorf("Encode(Parse(x)) != x:\n%s\n---\n%s", src, again)
	}
}

func TestEncodeSkeleton(t *testing.T) {
	want := Header + "\n1\n\n2\n\n3\n"
	if got := string(Encode(3, nil)); got != want {
		t.Errorf("skeleton:\n%q\nwant\n%q", got, want)
	}
	ds, err := Parse("d", []byte(want))
	if err != nil || len(ds) != 0 {
		t.Errorf("Parse(skeleton) = %v, %v", ds, err)
	}
	if got := string(Encode(0, nil)); got != Header {
		t.Errorf("no rows: %q", got)
	}
	// An empty or missing file has no decisions.
	if ds, err := Parse("d", nil); err != nil || len(ds) != 0 {
		t.Errorf("Parse(nil) = %v, %v", ds, err)
	}
}

func TestFingerprintOf(t *testing.T) {
	a := FingerprintOf([]string{"x", "y"})
	if b := FingerprintOf([]string{"y", "x"}); a != b {
		t.Errorf("order matters: %s %s", a, b)
	}
	if b := FingerprintOf([]string{"xy"}); a == b {
		t.Errorf("%q and %q collide", []string{"x", "y"}, "xy")
	}
	if len(a) != 16 {
		t.Errorf("fingerprint %q is not 16 hex digits", a)
	}
	in := []string{"b", "a"}
	FingerprintOf(in)
	if in[0] != "b" {
		t.Errorf("FingerprintOf sorted its argument")
	}
}

func TestParseRefuses(t *testing.T) {
	good := EncodeOne(decided(1, Pick, "the quick brown fox", "alice"))
	// with edits the JSON of a good decision.
	with := func(old, new string) string {
		s := strings.Replace(string(good), old, new, 1)
		if s == string(good) {
			t.Fatalf("%q not in %s", old, good)
		}
		return s
	}
	var seen = `"seen":["the quick brovvn fox","the quick brown fox"]`
	tests := []struct {
		name    string
		line    string // the bad line, placed on line 7, after a valid row 1 on line 5
		message string
	}{
		{"syntax error", "2\t{\"text\": \"x\",", "row 2: the decision is not valid JSON"},
		{"not an object", "2\t[1, 2]", "not valid JSON"},
		{"trailing garbage", "2\t" + string(good) + "}", "not valid JSON"},
		{"two objects", "2\t" + string(good) + string(good), "not valid JSON"},
		{"unknown field", "2\t" + with(`"how"`, `"hwo":"pick","how"`), `unknown field "hwo"`},
		{"duplicate row", "1", "row 1 appears twice (first on line 5)"},
		{"duplicate decided row", "1\t" + string(good), "row 1 appears twice (first on line 5)"},
		{"row zero", "0", `"0" is not a row number`},
		{"row x", "x", `"x" is not a row number`},
		{"negative row", "-2", `"-2" is not a row number`},
		{"row with space", "2 " + string(good), "is not a row number"},
		{"conflict start", "<<<<<<< HEAD", "merge-conflict marker <<<<<<<"},
		{"conflict middle", "=======", "merge-conflict marker ======="},
		{"conflict end", ">>>>>>> branch-a", "merge-conflict marker >>>>>>>"},
		{"conflict base", "||||||| base", "merge-conflict marker |||||||"},
		{"unknown how", "2\t" + with(`"how":"pick"`, `"how":"choose"`), `how is "choose"`},
		{"no how", "2\t" + with(`"how":"pick",`, ``), `how is ""`},
		{"pick without readings", "2\t" + with(`"readings":["alice"],`, ``), "a pick names the readings it took"},
		{"missing by", "2\t" + with(`"by":"rev",`, ``), "names its reviewer (by) and time (at)"},
		{"empty by", "2\t" + with(`"by":"rev"`, `"by":""`), "names its reviewer (by) and time (at)"},
		{"missing at", "2\t" + with(`"at":"2024-05-06T07:08:09Z",`, ``), "names its reviewer (by) and time (at)"},
		{"bad time", "2\t" + with(`"at":"2024-05-06T07:08:09Z"`, `"at":"yesterday"`), "not valid JSON"},
		{"hand-edited text", "2\t" + with(seen, `"seen":["the quick brovvn fox","the quick brown fax"]`), "seen and fingerprint do not agree"},
		{"hand-edited fingerprint", "2\t" + with(`"fingerprint":"`, `"fingerprint":"0`), "seen and fingerprint do not agree"},
		{"no seen", "2\t" + with(seen+",", ``), "seen and fingerprint do not agree"},
		{"text with a line break", "2\t" + with(`"text":"the quick brown fox"`, `"text":"the quick\nbrown fox"`), "the text has a line break"},
		{"text with a carriage return", "2\t" + with(`"text":"the quick brown fox"`, `"text":"the quick\rbrown fox"`), "the text has a line break"},
		{"omit with text", "2\t" + with(`"how":"pick"`, `"how":"omit"`), "an omit decision has no text"},
		{"pick without text", "2\t" + with(`"text":"the quick brown fox"`, `"text":"  "`), "a pick decision needs a text"},
		{"typed without text", "2\t" + with(`"text":"the quick brown fox","how":"pick"`, `"text":"","how":"typed"`), "a typed decision needs a text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := Header + "\n1\t" + string(good) + "\n\n" + tc.line + "\n\n3\n"
			ds, err := Parse("transcriptions/doc/001/decisions.txt", []byte(src))
			if err == nil {
				t.Fatalf("Parse accepted line %q: %+v", tc.line, ds)
			}
			var p *problem.Problem
			if !errors.As(err, &p) {
				t.Fatalf("error %v (%T) is not a *problem.Problem", err, err)
			}
			if p.File != "transcriptions/doc/001/decisions.txt" || p.Line != 7 {
				t.Errorf("at %s:%d, want line 7: %v", p.File, p.Line, err)
			}
			if p.Hint == "" {
				t.Errorf("no hint: %v", err)
			}
			if !strings.Contains(p.Message, tc.message) {
				t.Errorf("message %q does not say %q", p.Message, tc.message)
			}
			if ds != nil {
				t.Errorf("decisions returned with an error: %+v", ds)
			}
		})
	}
}

func TestParseAcceptsCommentsAndBlankLines(t *testing.T) {
	good := EncodeOne(decided(3, Consensus, "the quick brown fox", "alice"))
	src := "# a comment\n\n\n1\n# another\n3\t" + string(good) + "\n2\n" // slots out of order, no trailing blank
	ds, err := Parse("d", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Row != 3 || ds[0].How != Consensus {
		t.Errorf("got %+v", ds)
	}
}
