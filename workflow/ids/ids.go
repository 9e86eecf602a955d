// Package ids validates the identifiers that become file and folder names
// in a scribe repository: contributor, document and page ids. They are
// strict so that every id is a safe, portable path element on every
// operating system and forge.
package ids

import (
	"fmt"
	"strings"
)

// MaxLen bounds slugs so that paths stay well inside every platform limit.
const MaxLen = 64

// reserved names cannot be files on Windows, whatever the extension.
var reserved = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true,
	"com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true,
	"lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// Error explains why an id was refused and what would be accepted.
type Error struct {
	Kind string // "contributor", "document" or "page"
	ID   string
	Why  string
	Hint string
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("invalid %s id %q: %s", e.Kind, e.ID, e.Why)
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

// Slug checks a contributor or document id: lowercase ASCII letters and
// digits in runs joined by single hyphens, at most MaxLen bytes, and not a
// name that Windows reserves. kind names the id in the error.
func Slug(kind, id string) error {
	fail := func(why, hint string) error { return &Error{Kind: kind, ID: id, Why: why, Hint: hint} }
	const rule = "use lowercase letters a-z, digits and single hyphens, e.g. \"jane-doe\""
	switch {
	case id == "":
		return fail("it is empty", rule)
	case len(id) > MaxLen:
		return fail(fmt.Sprintf("it is %d bytes long, the limit is %d", len(id), MaxLen), "")
	case reserved[id]:
		return fail("it is a reserved device name on Windows", "choose another name")
	}
	if lower := strings.ToLower(id); lower != id && Slug(kind, lower) == nil {
		return fail("it has uppercase letters", fmt.Sprintf("use %q", lower))
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if i == 0 || i == len(id)-1 {
				return fail("it starts or ends with a hyphen", rule)
			}
			if id[i-1] == '-' {
				return fail("it has two hyphens in a row", rule)
			}
		default:
			return fail(fmt.Sprintf("it contains %q", rune(c)), rule)
		}
	}
	return nil
}

// Contributor checks a contributor id.
func Contributor(id string) error { return Slug("contributor", id) }

// Document checks a document id.
func Document(id string) error {
	if id == "words" {
		return &Error{Kind: "document", ID: id, Why: "it is the folder of the project's word lists", Hint: "choose another name"}
	}
	return Slug("document", id)
}

// Page checks a page id: a zero-padded scan sequence number of at least
// three digits. Whether all pages of a document share one width is a
// document-level rule (see Width).
func Page(id string) error {
	fail := func(why string) error {
		return &Error{Kind: "page", ID: id, Why: why, Hint: "page ids are zero-padded scan numbers such as \"001\" or \"0001\""}
	}
	if len(id) < 3 {
		return fail("it has fewer than three digits")
	}
	if len(id) > 9 {
		return fail("it has more than nine digits")
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return fail(fmt.Sprintf("it contains %q", rune(id[i])))
		}
	}
	if strings.Trim(id, "0") == "" {
		return fail("scan numbers start at 1")
	}
	return nil
}

// PageWidth returns the width page ids take for a document of n pages:
// at least three digits, more when n needs them.
func PageWidth(n int) int {
	w := len(fmt.Sprint(n))
	if w < 3 {
		w = 3
	}
	return w
}

// PageID formats scan number n (1-based) at the given width.
func PageID(n, width int) string { return fmt.Sprintf("%0*d", width, n) }

// SameFold reports whether two ids differ only in letter case, the clash
// that breaks a checkout on case-insensitive file systems.
func SameFold(a, b string) bool { return a != b && strings.EqualFold(a, b) }
