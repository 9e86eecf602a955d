package collate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The confidence variant of the quality benchmark: the generated OCR
// reading also gets a confidence per word, as an OCR engine reports it,
// lower for the words the generator corrupted, with noise. The same pages
// and readings are collated with and without Options.Confidence, and the
// consensus CER and the rows left for review are compared.
//
//	go test ./workflow/collate -run TestConfidenceQuality -v

// Word confidences drawn uniformly from these ranges: a word the
// generator changed, and one it left alone.
var (
	corruptConf = [2]float64{0.4, 0.8}
	cleanConf   = [2]float64{0.8, 1.0}
)

// wordSpan is one whitespace-separated word of a reading and its
// confidence.
type wordSpan struct {
	start, end int
	conf       float64
}

// ocrConfReading returns the OCR reading of ref that pamphletReading
// gives with the same reader and seeds, and the confidence of each of its
// words. The text is drawn from the same source in the same order as
// ocrLines and ocrLine; the confidences come from a source of their own.
func ocrConfReading(ref string, r reader, seed1, seed2 uint64) (string, []wordSpan) {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	confRng := rand.New(rand.NewPCG(seed1^0x9e3779b97f4a7c15, seed2))
	lines := strings.Split(strings.TrimSuffix(ref, "\n"), "\n")
	type confLine struct {
		text    string
		corrupt []bool // per word of text
	}
	var out []confLine
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if i+1 < len(lines) && rng.Float64() < r.Level.Line {
			line += " " + lines[i+1]
			i++
		}
		t, c := ocrLineMarked(rng, line, r.Level)
		out = append(out, confLine{t, c})
	}
	if rng.Float64() < 0.5 {
		stray := strayLines[rng.IntN(len(strayLines))]
		s := confLine{stray, []bool{true}}
		if rng.IntN(2) == 0 {
			out = append([]confLine{s}, out...)
		} else {
			out = append(out, s)
		}
	}
	var b strings.Builder
	var spans []wordSpan
	for _, l := range out {
		// The dash and quote replacements of pamphletReading keep the
		// words where they are.
		t := straightQuotes(strings.ReplaceAll(l.text, "—", "--"))
		base := b.Len()
		k := 0
		for start, end := range wordOffsets(t) {
			lo, hi := cleanConf[0], cleanConf[1]
			if k < len(l.corrupt) && l.corrupt[k] {
				lo, hi = corruptConf[0], corruptConf[1]
			}
			spans = append(spans, wordSpan{base + start, base + end, lo + (hi-lo)*confRng.Float64()})
			k++
		}
		b.WriteString(t)
		b.WriteByte('\n')
	}
	return b.String(), spans
}

// wordOffsets yields the byte offsets of the whitespace-separated words
// of s.
func wordOffsets(s string) func(func(int, int) bool) {
	return func(yield func(int, int) bool) {
		start := -1
		for i := 0; i <= len(s); i++ {
			space := i == len(s) || s[i] == ' ' || s[i] == '\t'
			switch {
			case space && start >= 0:
				if !yield(start, i) {
					return
				}
				start = -1
			case !space && start < 0:
				start = i
			}
		}
	}
}

// ocrLineMarked is ocrLine, drawing the same numbers, that also says
// which of the words of its result it changed: a confusion inside a word,
// or a dropped space that runs two words together.
func ocrLineMarked(rng *rand.Rand, line string, l noiseLevel) (string, []bool) {
	var b strings.Builder
	var corrupt []bool
	word := false // the current word of the result is changed
	inWord := false
	endWord := func() {
		if inWord {
			corrupt = append(corrupt, word)
		}
		inWord, word = false, false
	}
	for i := 0; i < len(line); {
		if line[i] == ' ' {
			switch p := rng.Float64(); {
			case p < l.Word/2: // dropped space: the two words are one, changed
				word = word || inWord
			case p < l.Word:
				b.WriteString("  ")
				endWord()
			default:
				b.WriteByte(' ')
				endWord()
			}
			i++
			continue
		}
		inWord = true
		done := false
		if rng.Float64() < l.Char {
			k := rng.IntN(len(ocrConfusions))
			for n := range ocrConfusions {
				c := ocrConfusions[(k+n)%len(ocrConfusions)]
				if strings.HasPrefix(line[i:], c[0]) {
					b.WriteString(c[1])
					i += len(c[0])
					done, word = true, true
					break
				}
			}
		}
		if !done {
			_, size := utf8.DecodeRuneInString(line[i:])
			b.WriteString(line[i : i+size])
			i += size
		}
	}
	endWord()
	return b.String(), corrupt
}

