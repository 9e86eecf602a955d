package collate

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word, punctuation run or line break of a reading.
type token struct {
	start, end int    // byte offsets in the reading
	key        string // what is compared: equivalences applied, " " prefix when spaced
	id         rune   // the key interned: equal keys, equal ids
	num        int32  // the key's number, from 0: id is idRune(num+1)
	ks, ke     int32  // the key's place among all keys while they are built
	nl         bool   // a line break
	spaced     bool   // follows white space, a line break or the start
}

// breakKey is the comparison key of a line break. A tab is white space,
// which never occurs inside a typed token, so it cannot collide with one.
const breakKey = "\t"

// tokenizeAll tokenises every reading and numbers the keys of all their
// tokens: equal keys, equal ids, in order of first appearance, so that the
// pairwise diffs compare runes. It returns the number of distinct keys.
func tokenizeAll(rs []Reading, eq *equivalence) ([][]token, int) {
	toks := make([][]token, len(rs))
	size, guess := 0, 0
	for _, r := range rs {
		size += len(r.Text)
		guess += len(r.Text)/4 + 1
	}
	// One block for all the readings' tokens; a reading with more tokens
	// than guessed gets a slice of its own.
	block := make([]token, 0, guess)
	for i, r := range rs {
		toks[i] = tokenize(r.Text, block)
		if n := len(toks[i]); n <= cap(block) {
			block = block[n:n:cap(block)][:0]
		}
	}
	var keys strings.Builder
	keys.Grow(size + size/4)
	for i, r := range rs {
		for j := range toks[i] {
			t := &toks[i][j]
			start := keys.Len()
			switch {
			case t.nl:
				keys.WriteString(breakKey)
			default:
				if t.spaced {
					keys.WriteByte(' ')
				}
				eq.write(&keys, r.Text[t.start:t.end])
			}
			t.ks, t.ke = int32(start), int32(keys.Len())
		}
	}
	all := keys.String()
	nums := make(map[string]int32, guess/4+64)
	for i := range toks {
		for j := range toks[i] {
			t := &toks[i][j]
			t.key = all[t.ks:t.ke]
			num, ok := nums[t.key]
			if !ok {
				num = int32(len(nums))
				nums[t.key] = num
			}
			t.num, t.id = num, idRune(int(num)+1)
		}
	}
	return toks, len(nums)
}

// idRune is the rune that stands for the n-th distinct key (from 1): n
// itself, skipping the surrogates and U+FFFD to U+FFFF, which do not
// survive a round trip through a Go string (go-diff turns runes into
// strings and back).
func idRune(n int) rune {
	r := rune(n)
	if r >= 0xD800 {
		r += 0x800
	}
	if r >= 0xFFFD {
		r += 3
	}
	return r
}

// tokenize splits a reading into words, punctuation and line breaks,
// appending them to toks. A word is a run of letters, marks and digits,
// with single apostrophes or hyphens inside it (don't, pre-requisite); any
// other character is a token of its own, except that a run of one
// repeated punctuation mark (--, ...) is one token. White space separates
// tokens and is recorded as the token's spaced flag (the " " prefix of its
// key), so that "word ," and "word," disagree while the amount of white
// space does not matter.
func tokenize(text string, toks []token) []token {
	spaced := true // the start of a reading counts as a line start
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case r == '\n':
			toks = append(toks, token{start: i, end: i + 1, nl: true, spaced: true})
			i++
			spaced = true
			continue
		case isSpace(r):
			i += size
			spaced = true
			continue
		}
		end := i + size
		if isWordRune(r) {
			for end < len(text) {
				r2, s2 := rune(text[end]), 1
				if r2 >= utf8.RuneSelf {
					r2, s2 = utf8.DecodeRuneInString(text[end:])
				}
				if isWordRune(r2) {
					end += s2
					continue
				}
				if isJoiner(r2) && end+s2 < len(text) {
					if r3, _ := utf8.DecodeRuneInString(text[end+s2:]); isWordRune(r3) {
						end += s2
						continue
					}
				}
				break
			}
		} else {
			for end < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[end:])
				if r2 != r {
					break
				}
				end += s2
			}
		}
		toks = append(toks, token{start: i, end: end, spaced: spaced})
		spaced = false
		i = end
	}
	return toks
}

// asciiClass classifies the ASCII characters as unicode does: 1 for white
// space, 2 for a word character.
var asciiClass = func() (c [utf8.RuneSelf]uint8) {
	for r := range rune(utf8.RuneSelf) {
		switch {
		case unicode.IsSpace(r):
			c[r] = 1
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			c[r] = 2
		}
	}
	return c
}()

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] == 1
	}
	return unicode.IsSpace(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] == 2
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isJoiner is a character that joins two word parts into one word.
func isJoiner(r rune) bool {
	return r == '\'' || r == '’' || r == '-'
}

// equivalence rewrites every declared variant to its canonical form for
// comparison.
type equivalence struct {
	r     *strings.Replacer
	first [256]bool // every byte that starts a variant
}

// newEquivalence builds the replacer. Longer variants go first so that
// "---" is not read as "--" followed by "-".
func newEquivalence(eq map[string][]string) *equivalence {
	type pair struct{ from, to string }
	var pairs []pair
	e := &equivalence{}
	for canon, variants := range eq {
		for _, v := range variants {
			if v != "" && v != canon {
				pairs = append(pairs, pair{v, canon})
				e.first[v[0]] = true
			}
		}
	}
	if len(pairs) == 0 {
		return e
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if len(a.from) != len(b.from) {
			return len(b.from) - len(a.from)
		}
		return strings.Compare(a.from, b.from)
	})
	args := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		args = append(args, p.from, p.to)
	}
	e.r = strings.NewReplacer(args...)
	return e
}

// write appends s in canonical form; the replacer runs only on tokens
// that hold a variant's first byte (without one, no variant is in s).
func (e *equivalence) write(b *strings.Builder, s string) {
	if e.r != nil {
		for i := 0; i < len(s); i++ {
			if e.first[s[i]] {
				_, _ = e.r.WriteString(b, s)
				return
			}
		}
	}
	b.WriteString(s)
}

// Normalizer returns the function that puts a text in comparison form:
// its tokens, equivalences applied, one space where any white space or
// line break was, none where there was none. Two texts that collation
// counts as agreeing have the same comparison form.
func Normalizer(opts Options) func(string) string {
	eq := newEquivalence(opts.Equivalences)
	return func(text string) string {
		var b strings.Builder
		for _, t := range tokenize(text, nil) {
			if t.nl {
				continue
			}
			if t.spaced && b.Len() > 0 {
				b.WriteByte(' ')
			}
			eq.write(&b, text[t.start:t.end])
		}
		return b.String()
	}
}
