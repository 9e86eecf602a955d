package collate

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// These tests hold the consensus to what a reviewer expects of it, one
// for each way it was seen to fail: a mixture or a union of two readings,
// ties settled by the names of the readers, repeated text misaligned, a
// partial reading voting rows away, a word hyphenated at a line end lost,
// and tokens that compare differently from how they read.

// page collates readings given as id, text pairs with the quality set's
// equivalences and returns the consensus page.
func consensusOf(t *testing.T, rs ...Reading) (*Alignment, string) {
	t.Helper()
	a := Collate(rs, qualityOptions)
	for i, id := range a.Readings {
		for _, r := range rs {
			if r.ID == id && a.Rebuild(i) != r.Text {
				t.Fatalf("reading %s does not rebuild", id)
			}
		}
	}
	return a, consensusPage(a)
}

func TestTwoReadingsNeverUnion(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"we carryon the work\n", "we carry on the work\n"},
		{"the Piatiletka2 plan\n", "the Piatiletka² plan\n"},
		{"in four years-this is\n", "in four years—this is\n"},
	} {
		_, got := consensusOf(t, Reading{"ocr", tt.a}, Reading{"vera", tt.b})
		if got != tt.a && got != tt.b {
			t.Errorf("%q + %q: consensus %q is neither reading", tt.a, tt.b, got)
		}
		if got != tt.b {
			t.Errorf("%q + %q: consensus %q, want the person's reading over the OCR's", tt.a, tt.b, got)
		}
		a, _ := consensusOf(t, Reading{"ocr", tt.a}, Reading{"vera", tt.b})
		if r := a.Rows[0]; r.Status != Disputed || r.Basis != BasisReliability {
			t.Errorf("%q + %q: status %s, basis %s; want disputed, resting on reliability", tt.a, tt.b, r.Status, r.Basis)
		}
	}
}

