package page

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/text"
)

const propertyProject = `[policy]
readings_required = 2
accept_unanimous = true
four_eyes = true
open_contributions = false

[people.rev]
role = "reviewer"

[people.alice]
role = "contributor"

[people.bob]
role = "contributor"

[people.ocr]
role = "contributor"
`

// propertyIterations is how many random pages the property tests walk:
// two thousand by default, more with SCRIBE_PROPERTY_ITERATIONS.
func propertyIterations(t *testing.T) int {
	n := 2000
	if s := os.Getenv("SCRIBE_PROPERTY_ITERATIONS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			t.Fatalf("SCRIBE_PROPERTY_ITERATIONS=%q is not a positive number", s)
		}
		n = v
	}
	if testing.Short() {
		n = min(n, 30)
	}
	return n
}

var propertyWords = strings.Fields("the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we their our duties such said")

// randomPage makes two or three readings of one printed page: each the
// page's lines with random joins and splits, and words misread, dropped
// or added; now and then a line ends with a reviewer's note.
func randomPage(rng *rand.Rand) []collate.Reading {
	lines := make([][]string, 2+rng.IntN(5))
	for i := range lines {
		for range 1 + rng.IntN(5) {
			lines[i] = append(lines[i], propertyWords[rng.IntN(len(propertyWords))])
		}
	}
	ids := []string{"alice", "bob", "ocr"}[:2+rng.IntN(2)]
	var rs []collate.Reading
	for _, id := range ids {
		var b strings.Builder
		for i, line := range lines {
			words := slices.Clone(line)
			for j := range words {
				switch rng.IntN(12) {
				case 0:
					words[j] = strings.ToUpper(words[j][:1]) + words[j][1:] + "x"
				case 1:
					words[j] = ""
				case 2:
					words[j] += " " + propertyWords[rng.IntN(len(propertyWords))]
				}
			}
			w := strings.Fields(strings.Join(words, " "))
			if len(w) > 1 && rng.IntN(6) == 0 {
				k := 1 + rng.IntN(len(w)-1) // split the line
				w = append(w[:k:k], append([]string{"\n"}, w[k:]...)...)
			}
			if rng.IntN(10) == 0 {
				w = append(w, "[**"+propertyWords[rng.IntN(len(propertyWords))]+"]")
			}
			b.WriteString(strings.ReplaceAll(strings.Join(w, " "), " \n ", "\n"))
			if i == len(lines)-1 || rng.IntN(5) != 0 { // else join the next line
				b.WriteString("\n")
			} else {
				b.WriteString(" ")
			}
		}
		t, _, err := text.Normalize([]byte(b.String()))
		if err != nil || strings.TrimSpace(t) == "" {
			t = "the end\n"
		}
		rs = append(rs, collate.Reading{ID: id, Text: t})
	}
	return rs
}

// model is what the decisions made so far should have settled: for each
// decided row its text, or omitted.
type model map[int]*string

// fields is a cell's or text's words, as one line.
func fields(s string) string { return strings.Join(strings.Fields(s), " ") }

// expect works out, from the alignment alone, what a choice over rows
// first to last should give: the text of the first row, or why it must be
// refused ("" when it must be taken).
func expect(al *collate.Alignment, first, last int, c Choice) (txt string, refuse string) {
	rows := al.Rows[first-1 : last]
	switch c.How {
	case decision.Omit:
		return "", ""
	case decision.Typed:
		txt = fields(c.Text)
	case decision.Consensus:
		var parts []string
		for _, r := range rows {
			parts = append(parts, r.Consensus)
		}
		txt = fields(strings.Join(parts, " "))
		if txt == "" {
			return "", "empty consensus"
		}
	case decision.Pick:
		i := slices.Index(al.Readings, c.Pick)
		var cells []string
		for k, r := range rows {
			cell := r.Cells[i]
			if fields(cell) == "" {
				others := slices.ContainsFunc(r.Cells, func(c string) bool { return fields(c) != "" })
				if k == 0 || others {
					return "", "no text in a row of the span"
				}
			}
			cells = append(cells, cell)
		}
		// The reading's own words across the span, none left out.
		txt = fields(strings.Join(cells, ""))
	}
	if strings.Contains(txt, NoteMark) {
		return "", "a note"
	}
	return txt, ""
}

