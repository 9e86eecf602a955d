// Package words flags suspicious words of a text in the manner of
// Distributed Proofreaders' WordCheck: digits inside words, letters of two
// scripts in one word, typical OCR confusions, stray apostrophes, and any
// word of the project's bad list. A word of the project's good list is
// never flagged.
package words

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scribe-transcription/scribe/workflow/layout"
)

// GoodPath and BadPath are the lists' repository paths.
var (
	GoodPath = path.Join(layout.Dir, layout.WordsDir, layout.GoodWordsFile)
	BadPath  = path.Join(layout.Dir, layout.WordsDir, layout.BadWordsFile)
)

// Lists are a project's good and bad words.
type Lists struct {
	Good, Bad map[string]bool
}

// Parse reads a word list: one word per line, blank lines and lines
// starting with # ignored, spaces around a word trimmed.
func Parse(data []byte) map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		m[w] = true
	}
	return m
}

// Load reads the lists from a repository's file system; a list that does
// not exist is empty.
func Load(fsys fs.FS) (*Lists, error) {
	l := &Lists{}
	for _, f := range []struct {
		rel string
		m   *map[string]bool
	}{{GoodPath, &l.Good}, {BadPath, &l.Bad}} {
		data, err := fs.ReadFile(fsys, f.rel)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		*f.m = Parse(data)
	}
	return l, nil
}

// in reports whether a word is in a list: as written, or in lower case
// when the list has it in lower case.
func in(m map[string]bool, w string) bool {
	return m[w] || m[strings.ToLower(w)]
}

// Flag is a suspicious word of a text.
type Flag struct {
	Word   string
	Offset int // in bytes, from the start of the text
	Reason string
}

// Token is a word of a text with its byte offset.
type Token struct {
	Word   string
	Offset int
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Tokens cuts a text into words: runs of letters and digits, with an
// apostrophe kept when letters or digits stand on both sides of it.
func Tokens(s string) []Token {
	var out []Token
	start := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case isApostrophe(r) && start >= 0:
			if next, _ := utf8.DecodeRuneInString(s[i+n:]); i+n < len(s) && isWordRune(next) {
				break
			}
			out = append(out, Token{s[start:i], start})
			start = -1
		default:
			if start >= 0 {
				out = append(out, Token{s[start:i], start})
				start = -1
			}
		}
		i += n
	}
	if start >= 0 {
		out = append(out, Token{s[start:], start})
	}
	return out
}

// Check flags the suspicious words of a text, in order. A word the text
// has elsewhere counts, like the good list, as evidence for the reading an
// OCR confusion would give.
func (l *Lists) Check(s string) []Flag {
	if l == nil {
		l = &Lists{}
	}
	toks := Tokens(s)
	seen := map[string]bool{}
	for _, t := range toks {
		seen[strings.ToLower(t.Word)] = true
	}
	var out []Flag
	for _, t := range toks {
		if in(l.Good, t.Word) {
			continue
		}
		if r := l.reason(t.Word, seen); r != "" {
			out = append(out, Flag{Word: t.Word, Offset: t.Offset, Reason: r})
		}
	}
	return out
}

// ordinal matches numbers with their letters: 1st, 22nd, 3rd, 4th, 2d, 1870s.
var ordinal = regexp.MustCompile(`^[0-9]+(st|nd|rd|th|d|s)$`)

// known are words the OCR misreads often enough to name what they stand for.
var known = map[string]string{
	"tbe": "the", "tlie": "the", "tbat": "that", "tliat": "that", "tbey": "they",
	"tbis": "this", "tliis": "this", "wbich": "which", "wliich": "which",
	"bave": "have", "liave": "have", "witb": "with", "wbo": "who", "wlien": "when",
	"aud": "and", "tbeir": "their", "tlieir": "their", "tbere": "there",
}

// confusions are letter groups the OCR reads for another letter.
var confusions = []struct{ read, meant string }{
	{"rn", "m"}, {"li", "h"}, {"cl", "d"},
}

// elisions are words an apostrophe inside does not make suspicious beside
// the contractions.
var elisions = map[string]bool{"ne'er": true, "e'er": true, "o'er": true, "e'en": true, "ha'penny": true}

func (l *Lists) reason(w string, seen map[string]bool) string {
	if in(l.Bad, w) {
		return "in the bad word list"
	}
	letters, digits := false, false
	for _, r := range w {
		letters = letters || unicode.IsLetter(r)
		digits = digits || unicode.IsDigit(r)
	}
	if letters && digits && !ordinal.MatchString(strings.ToLower(w)) {
		return "a digit inside a word"
	}
	if m := mixed(w); m != "" {
		return m
	}
	lw := strings.ToLower(w)
	if meant, ok := known[lw]; ok {
		return "OCR for " + meant + "?"
	}
	for _, c := range confusions {
		for i := strings.Index(lw, c.read); i >= 0; {
			alt := lw[:i] + c.meant + lw[i+len(c.read):]
			if seen[alt] || in(l.Good, alt) {
				return c.read + " for " + c.meant + ": " + alt + "?"
			}
			j := strings.Index(lw[i+1:], c.read)
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	if strayApostrophe(lw) {
		return "an apostrophe inside a word"
	}
	return ""
}

// mixed names the scripts of a word that mixes Latin, Cyrillic or Greek.
func mixed(w string) string {
	var names []string
	for _, s := range []struct {
		name string
		t    *unicode.RangeTable
	}{{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek}} {
		for _, r := range w {
			if unicode.Is(s.t, r) {
				names = append(names, s.name)
				break
			}
		}
	}
	if len(names) < 2 {
		return ""
	}
	return strings.Join(names, " and ") + " mixed"
}

// strayApostrophe reports an apostrophe inside a lower-case word that is
// neither a contraction (don't, it's, we'll, o'clock, l'homme) nor a known
// elision.
func strayApostrophe(w string) bool {
	w = strings.ReplaceAll(w, "’", "'")
	if !strings.Contains(w, "'") || elisions[w] {
		return false
	}
	for _, part := range strings.Split(w, "'")[1:] {
		switch part {
		case "s", "t", "ll", "re", "ve", "d", "m":
			continue
		}
		before, _, _ := strings.Cut(w, "'")
		if before == "o" || before == "d" || before == "l" {
			continue
		}
		return true
	}
	return false
}

// CheckLines checks lines as one text, so that a word on one line counts
// as evidence for another, and gives each line its flags, their offsets
// within the line. A line should hold no line break.
func (l *Lists) CheckLines(lines []string) [][]Flag {
	var b strings.Builder
	starts := make([]int, len(lines))
	for i, s := range lines {
		starts[i] = b.Len()
		b.WriteString(s)
		b.WriteByte('\n')
	}
	out := make([][]Flag, len(lines))
	for _, f := range l.Check(b.String()) {
		i := sort.Search(len(starts), func(i int) bool { return starts[i] > f.Offset }) - 1
		f.Offset -= starts[i]
		out[i] = append(out[i], f)
	}
	return out
}
