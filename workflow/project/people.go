package project

import (
	"bytes"
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"unicode"

	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/problem"
)

// Roster lists everyone who may appear as a contributor: the people of
// project.toml and the built-in OCR contributor, sorted by id. The OCR
// contributor appears once even when project.toml lists it.
func (p *Project) Roster() []Person {
	out := append([]Person(nil), p.People...)
	if _, listed := p.listed(OCR); !listed {
		ocr, _ := p.Person(OCR)
		out = append(out, ocr)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// listed finds id among the people of the file, leaving aside the
// built-in OCR contributor that Person also knows.
func (p *Project) listed(id string) (Person, bool) {
	for _, person := range p.People {
		if person.ID == id {
			return person, true
		}
	}
	return Person{}, false
}

// AddPerson returns src, the content of project.toml (file is its name in
// errors), with a [people.<id>] table for person appended at the end: every
// byte of src is kept, comments and formatting included. It refuses an
// invalid or reserved id, an unknown role, an id already listed, an email
// or login that another person has (compared without case, as Lookup
// does), an email that is not one address alone (name@host, without a
// display name or angle brackets) and a value with a line break or other
// control character; and it
// parses the result, so that it never returns a file Parse would refuse.
func AddPerson(file string, src []byte, person Person) ([]byte, error) {
	proj, err := Parse(file, src)
	if err != nil {
		return nil, err
	}
	id := person.ID
	if err := ids.Contributor(id); err != nil {
		return nil, problem.New("", 0, "id", err.Error(), "choose another id for the person")
	}
	if id == OCR {
		return nil, problem.Newf("", 0, "project", "give the person an id of their own",
			"%q is reserved: it is the built-in OCR contributor, which needs no entry", OCR)
	}
	if _, err := ParseRole(person.Role.String()); err != nil {
		return nil, problem.New("", 0, "project", "the person's role is not contributor, reviewer or maintainer",
			"give the role contributor, reviewer or maintainer")
	}
	if _, ok := proj.listed(id); ok {
		return nil, problem.Newf(file, lineOf(src, "people."+id), "project",
			"edit that table to change their details, or choose another id",
			"people.%s is already listed", id)
	}
	for _, f := range []struct{ key, value string }{{"name", person.Name}, {"email", person.Email}, {"login", person.Login}} {
		if i := strings.IndexFunc(f.value, unicode.IsControl); i >= 0 {
			return nil, problem.Newf("", 0, "project", "give the "+f.key+" on one line, without control characters",
				"the %s %q contains %q", f.key, f.value, []rune(f.value[i:])[0])
		}
		if f.value != "" && strings.TrimSpace(f.value) == "" {
			return nil, problem.Newf("", 0, "project", "leave the "+f.key+" out, or give a value", "the %s is only white space", f.key)
		}
	}
	if err := checkEmail(person.Email); err != nil {
		return nil, err
	}
	for _, other := range proj.People {
		line := lineOf(src, "people."+other.ID)
		if person.Email != "" && strings.EqualFold(other.Email, person.Email) {
			return nil, problem.Newf(file, line, "project", "give each person their own email; an email maps a git author to one id",
				"people.%s already has the email %q", other.ID, other.Email)
		}
		if person.Login != "" && strings.EqualFold(other.Login, person.Login) {
			return nil, problem.Newf(file, line, "project", "give each person their own login; a login maps a forge account to one id",
				"people.%s already has the login %q", other.ID, other.Login)
		}
	}

	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n" // keep the file's line ends
	}
	var b bytes.Buffer
	b.Write(src)
	if len(src) > 0 && !bytes.HasSuffix(src, []byte("\n")) {
		b.WriteString(nl)
	}
	if len(src) > 0 {
		b.WriteString(nl)
	}
	fmt.Fprintf(&b, "[people.%s]%s", id, nl)
	fmt.Fprintf(&b, "role = %s%s", quote(person.Role.String()), nl)
	for _, f := range []struct{ key, value string }{{"name", person.Name}, {"email", person.Email}, {"login", person.Login}} {
		if f.value != "" {
			fmt.Fprintf(&b, "%s = %s%s", f.key, quote(f.value), nl)
		}
	}
	out := b.Bytes()

	// The table is plain text appended to the file: parse the result to be
	// sure it means what was asked.
	check, err := Parse(file, out)
	if err != nil {
		return nil, fmt.Errorf("adding people.%s would make %s invalid, so it was left as it was: %w", id, file, err)
	}
	if got, ok := check.listed(id); !ok || got != person {
		return nil, fmt.Errorf("adding people.%s to %s did not give the entry asked for (got %+v): edit the file by hand", id, file, got)
	}
	return out, nil
}

// checkEmail refuses an email that is not one bare address, as git
// records an author's: "jane@example.org", not "Jane <jane@example.org>"
// nor "jane". Empty is no email.
func checkEmail(email string) error {
	if email == "" {
		return nil
	}
	const hint = "give the address alone, such as --email jane@example.org"
	a, err := mail.ParseAddress(email)
	switch {
	case strings.ContainsAny(email, "<>") || (err == nil && a.Name != ""):
		return problem.Newf("", 0, "project", hint+" (without a name or angle brackets)",
			"the email %q is not an address alone", email)
	case !strings.Contains(email, "@"):
		return problem.Newf("", 0, "project", hint, "the email %q has no @", email)
	case err != nil || a.Address != email:
		return problem.Newf("", 0, "project", hint, "the email %q is not a valid address", email)
	}
	return nil
}
