package collate

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchWords is the vocabulary of the synthetic pages: common English
// words, short and long, so that lines look like printed prose.
var benchWords = strings.Fields(`the of and to a in that is was he for it with as his
on be at by had not are but from or have an they which one you were her all
she there would their we him been has when who will more no if out so said
what up its about into than them can only other new some could time these two
may then do first any my now such like our over man me even most made after
also did many before must through back years where much your way well down
should because each just those people how too little state good very make
world still own see men work long get here between both life being under
never day same another know while last might us great old year off come since
against go came right used take three himself few house use during without
again place around however home small found thought went say part once general
high upon school every does got united left number course war until always
away something fact though water less public put thing almost hand enough far
took head yet government system better set told nothing night end why called
didn't eyes find going look asked later knew point next program city business
give group toward young days let room president side social present given
several order national possible rather second face per among form important
often things looked early white case john become large big need four within
felt along children saw best church ever least power development light thing`)

// benchConfusions are OCR-style misreadings, tried before a random letter.
var benchConfusions = [][2]string{
	{"rn", "m"}, {"m", "rn"}, {"l", "1"}, {"e", "c"}, {"h", "li"},
	{"u", "n"}, {"n", "u"}, {"i", "í"}, {"o", "0"}, {"d", "cl"},
}

// benchPage returns a deterministic base page of n printed lines of
// about 60 characters.
func benchPage(rng *rand.Rand, lines int, width int) []string {
	page := make([]string, 0, lines)
	for range lines {
		var b strings.Builder
		for b.Len() < width-6 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			w := benchWords[rng.IntN(len(benchWords))]
			if b.Len() == 0 && rng.IntN(4) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			if rng.IntN(9) == 0 {
				b.WriteString([]string{",", ".", ";", ":"}[rng.IntN(4)])
			}
		}
		page = append(page, b.String())
	}
	return page
}

// noisyLine copies one line with about rate character errors per
// character and, now and then, a dropped word.
func noisyLine(rng *rand.Rand, line string, rate float64) string {
	words := strings.Split(line, " ")
	var b strings.Builder
	for wi, w := range words {
		if len(words) > 3 && rng.Float64() < 0.01 {
			continue // a dropped word
		}
		if wi > 0 && b.Len() > 0 {
			b.WriteByte(' ')
		}
		for i := 0; i < len(w); i++ {
			if rng.Float64() >= rate {
				b.WriteByte(w[i])
				continue
			}
			switch k := rng.IntN(4); k {
			case 0: // an OCR confusion, or a random letter
				done := false
				for _, c := range benchConfusions {
					if strings.HasPrefix(w[i:], c[0]) && rng.IntN(2) == 0 {
						b.WriteString(c[1])
						i += len(c[0]) - 1
						done = true
						break
					}
				}
				if !done {
					b.WriteByte(byte('a' + rng.IntN(26)))
				}
			case 1: // a dropped letter
			case 2: // an extra letter
				b.WriteByte(w[i])
				b.WriteByte(byte('a' + rng.IntN(26)))
			case 3: // two letters swapped
				if i+1 < len(w) {
					b.WriteByte(w[i+1])
					b.WriteByte(w[i])
					i++
				} else {
					b.WriteByte(w[i])
				}
			}
		}
	}
	return b.String()
}

