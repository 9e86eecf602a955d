// Package decision reads, writes and applies the reviewers' decisions of
// a page: for each settled row, the chosen text, where it came from, who
// decided and when, and the variants the reviewer saw. A decision holds
// while the row's variants are the ones it was made on.
package decision

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// How says where a decided text came from.
type How string

const (
	// Pick takes the text of one variant; Readings are the contributors
	// who gave it.
	Pick How = "pick"
	// Consensus takes the row's consensus proposal.
	Consensus How = "consensus"
	// Typed is a correction the reviewer typed.
	Typed How = "typed"
	// Omit leaves the row out of the canonical text (a stray mark, a
	// page number, a running head).
	Omit How = "omit"
)

// Decision settles one row.
type Decision struct {
	Row      int       `json:"-"`
	Text     string    `json:"text"`
	How      How       `json:"how"`
	Readings []string  `json:"readings,omitempty"` // contributors whose text it is
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	Note     string    `json:"note,omitempty"`
	// Seen lists the distinct texts of the row when the decision was made,
	// in comparison form, sorted; Fingerprint is their hash.
	Seen        []string `json:"seen"`
	Fingerprint string   `json:"fingerprint"`
}

// FingerprintOf hashes a set of variant texts, order-independently.
func FingerprintOf(seen []string) string {
	s := slices.Clone(seen)
	slices.Sort(s)
	h := sha256.New()
	for _, t := range s {
		h.Write([]byte(t))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// MaxRow is the last row a page can have: a reading holds at most
// text.MaxBytes, a line and its line break at least two bytes. Parse
// refuses a slot beyond it, since Encode writes a slot for every row up
// to the last decided one.
const MaxRow = text.MaxBytes / 2

// Header starts every decisions file.
const Header = "# scribe decisions: one slot per row, a blank line between slots, so that\n" +
	"# decisions on different rows merge cleanly. \"N\" alone: row N is not decided.\n" +
	"# \"N<TAB>{…}\": the decision on row N. Written by scribe decide, review, accept and build.\n"

// Encode writes the decisions in row order, one slot for each of rows
// rows (and for any decided row beyond them), separated by blank lines:
// two reviewers who decide different rows on two branches change
// different lines with an unchanged line between, which git merges
// without conflict.
func Encode(rows int, ds []Decision) []byte {
	byRow := map[int]Decision{}
	last := rows
	for _, d := range ds {
		byRow[d.Row] = d
		last = max(last, d.Row)
	}
	var b bytes.Buffer
	b.WriteString(Header)
	for r := 1; r <= last; r++ {
		b.WriteByte('\n')
		b.WriteString(strconv.Itoa(r))
		if d, ok := byRow[r]; ok {
			b.WriteByte('\t')
			b.Write(EncodeOne(d))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// EncodeOne is a decision as its slot holds it, after the row number
// and tab: the same decision always gives the same bytes.
func EncodeOne(d Decision) []byte {
	d.At = d.At.UTC().Truncate(time.Second)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(d) // a Decision always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Parse reads a decisions file. It refuses, with the line, a line that is
// not a slot, bad JSON, unknown fields, a row given twice, an unknown how,
// a decision without a reviewer or time, and merge-conflict markers.
func Parse(file string, src []byte) ([]Decision, error) {
	var out []Decision
	seen := map[int]int{}
	for i, line := range strings.Split(string(src), "\n") {
		n := i + 1
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, m := range []string{"<<<<<<<", "=======", ">>>>>>>", "|||||||"} {
			if strings.HasPrefix(line, m) {
				return nil, problem.Newf(file, n, "conflict-marker",
					"resolve the merge conflict: keep both decisions if they are on different rows, one if on the same row, and delete the marker lines",
					"merge-conflict marker %s", m)
			}
		}
		rowText, body, hasBody := strings.Cut(line, "\t")
		row, err := strconv.Atoi(rowText)
		if err != nil || row < 1 {
			return nil, problem.Newf(file, n, "decisions", `each slot is a row number, then optionally a tab and the decision as JSON`,
				"%q is not a row number", rowText)
		}
		if row > MaxRow {
			return nil, problem.Newf(file, n, "decisions", "delete the slot: no page has that many rows",
				"row %d is beyond the last row a page can have (%d)", row, MaxRow)
		}
		if prev, dup := seen[row]; dup {
			return nil, problem.Newf(file, n, "decisions", "keep one slot per row: two reviewers decided the same row; choose one decision and delete the other line",
				"row %d appears twice (first on line %d)", row, prev)
		}
		seen[row] = n
		if !hasBody {
			continue
		}
		var d Decision
		dec := json.NewDecoder(strings.NewReader(body))
		dec.DisallowUnknownFields()
		err = dec.Decode(&d)
		if err == nil {
			// One JSON value and nothing after it: a stray brace or a
			// second object is a hand edit gone wrong.
			if _, next := dec.Token(); next != io.EOF {
				err = errors.New("text follows the closing brace of the decision")
			}
		}
		if err != nil {
			return nil, problem.Newf(file, n, "decisions", "fix the JSON of the decision, or delete the line's tab and JSON to undo it",
				"row %d: the decision is not valid JSON: %v", row, err)
		}
		d.Row = row
		if len(d.Readings) == 0 {
			d.Readings = nil // "readings":[] is no readings, as Encode writes it
		}
		if err := d.validate(); err != nil {
			return nil, problem.New(file, n, "decisions", fmt.Sprintf("row %d: %v", row, err), "record decisions with scribe decide or review rather than by hand")
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Decision) int { return a.Row - b.Row })
	return out, nil
}

// SlotLine returns the line of src that holds row's slot, 0 if none.
func SlotLine(src []byte, row int) int {
	prefix := strconv.Itoa(row)
	for i, line := range strings.Split(string(src), "\n") {
		if r, _, _ := strings.Cut(line, "\t"); r == prefix {
			return i + 1
		}
	}
	return 0
}

func (d Decision) validate() error {
	switch d.How {
	case Pick, Consensus, Typed:
		if strings.TrimSpace(d.Text) == "" {
			return fmt.Errorf("a %s decision needs a text (use how \"omit\" to leave the row out)", d.How)
		}
	case Omit:
		if d.Text != "" {
			return fmt.Errorf("an omit decision has no text")
		}
	default:
		return fmt.Errorf("how is %q; it must be pick, consensus, typed or omit", d.How)
	}
	if strings.ContainsAny(d.Text, "\n\r") {
		return fmt.Errorf("the text has a line break; a row is one line")
	}
	if d.How == Pick && len(d.Readings) == 0 {
		return fmt.Errorf("a pick names the readings it took")
	}
	if d.By == "" || d.At.IsZero() {
		return fmt.Errorf("a decision names its reviewer (by) and time (at)")
	}
	if len(d.Seen) == 0 || d.Fingerprint != FingerprintOf(d.Seen) {
		return fmt.Errorf("seen and fingerprint do not agree: the decision was edited by hand")
	}
	return nil
}
