package page

import (
	"slices"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/project"
)

// OCRLines returns the lines of the OCR reading (1-based, as in
// readings/ocr.txt and ocr-lines.tsv) that row (1-based) holds text of:
// the lines its OCR cell covers that are not blank. None when the page
// has no OCR reading or the OCR has no text in the row.
func (p *Page) OCRLines(row int) []int {
	al := p.Alignment
	i := slices.Index(al.Readings, project.OCR)
	if i < 0 || row < 1 || row > len(al.Rows) {
		return nil
	}
	line := 1
	for _, r := range al.Rows[:row-1] {
		line += strings.Count(r.Cells[i], "\n")
	}
	var out []int
	for k, l := range strings.SplitAfter(al.Rows[row-1].Cells[i], "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, line+k)
		}
	}
	return out
}
