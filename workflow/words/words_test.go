package words

import (
	"testing"
	"testing/fstest"
)

func flags(l *Lists, s string) map[string]string {
	m := map[string]string{}
	for _, f := range l.Check(s) {
		if s[f.Offset:f.Offset+len(f.Word)] != f.Word {
			panic("offset " + f.Word)
		}
		m[f.Word] = f.Reason
	}
	return m
}

func TestFlags(t *testing.T) {
	lists := &Lists{Good: Parse([]byte("# good\nmodem\nmorn\n")), Bad: Parse([]byte("colour\n"))}
	for _, tc := range []struct {
		text, word, reason string
	}{
		{"a w0rd here", "w0rd", "a digit inside a word"},
		{"I 1ike it", "1ike", "a digit inside a word"},
		{"the Kаrl Marx", "Kаrl", "Latin and Cyrillic mixed"},
		{"in αlpha", "αlpha", "Latin and Greek mixed"},
		{"tbe party", "tbe", "OCR for the?"},
		{"Tbe party", "Tbe", "OCR for the?"},
		{"the modern world and a rnodern one", "rnodern", "rn for m: modern?"},
		{"a cornrnon good", "cornrnon", ""},
		{"corner times, corner ways", "", ""},
		{"the modem", "", ""},
		{"a rnorn", "rnorn", "rn for m: morn?"},
		{"the liouse by the house", "liouse", "li for h: house?"},
		{"we clo as we do", "clo", "cl for d: do?"},
		{"the wor'd is", "wor'd", ""},
		{"the wo'rld is", "wo'rld", "an apostrophe inside a word"},
		{"a colour", "colour", "in the bad word list"},
		{"A Colour", "Colour", "in the bad word list"},
	} {
		got := flags(lists, tc.text)
		if tc.word == "" {
			if len(got) != 0 {
				t.Errorf("%q: flagged %v", tc.text, got)
			}
			continue
		}
		if got[tc.word] != tc.reason {
			t.Errorf("%q: %s flagged %q, want %q (all: %v)", tc.text, tc.word, got[tc.word], tc.reason, got)
		}
	}
}

func TestNotFlagged(t *testing.T) {
	for _, s := range []string{
		"It's the 1st, 22nd, 3rd and 19th of May, in the 1870s; don't, we'll, o'clock, ne'er, l'homme.",
		"The workers’ party won’t wait: 1917 was the year.",
		"Ελληνικά and русский words stand alone.",
		"[?unclear] [Footnote 1: a note.]",
	} {
		if got := (&Lists{}).Check(s); len(got) != 0 {
			t.Errorf("%q: flagged %v", s, got)
		}
	}
}

func TestGoodOverrides(t *testing.T) {
	l := &Lists{Good: Parse([]byte("w0rd\ntbe\nKаrl\nwo'rld\ncolour\nrnodern\n")), Bad: Parse([]byte("colour\n"))}
	if got := l.Check("w0rd tbe Kаrl wo'rld colour modern rnodern"); len(got) != 0 {
		t.Errorf("flagged %v", got)
	}
}

func TestOffsets(t *testing.T) {
	s := "Ünïcode — tbe w0rd"
	got := (&Lists{}).Check(s)
	if len(got) != 2 || got[0].Offset != 14 || got[1].Offset != 18 {
		t.Errorf("got %+v", got)
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{GoodPath: {Data: []byte("# words right here\n  Kаrl  \n\n")}}
	l, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Good["Kаrl"] || len(l.Good) != 1 || len(l.Bad) != 0 {
		t.Errorf("got %+v", l)
	}
}

func TestCheckLines(t *testing.T) {
	got := (&Lists{}).CheckLines([]string{"the modern age", "", "a rnodern tbe"})
	if len(got) != 3 || len(got[0]) != 0 || len(got[1]) != 0 || len(got[2]) != 2 ||
		got[2][0] != (Flag{"rnodern", 2, "rn for m: modern?"}) || got[2][1].Offset != 10 {
		t.Errorf("got %+v", got)
	}
}
