package collate

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// The consensus quality benchmark: generated OCR and volunteer readings
// of the ten pamphlet pages in testdata/pamphlet are collated, and the
// consensus is measured against the page it was generated from, next to
// the best single reading and a plain ROVER vote (rover_test.go).

// qualitySet is one combination of readers.
type qualitySet struct {
	Name       string
	Volunteers int  // besides the OCR
	High       bool // every reader at the high noise level
}

var qualitySets = []qualitySet{
	{Name: "ocr+1", Volunteers: 1},
	{Name: "ocr+3", Volunteers: 3},
	{Name: "five", Volunteers: 4},
	{Name: "high-noise", Volunteers: 3, High: true},
}

// volunteerNames holds two sets of ids for the same volunteers, neither
// in the order of their quality and sorting differently (bob, kim, ned,
// ocr, vera against amy, ike, lou, ocr, zed), so that a result that
// depends on the ids or their order shows as a change between the two.
var volunteerNames = [2][]string{
	{"vera", "bob", "kim", "ned"},
	{"amy", "zed", "lou", "ike"},
}

// volunteerStyles are the volunteers' habits, by place; the third reads
// only the last third of the page.
var volunteerStyles = []reader{
	{Curly: true},
	{Hyphens: true},
	{Curly: true, Hyphens: true, Partial: true},
	{},
}

// qualityMinAgreement is the threshold of `scribe accept --min-agreement`
// whose effect on the reviewer's work is measured.
const qualityMinAgreement = 0.75

// loadPamphlet reads the reference pages.
func loadPamphlet(tb testing.TB) []string {
	tb.Helper()
	var pages []string
	for i := 1; i <= 10; i++ {
		b, err := os.ReadFile(filepath.Join("testdata", "pamphlet", fmt.Sprintf("%03d.txt", i)))
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, string(b))
	}
	return pages
}

// setReaders returns the readers of a set, the OCR first.
func setReaders(set qualitySet) []reader {
	f := 1.0
	if set.High {
		f = highNoiseFactor
	}
	rs := []reader{{Kind: ocrReader, Level: ocrNoise.scaled(f)}}
	for v := range set.Volunteers {
		r := volunteerStyles[v]
		r.Kind, r.Level = volunteerReader, volunteerNoise.scaled(f)
		rs = append(rs, r)
	}
	return rs
}

// setReadings generates the readings of page p (0-based) for the set with
// index s, the volunteers named from volunteerNames[names]. The seeds
// depend on the page, the set and the reader's place, not on its name.
func setReadings(ref string, set qualitySet, s, p, names int) []Reading {
	var rs []Reading
	for k, r := range setReaders(set) {
		id := "ocr"
		if k > 0 {
			id = volunteerNames[names][k-1]
		}
		text := pamphletReading(ref, r, uint64(p+1), uint64(s+1)<<8|uint64(k))
		rs = append(rs, Reading{ID: id, Text: text})
	}
	return rs
}

// rowLeft reports whether `accept --min-agreement` leaves the row for a
// reviewer: it accepts unanimous and single rows, and rows that are not
// disputed and reach the agreement threshold.
func rowLeft(r Row, minAgreement float64) bool {
	switch {
	case r.Status == Unanimous || r.Status == Single:
		return false
	case r.Status != Disputed && r.Agreement >= minAgreement:
		return false
	}
	return true
}

// pageResult holds the figures of one collated page.
type pageResult struct {
	Consensus, Best, Rover float64 // CER
	Rows, Left             int
	LeftAbsent             int     // left rows in which some reading has no text
	LeftCER                float64 // CER once a perfect reviewer settles the left rows
	Renamed                bool    // the consensus text changes when the volunteers are renamed
	OCR                    float64 // the OCR reading's CER
	Volunteers             []float64
	Alignment              *Alignment
	RowRefs                []string // the reference text each row is mapped to
	Ref                    string
}

