package collate

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// Rebuild returns reading i's text from the alignment: its cells in row
// order. It must equal the text given to Collate.
func (a *Alignment) Rebuild(i int) string {
	var b strings.Builder
	for _, r := range a.Rows {
		b.WriteString(r.Cells[i])
	}
	return b.String()
}

// summary collates and returns, per row, "status|consensus|variant texts".
func summary(t *testing.T, readings ...Reading) []string {
	t.Helper()
	a := Collate(readings, Options{Equivalences: map[string][]string{"'": {"’"}, "—": {"--"}}})
	byID := map[string]string{}
	for _, r := range readings {
		byID[r.ID] = r.Text
	}
	for i, id := range a.Readings {
		if got := a.Rebuild(i); got != byID[id] {
			t.Fatalf("reading %s does not rebuild:\n got %q\nwant %q", id, got, byID[id])
		}
	}
	var out []string
	for _, r := range a.Rows {
		var vs []string
		for _, v := range r.Variants {
			s := strings.Join(v.Readings, ",") + "=" + strings.ReplaceAll(v.Text, "\n", "⏎")
			if v.Missing {
				s = strings.Join(v.Readings, ",") + "=(missing)"
			}
			if v.Joined {
				s += "(joined)"
			}
			vs = append(vs, s)
		}
		status := string(r.Status)
		if r.Breaks != Unanimous {
			status += "+breaks " + string(r.Breaks)
		}
		out = append(out, status+"|"+r.Consensus+"|"+strings.Join(vs, " / "))
	}
	return out
}

