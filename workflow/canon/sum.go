package canon

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// A built canonical text is accompanied by canonical.sum, which records
// two fingerprints: of the inputs the text was built from (the readings,
// the decisions, the policy and the page's printed number; for a
// document, its page list and its pages' inputs) and of the text itself.
// With them, check tells a text that new input has put out of date (the
// text is as built, the inputs have changed: work for a reviewer) from a
// text edited by hand (the text is not what was built: an error).

// SumFile is the fingerprint file beside each canonical.txt.
const SumFile = layout.SumFile

// sumVersion changes whenever the build's rules change what a build of
// the same inputs writes, so that every text reads as out of date.
const sumVersion = "scribe canonical 1"

// SumHeader starts every canonical.sum.
const SumHeader = "# scribe build: fingerprints of canonical.txt and of the inputs it was built from.\n" +
	"# Written by scribe build; never edit. See the format section of the documentation.\n"

// Sum is a parsed canonical.sum.
type Sum struct {
	Inputs string // fingerprint of the inputs
	Text   string // fingerprint of canonical.txt as built
}

// Encode writes a canonical.sum.
func (s Sum) Encode() []byte {
	return []byte(SumHeader + "inputs " + s.Inputs + "\ntext " + s.Text + "\n")
}

// ParseSum reads a canonical.sum. It returns false for anything that is
// not one as scribe writes it, which check treats as no record at all.
func ParseSum(src []byte) (Sum, bool) {
	var s Sum
	for _, line := range strings.Split(string(src), "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case k == "inputs" && s.Inputs == "" && isHex(v):
			s.Inputs = v
		case k == "text" && s.Text == "" && isHex(v):
			s.Text = v
		default:
			return Sum{}, false
		}
	}
	return s, s.Inputs != "" && s.Text != ""
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && len(s) == 32
}

// Fingerprint hashes parts, each length-prefixed so that no two lists of
// parts give the same bytes.
func fingerprint(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// TextSum is the fingerprint of a canonical text.
func TextSum(text []byte) string { return fingerprint(sumVersion, "text", string(text)) }

// PageInputs is the fingerprint of what a page's canonical text is built
// from: each reading's exact text, the decisions as the build writes
// them, the policy's settling rules, the equivalences and the printed
// number.
func PageInputs(rp *page.Page, proj *project.Project) string {
	al := rp.Alignment
	parts := []string{sumVersion, "page", rp.Doc, rp.ID, rp.Printed, policyKey(proj)}
	for i, id := range al.Readings {
		var t strings.Builder
		for _, r := range al.Rows {
			t.WriteString(r.Cells[i])
		}
		parts = append(parts, id, t.String())
	}
	parts = append(parts, string(rp.Encode()))
	if rp.Geometry != nil {
		// The OCR's word confidences weigh the proposals of unsettled rows.
		parts = append(parts, "geometry", string(rp.Geometry.Encode()))
	}
	return fingerprint(parts...)
}

// DocumentInputs is the fingerprint of what a document's canonical text
// is built from: its id and title, and its pages in order with their
// printed numbers, whether each is finished, and their texts.
func DocumentInputs(doc *project.Document, pages []PageText) string {
	parts := []string{sumVersion, "document", doc.ID, doc.Title}
	for _, p := range pages {
		parts = append(parts, p.ID, p.Printed, strconv.FormatBool(p.Complete), TextSum(p.Text))
	}
	return fingerprint(parts...)
}

func policyKey(proj *project.Project) string {
	pol := proj.Policy
	key := fmt.Sprintf("%d %t %t", pol.ReadingsRequired, pol.AcceptUnanimous, pol.FourEyes)
	forms := make([]string, 0, len(proj.Equivalences))
	for c, vs := range proj.Equivalences {
		vs = slices.Clone(vs)
		slices.Sort(vs)
		forms = append(forms, c+"\x00"+strings.Join(vs, "\x00"))
	}
	slices.Sort(forms)
	return key + "\x01" + strings.Join(forms, "\x01")
}

// State is how a canonical text on disk stands against a fresh build.
type State int

const (
	// Current: byte for byte a fresh build, with its text's fingerprint.
	Current State = iota
	// Unrecorded: the text is a fresh build's, but canonical.sum is
	// missing or does not match: a rebuild records it.
	Unrecorded
	// Missing: there is no canonical text yet.
	Missing
	// Outdated: the text is as a build wrote it, but its inputs have
	// changed since: a reviewer rebuilds it. Normal work, not a fault.
	Outdated
	// Edited: the text is not what the build recorded: a hand edit.
	Edited
	// Differs: the text is as built and its inputs unchanged, yet a
	// fresh build differs (a build by another version of scribe).
	Differs
)

// Judge says how a canonical text on disk (nil: missing) stands, given
// its canonical.sum (nil: missing), a fresh build and the fingerprint of
// the current inputs, which is only computed when the text is not the
// fresh build.
func Judge(disk, sum, fresh []byte, inputs func() string) State {
	if disk == nil {
		return Missing
	}
	s, ok := ParseSum(sum)
	if bytes.Equal(disk, fresh) {
		if ok && s.Text == TextSum(disk) {
			return Current // the inputs may have moved without changing the text
		}
		return Unrecorded
	}
	switch {
	case !ok || s.Text != TextSum(disk):
		return Edited
	case s.Inputs != inputs():
		return Outdated
	default:
		return Differs
	}
}