// setResult aggregates a set over the pages.
type setResult struct {
	Set                              qualitySet
	Readings                         int
	Pages                            []pageResult
	Consensus, Best, Rover, LeftCER  float64 // means over the pages
	Worse, Rows, Left, RenameChanges int
	LeftAbsent                       int
	OCR, Volunteers                  float64 // mean CER of each kind of reading
}

// runQualitySet collates every page of the set, under both sets of
// volunteer names, and checks the invariants that must always hold.
func runQualitySet(tb testing.TB, pages []string, set qualitySet, s int) setResult {
	tb.Helper()
	res := setResult{Set: set, Readings: 1 + set.Volunteers}
	var nVol int
	for p, ref := range pages {
		rs := setReadings(ref, set, s, p, 0)
		a := Collate(rs, qualityOptions)
		checkRebuilds(tb, a, rs)
		cons := consensusPage(a)
		pr := pageResult{Consensus: pageCER(ref, cons), Best: -1, Rover: pageCER(ref, rover(rs, qualityOptions)), Alignment: a, Ref: ref}
		for k, r := range rs {
			c := pageCER(ref, r.Text)
			if pr.Best < 0 || c < pr.Best {
				pr.Best = c
			}
			switch {
			case k == 0:
				pr.OCR = c
			case volunteerStyles[k-1].Partial:
				// Measured against the part of the page it reads.
				pr.Volunteers = append(pr.Volunteers, pageCER(lastThird(ref), r.Text))
			default:
				pr.Volunteers = append(pr.Volunteers, c)
			}
		}
		renamed := setReadings(ref, set, s, p, 1)
		a2 := Collate(renamed, qualityOptions)
		checkRebuilds(tb, a2, renamed)
		pr.Renamed = consensusPage(a2) != cons

		pr.RowRefs = mapRows(a, ref)
		var settled strings.Builder
		for i, r := range a.Rows {
			pr.Rows++
			if rowLeft(r, qualityMinAgreement) {
				pr.Left++
				if slices.ContainsFunc(r.Cells, func(c string) bool { return strings.TrimSpace(c) == "" }) {
					pr.LeftAbsent++
				}
				settled.WriteString(pr.RowRefs[i])
			} else if r.Consensus != "" {
				settled.WriteString(r.Consensus + "\n")
			}
		}
		pr.LeftCER = pageCER(ref, settled.String())

		res.Pages = append(res.Pages, pr)
		res.Consensus += pr.Consensus
		res.Best += pr.Best
		res.Rover += pr.Rover
		res.LeftCER += pr.LeftCER
		res.Rows += pr.Rows
		res.Left += pr.Left
		res.LeftAbsent += pr.LeftAbsent
		res.OCR += pr.OCR
		for _, v := range pr.Volunteers {
			res.Volunteers += v
			nVol++
		}
		if pr.Consensus > pr.Best {
			res.Worse++
		}
		if pr.Renamed {
			res.RenameChanges++
		}
	}
	n := float64(len(pages))
	res.Consensus /= n
	res.Best /= n
	res.Rover /= n
	res.LeftCER /= n
	res.OCR /= n
	if nVol > 0 {
		res.Volunteers /= float64(nVol)
	}
	return res
}

// checkRebuilds checks that every reading rebuilds from the alignment.
func checkRebuilds(tb testing.TB, a *Alignment, rs []Reading) {
	tb.Helper()
	byID := map[string]string{}
	for _, r := range rs {
		byID[r.ID] = r.Text
	}
	for i, id := range a.Readings {
		if got := a.Rebuild(i); got != byID[id] {
			tb.Errorf("reading %s does not rebuild from the alignment", id)
		}
	}
}

// lastThird is the part of a page that a partial reading reads.
func lastThird(ref string) string {
	lines := strings.Split(strings.TrimSuffix(ref, "\n"), "\n")
	return strings.Join(lines[len(lines)-len(lines)/3:], "\n") + "\n"
}

