package collate

import (
	"reflect"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/text"
)

// fuzzSeeds are realistic triples of readings of one page.
var fuzzSeeds = [][3]string{
	{ // a merged line, a split line
		"The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n",
		"The quick brown fox jumps over the lazy dog.\nAnd then the end.\n",
		"The quick brown fox\njumps over\nthe lazy dog.\nAnd then the end.\n",
	},
	{ // a skipped line and a stray page number
		"12\nOne line here,\nanother line there,\nand a last one.\n",
		"One line here,\nand a last one.\n",
		"One line here,\nanother line there,\nand a last one.\n",
	},
	{ // NFD against NFC, and a doubled word
		"Cafe\u0301 au lait, s'il vous plai\u0302t\n",
		"Caf\u00e9 au lait, s'il vous pla\u00eet\n",
		"Caf\u00e9 au au lait, s\u2019il vous plait\n",
	},
	{ // emoji with modifiers, flags and a ZWJ sequence
		"ok \U0001F44D\U0001F3FD and \U0001F1EC\U0001F1E7\n",
		"ok \U0001F44D and \U0001F1EC\U0001F1E7\n",
		"ok \U0001F468\u200D\U0001F469\u200D\U0001F467 and\n",
	},
	{ // Hebrew, right to left, with a niqqud mark and a Latin word
		"שָׁלוֹם עולם\nספר Genesis א\n",
		"שלום עולם\nספר Genesis א\n",
		"שָׁלוֹם עולס\nספר Genesis\n",
	},
	{ // long s, quotes and dashes
		"Congreſs ſhall make no law—\n\"reſpecting\" an eſtabliſhment\n",
		"Congress shall make no law--\n“respecting” an establishment\n",
		"Congreſs ſhall make no law —\n'reſpecting' an eſtabliſhment\n",
	},
	{"", "", ""},
	{"\n\n", " ", "word"},
	{"a b c\n", "c b a\n", "a\nb\nc\n"},
}

var fuzzOptions = Options{Equivalences: map[string][]string{
	"'": {"’", "‘"}, "\"": {"“", "”"}, "—": {"--"},
}}

func FuzzCollate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, s1, s2, s3 string) {
		var texts [3]string
		for i, s := range []string{s1, s2, s3} {
			n, _, err := text.Normalize([]byte(s))
			if err != nil {
				t.Skip("not a valid reading")
			}
			texts[i] = n
		}
		checkCollate(t, texts)
	})
}

// FuzzCollateRaw feeds Collate any bytes at all: it must never lose or
// invent text, whatever it is given.
func FuzzCollateRaw(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Add("a\x00b\n", "a\nb\n", "a\r\nb\xff\n")
	f.Fuzz(func(t *testing.T, s1, s2, s3 string) {
		checkCollate(t, [3]string{s1, s2, s3})
	})
}

func checkCollate(t *testing.T, texts [3]string) {
	t.Helper()
	rs := []Reading{{"r1", texts[0]}, {"r2", texts[1]}, {"r3", texts[2]}}

	// (a) Every reading rebuilds byte for byte, and the rows are whole.
	a := Collate(rs, fuzzOptions)
	checkRebuild(t, a, rs)

	// (c) The order the readings are listed in does not matter.
	b := Collate([]Reading{rs[2], rs[0], rs[1]}, fuzzOptions)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("collating r3, r1, r2 differs from r1, r2, r3")
	}

	// (b) A reading collated with itself agrees everywhere.
	for _, s := range texts {
		self := []Reading{{"x", s}, {"y", s}}
		a := Collate(self, fuzzOptions)
		checkRebuild(t, a, self)
		for _, r := range a.Rows {
			if r.Status != Unanimous || r.Agreement != 1 || len(r.Variants) != 1 {
				t.Errorf("%q with itself: row %d is %s, agreement %v, %d variants",
					s, r.Index, r.Status, r.Agreement, len(r.Variants))
			}
			for j, c := range r.Columns {
				if c.Votes != 2 || c.Tie || c.Tokens[0] != c.Tokens[1] {
					t.Errorf("%q with itself: row %d column %d: tokens %q, %d votes, tie %v",
						s, r.Index, j, c.Tokens, c.Votes, c.Tie)
				}
			}
		}
	}
}

func checkRebuild(t *testing.T, a *Alignment, rs []Reading) {
	t.Helper()
	if len(a.Readings) != len(rs) {
		t.Fatalf("%d readings in the alignment, %d given", len(a.Readings), len(rs))
	}
	byID := make(map[string]string, len(rs))
	for _, r := range rs {
		byID[r.ID] = r.Text
	}
	for i, id := range a.Readings {
		if got, want := a.Rebuild(i), byID[id]; got != want {
			t.Errorf("reading %s rebuilds as %q, want %q", id, got, want)
		}
	}
	for i, r := range a.Rows {
		if r.Index != i+1 || len(r.Cells) != len(rs) {
			t.Errorf("row %d: index %d, %d cells", i+1, r.Index, len(r.Cells))
		}
		for j, c := range r.Columns {
			if len(c.Tokens) != len(rs) {
				t.Errorf("row %d column %d: %d tokens", r.Index, j, len(c.Tokens))
			}
		}
	}
}
