package collate

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// op is one step of a diff between the columns and a reading: opEqual
// pairs n columns with n tokens, opDelete skips n columns, opInsert adds
// n tokens.
type op struct {
	kind diffmatchpatch.Operation
	n    int
}

// seen counts a key's occurrences in the two sequences of a diff and
// holds its last position in each.
type seen struct{ na, nb, pa, pb int32 }

// differ holds go-diff and the buffers that the diffs of one page reuse.
type differ struct {
	dmp     *diffmatchpatch.DiffMatchPatch
	seen    []seen  // by key number; all zero between diffs
	label   []int32 // by key number; all zero between questions
	ca, cb  []rune  // a question in canonical form
	pairs   [][2]int32
	anchors [][2]int32
	tails   []int
	prev    []int
	ops     []op
	// The answers go-diff gave on this page: readings that agree with
	// one another ask the same questions.
	memo      map[uint64]int32 // the last answer with a hash, by hash
	answers   []answer
	questions []rune // the answers' questions, back to back
	replies   []op   // the answers' diffs, back to back
	// Near spellings (see spellings): the keys by number, and the
	// spellings of the strays of the two sequences of a diff.
	keys           []string
	spellAt        []int32  // per key: offset+1 in spellHash, shifted, and count
	spellHash      []uint64 // the keys' spellings, back to back
	spellRunes     []rune
	spellPre       []uint64
	spellSuf       []uint64
	spellPow       []uint64
	strayA, strayB hashSet
}

// answer is go-diff's diff of a against b, as counts.
type answer struct {
	a, b, ops [2]int32 // offsets and lengths in questions, questions and replies
	next      int32    // an earlier answer with the same hash, or -1
}

// reset readies the differ for keys numbered below nkeys; keys, when
// given, are the keys by number, whose near spellings it indexes.
func (d *differ) reset(nkeys int, keys ...string) {
	if d.dmp == nil {
		d.dmp = newDiffer()
	}
	d.spellings(keys)
	d.seen = slices.Grow(d.seen[:0], nkeys)[:nkeys]
	clear(d.seen)
	d.label = slices.Grow(d.label[:0], nkeys)[:nkeys]
	clear(d.label)
	if d.memo == nil {
		d.memo = make(map[uint64]int32)
	}
	clear(d.memo)
	d.answers, d.questions, d.replies = d.answers[:0], d.questions[:0], d.replies[:0]
}

// Labels of a question in canonical form: one for every element found in
// a only, one for every element found in b only, and from firstShared on
// one per element found in both, in order of first appearance in a.
const (
	onlyA       = 1
	onlyB       = 2
	firstShared = 3
)

// canonical rewrites the question of diffing the elements with key
// numbers an against those with bn in canonical form, into d.ca and d.cb.
//
// go-diff's answer, as counts, depends only on which elements of one side
// equal which of the other: it compares an element of a with one of b
// (in its search and its common prefixes and suffixes) or with one of an
// equality (in its cleanup), whose elements are in both; never two
// elements of one side with each other. Renaming the elements shared by
// both sides one for one, and all the others of each side to one name of
// that side, keeps every such comparison as it was, and so the answer.
// Questions that differ only in tokens that one side alone has (a
// misspelt word, a column of one stray token) become one question.
func (d *differ) canonical(an, bn []int32) (ca, cb []rune) {
	lab := d.label // per key: bit 0 in a, bit 1 in b, the label above them
	for _, x := range an {
		lab[x] |= 1
	}
	for _, x := range bn {
		lab[x] |= 2
	}
	ca, cb = d.ca[:0], d.cb[:0]
	next := int32(firstShared)
	for _, x := range an {
		v := lab[x]
		if v&3 != 3 {
			ca = append(ca, onlyA)
			continue
		}
		if v>>2 == 0 {
			v |= next << 2
			lab[x] = v
			next++
		}
		ca = append(ca, idRune(int(v>>2)))
	}
	for _, x := range bn {
		if v := lab[x]; v&3 == 3 {
			cb = append(cb, idRune(int(v>>2)))
		} else {
			cb = append(cb, onlyB)
		}
	}
	for _, x := range an {
		lab[x] = 0
	}
	for _, x := range bn {
		lab[x] = 0
	}
	d.ca, d.cb = ca, cb
	return ca, cb
}