// mapRows assigns every reference line to one row, so that a reviewer who
// settles a row can be said to type the reference text of that row. The
// rows, in order, take consecutive runs of zero to maxRun reference
// lines; the assignment minimises the total edit distance between each
// row's consensus and its lines joined by spaces (a row that merges two
// printed lines has a space where the break was). It returns, per row,
// its lines, each with its line break. A printed line that the rows split
// goes whole to one of them, so a review of only one part of it can leave
// an error that is the row cutting's, not the reviewer's.
func mapRows(a *Alignment, ref string) []string {
	const maxRun = 3
	lines := strings.Split(strings.TrimSuffix(ref, "\n"), "\n")
	k, m := len(a.Rows), len(lines)
	const inf = 1 << 30
	// cost[i][j]: the least total for rows[:i] taking lines[:j];
	// from[i][j] the start of row i-1's run.
	cost := make([][]int, k+1)
	from := make([][]int, k+1)
	for i := range cost {
		cost[i] = make([]int, m+1)
		from[i] = make([]int, m+1)
		for j := range cost[i] {
			cost[i][j] = inf
		}
	}
	cost[0][0] = 0
	// runs[j][r] is lines[j-r:j] joined, as runes.
	runs := make([][maxRun + 1][]rune, m+1)
	for j := range runs {
		for r := 0; r <= maxRun && r <= j; r++ {
			runs[j][r] = []rune(strings.Join(lines[j-r:j], " "))
		}
	}
	for i := 1; i <= k; i++ {
		cons := []rune(a.Rows[i-1].Consensus)
		for j := 0; j <= m; j++ {
			for run := 0; run <= maxRun && run <= j; run++ {
				prev := cost[i-1][j-run]
				// The difference in length is a lower bound of the distance.
				if prev == inf || prev+abs(len(cons)-len(runs[j][run])) >= cost[i][j] {
					continue
				}
				c := prev + runeDistance(cons, runs[j][run])
				if c < cost[i][j] {
					cost[i][j], from[i][j] = c, j-run
				}
			}
		}
	}
	out := make([]string, k)
	if cost[k][m] == inf {
		// More lines than the rows can take: give every row none but the
		// last, which takes the rest.
		out[k-1] = strings.Join(lines, "\n") + "\n"
		return out
	}
	for i, j := k, m; i > 0; i-- {
		f := from[i][j]
		for _, l := range lines[f:j] {
			out[i-1] += l + "\n"
		}
		j = f
	}
	return out
}

// pageCER is CER(reference, hypothesis), computed with a banded edit
// distance: the pages differ in a few per cent of their characters, so
// the full table of CER is mostly wasted work. The distance restricted to
// paths within w of the diagonal is never below the true distance and
// equals it when the true distance is at most w; so once the banded
// result is at most w it is exact. TestPageCER checks it against CER.
func pageCER(reference, hypothesis string) float64 {
	a, b := clusters(norm.NFC.String(reference)), clusters(norm.NFC.String(hypothesis))
	if len(a) == 0 {
		return CER(reference, hypothesis)
	}
	for w := max(64, 2*abs(len(a)-len(b))); ; w *= 2 {
		if d := bandedDistance(a, b, w); d <= w {
			return float64(d) / float64(len(a))
		}
	}
}

// clusters splits s into grapheme clusters.
func clusters(s string) []string {
	var out []string
	state := -1
	for s != "" {
		var g string
		g, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		out = append(out, g)
	}
	return out
}

