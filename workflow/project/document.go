package project

import (
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"

	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/problem"
)

// Document is the parsed document.toml of one document.
type Document struct {
	ID       string      `toml:"-"`
	Title    string      `toml:"title"`
	Source   string      `toml:"source"`
	Language string      `toml:"language"`
	Notes    string      `toml:"notes"`
	Pages    []PageEntry `toml:"pages"`
}

// PageEntry is one scanned page, in scan order.
type PageEntry struct {
	ID      string `toml:"id"`
	Printed string `toml:"printed"` // the number printed on the page, if any
	Scan    string `toml:"scan"`    // path in the repository or URL of the scan image
}

// ParseDocument reads a document.toml. id is the document's folder name.
func ParseDocument(file, id string, src []byte) (*Document, error) {
	var d Document
	md, err := toml.Decode(string(src), &d)
	if err != nil {
		return nil, tomlError(file, err)
	}
	if err := unknownKeys(file, src, md); err != nil {
		return nil, err
	}
	d.ID = id
	if err := d.validate(file, src); err != nil {
		return nil, err
	}
	return &d, nil
}

func (d *Document) validate(file string, src []byte) error {
	if err := ids.Document(d.ID); err != nil {
		return problem.New(file, 0, "id", err.Error(), "rename the document's folder")
	}
	if strings.TrimSpace(d.Title) == "" {
		return problem.New(file, lineOf(src, "title"), "document", "the document has no title", `add title = "…"`)
	}
	if d.Language != "" {
		if _, err := language.Parse(d.Language); err != nil {
			return problem.Newf(file, lineOf(src, "language"), "document",
				`use a BCP 47 language tag such as "en", "de" or "fr-CA"`, "language %q is not a language tag", d.Language)
		}
	}
	if len(d.Pages) == 0 {
		return problem.New(file, 0, "document", "the document lists no pages", "add [[pages]] tables with id = \"001\" and so on")
	}
	width := len(d.Pages[0].ID)
	for i, p := range d.Pages {
		line := pageLine(src, p.ID)
		if err := ids.Page(p.ID); err != nil {
			return problem.New(file, line, "id", err.Error(), "")
		}
		if len(p.ID) != width {
			return problem.Newf(file, line, "id", fmt.Sprintf("pad every page id to %d digits", width),
				"page %q has %d digits but page %q has %d; all pages of a document have one width", p.ID, len(p.ID), d.Pages[0].ID, width)
		}
		if i > 0 && p.ID <= d.Pages[i-1].ID {
			return problem.Newf(file, line, "document", "list pages once each, in scan order",
				"page %q comes after page %q", p.ID, d.Pages[i-1].ID)
		}
	}
	return nil
}

// Page returns the page with the given id.
func (d *Document) Page(id string) (PageEntry, bool) {
	for _, p := range d.Pages {
		if p.ID == id {
			return p, true
		}
	}
	return PageEntry{}, false
}

func pageLine(src []byte, id string) int {
	needle := fmt.Sprintf("%q", id)
	for i, l := range strings.Split(string(src), "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "id") && strings.Contains(t, needle) {
			return i + 1
		}
	}
	return 0
}

// Encode renders the document as TOML, in a fixed layout so that the same
// document always gives the same bytes.
func (d *Document) Encode() []byte {
	var b strings.Builder
	b.WriteString("# Document metadata: see docs/format.md, \"Repository layout\". Pages are in scan order.\n")
	fmt.Fprintf(&b, "title = %s\n", quote(d.Title))
	if d.Source != "" {
		fmt.Fprintf(&b, "source = %s\n", quote(d.Source))
	}
	if d.Language != "" {
		fmt.Fprintf(&b, "language = %s\n", quote(d.Language))
	}
	if d.Notes != "" {
		fmt.Fprintf(&b, "notes = %s\n", quote(d.Notes))
	}
	for _, p := range d.Pages {
		fmt.Fprintf(&b, "\n[[pages]]\nid = %s\n", quote(p.ID))
		if p.Printed != "" {
			fmt.Fprintf(&b, "printed = %s\n", quote(p.Printed))
		}
		if p.Scan != "" {
			fmt.Fprintf(&b, "scan = %s\n", quote(p.Scan))
		}
	}
	return []byte(b.String())
}

// quote writes a TOML string: a multi-line basic string when s has line
// breaks, so that notes stay readable in the file, else a basic string.
func quote(s string) string {
	var b strings.Builder
	multi := strings.Contains(s, "\n")
	if multi {
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' && multi:
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	if multi {
		b.WriteString("\"\"\"")
	} else {
		b.WriteByte('"')
	}
	return b.String()
}
