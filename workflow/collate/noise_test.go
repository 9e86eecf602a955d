package collate

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// This file generates noisy readings of a reference page for the quality
// benchmark: an OCR engine's and volunteers'. Everything is drawn from a
// PCG source seeded by the caller, so a reading depends only on the page,
// the seeds and the reader's settings, never on its contributor id.

// noiseLevel is how often a reader errs.
type noiseLevel struct {
	Char float64 // per character: a confusion (OCR) or a typo (volunteer)
	Word float64 // per word or space: a dropped or doubled space (OCR), a dropped or doubled word (volunteer)
	Line float64 // per line: a merged line (both), a split or skipped line (volunteer)
}

// scaled returns the level with every probability multiplied by f.
func (l noiseLevel) scaled(f float64) noiseLevel {
	return noiseLevel{Char: l.Char * f, Word: l.Word * f, Line: l.Line * f}
}

// Default levels, chosen to give an OCR reading about 3–5% CER and a
// volunteer's about 0.5–1.5% on the pamphlet pages; the high-noise sets
// scale both by highNoiseFactor.
var (
	ocrNoise        = noiseLevel{Char: 0.07, Word: 0.02, Line: 0.03}
	volunteerNoise  = noiseLevel{Char: 0.004, Word: 0.005, Line: 0.012}
	highNoiseFactor = 2.0
)

// readerKind says which kind of errors a reader makes.
type readerKind int

const (
	ocrReader readerKind = iota
	volunteerReader
)

// reader describes one generated reading.
type reader struct {
	Kind    readerKind
	Level   noiseLevel
	Curly   bool // types ’ and “ ” for ' and " (volunteers)
	Hyphens bool // types -- for — (the OCR always does)
	Partial bool // reads only the last third of the page
}

// ocrConfusions are the misreadings an OCR engine makes, both ways.
var ocrConfusions = [][2]string{
	{"rn", "m"}, {"m", "rn"}, {"l", "1"}, {"1", "l"}, {"e", "c"}, {"c", "e"},
	{"h", "li"}, {"li", "h"}, {"u", "n"}, {"n", "u"}, {"o", "0"}, {"0", "o"},
	{"d", "cl"}, {"cl", "d"}, {"i", "í"}, {",", "."}, {".", ","},
}

// strayLines are what an OCR engine picks up above or below the text.
var strayLines = []string{"2", "7", "11", "*", "•", "—", "'", "i"}

// pamphletReading returns r's reading of the reference page ref, drawing
// from a PCG source seeded with seed1 and seed2.
func pamphletReading(ref string, r reader, seed1, seed2 uint64) string {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	// A fresh slice of lines, which the volunteer's rejoining of hyphenated
	// words may change.
	lines := strings.Split(strings.TrimSuffix(ref, "\n"), "\n")
	if r.Partial {
		lines = lines[len(lines)-len(lines)/3:]
	}
	var out []string
	switch r.Kind {
	case ocrReader:
		out = ocrLines(rng, lines, r.Level)
	default:
		out = volunteerLines(rng, lines, r.Level)
	}
	text := strings.Join(out, "\n") + "\n"
	if r.Kind == ocrReader || r.Hyphens {
		text = strings.ReplaceAll(text, "—", "--")
	}
	if r.Curly {
		text = curlyQuotes(text)
	} else {
		text = straightQuotes(text)
	}
	return text
}

// ocrLines misreads each line and sometimes runs two lines together or
// adds a stray line at the top or the bottom.
func ocrLines(rng *rand.Rand, lines []string, l noiseLevel) []string {
	var out []string
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if i+1 < len(lines) && rng.Float64() < l.Line {
			line += " " + lines[i+1]
			i++
		}
		out = append(out, ocrLine(rng, line, l))
	}
	if rng.Float64() < 0.5 {
		stray := strayLines[rng.IntN(len(strayLines))]
		if rng.IntN(2) == 0 {
			out = append([]string{stray}, out...)
		} else {
			out = append(out, stray)
		}
	}
	return out
}

