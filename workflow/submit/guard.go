package submit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// The wrong-page guard compares a text with the readings of every page of
// its document, in two steps. First, cheaply, by word pairs (Similarity):
// every page gets the best score of its readings, and only the few other
// pages that score above MinPairs and above the page submitted to go on.
// Then, for those pages and the page submitted to, letter by letter
// (letterSimilarity), which a garbled OCR reading of the right page still
// passes better than a clean reading of a wrong one. The text is refused
// only when another page's reading matches it at MatchFloor or better and
// by MatchMargin more than any reading of the page submitted to: a text
// that resembles no page, such as a correct reading of a page whose OCR is
// badly garbled, is accepted.
const (
	// MinPairs is the share of word pairs another page's reading must
	// have in common with the text to be compared letter by letter.
	MinPairs = 0.1
	// Candidates is how many other pages, the closest by word pairs, are
	// compared letter by letter.
	Candidates = 3
	// MatchFloor is the letter similarity from which a reading of another
	// page counts as a match.
	MatchFloor = 0.65
	// MatchMargin is how much better than the page submitted to another
	// page must match for the text to be refused.
	MatchMargin = 0.2
	// maxLetters bounds the letters of each text compared letter by
	// letter, which keeps that step's cost bounded for long pages.
	maxLetters = 4000
)

// comparable is a text in the forms the guards compare.
type comparable struct {
	who   string // contributor id
	form  string // collation's comparison form
	lower []rune // the comparison form in lower case, for letterSimilarity
	pairs map[string]int
}

// comparer puts texts in comparison form under the project's equivalences.
type comparer struct{ norm func(string) string }

func newComparer(proj *project.Project) comparer {
	var opts collate.Options
	if proj != nil {
		opts.Equivalences = proj.Equivalences
	}
	return comparer{norm: collate.Normalizer(opts)}
}

func (c comparer) prepare(who, t string) comparable {
	form := c.norm(t)
	lower := strings.ToLower(form)
	return comparable{who: who, form: form, lower: []rune(lower), pairs: wordPairs(lower)}
}

// pageTexts are the readings of one page, in comparison form.
type pageTexts struct {
	page     string
	readings []comparable
}

// verdict is what the wrong-page guard found.
type verdict struct {
	here, other     float64 // the best letter similarities: this page's, the other page's
	hereBy, otherBy string  // whose readings those are
	page            string  // the other page that matches better, if any
	refuse          bool
	lettered        []string // the pages compared letter by letter
}

// matchPages judges the text mine against here, the page's readings by
// others, and others, the readings of every other page of the document.
func matchPages(mine comparable, here []comparable, others []pageTexts) verdict {
	var v verdict
	hereBest, _ := bestPairs(mine, here)
	type scored struct {
		i     int
		score float64
	}
	var cand []scored
	for i, p := range others {
		if s, _ := bestPairs(mine, p.readings); s >= MinPairs && s > hereBest {
			cand = append(cand, scored{i, s})
		}
	}
	if len(cand) == 0 {
		return v
	}
	slices.SortStableFunc(cand, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	cand = cand[:min(len(cand), Candidates)]

	v.here, v.hereBy = bestLetters(mine, here)
	v.lettered = append(v.lettered, "")
	v.other = -1
	for _, c := range cand {
		p := others[c.i]
		v.lettered = append(v.lettered, p.page)
		if s, by := bestLetters(mine, p.readings); s > v.other {
			v.other, v.otherBy, v.page = s, by, p.page
		}
	}
	v.refuse = v.other >= MatchFloor && v.other-v.here >= MatchMargin
	return v
}

func bestPairs(mine comparable, rs []comparable) (float64, string) {
	best, by := 0.0, ""
	for _, r := range rs {
		if s := dice(mine.pairs, r.pairs); s > best || by == "" {
			best, by = s, r.who
		}
	}
	return best, by
}

func bestLetters(mine comparable, rs []comparable) (float64, string) {
	best, by := 0.0, ""
	for _, r := range rs {
		if s := letterSimilarity(mine.lower, r.lower); s > best || by == "" {
			best, by = s, r.who
		}
	}
	return best, by
}

// letterSimilarity is 1 less the edit distance between two texts'
// comparison forms (case folded) over the longer one's length: 1 for the
// same text, near 1 for a noisy OCR reading of it, well under MatchFloor
// for two unrelated texts. Only the first maxLetters letters of each count.
func letterSimilarity(a, b []rune) float64 {
	a, b = a[:min(len(a), maxLetters)], b[:min(len(b), maxLetters)]
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	return 1 - float64(levenshtein(a, b))/float64(n)
}

// levenshtein is the edit distance between a and b, in two rows.
func levenshtein(a, b []rune) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int32, len(b)+1)
	cur := make([]int32, len(b)+1)
	for j := range prev {
		prev[j] = int32(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = int32(i)
		ra := a[i-1]
		for j := 1; j <= len(b); j++ {
			d := prev[j-1]
			if ra != b[j-1] {
				d = min(d, prev[j], cur[j-1]) + 1
			}
			cur[j] = d
		}
		prev, cur = cur, prev
	}
	return int(prev[len(b)])
}

