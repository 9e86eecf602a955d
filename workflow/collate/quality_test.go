package collate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// qualityOptions declares the typographic variants that the quality set
// uses, each mapped to the canonical form the reference is set in.
var qualityOptions = Options{Equivalences: map[string][]string{
	"'":  {"’", "‘"},
	"\"": {"“", "”"},
	"—":  {"--"},
}}

// consensusPage is the page the collation proposes: every row's
// consensus, one per line, leaving out rows where nothing won (a stray
// line that the other readings outvoted).
func consensusPage(a *Alignment) string {
	var b strings.Builder
	for _, r := range a.Rows {
		if r.Consensus == "" {
			continue
		}
		b.WriteString(r.Consensus)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestQuality collates four independent noisy readings of one page (in
// testdata/quality, each with its own OCR confusions, typos, dropped and
// doubled words, a merged, a split, a skipped or a stray line, and its
// own quote and dash style) and checks that the consensus is much closer
// to the clean page than the best single reading.
func TestQuality(t *testing.T) {
	dir := filepath.Join("testdata", "quality")
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	reference := read("reference.txt")
	var readings []Reading
	for _, id := range []string{"a", "b", "c", "d"} {
		readings = append(readings, Reading{ID: id, Text: read(id + ".txt")})
	}

	a := Collate(readings, qualityOptions)
	for i, r := range readings {
		if got := a.Rebuild(i); got != r.Text {
			t.Errorf("reading %s does not rebuild", r.ID)
		}
	}
	consensus := consensusPage(a)
	got := CER(reference, consensus)

	best := -1.0
	for _, r := range readings {
		cer := CER(reference, r.Text)
		t.Logf("CER reading %s:  %.4f (%d edits)", r.ID, cer, EditDistance(reference, r.Text))
		if best < 0 || cer < best {
			best = cer
		}
	}
	t.Logf("CER consensus:  %.4f (%d edits), best single reading %.4f", got,
		EditDistance(reference, consensus), best)

	if got > best/3 {
		t.Errorf("consensus CER %.4f is more than a third of the best single reading's %.4f", got, best)
		logRows(t, a, reference, consensus)
	}
}

// logRows prints the rows whose consensus is not the reference line.
func logRows(t *testing.T, a *Alignment, reference, consensus string) {
	t.Helper()
	ref := strings.Split(strings.TrimSuffix(reference, "\n"), "\n")
	want := make(map[string]bool, len(ref))
	for _, l := range ref {
		want[l] = true
	}
	for _, r := range a.Rows {
		if r.Consensus == "" || want[r.Consensus] {
			continue
		}
		t.Logf("row %d %s %.2f consensus %q", r.Index, r.Status, r.Agreement, r.Consensus)
		for _, v := range r.Variants {
			t.Logf("    %v %q missing=%v joined=%v", v.Readings, v.Text, v.Missing, v.Joined)
		}
	}
	t.Logf("consensus page:\n%s", consensus)
}
