package collate

import (
	"hash/maphash"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// token is one word, punctuation run or line break of a reading. What is
// compared is its key: the token with equivalences applied, and a " "
// prefix when spaced; the page's keys are numbered, and a token holds the
// number of its key. A token holds no pointers.
type token struct {
	start, end int32 // byte offsets in the reading
	id         rune  // the key interned: equal keys, equal ids
	num        int32 // the key's number, from 0: id is idRune(num+1)
	nl         bool  // a line break
	spaced     bool  // follows white space, a line break or the start
	variant    bool  // holds the first byte of an equivalence's variant
	brk        bool  // the key is breakKey
}

// breakKey is the comparison key of a line break. A tab is white space,
// which never occurs inside a typed token, so it cannot collide with one.
const breakKey = "\t"

// tokenizeAll tokenises every reading and numbers the keys of all their
// tokens: equal keys, equal ids, in order of first appearance, so that the
// pairwise diffs compare runes. It returns the tokens of each reading and
// the keys by number.
func (ws *workspace) tokenizeAll(rs []Reading, eq *equivalence) ([][]token, []string) {
	toks := slices.Grow(ws.toks[:0], len(rs))[:len(rs)]
	ws.toks = toks
	guess := 0
	for _, r := range rs {
		guess += len(r.Text)/4 + 1
	}
	// One block for all the readings' tokens; one that outgrows it is
	// moved to a larger block.
	block := ws.block[:0]
	if cap(block) < guess {
		block = make([]token, 0, guess)
	}
	used := 0
	for i, r := range rs {
		free := block[used:used:cap(block)]
		toks[i] = tokenize(r.Text, free, &eq.tab)
		if n := len(toks[i]); n <= cap(free) {
			used += n
		} else {
			// The reading's own slice holds its tokens; give the next
			// readings a block as large as this one grew.
			block, used = make([]token, 0, cap(toks[i])+guess), 0
		}
	}
	ws.block = block[:0]
	// A key is the token itself, or with the space before it, where that
	// is what the key says; the others are written one after another in
	// keys. (A string taken from a builder never changes, whatever is
	// written after it.)
	var keys strings.Builder
	in := &ws.interner
	in.reset(guess / 4)
	for i, r := range rs {
		text := r.Text
		for j := range toks[i] {
			t := &toks[i][j]
			var key string
			switch {
			case t.nl:
				key = breakKey
			case t.variant:
				from := keys.Len()
				if t.spaced {
					keys.WriteByte(' ')
				}
				eq.write(&keys, text[t.start:t.end])
				key = keys.String()[from:]
			case !t.spaced:
				key = text[t.start:t.end]
			case t.start > 0 && text[t.start-1] == ' ':
				key = text[t.start-1 : t.end]
			default:
				from := keys.Len()
				keys.WriteByte(' ')
				keys.WriteString(text[t.start:t.end])
				key = keys.String()[from:]
			}
			t.num = in.intern(key)
			t.id = idRune(int(t.num) + 1)
			t.brk = key == breakKey
		}
	}
	ws.splitHyphenated(rs, toks, &keys)
	return toks, in.keys
}

// splitHyphenated lines up a word hyphenated at a line end with the same
// word unbroken: where one reading has "tech-⏎nique", the second part
// counts as joined to the first (its key has no space), and a reading's
// "technique" is split into "tech" and "nique", so that the parts align
// and the hyphen and the line break are one reading's additions, not a
// reason to lose "nique".
func (ws *workspace) splitHyphenated(rs []Reading, toks [][]token, keys *strings.Builder) {
	in := &ws.interner
	var joins map[string]int // the joined word, to the length of its first part
	type site struct{ r, t int }
	var sites []site
	for i, r := range rs {
		ts := toks[i]
		for t := 0; t+3 < len(ts); t++ {
			a, h, nl, b := &ts[t], &ts[t+1], &ts[t+2], &ts[t+3]
			if !nl.nl || h.spaced || in.keys[h.num] != "-" || !isWordKey(in.keys[a.num]) || !isWordKey(in.keys[b.num]) || a.variant || b.variant {
				continue
			}
			if joins == nil {
				joins = map[string]int{}
			}
			joins[r.Text[a.start:a.end]+r.Text[b.start:b.end]] = int(a.end - a.start)
			sites = append(sites, site{i, t + 3})
		}
	}
	if joins == nil {
		return
	}
	// Only where another reading has the word unbroken, on one line.
	found := map[string]bool{}
	for i, r := range rs {
		ts := toks[i]
		for t, tk := range ts {
			if tk.nl || tk.variant {
				continue
			}
			if w := r.Text[tk.start:tk.end]; joins[w] > 0 {
				found[w] = true
			}
			if t+2 < len(ts) && !ts[t+1].spaced && !ts[t+2].spaced && !ts[t+1].nl && !ts[t+2].nl && r.Text[ts[t+1].start:ts[t+1].end] == "-" {
				if w := r.Text[tk.start:tk.end] + r.Text[ts[t+2].start:ts[t+2].end]; joins[w] > 0 {
					found[w] = true
				}
			}
		}
	}
	for w := range joins {
		if !found[w] {
			delete(joins, w)
		}
	}
	if len(joins) == 0 {
		return
	}
	for _, st := range sites {
		b := &toks[st.r][st.t]
		a := &toks[st.r][st.t-3]
		text := rs[st.r].Text
		if joins[text[a.start:a.end]+text[b.start:b.end]] == 0 {
			continue
		}
		b.num = in.intern(text[b.start:b.end])
		b.id = idRune(int(b.num) + 1)
	}
	for i, r := range rs {
		var out []token
		for t, tk := range toks[i] {
			cut, ok := 0, false
			if !tk.nl && !tk.variant {
				cut, ok = joins[r.Text[tk.start:tk.end]]
			}
			if !ok {
				if out != nil {
					out = append(out, tk)
				}
				continue
			}
			if out == nil {
				out = append(make([]token, 0, len(toks[i])+4), toks[i][:t]...)
			}
			a, b := tk, tk
			a.end = tk.start + int32(cut)
			b.start, b.spaced = a.end, false
			from := keys.Len()
			if a.spaced {
				keys.WriteByte(' ')
			}
			keys.WriteString(r.Text[a.start:a.end])
			a.num = in.intern(keys.String()[from:])
			a.id = idRune(int(a.num) + 1)
			b.num = in.intern(r.Text[b.start:b.end])
			b.id = idRune(int(b.num) + 1)
			out = append(out, a, b)
		}
		if out != nil {
			toks[i] = out
		}
	}
}

// interner numbers strings from 0 in order of first appearance: an open
// addressing hash table of numbers, with the strings and their hashes by
// number.
type interner struct {
	seed  maphash.Seed
	table []int32 // number+1, 0 for a free slot; the length is a power of two
	keys  []string
	hash  []uint64
}

// reset empties the interner, sized for about n strings.
func (in *interner) reset(n int) {
	if in.table == nil {
		in.seed = maphash.MakeSeed()
	}
	size := 64
	for size < 2*n {
		size *= 2
	}
	if len(in.table) == size {
		clear(in.table)
	} else {
		in.table = make([]int32, size)
	}
	clear(in.keys)
	in.keys, in.hash = in.keys[:0], in.hash[:0]
}

// intern returns the number of s.
func (in *interner) intern(s string) int32 {
	h := maphash.String(in.seed, s)
	mask := uint64(len(in.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		k := in.table[i]
		if k == 0 {
			num := int32(len(in.keys))
			in.table[i] = num + 1
			in.keys, in.hash = append(in.keys, s), append(in.hash, h)
			if 2*len(in.keys) > len(in.table) {
				in.grow()
			}
			return num
		}
		if in.hash[k-1] == h && in.keys[k-1] == s {
			return k - 1
		}
	}
}

// grow doubles the table.
func (in *interner) grow() {
	in.table = make([]int32, 2*len(in.table))
	mask := uint64(len(in.table) - 1)
	for num, h := range in.hash {
		i := h & mask
		for in.table[i] != 0 {
			i = (i + 1) & mask
		}
		in.table[i] = int32(num) + 1
	}
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
func tokenize(text string, toks []token, tab *[256]uint8) []token {
	spaced := true // the start of a reading counts as a line start
	for i := 0; i < len(text); {
		c := text[i]
		r, size := rune(c), 1
		word := false
		hit := tab[c] // a variant's first byte, in the variant bit
		if c < utf8.RuneSelf {
			switch tab[c] & classBits {
			case asciiSpace:
				if c == '\n' {
					toks = append(toks, token{start: int32(i), end: int32(i + 1), nl: true, spaced: true})
				}
				i++
				spaced = true
				continue
			case asciiWord:
				word = true
			}
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				i += size
				spaced = true
				continue
			}
			if isFormat(r) {
				// An invisible format character (a zero-width space or
				// joiner, a soft hyphen) outside a word is not a token and
				// does not change the spacing of the next one.
				i += size
				continue
			}
			word = isWordRune(r)
			hit |= variantBits(tab, text[i+1:i+size])
		}
		end := i + size
		wide := c >= utf8.RuneSelf // the token holds a non-ASCII character
		if word {
			for end < len(text) {
				c := text[end]
				if c < utf8.RuneSelf {
					f := tab[c]
					if f&classBits == asciiWord {
						hit |= f
						end++
						continue
					}
					// An apostrophe joins two word parts; a hyphen is a token
					// of its own, so that "tech-nique", "tech-⏎nique" and
					// "technique" align.
					if c == '\'' && end+1 < len(text) && startsWord(text[end+1:]) {
						hit |= f
						end++
						continue
					}
					break
				}
				r2, s2 := utf8.DecodeRuneInString(text[end:])
				// So does ’, and a format character (a zero-width joiner
				// inside a word) stays in it.
				if isWordRune(r2) || (r2 == '’' || isFormat(r2)) && end+s2 < len(text) && startsWord(text[end+s2:]) {
					hit |= variantBits(tab, text[end:end+s2])
					end += s2
					wide = true
					continue
				}
				break
			}
		} else if c < utf8.RuneSelf {
			for end < len(text) && text[end] == c {
				end++
			}
		} else if cl := clusterLen(text[i:], r, size); cl > size {
			// A symbol with modifiers or joiners (an emoji sequence, a flag)
			// is one token, as it is one character to a reader.
			end = i + cl
			hit |= variantBits(tab, text[i:end])
		} else {
			for end < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[end:])
				if r2 != r || clusterLen(text[end:], r2, s2) != s2 {
					break
				}
				hit |= variantBits(tab, text[end:end+s2])
				end += s2
			}
		}
		variant := hit&variantBit != 0
		if !variant && wide {
			variant = needsForm(text[i:end])
		}
		toks = append(toks, token{start: int32(i), end: int32(end), spaced: spaced, variant: variant})
		spaced = false
		i = end
	}
	return toks
}

