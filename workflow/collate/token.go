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
}

// breakKey is the comparison key of a line break. A tab is white space,
// which never occurs inside a typed token, so it cannot collide with one.
const breakKey = "\t"

// tokenizeAll tokenises every reading and numbers the keys of all their
// tokens: equal keys, equal ids, in order of first appearance, so that the
// pairwise diffs compare runes. It returns the number of distinct keys.
func tokenizeAll(rs []Reading, eq *equivalence) ([][]token, int) {
	var keys strings.Builder
	toks := make([][]token, len(rs))
	size := 0
	for _, r := range rs {
		size += len(r.Text)
	}
	keys.Grow(size + size/4)
	for i, r := range rs {
		toks[i] = tokenize(r.Text, func(t *token, text string, spaced bool) {
			start := keys.Len()
			switch {
			case t.nl:
				keys.WriteString(breakKey)
			default:
				if spaced {
					keys.WriteByte(' ')
				}
				eq.write(&keys, text)
			}
			t.ks, t.ke = int32(start), int32(keys.Len())
		})
	}
	all := keys.String()
	nums := make(map[string]int32)
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

// tokenize splits a reading into words, punctuation and line breaks, and
// calls key for each to record its comparison key. A word is a run of
// letters, marks and digits, with single apostrophes or hyphens inside it
// (don't, pre-requisite); any other character is a token of its own,
// except that a run of one repeated punctuation mark (--, ...) is one
// token. White space separates tokens and is recorded as the " " prefix of
// the next token's key, so that "word ," and "word," disagree while the
// amount of white space does not matter.
func tokenize(text string, key func(t *token, text string, spaced bool)) []token {
	toks := make([]token, 0, len(text)/4+1)
	spaced := true // the start of a reading counts as a line start
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			toks = append(toks, token{start: i, end: i + 1, nl: true})
			key(&toks[len(toks)-1], "\n", true)
			i++
			spaced = true
			continue
		case unicode.IsSpace(r):
			i += size
			spaced = true
			continue
		}
		end := i + size
		if isWordRune(r) {
			for end < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[end:])
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
		toks = append(toks, token{start: i, end: end})
		key(&toks[len(toks)-1], text[i:end], spaced)
		spaced = false
		i = end
	}
	return toks
}

func isWordRune(r rune) bool {
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
	chars string // every character that starts a variant
}

// newEquivalence builds the replacer. Longer variants go first so that
// "---" is not read as "--" followed by "-".
func newEquivalence(eq map[string][]string) *equivalence {
	type pair struct{ from, to string }
	var pairs []pair
	var chars strings.Builder
	for canon, variants := range eq {
		for _, v := range variants {
			if v != "" && v != canon {
				pairs = append(pairs, pair{v, canon})
				r, _ := utf8.DecodeRuneInString(v)
				chars.WriteRune(r)
			}
		}
	}
	if len(pairs) == 0 {
		return &equivalence{}
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
	return &equivalence{r: strings.NewReplacer(args...), chars: chars.String()}
}

// write appends s in canonical form; the replacer runs only on tokens
// that hold a variant's first character.
func (e *equivalence) write(b *strings.Builder, s string) {
	if e.r == nil || !strings.ContainsAny(s, e.chars) {
		b.WriteString(s)
		return
	}
	_, _ = e.r.WriteString(b, s)
}

// Normalizer returns the function that puts a text in comparison form:
// its tokens, equivalences applied, one space where any white space or
// line break was, none where there was none. Two texts that collation
// counts as agreeing have the same comparison form.
func Normalizer(opts Options) func(string) string {
	eq := newEquivalence(opts.Equivalences)
	return func(text string) string {
		var b strings.Builder
		tokenize(text, func(t *token, s string, spaced bool) {
			if t.nl {
				return
			}
			if spaced && b.Len() > 0 {
				b.WriteByte(' ')
			}
			eq.write(&b, s)
		})
		return b.String()
	}
}