// spanConfidence is the confidence of the words of spans between two
// byte offsets: the mean over the words the range overlaps, 1 when it
// overlaps none (white space, a line break).
func spanConfidence(spans []wordSpan) func(start, end int) float64 {
	return func(start, end int) float64 {
		i, _ := slices.BinarySearchFunc(spans, start, func(w wordSpan, off int) int {
			if w.end <= off {
				return -1
			}
			return 1
		})
		sum, n := 0.0, 0
		for ; i < len(spans) && spans[i].start < end; i++ {
			sum += spans[i].conf
			n++
		}
		if n == 0 {
			return 1
		}
		return sum / float64(n)
	}
}

// confResult is one set's figures with or without confidence.
type confResult struct {
	consensus, leftCER float64
	rows, left         int
}

// TestConfidenceQuality compares the consensus with and without the OCR's
// word confidences (see -v for the table).
func TestConfidenceQuality(t *testing.T) {
	pages := loadPamphlet(t)
	if testing.Short() {
		pages = pages[:3]
	}
	var b strings.Builder
	b.WriteString("\n| set | CER consensus without | with confidence | rows left without | with | CER left without | with |\n|---|---|---|---|---|---|---|\n")
	for s, set := range qualitySets {
		var res [2]confResult
		for p, ref := range pages {
			rs := setReadings(ref, set, s, p, 0)
			text, spans := ocrConfReading(ref, setReaders(set)[0], uint64(p+1), uint64(s+1)<<8)
			if text != rs[0].Text {
				t.Fatalf("set %s page %d: the OCR reading with confidences differs from the benchmark's", set.Name, p+1)
			}
			for k, withConf := range []bool{false, true} {
				opts := qualityOptions
				if withConf {
					opts.Confidence = map[string]func(int, int) float64{"ocr": spanConfidence(spans)}
				}
				a := Collate(rs, opts)
				checkRebuilds(t, a, rs)
				refs := mapRows(a, ref)
				var settled strings.Builder
				for i, r := range a.Rows {
					res[k].rows++
					if rowLeft(r, qualityMinAgreement) {
						res[k].left++
						settled.WriteString(refs[i])
					} else if r.Consensus != "" {
						settled.WriteString(r.Consensus + "\n")
					}
				}
				res[k].consensus += pageCER(ref, consensusPage(a))
				res[k].leftCER += pageCER(ref, settled.String())
			}
		}
		n := float64(len(pages))
		fmt.Fprintf(&b, "| %s | %.5f | %.5f | %d/%d | %d/%d | %.5f | %.5f |\n", set.Name,
			res[0].consensus/n, res[1].consensus/n, res[0].left, res[0].rows, res[1].left, res[1].rows,
			res[0].leftCER/n, res[1].leftCER/n)
		// The confidences are kept because they help: they must never
		// make the consensus worse or leave more rows.
		if res[1].consensus > res[0].consensus+1e-9 || res[1].left > res[0].left {
			t.Errorf("set %s: with the OCR's confidences the consensus CER is %.5f (without %.5f) and %d rows are left (without %d)",
				set.Name, res[1].consensus/n, res[0].consensus/n, res[1].left, res[0].left)
		}
	}
	t.Log(b.String())
}

// TestSpanConfidence checks the mapping of byte ranges to words.
func TestSpanConfidence(t *testing.T) {
	text := "ab cd\nef\n"
	var spans []wordSpan
	confs := []float64{0.5, 0.9, 0.7}
	k := 0
	base := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		for s, e := range wordOffsets(strings.TrimSuffix(line, "\n")) {
			spans = append(spans, wordSpan{base + s, base + e, confs[k]})
			k++
		}
		base += len(line)
	}
	c := spanConfidence(spans)
	for _, tc := range []struct {
		start, end int
		want       float64
	}{{0, 2, 0.5}, {1, 2, 0.5}, {3, 5, 0.9}, {0, 5, 0.7}, {5, 6, 1}, {6, 8, 0.7}, {2, 3, 1}} {
		if got := c(tc.start, tc.end); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("confidence(%d, %d) = %v, want %v", tc.start, tc.end, got, tc.want)
		}
	}
}
