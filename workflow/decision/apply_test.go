package decision

import (
	"reflect"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/collate"
)

var applyOpts = collate.Options{Equivalences: map[string][]string{"'": {"’"}}}

// page is a page of readings by contributor id.
type page map[string]string

func (p page) collate() *collate.Alignment {
	var rs []collate.Reading
	for id, t := range p {
		rs = append(rs, collate.Reading{ID: id, Text: t})
	}
	return collate.Collate(rs, applyOpts)
}

// decide records a decision on row of the page as it is, the way review
// does: the row's texts as seen, and their fingerprint.
func decide(t *testing.T, al *collate.Alignment, row int, how How, text string, readings ...string) Decision {
	t.Helper()
	seen := RowTexts(al, collate.Normalizer(applyOpts))[row-1]
	if !reflect.DeepEqual(seen, RowTexts(al, collate.Normalizer(applyOpts))[row-1]) {
		t.Fatalf("RowTexts and Seen disagree on row %d", row)
	}
	return Decision{Row: row, Text: text, How: how, Readings: readings, By: "rev",
		At: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Seen: seen, Fingerprint: FingerprintOf(seen)}
}

const (
	base = "one two\nthe cat's hat\nthree four\nfive six seven\n"
	// other differs from base in rows 2 and 4.
	other = "one two\nthe cat's bat\nthree four\nfive sex seven\n"
)

func TestApplyStaleness(t *testing.T) {
	before := page{"alice": base, "bob": other}
	al := before.collate()
	if len(al.Rows) != 4 || al.Rows[1].Status != collate.Disputed || al.Rows[3].Status != collate.Disputed {
		t.Fatalf("fixture: want rows 2 and 4 disputed, got %+v", al.Rows)
	}
	pick := decide(t, al, 2, Pick, "the cat's hat", "alice")
	typed := decide(t, al, 2, Typed, "the cat's cap")
	omit := decide(t, al, 2, Omit, "")
	// curly is a pick typed with a curly apostrophe, which the
	// equivalences count as the straight one.
	curly := decide(t, al, 2, Pick, "the cat’s hat", "alice")
	// pick3 was made on three readings.
	rat := "one two\nthe cat's rat\nthree four\nfive six seven\n"
	pick3 := decide(t, page{"alice": base, "bob": other, "carol": rat}.collate(), 2, Pick, "the cat's hat", "alice")

	tests := []struct {
		name    string
		d       Decision
		after   page
		stale   bool
		now     int
		current []string // when stale
	}{
		{"(a) unchanged", pick, before, false, 2, nil},
		{"(a) unchanged, typed", typed, before, false, 2, nil},
		{"(a) unchanged, omit", omit, before, false, 2, nil},
		{"(b) the decided row's variant changed", pick,
			page{"alice": base, "bob": "one two\nthe cat's mat\nthree four\nfive sex seven\n"},
			true, 0, []string{"the cat's hat", "the cat's mat"}},
		{"(b) the picked variant itself changed", pick,
			page{"alice": "one two\nthe cat's hut\nthree four\nfive six seven\n", "bob": other},
			true, 0, []string{"the cat's bat", "the cat's hut"}},
		{"(b) a reading lost the row's words", omit,
			page{"alice": base, "bob": "one two\nthe cat's\nthree four\nfive sex seven\n"},
			true, 0, []string{"the cat's", "the cat's hat"}},
		{"(c) a reading added that agrees", pick,
			page{"alice": base, "bob": other, "carol": base}, false, 2, nil},
		{"(c) a reading added that agrees through an equivalence", pick,
			page{"alice": base, "bob": other, "carol": "one two\nthe cat’s hat\nthree four\nfive six seven\n"}, false, 2, nil},
		{"(c) a reading added that agrees with a curly decision", curly,
			page{"alice": base, "bob": other, "carol": base}, false, 2, nil},
		{"(c) a reading added that agrees with a typed decision", typed,
			page{"alice": base, "bob": other, "carol": "one two\nthe cat's cap\nthree four\nfive six seven\n"}, false, 2, nil},
		{"(c) a reading added that agrees with the other variant", pick,
			page{"alice": base, "bob": other, "carol": other}, false, 2, nil},
		{"(d) a reading added that disagrees", pick,
			page{"alice": base, "bob": other, "carol": "one two\nthe cat's rat\nthree four\nfive six seven\n"},
			true, 0, []string{"the cat's bat", "the cat's hat", "the cat's rat"}},
		{"(d) a reading added that disagrees only in spacing", pick,
			page{"alice": base, "bob": other, "carol": "one two\nthe cat 's hat\nthree four\nfive six seven\n"},
			true, 0, []string{"the cat 's hat", "the cat's bat", "the cat's hat"}},
		{"(e) another row edited", pick,
			page{"alice": base, "bob": "one two\nthe cat's bat\nthree for\nfive sax seven\n"}, false, 2, nil},
		{"(e) another row edited, typed", typed,
			page{"alice": "one two\nthe cat's hat\nthree four\nfive seven\n", "bob": other}, false, 2, nil},
		{"(f) a line inserted above", pick,
			page{"alice": "zero\n" + base, "bob": "zero\n" + other}, false, 3, nil},
		{"(f) two lines inserted above, omit", omit,
			page{"alice": "zero\nnought\n" + base, "bob": "zero\nnought\n" + other}, false, 4, nil},
		{"(f) the line above deleted", pick,
			page{"alice": "the cat's hat\nthree four\nfive six seven\n", "bob": "the cat's bat\nthree four\nfive sex seven\n"}, false, 1, nil},
		{"(g) a reading removed", pick, page{"alice": base}, false, 2, nil},
		{"(g) the picked reading removed", pick, page{"bob": other}, false, 2, nil},
		{"(g) a reading removed from three", pick3,
			page{"alice": base, "bob": other}, false, 2, nil},
		{"(g) two readings removed from three", pick3,
			page{"carol": rat}, false, 2, nil},
		{"(h) a typed text that later appears in one reading", typed,
			page{"alice": "one two\nthe cat's cap\nthree four\nfive six seven\n", "bob": other}, false, 2, nil},
		{"(h) a typed text that later appears in every reading", typed,
			page{"alice": "one two\nthe cat's cap\nthree four\nfive six seven\n", "bob": "one two\nthe cat's cap\nthree four\nfive sex seven\n"},
			false, 2, nil},
		{"(h) ... and a line inserted above", typed,
			page{"alice": "zero\none two\nthe cat's cap\nthree four\nfive six seven\n", "bob": "zero\none two\nthe cat's cap\nthree four\nfive sex seven\n"},
			false, 3, nil},
		{"(h) a picked text that later appears in every reading", pick,
			page{"alice": base, "bob": "one two\nthe cat's hat\nthree four\nfive sex seven\n"}, false, 2, nil},
		{"(i) the row deleted", pick,
			page{"alice": "one two\nthree four\nfive six seven\n", "bob": "one two\nthree four\nfive sex seven\n"},
			true, 0, []string{"three four"}},
		{"(i) the row deleted, omit", omit,
			page{"alice": "one two\nthree four\nfive six seven\n", "bob": "one two\nthree four\nfive sex seven\n"},
			true, 0, []string{"three four"}},
		{"(i) the page cut short", pick,
			page{"alice": "one two\n", "bob": "one two\n"}, true, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Apply(tc.after.collate(), applyOpts, []Decision{tc.d})
			if len(got) != 1 {
				t.Fatalf("Apply returned %d results", len(got))
			}
			a := got[0]
			if a.Stale != tc.stale || a.Now != tc.now {
				t.Errorf("stale %v now %d, want stale %v now %d (current %q)", a.Stale, a.Now, tc.stale, tc.now, a.Current)
			}
			if !reflect.DeepEqual(a.Current, tc.current) {
				t.Errorf("current %q, want %q", a.Current, tc.current)
			}
			if !reflect.DeepEqual(a.Decision, tc.d) {
				t.Errorf("the decision changed: %+v", a.Decision)
			}
		})
	}
}