// wantText is the canonical text the model says the page has.
func wantText(p *Page, m model, policy project.Policy) string {
	var lines, unsettled []string
	complete := true
	for _, r := range p.Alignment.Rows {
		if t, ok := m[r.Index]; ok {
			if t != nil {
				lines = append(lines, *t)
			}
			continue
		}
		agreed := (r.Status == collate.Unanimous || r.Status == collate.Single) && r.Breaks != collate.Disputed
		if agreed && policy.AcceptUnanimous && len(p.Alignment.Readings) >= policy.ReadingsRequired && !strings.Contains(r.Consensus, NoteMark) {
			lines = append(lines, r.Consensus)
			continue
		}
		complete = false
		lines = append(lines, fmt.Sprintf("%%%% row %d unsettled: %s", r.Index, r.Consensus))
		unsettled = append(unsettled, strconv.Itoa(r.Index))
	}
	var b strings.Builder
	if !complete {
		which := "rows"
		if len(unsettled) == 1 {
			which = "row"
		}
		fmt.Fprintf(&b, "%s: %s/%s is not finished text; %d of %d rows unsettled (%s %s)\n",
			IncompleteMark, p.Doc, p.ID, len(unsettled), len(p.Alignment.Rows), which, strings.Join(unsettled, ", "))
	}
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// TestDecisionsNeverDropText: for random pages and random sequences of
// decisions (pick, consensus, typed, omit, spans, undo), the canonical
// text is exactly the rows' settled texts in order, with only the rows
// explicitly omitted missing; a span's pick keeps every word the reading
// has in the span; a note never reaches a settled line; and the decisions
// written give the same text when the page is loaded again.
func TestDecisionsNeverDropText(t *testing.T) {
	proj, err := project.Parse("project.toml", []byte(propertyProject))
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(1)
	if s := os.Getenv("SCRIBE_PROPERTY_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	iterations := propertyIterations(t)
	for it := range iterations {
		rng := rand.New(rand.NewPCG(seed, uint64(it)))
		rs := randomPage(rng)
		p, err := Assemble(proj, "doc", "001", "1", rs, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := len(p.Alignment.Rows)
		m := model{}
		var log []string
		fail := func(format string, args ...any) {
			t.Helper()
			var rb strings.Builder
			for _, r := range rs {
				fmt.Fprintf(&rb, "\n%s: %q", r.ID, r.Text)
			}
			t.Fatalf("seed %d, iteration %d: %s\nreadings:%s\ndecisions:\n\t%s", seed, it, fmt.Sprintf(format, args...), rb.String(), strings.Join(log, "\n\t"))
		}
		for range 1 + rng.IntN(8) {
			first := 1 + rng.IntN(n)
			last := first
			if rng.IntN(3) == 0 {
				last = min(n, first+rng.IntN(3))
			}
			var c Choice
			switch rng.IntN(6) {
			case 0, 1:
				c = Choice{How: decision.Pick, Pick: p.Alignment.Readings[rng.IntN(len(p.Alignment.Readings))]}
			case 2:
				c = Choice{How: decision.Consensus}
			case 3:
				w := []string{propertyWords[rng.IntN(len(propertyWords))], propertyWords[rng.IntN(len(propertyWords))]}
				if rng.IntN(8) == 0 {
					w = append(w, "[**checked]")
				}
				c = Choice{How: decision.Typed, Text: strings.Join(w, " ")}
			case 4:
				c = Choice{How: decision.Omit}
			case 5:
				log = append(log, fmt.Sprintf("undo %d", first))
				p.Undo(first)
				delete(m, first)
				if got, want := string(p.Text), wantText(p, m, proj.Policy); got != want {
					fail("after undo %d:\n got %q\nwant %q", first, got, want)
				}
				continue
			}
			log = append(log, fmt.Sprintf("rows %d-%d: %+v", first, last, c))
			before := p.Decisions()
			txt, refuse := expect(p.Alignment, first, last, c)
			var err error
			if last > first {
				_, err = p.DecideSpan(proj, first, last, c, "rev", "", now)
			} else {
				_, err = p.Decide(proj, first, c, "rev", "", now)
			}
			switch {
			case refuse != "" && err == nil:
				fail("rows %d-%d, %+v: taken, want refused (%s)", first, last, c, refuse)
			case refuse == "" && err != nil:
				fail("rows %d-%d, %+v: %v", first, last, c, err)
			case err != nil:
				if after := p.Decisions(); !slices.EqualFunc(before, after, func(a, b decision.Decision) bool { return a.Row == b.Row && a.Text == b.Text && a.How == b.How }) {
					fail("a refused decision changed the decisions: %v to %v", before, after)
				}
			default:
				if c.How == decision.Omit {
					m[first] = nil
				} else {
					m[first] = &txt
				}
				for row := first + 1; row <= last; row++ {
					m[row] = nil
				}
			}
			if got, want := string(p.Text), wantText(p, m, proj.Policy); got != want {
				fail("after rows %d-%d, %+v:\n got %q\nwant %q", first, last, c, got, want)
			}
			for _, l := range p.Lines {
				if strings.Contains(l.Text, NoteMark) {
					fail("row %d settled with a note: %q", l.Row, l.Text)
				}
			}
		}
		// What is written holds: loaded again, the page has the same text.
		again, err := Assemble(proj, "doc", "001", "1", rs, p.Encode())
		if err != nil {
			fail("the decisions written do not load: %v", err)
		}
		if string(again.Text) != string(p.Text) {
			fail("loaded again:\n got %q\nwant %q", again.Text, p.Text)
		}
		for _, a := range again.Applied {
			if a.Stale {
				fail("the decision on row %d is stale when loaded again", a.Row)
			}
		}
	}
}
