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
	nl         bool   // a line break
}

// breakKey is the comparison key of a line break. NUL never occurs in a
// valid reading, so it cannot collide with a typed token.
const breakKey = "\x00"

// tokenize splits a reading into words, punctuation and line breaks. A
// word is a run of letters, marks and digits, with single apostrophes or
// hyphens inside it (don't, pre-requisite); any other character is a
// token of its own, except that a run of one repeated punctuation mark
// (--, ...) is one token. White space separates tokens and is recorded as
// the " " prefix of the next token's key, so that "word ," and "word,"
// disagree while the amount of white space does not matter.
func tokenize(text string, eq *strings.Replacer) []token {
	toks := make([]token, 0, len(text)/5+1)
	spaced := true // the start of a reading counts as a line start
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			toks = append(toks, token{start: i, end: i + 1, key: breakKey, nl: true})
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
		key := text[i:end]
		if eq != nil {
			key = eq.Replace(key)
		}
		if spaced {
			key = " " + key
		}
		toks = append(toks, token{start: i, end: end, key: key})
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

// newReplacer builds the equivalence map: every variant is compared as its
// canonical form. Longer variants go first so that "---" is not read as
// "--" followed by "-".
func newReplacer(eq map[string][]string) *strings.Replacer {
	if len(eq) == 0 {
		return nil
	}
	type pair struct{ from, to string }
	var pairs []pair
	for canon, variants := range eq {
		for _, v := range variants {
			if v != "" && v != canon {
				pairs = append(pairs, pair{v, canon})
			}
		}
	}
	sortPairs := func(a, b pair) int {
		if len(a.from) != len(b.from) {
			return len(b.from) - len(a.from)
		}
		return strings.Compare(a.from, b.from)
	}
	slices.SortFunc(pairs, sortPairs)
	args := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		args = append(args, p.from, p.to)
	}
	return strings.NewReplacer(args...)
}