// Several decisions on one page: each keeps its own row, rows shift
// together, and a stale one does not disturb the others.
func TestApplySeveral(t *testing.T) {
	al := page{"alice": base, "bob": other}.collate()
	ds := []Decision{
		decide(t, al, 2, Pick, "the cat's hat", "alice"),
		decide(t, al, 4, Pick, "five sex seven", "bob"),
		decide(t, al, 1, Omit, ""),
	}
	al2 := page{"alice": "zero\n" + base, "bob": "zero\none two\nthe cat's mat\nthree four\nfive sex seven\n"}.collate()
	got := Apply(al2, applyOpts, ds)
	type res struct {
		Now   int
		Stale bool
	}
	var gotRes []res
	for _, a := range got {
		gotRes = append(gotRes, res{a.Now, a.Stale})
	}
	want := []res{{0, true}, {5, false}, {2, false}}
	if !reflect.DeepEqual(gotRes, want) {
		t.Errorf("got %+v, want %+v", gotRes, want)
	}
	// Two decisions on identical rows take one row each.
	dup := page{"alice": "x y\nx y\n", "bob": "x z\nx z\n"}.collate()
	ds = []Decision{decide(t, dup, 1, Pick, "x y", "alice"), decide(t, dup, 2, Pick, "x z", "bob")}
	got = Apply(dup, applyOpts, ds)
	if got[0].Now != 1 || got[1].Now != 2 || got[0].Stale || got[1].Stale {
		t.Errorf("identical rows: %+v", got)
	}
}

func TestRowTexts(t *testing.T) {
	al := page{"alice": "a  b\nc d\n", "bob": "a b\n", "carol": "a  b\nc ’d\n"}.collate()
	got := RowTexts(al, collate.Normalizer(applyOpts))
	want := [][]string{{"a b"}, {"", "c 'd", "c d"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RowTexts = %q, want %q", got, want)
	}
}
