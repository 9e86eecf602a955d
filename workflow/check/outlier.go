package check

import (
	"math"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
)

// RuleOutlier reports a reading that shares too little of its text with
// the page's other readings to vote.
const RuleOutlier = "outlier"

// outliers warns of each reading of a page that the collation sets
// aside as an outlier (collate.Reliability.Outlier): it shares less
// than half of its text with the others, while another reading shares
// more. Most often it reads another page or another edition; it does
// not vote, so the page's rows rest on the other readings alone.
func (c *checker) outliers(p *page.Page) {
	al := p.Alignment
	for i, id := range al.Readings {
		if i >= len(al.Reliability) || !al.Reliability[i].Outlier {
			continue
		}
		pct := int(math.Floor(al.Reliability[i].Shared*100 + 1e-9))
		c.warnf(layout.ReadingPath(p.Doc, p.ID, id), 0, RuleOutlier,
			"compare the reading with the scan of page "+p.ID+" (scribe diff "+p.Doc+"/"+p.ID+" shows it against the others); "+
				"if it is of another page, move it to that page's readings folder; if of another edition, remove it",
			"%s's reading shares %d%% of its text with the page's other readings, too little to vote: is it of another page or edition?", id, pct)
	}
}