func TestRenamingChangesNothing(t *testing.T) {
	texts := []string{
		"the colour of the sky is blue\nand the sea is grey\n",
		"the color of the sky is blue\nand the sea is gray\n",
		"the culler of the sky is bleu\nand the sea is grey\n",
	}
	names := [][]string{{"ann", "bob", "cy"}, {"zed", "yan", "xu"}, {"bob", "cy", "ann"}}
	var want []string
	for k, ns := range names {
		var rs []Reading
		for i, s := range texts {
			rs = append(rs, Reading{ns[i], s})
		}
		a := Collate(rs, Options{})
		var got []string
		for _, r := range a.Rows {
			got = append(got, string(r.Status)+"|"+string(r.Basis)+"|"+r.Consensus)
		}
		if k == 0 {
			want = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("names %v give\n%s\nwant\n%s", ns, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func TestNoMixtureOfStretches(t *testing.T) {
	// Three readings, each different in the same stretch: the consensus
	// is one of them, never a splice.
	_, got := consensusOf(t,
		Reading{"a", "in four years-this is the plan\n"},
		Reading{"b", "in four years—this is the plan\n"},
		Reading{"c", "in four years -- this is the plan\n"})
	if got != "in four years-this is the plan\n" && got != "in four years—this is the plan\n" && got != "in four years — this is the plan\n" {
		t.Errorf("consensus %q is no reading's text", got)
	}
}

func TestRepeatedTextAligns(t *testing.T) {
	verse := "when the harvest failed the village gathered in the square\n" +
		"and the elder spoke of winter and of bread and of patience\n" +
		"while the children listened by the fountain near the church\n"
	ref := verse + verse
	// Each reading misspells a word in one copy only, a different copy
	// each: the word looks unique in both, in different places.
	a, b := ref, ref
	for _, w := range []string{"harvest", "village", "elder", "winter", "fountain", "church"} {
		a = strings.Replace(a, w, w[:2]+w[3:], 1)
		b = replaceLast(b, w, w[:1]+w[2:])
	}
	c := strings.Replace(ref, "listened", "listned", 1)
	c = replaceLast(c, "patience", "patince")
	for _, rs := range [][]Reading{{{"a", a}, {"b", b}, {"c", c}}, {{"b", b}, {"c", c}, {"a", a}, {"d", ref}}} {
		_, got := consensusOf(t, rs...)
		if got != ref {
			t.Errorf("%d readings of a repeated passage: consensus CER %.3f:\n%s", len(rs), CER(ref, got), got)
		}
	}
}

// TestRepeatedTextAnchors: a passage printed twice, each of two readings
// misspelling words in a different copy, so that each word looks unique
// in both readings in different places. Every row must pair the same
// printed line of the two readings.
func TestRepeatedTextAnchors(t *testing.T) {
	verse := "when the harvest failed the village gathered in the square\n" +
		"and the elder spoke of winter and of bread and of patience\n" +
		"while the children listened by the fountain near the church\n"
	ref := verse + verse
	a, b := ref, ref
	for _, w := range []string{"harvest", "village", "elder", "winter", "fountain", "church", "gathered", "spoke", "children"} {
		a = strings.Replace(a, w, w[:2]+w[3:], 1)
		b = replaceLast(b, w, w[:1]+w[2:])
	}
	al := Collate([]Reading{{"ocr", a}, {"vera", b}}, qualityOptions)
	if len(al.Rows) != 6 {
		t.Fatalf("%d rows, want the 6 printed lines", len(al.Rows))
	}
	for _, r := range al.Rows {
		if strings.Count(r.Cells[0], "\n") != 1 || strings.Count(r.Cells[1], "\n") != 1 || r.Agreement < 0.8 {
			t.Errorf("row %d pairs %q with %q (agreement %.2f)", r.Index, r.Cells[0], r.Cells[1], r.Agreement)
		}
	}
}

func replaceLast(s, old, new string) string {
	i := strings.LastIndex(s, old)
	return s[:i] + new + s[i+len(old):]
}

func TestPartialReadingAbstains(t *testing.T) {
	ref := "one two three\nfour five six\nseven eight nine\nten eleven twelve\nthirteen fourteen\n"
	a := strings.Replace(ref, "two", "tvvo", 1)
	b := strings.Replace(ref, "eight", "eigth", 1)
	partial := "ten eleven twelve\nthirteen fourteen\n"
	full, _ := consensusOf(t, Reading{"a", a}, Reading{"b", b})
	withPartial, got := consensusOf(t, Reading{"a", a}, Reading{"b", b}, Reading{"c", partial})
	if CER(ref, got) > CER(ref, consensusPage(full)) {
		t.Errorf("a partial reading made the consensus worse:\n%s", got)
	}
	for _, r := range withPartial.Rows[:3] {
		for _, s := range r.Support {
			if s == "c" {
				t.Errorf("row %d: the partial reading supports a row it has no text in", r.Index)
			}
		}
	}
	// A line one reading skips is not voted away by it.
	skip := strings.Replace(ref, "four five six\n", "", 1)
	_, got = consensusOf(t, Reading{"a", a}, Reading{"b", skip}, Reading{"c", b})
	if !strings.Contains(got, "four five six\n") {
		t.Errorf("a skipped line was voted away:\n%s", got)
	}
}

func TestStrayLineOutvoted(t *testing.T) {
	ref := "one two three\nfour five six\n"
	_, got := consensusOf(t, Reading{"ocr", "12\n" + ref}, Reading{"a", ref}, Reading{"b", ref})
	if got != ref {
		t.Errorf("a page number only the OCR has is kept:\n%s", got)
	}
}

func TestHyphenatedWordKept(t *testing.T) {
	for _, rs := range [][]Reading{
		{{"a", "the very best tech-\nnique for all\n"}, {"b", "the very best tech-nique\nfor all\n"}, {"c", "the very best technique\nfor all\n"}},
		{{"a", "the very best tech-\nnique for all\n"}, {"b", "the very best technique\nfor all\n"}},
	} {
		_, got := consensusOf(t, rs...)
		if !strings.Contains(strings.ReplaceAll(strings.ReplaceAll(got, "-\n", ""), "-", ""), "technique") {
			t.Errorf("%v: consensus %q lost part of the word", rs, got)
		}
	}
}

func TestTokensAndKeys(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{"composed and decomposed letters agree", "café noir\n", "cafe\u0301 noir\n"},
		{"an invisible format character changes nothing", "the word\u200b here\n", "the word here\n"},
		{"a soft hyphen inside a word changes nothing", "tech\u00adnique\n", "technique\n"},
	}
	for _, tt := range tests {
		a := Collate([]Reading{{"a", tt.a}, {"b", tt.b}}, Options{})
		if len(a.Rows) != 1 || a.Rows[0].Status != Unanimous {
			t.Errorf("%s: %d rows, status %s", tt.name, len(a.Rows), a.Rows[0].Status)
		}
	}
	// Hyphens and dashes are tokens: a dash style differs in one token only.
	for _, s := range []string{"years-this", "a—b", "well-known"} {
		toks := tokenize(s, nil, &newEquivalence(nil).tab)
		if len(toks) != 3 {
			t.Errorf("%q: %d tokens, want 3", s, len(toks))
		}
	}
	// A symbol sequence is one token, and never split into code points.
	for _, s := range []string{"👍🏽", "👨‍👩‍👧", "🇬🇧"} {
		if toks := tokenize(s, nil, &newEquivalence(nil).tab); len(toks) != 1 {
			t.Errorf("%q: %d tokens, want 1", s, len(toks))
		}
	}
}

func TestRowsByStrictMajority(t *testing.T) {
	// One reading of three breaks a line in two: one row, its words
	// unanimous, its line breaks outvoted.
	base := "one two three four\nfive six\n"
	a := Collate([]Reading{{"a", base}, {"b", base}, {"c", "one two\nthree four\nfive six\n"}}, Options{})
	if len(a.Rows) != 2 {
		t.Fatalf("%d rows, want 2", len(a.Rows))
	}
	if r := a.Rows[0]; r.Status != Unanimous || r.Breaks != Majority {
		t.Errorf("row 1: words %s, breaks %s; want unanimous, majority", r.Status, r.Breaks)
	}
	// Two readings that reflow a line differently: no fragment rows, and
	// the line breaks are disputed on their own.
	a = Collate([]Reading{{"a", "one two\nthree four\n"}, {"b", "one two three\nfour\n"}}, Options{})
	if len(a.Rows) != 1 || a.Rows[0].Status != Unanimous || a.Rows[0].Breaks != Disputed {
		t.Errorf("reflowed: %d rows, words %s, breaks %s", len(a.Rows), a.Rows[0].Status, a.Rows[0].Breaks)
	}
	// The OCR runs two printed lines together, a person breaks them: the
	// rows follow the more reliable reading, and their line breaks are
	// disputed, so that no person's line break is lost unseen.
	a = Collate([]Reading{{"ocr", "one two three four\nfive six\n"}, {"vera", "one two\nthree four\nfive six\n"}}, Options{})
	if len(a.Rows) != 3 || a.Rows[0].Consensus != "one two" || a.Rows[0].Breaks != Disputed || a.Rows[2].Breaks != Unanimous {
		t.Errorf("the person's line break: %d rows, row 1 %q breaks %s", len(a.Rows), a.Rows[0].Consensus, a.Rows[0].Breaks)
	}
}

func TestOutlierDoesNotVote(t *testing.T) {
	page := strings.Repeat("the tasks of the working class are great and many\n", 3)
	other := strings.Repeat("an entirely different page about the harvest of grain in autumn\n", 3)
	a, got := consensusOf(t,
		Reading{"a", page}, Reading{"b", strings.Replace(page, "great", "grate", 1)},
		Reading{"c", other})
	if o := a.Outliers(); len(o) != 1 || o[0] != "c" {
		t.Errorf("outliers %v, want [c]", o)
	}
	if strings.Contains(got, "harvest") {
		t.Errorf("the outlier's text is in the consensus:\n%s", got)
	}
}

// TestClusterLenIsUniseg checks the short cut of clusterLen against the
// grapheme clusters of uniseg on strings mixing letters, marks, symbols,
// joiners, modifiers, flags and ASCII.
func TestClusterLenIsUniseg(t *testing.T) {
	parts := []string{"a", " ", "-", "—", "’", "é", "e\u0301", "\u0301", "👍", "🏽", "\u200d", "👩", "🇬", "🇧", "\ufe0f", "©", "…", "x"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		r, size := utf8.DecodeRuneInString(s)
		cl, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
		if got := clusterLen(s, r, size); got != len(cl) {
			t.Fatalf("clusterLen(%q) = %d, uniseg %d", s, got, len(cl))
		}
	}
}

// TestStretchKeepsItsMajorities: in a stretch where every word is
// disputed, the words that two readings of three agree on are kept, and
// only the word that all three spell differently takes one reading's
// spelling, the one nearest the others, from a reading that agrees with
// the majority beside it. Taking one reading's text for the whole stretch
// would bring that reading's own slip along.
func TestStretchKeepsItsMajorities(t *testing.T) {
	ref := "the alpha bravo charlie delta end\n"
	_, got := consensusOf(t,
		Reading{"a", "the alpha bravo charly deltx end\n"},
		Reading{"b", "the alpha brvo charlie delta end\n"},
		Reading{"c", "the alphs bravo charlie dlta end\n"})
	if got != ref {
		t.Errorf("consensus %q, want %q", got, ref)
	}
}
