package collate

import (
	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// CER is the character error rate of a hypothesis against a reference:
// the edit distance between the two (see EditDistance) after both are
// normalised to Unicode NFC, divided by the number of grapheme clusters
// of the reference. A grapheme cluster is what a reader sees as one
// character: "é" typed as e and a combining acute, a flag, or an emoji
// with a skin-tone modifier each count once.
//
// An empty reference gives 0 for an empty hypothesis and 1 otherwise.
// The rate can exceed 1 when the hypothesis is much longer than the
// reference.
func CER(reference, hypothesis string) float64 {
	reference, hypothesis = norm.NFC.String(reference), norm.NFC.String(hypothesis)
	n := uniseg.GraphemeClusterCount(reference)
	if n == 0 {
		if hypothesis == "" {
			return 0
		}
		return 1
	}
	return float64(EditDistance(reference, hypothesis)) / float64(n)
}

// EditDistance is the Levenshtein distance between a and b counted in
// grapheme clusters: the fewest insertions, deletions and substitutions
// of one cluster each that turn a into b. Clusters are compared byte for
// byte, so canonically equivalent spellings ("é" precomposed and "e" with
// a combining acute) differ unless the caller normalises first, as CER
// does.
//
// Besides its inputs it keeps two rows of counts and the clusters of the
// shorter string: memory grows with the shorter string only.
func EditDistance(a, b string) int {
	na, nb := uniseg.GraphemeClusterCount(a), uniseg.GraphemeClusterCount(b)
	if na < nb {
		a, b = b, a
		na, nb = nb, na
	}
	// a is now the longer string, walked once; b is the shorter one, held
	// as clusters (substrings of b, not copies) across each row.
	if nb == 0 {
		return na
	}
	short := make([]string, 0, nb)
	state := -1
	for rest := b; rest != ""; {
		var g string
		g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		short = append(short, g)
	}
	prev := make([]int, nb+1)
	cur := make([]int, nb+1)
	for j := range prev {
		prev[j] = j
	}
	state = -1
	i := 0
	for rest := a; rest != ""; {
		var g string
		g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		i++
		cur[0] = i
		for j, h := range short {
			cost := 1
			if g == h {
				cost = 0
			}
			cur[j+1] = min(prev[j+1]+1, cur[j]+1, prev[j]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[nb]
}

// GraphemeCount is the number of grapheme clusters of s, the characters
// CER counts.
func GraphemeCount(s string) int { return uniseg.GraphemeClusterCount(s) }