// noisyReading is one volunteer's reading of the page: every line with
// character noise, one pair of lines merged and one line split in two.
func noisyReading(rng *rand.Rand, page []string, rate float64) string {
	lines := make([]string, 0, len(page)+1)
	for _, l := range page {
		lines = append(lines, noisyLine(rng, l, rate))
	}
	if len(lines) >= 4 {
		m := rng.IntN(len(lines) - 1)
		lines[m] += " " + lines[m+1]
		lines = append(lines[:m+1], lines[m+2:]...)
		s := rng.IntN(len(lines))
		if sp := strings.IndexByte(lines[s][len(lines[s])/2:], ' '); sp >= 0 {
			cut := len(lines[s])/2 + sp
			rest := lines[s][cut+1:]
			lines[s] = lines[s][:cut]
			lines = append(lines[:s+1], append([]string{rest}, lines[s+1:]...)...)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// benchReadings returns n noisy readings of a page of the given shape,
// the same for every run.
func benchReadings(n, lines, width int) []Reading {
	rng := rand.New(rand.NewPCG(1865, 3))
	page := benchPage(rng, lines, width)
	rs := make([]Reading, n)
	for i := range rs {
		rs[i] = Reading{ID: fmt.Sprintf("r%02d", i), Text: noisyReading(rng, page, 0.02)}
	}
	return rs
}

var benchOptions = Options{Equivalences: map[string][]string{
	"'": {"’", "‘"}, "\"": {"“", "”"}, "—": {"--"},
}}

func benchCollate(b *testing.B, rs []Reading) {
	b.ReportAllocs()
	var bytes int64
	for _, r := range rs {
		bytes += int64(len(r.Text))
	}
	b.SetBytes(bytes)
	for b.Loop() {
		Collate(rs, benchOptions)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(rs)), "ns/reading")
}

// BenchmarkCollate5x40: a typical page, five readings of 40 lines.
func BenchmarkCollate5x40(b *testing.B) { benchCollate(b, benchReadings(5, 40, 60)) }

// BenchmarkCollate30x40: a page many volunteers have read.
func BenchmarkCollate30x40(b *testing.B) { benchCollate(b, benchReadings(30, 40, 60)) }

// BenchmarkCollateReadings doubles the number of readings of a 40-line
// page three times: time per reading (ns/reading) should stay roughly
// the same, not grow with the number of readings.
func BenchmarkCollateReadings(b *testing.B) {
	for _, n := range []int{30, 60, 120, 240} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchCollate(b, benchReadings(n, 40, 60)) })
	}
}

// BenchmarkCollateParagraph: six readings of one 1,500-character line, a
// paragraph typed without line breaks.
func BenchmarkCollateParagraph(b *testing.B) {
	rng := rand.New(rand.NewPCG(1865, 4))
	line := benchPage(rng, 1, 1500)[0]
	rs := make([]Reading, 6)
	for i := range rs {
		rs[i] = Reading{ID: fmt.Sprintf("r%d", i), Text: noisyLine(rng, line, 0.02) + "\n"}
	}
	benchCollate(b, rs)
}

// BenchmarkCollateLines doubles the page length twice: time and B/op
// should roughly double with it, not quadruple.
func BenchmarkCollateLines(b *testing.B) {
	for _, lines := range []int{40, 80, 160} {
		b.Run(fmt.Sprint(lines), func(b *testing.B) { benchCollate(b, benchReadings(5, lines, 60)) })
	}
}

// TestBenchReadings checks that the synthetic pages are what the
// benchmarks claim: deterministic, about the right size, and each
// reading collated back byte for byte.
func TestBenchReadings(t *testing.T) {
	rs := benchReadings(5, 40, 60)
	if again := benchReadings(5, 40, 60); fmt.Sprint(again) != fmt.Sprint(rs) {
		t.Fatal("synthetic readings differ between calls")
	}
	for _, r := range rs {
		n := strings.Count(r.Text, "\n")
		if n < 39 || n > 41 || len(r.Text) < 40*50 || len(r.Text) > 40*70 {
			t.Errorf("reading %s: %d lines, %d bytes", r.ID, n, len(r.Text))
		}
	}
	a := Collate(rs, benchOptions)
	for i, r := range rs {
		if a.Rebuild(i) != r.Text {
			t.Errorf("reading %s does not rebuild", r.ID)
		}
	}
	if len(a.Rows) < 38 || len(a.Rows) > 42 {
		t.Errorf("%d rows for a page of 40 lines", len(a.Rows))
	}
}