// diffMain returns go-diff's diff of a against b as counts, asking go-diff
// only what it has not been asked on this page. a and b must be in
// canonical form. The result is valid until the next call.
func (d *differ) diffMain(a, b []rune) []op {
	h := uint64(len(a))*0x9E3779B97F4A7C15 ^ uint64(len(b))
	for _, r := range a {
		h = (h ^ uint64(r)) * 0x100000001B3
	}
	for _, r := range b {
		h = (h ^ uint64(r)) * 0x100000001B3
	}
	last, ok := d.memo[h]
	for k := last; ok && k >= 0; k = d.answers[k].next {
		an := &d.answers[k]
		if slices.Equal(d.question(an.a), a) && slices.Equal(d.question(an.b), b) {
			return d.replies[an.ops[0] : an.ops[0]+an.ops[1]]
		}
	}
	an := answer{next: -1}
	if ok {
		an.next = last
	}
	an.a = [2]int32{int32(len(d.questions)), int32(len(a))}
	d.questions = append(d.questions, a...)
	an.b = [2]int32{int32(len(d.questions)), int32(len(b))}
	d.questions = append(d.questions, b...)
	from := len(d.replies)
	for _, x := range d.dmp.DiffMainRunes(a, b, false) {
		d.replies = append(d.replies, op{x.Type, utf8.RuneCountInString(x.Text)})
	}
	an.ops = [2]int32{int32(from), int32(len(d.replies) - from)}
	d.memo[h] = int32(len(d.answers))
	d.answers = append(d.answers, an)
	return d.replies[from:]
}

func (d *differ) question(q [2]int32) []rune { return d.questions[q[0] : q[0]+q[1]] }

// anchoredDiff diffs two token-id sequences, a and b, whose key numbers
// are an and bn. Tokens that occur exactly once in each sequence and keep
// their order (the longest such chain) are matched first, as patience
// diff does; go-diff then diffs the short stretches between these
// anchors. On a page where most words recur rarely this turns one large
// diff into many small ones, and it keeps a distant repeated word from
// being matched out of place. The result is valid until the next call.
func (d *differ) anchoredDiff(a, b []rune, an, bn []int32) []op {
	if len(a) > 0 && slices.Equal(a, b) {
		// Every stretch between anchors would be equal.
		d.ops = append(d.ops[:0], op{diffmatchpatch.DiffEqual, len(a)})
		return d.ops
	}
	m := d.seen
	for i, x := range an {
		m[x].na++
		m[x].pa = int32(i)
	}
	for j, x := range bn {
		m[x].nb++
		m[x].pb = int32(j)
	}
	// Unique pairs in the order of a, then the longest increasing run of
	// their positions in b. A word is no anchor if both sequences have
	// another word one edit from it: where a passage repeats and each
	// reading misspells a word in a different copy, the word looks unique
	// in both, in different places, and anchoring on it would align one
	// copy with the other.
	d.countStrays(an, bn, m)
	pairs := d.pairs[:0]
	for i, x := range an {
		if s := m[x]; s.na == 1 && s.nb == 1 && d.alone(x) {
			pairs = append(pairs, [2]int32{int32(i), s.pb})
		}
	}
	for _, x := range an {
		m[x] = seen{}
	}
	for _, x := range bn {
		m[x] = seen{}
	}
	d.pairs = pairs
	anchors := d.longestIncreasing(pairs)

	ops := d.ops[:0]
	add := func(kind diffmatchpatch.Operation, n int) {
		if n == 0 {
			return
		}
		if k := len(ops); k > 0 && ops[k-1].kind == kind {
			ops[k-1].n += n
			return
		}
		ops = append(ops, op{kind, n})
	}
	gap := func(a, b []rune, an, bn []int32) {
		switch {
		case len(a) == 0:
			add(diffmatchpatch.DiffInsert, len(b))
		case len(b) == 0:
			add(diffmatchpatch.DiffDelete, len(a))
		default:
			if e, ok := trivialDiff(a, b); ok {
				for _, o := range e.ops[:e.n] {
					add(o.kind, o.n)
				}
				return
			}
			for _, o := range d.diffMain(d.canonical(an, bn)) {
				add(o.kind, o.n)
			}
		}
	}
	i, j := 0, 0
	for _, p := range anchors {
		gap(a[i:p[0]], b[j:p[1]], an[i:p[0]], bn[j:p[1]])
		add(diffmatchpatch.DiffEqual, 1)
		i, j = int(p[0])+1, int(p[1])+1
	}
	gap(a[i:], b[j:], an[i:], bn[j:])
	d.ops = ops
	return ops
}