// bandedDistance is the Levenshtein distance between a and b over paths
// that keep |i-j| <= w.
func bandedDistance(a, b []string, w int) int {
	const inf = 1 << 30
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = inf
		if j <= w {
			prev[j] = j
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(0, i-w), min(len(b), i+w)
		for j := range cur {
			cur[j] = inf
		}
		if lo == 0 {
			cur[0] = i
		}
		for j := max(1, lo); j <= hi; j++ {
			sub := 1
			if a[i-1] == b[j-1] {
				sub = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+sub)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestPageCER checks pageCER against CER on pages and generated readings.
func TestPageCER(t *testing.T) {
	pages := loadPamphlet(t)
	for p, ref := range pages[:2] {
		for _, r := range setReadings(ref, qualitySets[3], 3, p, 0) {
			if got, want := pageCER(ref, r.Text), CER(ref, r.Text); got != want {
				t.Errorf("page %d reading %s: pageCER %v, CER %v", p+1, r.ID, got, want)
			}
		}
	}
	for _, c := range [][2]string{{"", ""}, {"", "x"}, {"abc", ""}, {"abc", "abd"}, {"e\u0301x", "éx"}, {"short", strings.Repeat("long ", 100)}} {
		if got, want := pageCER(c[0], c[1]), CER(c[0], c[1]); got != want {
			t.Errorf("pageCER(%q, %q) = %v, CER %v", c[0], c[1], got, want)
		}
	}
}

// runeDistance is the Levenshtein distance over runes, a cheap stand-in
// for EditDistance when only the comparison of costs matters: the
// package's own, which collation uses to compare spellings.
func runeDistance(ra, rb []rune) int {
	var sc scratch
	return sc.levenshtein(ra, rb)
}

// TestConsensusQuality prints the quality table (see -v) and checks the
// invariants and the targets (see knownMisses).
func TestConsensusQuality(t *testing.T) {
	pages := loadPamphlet(t)
	if testing.Short() {
		pages = pages[:3]
	}
	// The generator is deterministic.
	for s, set := range qualitySets {
		for p, ref := range pages {
			a, b := setReadings(ref, set, s, p, 0), setReadings(ref, set, s, p, 0)
			if !slices.Equal(a, b) {
				t.Fatalf("set %s page %d: two runs of the generator differ", set.Name, p+1)
			}
		}
	}
	var results []setResult
	for s, set := range qualitySets {
		results = append(results, runQualitySet(t, pages, set, s))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "\n| set | readings | mean CER consensus | best single | ROVER | consensus/best | consensus/ROVER | pages worse than best | rows left at %.2f | CER left | renaming changes |\n", qualityMinAgreement)
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | %.4f | %.4f | %.4f | %.2f | %.2f | %d/%d | %.1f%% (%d/%d) | %.4f | %d |\n",
			r.Set.Name, r.Readings, r.Consensus, r.Best, r.Rover, ratio(r.Consensus, r.Best), ratio(r.Consensus, r.Rover),
			r.Worse, len(r.Pages), 100*float64(r.Left)/float64(r.Rows), r.Left, r.Rows, r.LeftCER, r.RenameChanges)
	}
	b.WriteString("\nMean CER of the readings themselves (a partial reading against the part it reads),\n")
	b.WriteString("and the rows left for review in which some reading has no text (a partial reading, a skipped line):\n\n")
	b.WriteString("| set | OCR | volunteers | rows left with a reading absent |\n|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %.4f | %.4f | %d/%d |\n", r.Set.Name, r.OCR, r.Volunteers, r.LeftAbsent, r.Left)
	}
	t.Log(b.String())
	for _, r := range results {
		logWorstRows(t, r, 3)
	}
	checkTargets(t, results, os.Getenv("SCRIBE_QUALITY_TARGETS") != "")
}

