package collate

import (
	"bufio"
	"crypto/sha256"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden.txt from the current output")

// goldenCorpus is one page whose full collation is pinned.
type goldenCorpus struct {
	name     string
	readings []Reading
	opts     Options
}

// goldenCorpora are the benchmark pages, the quality set, the fuzz seeds
// and a few noisier or repetitive pages, so that any change in alignment,
// rows, consensus, statuses or agreement shows.
func goldenCorpora(t *testing.T) []goldenCorpus {
	var cs []goldenCorpus
	add := func(name string, rs []Reading, opts Options) {
		cs = append(cs, goldenCorpus{name, rs, opts})
	}
	for _, n := range []int{1, 2, 3, 5, 10, 30, 60, 120, 240} {
		add(fmt.Sprintf("bench-%dx40", n), benchReadings(n, 40, 60), benchOptions)
	}
	for _, lines := range []int{80, 160} {
		add(fmt.Sprintf("bench-5x%d", lines), benchReadings(5, lines, 60), benchOptions)
	}
	add("bench-30x40-plain", benchReadings(30, 40, 60), Options{})

	// The paragraph benchmark's page.
	{
		rng := rand.New(rand.NewPCG(1865, 4))
		line := benchPage(rng, 1, 1500)[0]
		rs := make([]Reading, 6)
		for i := range rs {
			rs[i] = Reading{ID: fmt.Sprintf("r%d", i), Text: noisyLine(rng, line, 0.02) + "\n"}
		}
		add("paragraph", rs, benchOptions)
	}

	// Noisier pages, from other seeds.
	for _, c := range []struct {
		seed  uint64
		n     int
		lines int
		rate  float64
	}{{7, 8, 20, 0.05}, {8, 40, 30, 0.08}, {9, 12, 10, 0.15}, {10, 64, 40, 0.03}} {
		rng := rand.New(rand.NewPCG(c.seed, 1))
		page := benchPage(rng, c.lines, 60)
		rs := make([]Reading, c.n)
		for i := range rs {
			rs[i] = Reading{ID: fmt.Sprintf("n%02d", i), Text: noisyReading(rng, page, c.rate)}
		}
		add(fmt.Sprintf("noisy-%d-%dx%d", c.seed, c.n, c.lines), rs, benchOptions)
	}

	// Pages where many readings repeat one another exactly, with the
	// clean page among them.
	{
		rng := rand.New(rand.NewPCG(11, 2))
		page := benchPage(rng, 30, 60)
		clean := strings.Join(page, "\n") + "\n"
		var rs []Reading
		for i := range 50 {
			text := clean
			if i%3 == 1 {
				text = noisyReading(rng, page, 0.02)
			}
			rs = append(rs, Reading{ID: fmt.Sprintf("d%02d", i), Text: text})
		}
		add("repeated-50x30", rs, benchOptions)
		var same []Reading
		for i := range 20 {
			same = append(same, Reading{ID: fmt.Sprintf("s%02d", i), Text: clean})
		}
		add("identical-20x30", same, benchOptions)
		var dup []Reading
		for i := range 12 {
			dup = append(dup, Reading{ID: "same", Text: rs[i%4].Text})
		}
		add("same-ids", dup, benchOptions)
	}

	// The quality set, whole, in pairs and each reading many times over.
	{
		dir := filepath.Join("testdata", "quality")
		var q []Reading
		for _, id := range []string{"a", "b", "c", "d"} {
			b, err := os.ReadFile(filepath.Join(dir, id+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			q = append(q, Reading{ID: id, Text: string(b)})
		}
		add("quality", q, qualityOptions)
		add("quality-plain", q, Options{})
		for i := range q {
			for j := i + 1; j < len(q); j++ {
				add(fmt.Sprintf("quality-%s%s", q[i].ID, q[j].ID), []Reading{q[i], q[j]}, qualityOptions)
			}
		}
		var many []Reading
		for k := range 40 {
			r := q[(k*7)%4]
			many = append(many, Reading{ID: fmt.Sprintf("%s%02d", r.ID, k), Text: r.Text})
		}
		add("quality-40", many, qualityOptions)
	}

	for i, s := range fuzzSeeds {
		rs := []Reading{{"r1", s[0]}, {"r2", s[1]}, {"r3", s[2]}}
		add(fmt.Sprintf("seed-%d", i), rs, fuzzOptions)
		add(fmt.Sprintf("seed-%d-x2", i), append(rs, Reading{"r4", s[0]}, Reading{"r5", s[1]}), fuzzOptions)
	}
	return cs
}

// digest is a hash of everything in an alignment, unexported fields too,
// printed with strings quoted.
func digest(a *Alignment) string {
	return fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprintf("%#v", *a))))
}

// TestGolden checks that the full collation of every golden corpus is
// what testdata/golden.txt records.
func TestGolden(t *testing.T) {
	path := filepath.Join("testdata", "golden.txt")
	cs := goldenCorpora(t)
	got := make(map[string]string, len(cs))
	var lines []string
	for _, c := range cs {
		d := digest(Collate(c.readings, c.opts))
		got[c.name] = d
		lines = append(lines, c.name+" "+d)
	}
	if *updateGolden {
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, d, ok := strings.Cut(sc.Text(), " ")
		if ok {
			want[name] = d
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if w, ok := want[c.name]; !ok {
			t.Errorf("%s: not in %s", c.name, path)
		} else if got[c.name] != w {
			t.Errorf("%s: collation changed: digest %s, want %s", c.name, got[c.name], w)
		}
	}
	if len(want) != len(cs) {
		t.Errorf("%s has %d corpora, the test %d", path, len(want), len(cs))
	}
}