// longestIncreasing returns the longest chain of pairs whose second
// positions increase (the first already do), by patience sorting. The
// result is valid until the next call.
func (d *differ) longestIncreasing(pairs [][2]int32) [][2]int32 {
	if len(pairs) == 0 {
		return nil
	}
	tails := d.tails[:0] // index of the pair ending the best chain of each length
	if cap(d.prev) < len(pairs) {
		d.prev = make([]int, len(pairs), 2*len(pairs))
	}
	prev := d.prev[:len(pairs)] // the pair before each pair in its chain
	for k, p := range pairs {
		// The first chain length whose tail is not below p.
		l, h := 0, len(tails)
		for l < h {
			m := int(uint(l+h) >> 1)
			if pairs[tails[m]][1] >= p[1] {
				h = m
			} else {
				l = m + 1
			}
		}
		if l > 0 {
			prev[k] = tails[l-1]
		} else {
			prev[k] = -1
		}
		if l == len(tails) {
			tails = append(tails, k)
		} else {
			tails[l] = k
		}
	}
	d.tails = tails
	if cap(d.anchors) < len(tails) {
		d.anchors = make([][2]int32, len(tails), 2*len(tails))
	}
	out := d.anchors[:len(tails)]
	for k, t := len(tails)-1, tails[len(tails)-1]; k >= 0; k, t = k-1, prev[t] {
		out[k] = pairs[t]
	}
	return out
}

// edits is a short diff: n ops.
type edits struct {
	ops [4]op
	n   int
}

func (e *edits) add(kind diffmatchpatch.Operation, n int) {
	if n > 0 {
		e.ops[e.n] = op{kind, n}
		e.n++
	}
}

