package decision

import (
	"slices"

	"github.com/scribe-transcription/scribe/workflow/collate"
)

// Applied is a decision placed on the page as it is now.
type Applied struct {
	Decision
	// Now is the row the decision applies to; it differs from Row when
	// rows were added or removed above it. 0 when the decision is stale
	// and its row is gone.
	Now int
	// Stale is set when the row's variants are no longer the ones the
	// decision was made on; Current then lists them.
	Stale   bool
	Current []string
}

// Apply places each decision on the page. A decision holds on a row whose
// comparison texts are all among those it saw or equal to its own text: a
// reading added later that agrees with the decision leaves it valid, and so
// does any change to other rows. When rows have shifted, the nearest such
// row still showing one of the texts it saw, or its own text, takes it.
// Otherwise the decision is stale and never applied.
func Apply(al *collate.Alignment, opts collate.Options, ds []Decision) []Applied {
	if len(ds) == 0 {
		return nil // nothing to place: no row texts needed
	}
	norm := collate.Normalizer(opts)
	texts := RowTexts(al, norm)
	taken := make([]bool, len(texts)+1)
	out := make([]Applied, len(ds))
	for k, d := range ds {
		own := norm(d.Text)
		allowed := map[string]bool{own: true}
		for _, s := range d.Seen {
			allowed[s] = true
		}
		holds := func(row int) bool {
			if row < 1 || row > len(texts) || taken[row] {
				return false
			}
			shared := false
			for _, t := range texts[row-1] {
				if !allowed[t] {
					return false
				}
				// A reading that now has the decided text ties the row
				// to the decision as well as a text it saw does: a typed
				// correction later adopted by every reading still holds.
				shared = shared || slices.Contains(d.Seen, t) || (t == own && d.How != Omit)
			}
			return shared
		}
		a := Applied{Decision: d}
		for dist := 0; dist <= len(texts); dist++ {
			if holds(d.Row - dist) {
				a.Now = d.Row - dist
				break
			}
			if dist > 0 && holds(d.Row+dist) {
				a.Now = d.Row + dist
				break
			}
		}
		if a.Now == 0 {
			a.Stale = true
			if d.Row <= len(texts) {
				a.Current = texts[d.Row-1]
			}
		} else {
			taken[a.Now] = true
		}
		out[k] = a
	}
	return out
}

// RowTexts returns, for each row, the distinct comparison texts of its
// readings, sorted. A reading with nothing in the row gives "".
func RowTexts(al *collate.Alignment, norm func(string) string) [][]string {
	out := make([][]string, len(al.Rows))
	for i, r := range al.Rows {
		var ts []string
		for _, c := range r.Cells {
			t := norm(c)
			if !slices.Contains(ts, t) {
				ts = append(ts, t)
			}
		}
		slices.Sort(ts)
		out[i] = ts
	}
	return out
}
