package export

import (
	"bytes"
	"encoding/json"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextPaths are where the text forms of a document go under the output
// folder: DOC/text/DOC.diplomatic.txt and DOC/text/DOC.reading.txt.
func TextPaths(doc string) (diplomatic, reading string) {
	dir := path.Join(doc, string(TEXT))
	return path.Join(dir, doc+".diplomatic.txt"), path.Join(dir, doc+".reading.txt")
}

// JSONPath is where a document's apparatus goes: DOC/json/DOC.json.
func JSONPath(doc string) string { return path.Join(doc, string(JSON), doc+".json") }

// pageText is a page's settled lines, in order; a row still disputed is
// a line "[unsettled row N]", a row decided out of the text no line.
func pageText(p TEIPage) []string {
	var out []string
	for i, r := range p.Rows {
		switch {
		case r.Agreed:
			out = append(out, r.Text)
		case r.Lem != nil:
			if r.Lem.Text != "" {
				out = append(out, r.Lem.Text)
			}
		default:
			out = append(out, "[unsettled row "+itoa(i+1)+"]")
		}
	}
	return out
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// Diplomatic is the document line for line as the canonical text has it,
// the conventions' marks kept, each page headed by its number:
// "[page 5]" (the printed number, else the page id).
func Diplomatic(d *TEIDocument) []byte {
	var b bytes.Buffer
	for k, p := range d.Pages {
		if k > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("[page " + pageName(p) + "]\n")
		for _, l := range pageText(p) {
			b.WriteString(l + "\n")
		}
	}
	return b.Bytes()
}

func pageName(p TEIPage) string {
	if p.Printed != "" {
		return p.Printed
	}
	return p.ID
}

// conjecture is a mark [?text] of an uncertain or conjectured reading.
var conjecture = regexp.MustCompile(`\[\?([^\]]+)\]`)

// Reading is the document as one reads it: the lines of a paragraph
// joined, a word hyphenated at a line end joined again, each page's
// footnotes gathered after the paragraphs that end on it, no page
// numbers. A paragraph ends at a blank line, at a line that is a
// footnote, or at a short line that ends a sentence (the last line of a
// printed paragraph): shorter than three quarters of the page's median
// line. A very short line that ends no sentence (a section's numeral) is a
// paragraph of its own. With conjectures false, the marks [?text] give their text alone.
func Reading(d *TEIDocument, conjectures bool) []byte {
	var b bytes.Buffer
	var para string
	var notes []string // footnotes waiting for the paragraph open at their page's end
	// end closes the paragraph open, if any, and then gives the footnotes
	// of the pages it ran over.
	end := func() {
		if para != "" {
			b.WriteString(para + "\n\n")
			para = ""
		}
		for _, n := range notes {
			b.WriteString(n + "\n\n")
		}
		notes = nil
	}
	for _, p := range d.Pages {
		lines := pageText(p)
		if !conjectures {
			for i, l := range lines {
				lines[i] = conjecture.ReplaceAllString(l, "$1")
			}
		}
		short := 3 * medianLen(lines) / 4
		var pageNotes []string
		for i := 0; i < len(lines); i++ {
			l := strings.TrimSpace(lines[i])
			if strings.HasPrefix(l, "[Footnote") {
				// The note runs to the line that closes its bracket.
				note := l
				for depth(note) > 0 && i+1 < len(lines) {
					i++
					note = join(note, strings.TrimSpace(lines[i]))
				}
				pageNotes = append(pageNotes, note)
				continue
			}
			if l == "" {
				end()
				continue
			}
			if heading := utf8.RuneCountInString(l) < short/4 && !ends(l); heading || strings.HasPrefix(l, "[unsettled row ") {
				// A line of a word or two that ends no sentence, such as a
				// section's numeral, is a paragraph of its own, and so is
				// the mark of a row still disputed.
				end()
				b.WriteString(l + "\n\n")
				continue
			}
			if para == "" {
				para = l
			} else {
				para = join(para, l)
			}
			if ends(l) && utf8.RuneCountInString(l) < short {
				end()
			}
		}
		notes = append(notes, pageNotes...)
		if para == "" {
			end()
		}
	}
	end()
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// join joins two lines of a paragraph: a word hyphenated at the end of
// the first (a letter, a hyphen, then a lower-case letter) is joined
// again; else a space.
func join(a, b string) string {
	if strings.HasSuffix(a, "-") && len(a) > 1 {
		before, _ := utf8.DecodeLastRuneInString(a[:len(a)-1])
		after, _ := utf8.DecodeRuneInString(b)
		if unicode.IsLetter(before) && unicode.IsLower(after) {
			return a[:len(a)-1] + b
		}
	}
	return a + " " + b
}

// ends reports whether a line ends a sentence.
func ends(l string) bool {
	l = strings.TrimRight(l, `"”’')]`)
	r, _ := utf8.DecodeLastRuneInString(l)
	return strings.ContainsRune(".!?:", r)
}

// depth is how many brackets s opens and does not close.
func depth(s string) int {
	return strings.Count(s, "[") - strings.Count(s, "]")
}

func medianLen(lines []string) int {
	var n []int
	for _, l := range lines {
		if k := utf8.RuneCountInString(strings.TrimSpace(l)); k > 0 {
			n = append(n, k)
		}
	}
	if len(n) == 0 {
		return 0
	}
	slices.Sort(n)
	return n[len(n)/2]
}

// ApparatusSchema names the JSON form of the apparatus.
const ApparatusSchema = "scribe.apparatus/1"

// EncodeJSON writes the document's whole apparatus as JSON: every page
// with its rows, each agreed (its text), decided (the chosen text with the
// readings it came from, the reviewer and the note, and every other
// variant) or disputed (its variants); the witnesses and reviewers; the
// commit exported from. docs/export.md describes the fields.
func EncodeJSON(d *TEIDocument) []byte {
	b, err := json.MarshalIndent(struct {
		Schema string `json:"schema"`
		*TEIDocument
	}{ApparatusSchema, d}, "", "  ")
	if err != nil {
		panic(err) // the types hold strings, slices and bools only
	}
	return append(b, '\n')
}