// Similarity is the Dice coefficient of the two texts' multisets of
// adjacent word pairs (case folded): 1 for the same words in the same
// order, near 0 for different pages of one book, which share words but
// few pairs. Line breaks and punctuation do not count.
func Similarity(a, b string) float64 {
	return dice(wordPairs(strings.ToLower(a)), wordPairs(strings.ToLower(b)))
}

func dice(pa, pb map[string]int) float64 {
	if len(pa) == 0 && len(pb) == 0 {
		return 1
	}
	total := 0
	for _, n := range pa {
		total += n
	}
	for _, n := range pb {
		total += n
	}
	common := 0
	for k, n := range pa {
		common += min(n, pb[k])
	}
	return 2 * float64(common) / float64(total)
}

// wordPairs are the adjacent pairs of a lower-case text's words.
func wordPairs(s string) map[string]int {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	pairs := make(map[string]int, len(words))
	for i := 1; i < len(words); i++ {
		pairs[words[i-1]+" "+words[i]]++
	}
	return pairs
}

// otherPages reads the readings of every page of the document but the one
// submitted to, in document order. A reading that cannot be read or is
// not valid text is left out: check reports it, and it is no evidence of
// what this text is.
func otherPages(repo *layout.Repo, c comparer, doc *project.Document, pageID string) []pageTexts {
	var out []pageTexts
	for _, p := range doc.Pages {
		if p.ID == pageID {
			continue
		}
		files, err := repo.Readings(doc.ID, p.ID)
		if err != nil {
			continue
		}
		pt := pageTexts{page: p.ID}
		for _, f := range files {
			raw, err := repo.ReadFile(f.Path)
			if err != nil {
				continue
			}
			t, _, err := text.Normalize(raw)
			if err != nil {
				continue
			}
			pt.readings = append(pt.readings, c.prepare(f.Contributor, t))
		}
		if len(pt.readings) > 0 {
			out = append(out, pt)
		}
	}
	return out
}

// wrongPage is the refusal of a text that reads like another page.
func wrongPage(source, doc, pageID string, v verdict) error {
	here := fmt.Sprintf("%s/%s has no other reading", doc, pageID)
	if v.hereBy != "" {
		here = fmt.Sprintf("the closest reading of %s/%s, %s, at %s", doc, pageID, readingOf(v.hereBy), percent(v.here))
	}
	return problem.Newf(source, 0, "wrong-page",
		fmt.Sprintf("if this is page %s, submit it as %s/%s; if it is page %s after all, submit again with --force", v.page, doc, v.page, pageID),
		"this text reads like page %s, not %s: it matches %s of %s/%s at %s; %s",
		v.page, pageID, readingOf(v.otherBy), doc, v.page, percent(v.other), here)
}

// readingOf names a contributor's reading: "kim's reading", "the OCR reading".
func readingOf(id string) string {
	if id == project.OCR {
		return "the OCR reading"
	}
	return id + "'s reading"
}

func percent(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// copied is the contributor whose reading of the page has the same
// comparison form as mine, if any: a copy, not an independent reading.
func copied(mine comparable, here []comparable) (string, bool) {
	for _, r := range here {
		if r.form == mine.form {
			return r.who, true
		}
	}
	return "", false
}

// copyRefused is the refusal of a copy of another reading.
func copyRefused(source, doc, pageID, who string) error {
	hint := "read the page from its scan yourself; a maintainer may submit a copy anyway with --allow-copy"
	if who == project.OCR {
		return problem.Newf(source, 0, "copy", "correct the OCR's errors against the page's scan; if the OCR is right throughout, a maintainer may submit it with --allow-copy",
			"this text is the OCR reading of %s/%s unchanged: a reading is made from the scan, independently of the others, so that collation can find their errors", doc, pageID)
	}
	return problem.Newf(source, 0, "copy", hint,
		"this text is the same as %s of %s/%s: readings are made independently, each from the scan, so that collation can find their errors",
		readingOf(who), doc, pageID)
}
