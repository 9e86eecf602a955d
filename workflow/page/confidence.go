package page

import (
	"errors"
	"io/fs"
	"slices"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Geometry reads a page's OCR line geometry (ocr-lines.tsv): nil, and no
// error, when the page has none.
func Geometry(repo *layout.Repo, doc, pageID string) (*geometry.Page, error) {
	rel := layout.LinesPath(doc, pageID)
	src, err := repo.ReadFile(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return geometry.Parse(rel, src)
}

// confidenceOptions sets the collation's confidence of the OCR reading
// from the page's geometry, when the geometry gives word confidences.
func confidenceOptions(opts *collate.Options, rs []collate.Reading, g *geometry.Page) {
	i := slices.IndexFunc(rs, func(r collate.Reading) bool { return r.ID == project.OCR })
	if i < 0 || g == nil {
		return
	}
	if c := OCRConfidence(rs[i].Text, g); c != nil {
		opts.Confidence = map[string]func(start, end int) float64{project.OCR: c}
	}
}

// wordConf is one word of the OCR reading: its byte offsets in the text
// and its confidence.
type wordConf struct {
	start, end int
	conf       float64
}

// OCRConfidence maps the byte offsets of text, the OCR reading, to the
// confidence its geometry gives: a range is as sure as the words it
// overlaps on average, a line's words being its whitespace-separated
// words in order, each taking the confidence at its place in the line's
// word list. A range over no word with a confidence (white space, a line
// break, a line without word confidences) counts fully. nil when the
// geometry gives no word confidence at all.
func OCRConfidence(text string, g *geometry.Page) func(start, end int) float64 {
	var words []wordConf
	off := 0
	for n, line := range strings.SplitAfter(text, "\n") {
		l, ok := g.Line(n + 1)
		k := 0
		for i := 0; i < len(line); {
			if isSpace(line[i]) {
				i++
				continue
			}
			j := i
			for j < len(line) && !isSpace(line[j]) {
				j++
			}
			if ok && k < len(l.Words) {
				words = append(words, wordConf{off + i, off + j, l.Words[k]})
			}
			k++
			i = j
		}
		off += len(line)
	}
	if len(words) == 0 {
		return nil
	}
	return func(start, end int) float64 {
		i, _ := slices.BinarySearchFunc(words, start, func(w wordConf, at int) int {
			if w.end <= at {
				return -1
			}
			return 1
		})
		sum, n := 0.0, 0
		for ; i < len(words) && words[i].start < end; i++ {
			sum += words[i].conf
			n++
		}
		if n == 0 {
			return 1
		}
		return sum / float64(n)
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