// trivialDiff returns what go-diff's DiffMainRunes returns for two
// non-empty sequences, as counts, when the answer needs no search: they
// are equal, or what lies between their common prefix and suffix is one
// element against one, or is on one side only. ok is false otherwise.
// The stretches between anchors are mostly of these kinds, and go-diff
// spends an allocation or more on each part of its answer.
func trivialDiff(a, b []rune) (e edits, ok bool) {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	if p == len(a) && p == len(b) {
		e.add(diffmatchpatch.DiffEqual, p)
		return e, true
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	m1, m2 := len(a)-p-q, len(b)-p-q
	switch {
	case m1 == 1 && m2 == 1:
		e.add(diffmatchpatch.DiffEqual, p)
		e.add(diffmatchpatch.DiffDelete, 1)
		e.add(diffmatchpatch.DiffInsert, 1)
		e.add(diffmatchpatch.DiffEqual, q)
		return e, true
	case m1 == 0 || m2 == 0:
		kind, mid := diffmatchpatch.DiffInsert, b[p:p+m2]
		if m2 == 0 {
			kind, mid = diffmatchpatch.DiffDelete, a[p:p+m1]
		}
		// go-diff's cleanup shifts a lone edit between two equalities over
		// the one before it when the edit ends with it, and the two
		// equalities merge. (It would shift it over the one after it when
		// the edit starts with that, but then the common prefix would have
		// been longer.)
		switch {
		case p > 0 && q > 0 && hasSuffix(mid, a[:p]):
			e.add(kind, len(mid))
			e.add(diffmatchpatch.DiffEqual, p+q)
		default:
			e.add(diffmatchpatch.DiffEqual, p)
			e.add(kind, len(mid))
			e.add(diffmatchpatch.DiffEqual, q)
		}
		return e, true
	}
	return e, false
}

func hasSuffix(s, suffix []rune) bool {
	return len(s) >= len(suffix) && slices.Equal(s[len(s)-len(suffix):], suffix)
}

// nearMin is the shortest word, in runes, whose near spellings (one
// letter deleted) are indexed: shorter words differ in one letter from
// too many others.
const nearMin = 5

// spellings readies the differ to look for near spellings among keys
// (by number): a word and those one letter shorter (a deletion), by
// hash, so that two words one edit apart share one of them (a deletion,
// an insertion, a substitution or a swap of neighbours). A key's hashes
// are made when first asked for, once a page.
func (d *differ) spellings(keys []string) {
	d.keys = keys
	d.spellAt = slices.Grow(d.spellAt[:0], len(keys))[:len(keys)]
	clear(d.spellAt)
	d.spellHash = d.spellHash[:0]
}

// spelled returns the hashes of key x's spellings.
func (d *differ) spelled(x int32) []uint64 {
	if at := d.spellAt[x]; at != 0 {
		from := at>>8 - 1
		return d.spellHash[from : from+at&0xFF]
	}
	from := len(d.spellHash)
	k := strings.TrimPrefix(d.keys[x], " ")
	rs := d.spellRunes[:0]
	for _, r := range k {
		rs = append(rs, r)
	}
	d.spellRunes = rs
	n := len(rs)
	// Polynomial hashes: the whole word, and with each rune left out, from
	// the hashes of its prefixes and suffixes, so that a word's spellings
	// cost one pass and a word one letter shorter hashes as its deletion.
	pre := slices.Grow(d.spellPre[:0], n+1)[:n+1]
	suf := slices.Grow(d.spellSuf[:0], n+1)[:n+1]
	pow := slices.Grow(d.spellPow[:0], n+1)[:n+1]
	d.spellPre, d.spellSuf, d.spellPow = pre, suf, pow
	pre[0], pow[0] = 0, 1
	for i, r := range rs {
		pre[i+1] = pre[i]*spellBase + uint64(r)
		pow[i+1] = pow[i] * spellBase
	}
	suf[n] = 0
	for i := n - 1; i >= 0; i-- {
		suf[i] = suf[i+1] + uint64(rs[i])*pow[n-1-i]
	}
	d.spellHash = append(d.spellHash, pre[n])
	if n >= nearMin && n < 0xFF && isWordKey(k) {
		for at := range n {
			d.spellHash = append(d.spellHash, pre[at]*pow[n-1-at]+suf[at+1])
		}
	}
	d.spellAt[x] = int32(from+1)<<8 | int32(len(d.spellHash)-from)
	return d.spellHash[from:]
}

// spellBase is the base of the spellings' polynomial hashes (odd, and
// large, so that runes mix).
const spellBase = 0x100000001B3

// addSpellings adds to set the hashes of key x's spellings.
func (d *differ) addSpellings(set *hashSet, x int32) {
	for _, h := range d.spelled(x) {
		set.add(h)
	}
}

// hasSpelling reports whether set holds one of key x's spellings.
func (d *differ) hasSpelling(set *hashSet, x int32) bool {
	if set.n == 0 {
		return false
	}
	for _, h := range d.spelled(x) {
		if set.has(h) {
			return true
		}
	}
	return false
}

// hashSet is a set of non-zero hashes: open addressing in a table whose
// length is a power of two.
type hashSet struct {
	table []uint64
	n     int
}

func (h *hashSet) reset(capacity int) {
	size := 64
	for size < 2*capacity {
		size *= 2
	}
	if len(h.table) != size {
		h.table = make([]uint64, size)
	} else if h.n > 0 {
		clear(h.table)
	}
	h.n = 0
}

func (h *hashSet) add(x uint64) {
	x |= 1
	if 2*(h.n+1) > len(h.table) {
		old := h.table
		h.table, h.n = make([]uint64, 2*len(old)), 0
		for _, y := range old {
			if y != 0 {
				h.add(y)
			}
		}
	}
	mask := uint64(len(h.table) - 1)
	for i := slot(x, mask); ; i = (i + 1) & mask {
		switch h.table[i] {
		case 0:
			h.table[i] = x
			h.n++
			return
		case x:
			return
		}
	}
}

// slot is where a hash goes in a table of mask+1 slots: its bits mixed,
// since a polynomial hash's low bits depend on the runes' low bits only.
func slot(x, mask uint64) uint64 {
	x *= 0x9E3779B97F4A7C15
	return (x ^ x>>32) & mask
}

func (h *hashSet) has(x uint64) bool {
	x |= 1
	mask := uint64(len(h.table) - 1)
	for i := slot(x, mask); ; i = (i + 1) & mask {
		switch h.table[i] {
		case 0:
			return false
		case x:
			return true
		}
	}
}

// countStrays gathers the spellings of the words that one sequence has
// once and the other not at all (most misspellings are such strays), each
// sequence's in its own set.
func (d *differ) countStrays(an, bn []int32, m []seen) {
	d.strayA.reset(0)
	d.strayB.reset(0)
	if d.keys == nil {
		return
	}
	for _, x := range an {
		if s := m[x]; s.na == 1 && s.nb == 0 {
			d.addSpellings(&d.strayA, x)
		}
	}
	for _, x := range bn {
		if s := m[x]; s.nb == 1 && s.na == 0 {
			d.addSpellings(&d.strayB, x)
		}
	}
}

// alone reports whether key x, found once in each sequence, lacks a near
// spelling among the strays of one of them at least: a word misspelt once
// in a passage that both readings repeat has one in both.
func (d *differ) alone(x int32) bool {
	return d.keys == nil || !d.hasSpelling(&d.strayA, x) || !d.hasSpelling(&d.strayB, x)
}