// knownMisses are the targets the consensus does not meet yet, by set
// and target: they are logged, and fail only when all targets are asked
// for (SCRIBE_QUALITY_TARGETS set). With high noise, one word is often
// spelt three ways, and the consensus
// stays above 0.05× the best reading (it is under half of ROVER's, which
// is asserted).
var knownMisses = map[string]bool{
	"high-noise/ratio": true,
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// logWorstRows logs the n rows of the set's worst page (by consensus
// CER) whose consensus is farthest from the reference lines mapped to
// them.
func logWorstRows(t *testing.T, r setResult, n int) {
	t.Helper()
	worst := 0
	for p, pr := range r.Pages {
		if pr.Consensus > r.Pages[worst].Consensus {
			worst = p
		}
	}
	pr := r.Pages[worst]
	type bad struct {
		row  int
		dist int
	}
	var rows []bad
	for i, row := range pr.Alignment.Rows {
		want := strings.ReplaceAll(strings.TrimSuffix(pr.RowRefs[i], "\n"), "\n", " ")
		if d := runeDistance([]rune(row.Consensus), []rune(want)); d > 0 {
			rows = append(rows, bad{i, d})
		}
	}
	slices.SortStableFunc(rows, func(a, b bad) int { return cmp.Compare(b.dist, a.dist) })
	var b strings.Builder
	fmt.Fprintf(&b, "set %s, worst page %03d (consensus CER %.4f, best single %.4f): %d rows differ from the reference",
		r.Set.Name, worst+1, pr.Consensus, pr.Best, len(rows))
	for _, x := range rows[:min(n, len(rows))] {
		row := pr.Alignment.Rows[x.row]
		fmt.Fprintf(&b, "\n  row %d %s %.2f, %d edits\n    reference %q\n    consensus %q", row.Index, row.Status, row.Agreement, x.dist, pr.RowRefs[x.row], row.Consensus)
		for c, id := range pr.Alignment.Readings {
			fmt.Fprintf(&b, "\n    %-9s %q", id, row.Cells[c])
		}
	}
	t.Log(b.String())
}

// checkTargets asserts the quality the consensus should reach.
func checkTargets(t *testing.T, results []setResult, all bool) {
	for _, r := range results {
		name := r.Set.Name
		errorf := func(target, format string, args ...any) {
			t.Helper()
			if knownMisses[name+"/"+target] && !all {
				t.Logf("known miss: "+format, args...)
				return
			}
			t.Errorf(format, args...)
		}
		for p, pr := range r.Pages {
			if pr.Consensus > pr.Best {
				errorf("page", "%s page %03d: consensus CER %.4f is worse than the best single reading's %.4f", name, p+1, pr.Consensus, pr.Best)
			}
		}
		if r.Readings >= 3 {
			if r.Consensus > 0.05*r.Best {
				errorf("ratio", "%s: mean consensus CER %.4f is above 0.05 × the best single reading's %.4f", name, r.Consensus, r.Best)
			}
			if r.Consensus > 0.5*r.Rover {
				errorf("rover", "%s: mean consensus CER %.4f is above 0.5 × ROVER's %.4f", name, r.Consensus, r.Rover)
			}
		}
		if name == "ocr+1" && r.Consensus > r.Best {
			t.Errorf("%s: mean consensus CER %.4f is above the better reading's %.4f", name, r.Consensus, r.Best)
		}
		if name == "ocr+3" {
			if share := float64(r.Left) / float64(r.Rows); share > 0.12 {
				t.Errorf("%s: %.1f%% of the rows are left for review, above 12%%", name, 100*share)
			}
			if r.LeftCER != 0 {
				t.Errorf("%s: CER left after review is %.4f, not 0", name, r.LeftCER)
			}
		}
		if r.RenameChanges != 0 {
			t.Errorf("%s: renaming the volunteers changes the consensus of %d pages", name, r.RenameChanges)
		}
	}
}

// BenchmarkConsensusQuality reports the figures of the ocr+3 set as
// metrics.
func BenchmarkConsensusQuality(b *testing.B) {
	pages := loadPamphlet(b)
	var r setResult
	for b.Loop() {
		r = runQualitySet(b, pages, qualitySets[1], 1)
	}
	b.ReportMetric(r.Consensus, "cer-consensus")
	b.ReportMetric(r.Best, "cer-best-single")
	b.ReportMetric(r.Rover, "cer-rover")
	b.ReportMetric(100*float64(r.Left)/float64(r.Rows), "%rows-left")
	b.ReportMetric(r.LeftCER, "cer-left")
}