// isFormat reports whether r is an invisible format character (Unicode
// category Cf), which comparison ignores.
func isFormat(r rune) bool {
	return r >= 0xAD && unicode.Is(unicode.Cf, r)
}

// clusterLen returns the length in bytes of the grapheme cluster that s
// starts with; its first rune r is size bytes long. What extends a
// cluster (a combining mark, a joiner, a modifier, a second regional
// indicator) is never ASCII, so a rune followed by ASCII or nothing is a
// cluster of its own.
func clusterLen(s string, r rune, size int) int {
	if (len(s) == size || s[size] < utf8.RuneSelf) && (r < 0x1F1E6 || r > 0x1F1FF) {
		return size
	}
	cl, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
	return len(cl)
}

// needsForm reports whether a token's comparison key differs from its
// text for a reason other than an equivalence: it holds a format
// character or is not in Unicode normal form C.
func needsForm(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return false
	}
	for _, r := range s {
		if isFormat(r) {
			return true
		}
	}
	return !norm.NFC.IsNormalString(s)
}

// form returns s in the form that comparison uses: normal form C, without
// format characters.
func form(s string) string {
	if !needsForm(s) {
		return s
	}
	s = strings.Map(func(r rune) rune {
		if isFormat(r) {
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(s)
}

// variantBits returns the variant bits of the bytes of s.
func variantBits(tab *[256]uint8, s string) uint8 {
	var f uint8
	for i := 0; i < len(s); i++ {
		f |= tab[s[i]]
	}
	return f & variantBit
}

// startsWord reports whether s begins with a word character.
func startsWord(s string) bool {
	if c := s[0]; c < utf8.RuneSelf {
		return asciiClass[c] == asciiWord
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

// asciiClass classifies the ASCII characters as unicode does.
var asciiClass = func() (c [utf8.RuneSelf]uint8) {
	for r := range rune(utf8.RuneSelf) {
		switch {
		case unicode.IsSpace(r):
			c[r] = asciiSpace
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			c[r] = asciiWord
		}
	}
	return c
}()

const (
	asciiOther = iota
	asciiSpace
	asciiWord

	classBits  = 3 // the class of an ASCII byte
	variantBit = 4 // a byte that starts an equivalence's variant
)

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] == asciiWord
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// equivalence rewrites every declared variant to its canonical form for
// comparison.
type equivalence struct {
	r *strings.Replacer
	// tab classifies the bytes: the class of an ASCII byte, and the
	// variant bit for every byte that starts a variant.
	tab [256]uint8
}

// newEquivalence builds the replacer. Longer variants go first so that
// "---" is not read as "--" followed by "-".
func newEquivalence(eq map[string][]string) *equivalence {
	type pair struct{ from, to string }
	var pairs []pair
	e := &equivalence{}
	copy(e.tab[:], asciiClass[:])
	for canon, variants := range eq {
		for _, v := range variants {
			if v != "" && v != canon {
				pairs = append(pairs, pair{v, canon})
				e.tab[v[0]] |= variantBit
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

// changes reports whether s may hold a variant: it holds a variant's
// first byte. Without one, s is its own canonical form.
func (e *equivalence) changes(s string) bool {
	if e.r != nil {
		for i := 0; i < len(s); i++ {
			if e.tab[s[i]]&variantBit != 0 {
				return true
			}
		}
	}
	return false
}

// write appends s in canonical form: normal form C, without format
// characters, equivalences applied.
func (e *equivalence) write(b *strings.Builder, s string) {
	s = form(s)
	if e.changes(s) {
		_, _ = e.r.WriteString(b, s)
		return
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
		for _, t := range tokenize(text, nil, &eq.tab) {
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