func TestCollateLineStructure(t *testing.T) {
	base := "one two three\nfour five six\nseven eight\nnine ten\n"
	tests := []struct {
		name   string
		others []Reading
		want   []string
	}{
		{
			"all agree",
			[]Reading{{"b", base}, {"c", base}},
			[]string{
				"unanimous|one two three|a,b,c=one two three",
				"unanimous|four five six|a,b,c=four five six",
				"unanimous|seven eight|a,b,c=seven eight",
				"unanimous|nine ten|a,b,c=nine ten",
			},
		},
		{
			"one reading merges two lines",
			[]Reading{{"b", "one two three\nfour five six seven eight\nnine ten\n"}, {"c", base}},
			[]string{
				"unanimous|one two three|a,b,c=one two three",
				"unanimous+breaks majority|four five six|a,c=four five six / b=four five six(joined)",
				"unanimous|seven eight|a,b,c=seven eight",
				"unanimous|nine ten|a,b,c=nine ten",
			},
		},
		{
			"one reading splits a line",
			[]Reading{{"b", "one two three\nfour five\nsix\nseven eight\nnine ten\n"}, {"c", base}},
			[]string{
				"unanimous|one two three|a,b,c=one two three",
				"unanimous+breaks majority|four five six|a,c=four five six / b=four five⏎six",
				"unanimous|seven eight|a,b,c=seven eight",
				"unanimous|nine ten|a,b,c=nine ten",
			},
		},
		{
			"one reading skips a line",
			[]Reading{{"b", "one two three\nseven eight\nnine ten\n"}, {"c", base}},
			[]string{
				"unanimous|one two three|a,b,c=one two three",
				"majority|four five six|a,c=four five six / b=(missing)",
				"unanimous|seven eight|a,b,c=seven eight",
				"unanimous|nine ten|a,b,c=nine ten",
			},
		},
		{
			"a stray line in one of two readings is a row of its own",
			[]Reading{{"b", "one two three\n12\nfour five six\nseven eight\nnine ten\n"}},
			[]string{
				"unanimous|one two three|a,b=one two three",
				"disputed|12|a=(missing) / b=12",
				"unanimous|four five six|a,b=four five six",
				"unanimous|seven eight|a,b=seven eight",
				"unanimous|nine ten|a,b=nine ten",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(t, append([]Reading{{"a", base}}, tt.others...)...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCollateConsensus(t *testing.T) {
	tests := []struct {
		name     string
		readings []Reading
		want     []string
	}{
		{
			"majority per token",
			[]Reading{{"a", "the quick brown fox\n"}, {"b", "the quiek brown fox\n"}, {"c", "the quick brown f0x\n"}},
			[]string{"majority|the quick brown fox|a=the quick brown fox / b=the quiek brown fox / c=the quick brown f0x"},
		},
		{
			"a tie is disputed and keeps the token",
			[]Reading{{"a", "a very old house\n"}, {"b", "a old house\n"}},
			[]string{"disputed|a very old house|a=a very old house / b=a old house"},
		},
		{
			"a minority token is shown but kept out",
			[]Reading{{"a", "a very old house\n"}, {"b", "a old house\n"}, {"c", "a old house\n"}},
			[]string{"majority|a old house|b,c=a old house / a=a very old house"},
		},
		{
			"no majority is disputed",
			[]Reading{{"a", "colour\n"}, {"b", "color\n"}, {"c", "culler\n"}},
			[]string{"disputed|colour|a=colour / b=color / c=culler"},
		},
		{
			"equivalent forms agree and the consensus is canonical",
			[]Reading{{"a", "don’t go--now\n"}, {"b", "don't go—now\n"}},
			[]string{"unanimous|don't go—now|a,b=don’t go--now"},
		},
		{
			"spacing before punctuation is a difference",
			[]Reading{{"a", "word, and\n"}, {"b", "word , and\n"}, {"c", "word, and\n"}},
			[]string{"majority|word, and|a,c=word, and / b=word , and"},
		},
		{
			"the amount of white space is not",
			[]Reading{{"a", "a  b\tc\n"}, {"b", " a b c\n"}},
			[]string{"unanimous|a b c|a,b=a  b\tc"},
		},
		{
			"a single reading",
			[]Reading{{"ocr", "only one\nreading\n"}},
			[]string{"single|only one|ocr=only one", "single|reading|ocr=reading"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(t, tt.readings...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestAgreement(t *testing.T) {
	// Word columns: the (all), quick (a and b, by weight), brown (all).
	a := Collate([]Reading{{"a", "the quick brown\n"}, {"b", "the quick brown\n"}, {"c", "the quack brown\n"}}, Options{})
	w := a.Reliability
	if !(w[0].Weight == w[1].Weight && w[2].Weight < w[0].Weight) {
		t.Errorf("weights %v: want a and b equal, c lower", w)
	}
	want := (2 + (w[0].Weight+w[1].Weight)/(w[0].Weight+w[1].Weight+w[2].Weight)) / 3
	if got := a.Rows[0].Agreement; math.Abs(got-want) > 1e-12 {
		t.Errorf("agreement = %v, want %v", got, want)
	}
	if got := Collate([]Reading{{"a", "x y\n"}, {"b", "x y\n"}}, Options{}).Rows[0].Agreement; got != 1 {
		t.Errorf("unanimous agreement = %v, want 1", got)
	}
}

func TestCollateUnicode(t *testing.T) {
	tests := []struct {
		name     string
		readings []Reading
		want     []string
	}{
		{
			"combining marks are part of the word",
			[]Reading{{"a", "cafe\u0301 noir\n"}, {"b", "cafe noir\n"}, {"c", "cafe\u0301 noir\n"}},
			// The consensus is in normal form C; the variants as typed.
			[]string{"majority|caf\u00e9 noir|a,c=cafe\u0301 noir / b=cafe noir"},
		},
		{
			"long s is its own letter",
			[]Reading{{"a", "Congreſs aſſembled\n"}, {"b", "Congress assembled\n"}, {"c", "Congreſs aſſembled\n"}},
			[]string{"majority|Congreſs aſſembled|a,c=Congreſs aſſembled / b=Congress assembled"},
		},
		{
			"right-to-left text",
			[]Reading{{"a", "שלום עולם\n"}, {"b", "שלום עולם\n"}},
			[]string{"unanimous|שלום עולם|a,b=שלום עולם"},
		},
		{
			"emoji",
			[]Reading{{"a", "ok 👍🏽 yes\n"}, {"b", "ok 👍 yes\n"}, {"c", "ok 👍🏽 yes\n"}},
			[]string{"majority|ok 👍🏽 yes|a,c=ok 👍🏽 yes / b=ok 👍 yes"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(t, tt.readings...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestOrderDoesNotMatter(t *testing.T) {
	rs := []Reading{{"c", "one tvvo\nthree\n"}, {"a", "one two three\n"}, {"b", "one two\nthree four\n"}}
	want := Collate(rs, Options{})
	got := Collate([]Reading{rs[1], rs[2], rs[0]}, Options{})
	if !reflect.DeepEqual(got, want) {
		t.Error("the order of the readings changed the alignment")
	}
	if !reflect.DeepEqual(want.Readings, []string{"a", "b", "c"}) {
		t.Errorf("readings = %v, want sorted", want.Readings)
	}
}

func TestWordDiff(t *testing.T) {
	a := Collate([]Reading{{"a", "the quick brown fox\n"}, {"b", "the quick brown fox\n"}, {"c", "the quiek brown\nfox\n"}}, Options{})
	got := a.Rows[0].WordDiff(2)
	want := []Segment{{Equal, "the"}, {Delete, " quick"}, {Insert, " quiek"}, {Equal, " brown"}, {Insert, "\n"}, {Equal, "fox"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WordDiff = %+v\nwant %+v", got, want)
	}
	pair := a.Rows[0].PairDiff(0, 2)
	if !reflect.DeepEqual(pair, want) {
		t.Errorf("PairDiff = %+v\nwant %+v", pair, want)
	}
}

func TestCharDiff(t *testing.T) {
	tests := []struct {
		a, b string
		want []Segment
	}{
		{"brown", "brovvn", []Segment{{Equal, "bro"}, {Delete, "w"}, {Insert, "vv"}, {Equal, "n"}}},
		// A letter with its combining mark is one unit: é (e + U+0301) vs e.
		{"cafe\u0301", "cafe", []Segment{{Equal, "caf"}, {Delete, "e\u0301"}, {Insert, "e"}}},
		{"same", "same", []Segment{{Equal, "same"}}},
	}
	for _, tt := range tests {
		if got := CharDiff(tt.a, tt.b); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("CharDiff(%q, %q) = %+v, want %+v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestEmptyAndBlank(t *testing.T) {
	if a := Collate(nil, Options{}); len(a.Rows) != 0 {
		t.Errorf("no readings gave %d rows", len(a.Rows))
	}
	a := Collate([]Reading{{"a", "  \t"}, {"b", ""}}, Options{})
	if len(a.Rows) != 1 || a.Rebuild(0) != "  \t" || a.Rebuild(1) != "" {
		t.Errorf("white space only: %d rows, %q %q", len(a.Rows), a.Rebuild(0), a.Rebuild(1))
	}
}

func TestTypedNULIsNotALineBreak(t *testing.T) {
	a := Collate([]Reading{{"a", "one\ntwo\n"}, {"b", "one\x00two\n"}, {"c", "one\x00two\n"}}, Options{})
	if a.Rows[0].Status == Unanimous {
		t.Errorf("a NUL was taken for a line break: row 1 is %s", a.Rows[0].Status)
	}
}

func TestRepeatedIDsDoNotDependOnOrder(t *testing.T) {
	x := Collate([]Reading{{"a", "one\n"}, {"a", "two\n"}}, Options{})
	y := Collate([]Reading{{"a", "two\n"}, {"a", "one\n"}}, Options{})
	if !reflect.DeepEqual(x, y) {
		t.Error("readings with the same id collate differently in another order")
	}
}

// TestStrayLineStaysALine: a line that only one of two readings has (a page
// number, a speck) is a row of its own, and the other reading's next line is
// not split around it, even when it begins with a mark.
func TestStrayLineStaysALine(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []string
	}{
		{
			"a speck before a bracketed line",
			"example.--Tr.\n.\n3 Enlarged financial plans\n",
			"example.—Tr.]\n[Footnote 3: Enlarged financial plans\n",
			[]string{
				"disputed|example.—Tr.]|a=example.--Tr. / b=example.—Tr.]",
				"disputed||a=. / b=(missing)",
				"disputed|[Footnote 3: Enlarged financial plans|a=3 Enlarged financial plans / b=[Footnote 3: Enlarged financial plans",
			},
		},
		{
			"a misread page number before a line with a mark",
			"{)\n\netnin'try of the most\n",
			"[?country] of the most\n",
			[]string{
				"disputed|{)|a={) / b=(missing)",
				"disputed||a= / b=(missing)",
				"disputed|etnin'try of the most|a=etnin'try of the most / b=[?country] of the most",
			},
		},
		{
			// The pairing leaves the speck's line ("." and its break) and the
			// other reading's first word ("2") as two unpaired runs; the run
			// that ends a line goes first, so "2" stays on its own line.
			"a speck line against a line with a leading number",
			"and so it ended.\n2 The next day\n",
			"and so it ended.\n.\nThe next day\n",
			[]string{
				"unanimous|and so it ended.|a,b=and so it ended.",
				"disputed|.|a=(missing) / b=.",
				"disputed|The next day|a=2 The next day / b=The next day",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(t, Reading{"a", tt.a}, Reading{"b", tt.b})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestWordMovesToTheColumnThatAgrees: a and b each drop a different word
// of "the cat sat". Aligned progressively, b's "sat" first shares a's
// "cat" column (a substitution of a similar word); once c, which has
// both, is aligned, "sat" has a column of its own where c agrees with it,
// and it moves there.
func TestWordMovesToTheColumnThatAgrees(t *testing.T) {
	a := Collate([]Reading{{"a", "the cat\n"}, {"b", "the sat\n"}, {"c", "the cat sat\n"}}, Options{})
	if len(a.Rows) != 1 {
		t.Fatalf("%d rows, want 1", len(a.Rows))
	}
	var got [][]string
	for _, c := range a.Rows[0].Columns {
		got = append(got, c.Tokens)
	}
	want := [][]string{{"the", "the", "the"}, {"cat", "", "cat"}, {"", "sat", "sat"}, {"\n", "\n", "\n"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns %q, want %q", got, want)
	}
	if r := a.Rows[0]; r.Consensus != "the cat sat" || r.Status != Majority {
		t.Errorf("consensus %q (%s), want \"the cat sat\" (majority)", r.Consensus, r.Status)
	}
}