// ocrLine applies character confusions and spacing errors to one line.
func ocrLine(rng *rand.Rand, line string, l noiseLevel) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] == ' ' {
			switch p := rng.Float64(); {
			case p < l.Word/2: // dropped space
			case p < l.Word:
				b.WriteString("  ")
			default:
				b.WriteByte(' ')
			}
			i++
			continue
		}
		done := false
		if rng.Float64() < l.Char {
			// The first confusion that fits here, from a random start, so
			// that every pattern gets its turn.
			k := rng.IntN(len(ocrConfusions))
			for n := range ocrConfusions {
				c := ocrConfusions[(k+n)%len(ocrConfusions)]
				if strings.HasPrefix(line[i:], c[0]) {
					b.WriteString(c[1])
					i += len(c[0])
					done = true
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
	return b.String()
}

// volunteerLines types the lines as a careful but fallible person does:
// typos, a dropped or doubled word, a merged, split or skipped line, and
// hyphenated words broken or rejoined differently.
func volunteerLines(rng *rand.Rand, lines []string, l noiseLevel) []string {
	var out []string
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		switch p := rng.Float64(); {
		case p < l.Line/3:
			continue // skipped line
		case p < 2*l.Line/3 && i+1 < len(lines):
			line += " " + lines[i+1] // merged with the next line
			i++
		}
		if strings.HasSuffix(line, "-") && i+1 < len(lines) {
			// A word hyphenated at the line's end: kept as printed, joined
			// up on the first line ("technique"), or kept with its hyphen
			// on the first line ("tech-nique").
			next := lines[i+1]
			rest, after, _ := strings.Cut(next, " ")
			switch rng.IntN(3) {
			case 1:
				line, lines[i+1] = strings.TrimSuffix(line, "-")+rest, after
			case 2:
				line, lines[i+1] = line+rest, after
			}
		}
		line = volunteerWords(rng, line, l)
		if rng.Float64() < l.Line/3 {
			// A split line, at a space or inside a hyphenated word.
			if parts := strings.Split(line, " "); len(parts) > 2 {
				k := 1 + rng.IntN(len(parts)-1)
				w := parts[k-1]
				if h := strings.Index(w, "-"); h > 0 && h < len(w)-1 {
					parts[k-1] = w[:h+1] + "\n" + w[h+1:]
					line = strings.Join(parts, " ")
				} else {
					line = strings.Join(parts[:k], " ") + "\n" + strings.Join(parts[k:], " ")
				}
			}
		}
		out = append(out, line)
	}
	return out
}

// volunteerWords drops or doubles a word now and then and types every
// word with typos at the per-character rate.
func volunteerWords(rng *rand.Rand, line string, l noiseLevel) string {
	words := strings.Split(line, " ")
	var out []string
	for _, w := range words {
		switch p := rng.Float64(); {
		case p < l.Word/2 && len(words) > 1:
			continue
		case p < l.Word:
			out = append(out, typos(rng, w, l.Char))
		}
		out = append(out, typos(rng, w, l.Char))
	}
	return strings.Join(out, " ")
}

// typos substitutes, deletes, inserts or transposes letters of w.
func typos(rng *rand.Rand, w string, p float64) string {
	rs := []rune(w)
	var out []rune
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if !unicode.IsLetter(c) || rng.Float64() >= p {
			out = append(out, c)
			continue
		}
		letter := rune('a' + rng.IntN(26))
		switch rng.IntN(4) {
		case 0:
			out = append(out, letter)
		case 1: // deleted
		case 2:
			out = append(out, c, letter)
		case 3:
			if i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
				out = append(out, rs[i+1], c)
				i++
			} else {
				out = append(out, c)
			}
		}
	}
	return string(out)
}

// curlyQuotes types ’ for an apostrophe and alternates “ and ” for
// double quotes.
func curlyQuotes(s string) string {
	var b strings.Builder
	open := true
	for _, c := range s {
		switch c {
		case '\'':
			b.WriteRune('’')
		case '"':
			if open {
				b.WriteRune('“')
			} else {
				b.WriteRune('”')
			}
			open = !open
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// straightQuotes types straight quotes for curly ones, as an OCR engine
// and some volunteers do.
func straightQuotes(s string) string {
	return strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"").Replace(s)
}

// TestNoisyReadingDeterministic checks that a reading depends on its
// seeds only and that the generator leaves the reference alone.
func TestNoisyReadingDeterministic(t *testing.T) {
	ref := "A tremendous task. The tech-\nnique of \"all\" this—here.\nThird line, with words.\n"
	for _, r := range []reader{
		{Kind: ocrReader, Level: ocrNoise.scaled(4)},
		{Kind: volunteerReader, Level: volunteerNoise.scaled(20), Curly: true, Hyphens: true},
		{Kind: volunteerReader, Level: volunteerNoise, Partial: true},
	} {
		for seed := range uint64(20) {
			a, b := pamphletReading(ref, r, seed, 7), pamphletReading(ref, r, seed, 7)
			if a != b {
				t.Fatalf("seed %d: two runs differ:\n%q\n%q", seed, a, b)
			}
			if !strings.HasSuffix(a, "\n") {
				t.Errorf("seed %d: reading %q does not end with a line break", seed, a)
			}
		}
	}
}
