// Package project reads and writes the two human-edited configuration
// files of a scribe repository: transcriptions/project.toml (people, their
// roles, and the policy by which pages are settled) and each document's
// document.toml (title, source, language and its ordered pages).
package project

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/problem"
)

// OCR is the contributor id of machine readings. It needs no entry in
// project.toml and can never review.
const OCR = "ocr"

// Role is what a person may do. Roles are ordered: a maintainer may do
// everything a reviewer may, and a reviewer everything a contributor may.
type Role int

const (
	Contributor Role = iota + 1
	Reviewer
	Maintainer
)

var roleNames = map[string]Role{"contributor": Contributor, "reviewer": Reviewer, "maintainer": Maintainer}

func (r Role) String() string {
	for name, role := range roleNames {
		if role == r {
			return name
		}
	}
	return "none"
}

// ParseRole accepts the role names used in project.toml.
func ParseRole(s string) (Role, error) {
	if r, ok := roleNames[s]; ok {
		return r, nil
	}
	return 0, fmt.Errorf("unknown role %q: use contributor, reviewer or maintainer", s)
}

// Policy is how pages are settled.
type Policy struct {
	// ReadingsRequired is how many readings (the OCR counts as one) a page
	// needs before its unanimous lines may settle without a reviewer.
	ReadingsRequired int `toml:"readings_required"`
	// AcceptUnanimous lets a line on which every reading agrees enter the
	// canonical text without a decision.
	AcceptUnanimous bool `toml:"accept_unanimous"`
	// FourEyes refuses a decision that rests on the reviewer's own reading alone.
	FourEyes bool `toml:"four_eyes"`
	// OpenContributions lets anyone with a valid id submit readings
	// without first being listed under [people].
	OpenContributions bool `toml:"open_contributions"`
}

// SelfSettled is the four-eyes rule, written once: under a policy that
// has it, a decision by reviewer may not rest on the reviewer's own
// reading alone (readings are the readings whose text the decision is).
func (p Policy) SelfSettled(reviewer string, readings []string) bool {
	return p.FourEyes && len(readings) == 1 && readings[0] == reviewer
}

// Person is one entry of [people.<id>].
type Person struct {
	ID    string `toml:"-"`
	Role  Role   `toml:"-"`
	Name  string `toml:"name"`
	Email string `toml:"email"`
	Login string `toml:"login"`
}

// Project is the parsed project.toml.
type Project struct {
	Name   string
	Policy Policy
	People []Person // sorted by id
	// Equivalences maps a canonical form to the variants that collation
	// counts as agreeing with it, e.g. "'" to ["’"]. Readings keep their
	// own text; the consensus uses the canonical form.
	Equivalences map[string][]string
}

type fileProject struct {
	Name         string                `toml:"name"`
	Policy       *Policy               `toml:"policy"`
	People       map[string]filePerson `toml:"people"`
	Equivalences map[string][]string   `toml:"equivalences"`
}

type filePerson struct {
	Role  string `toml:"role"`
	Name  string `toml:"name"`
	Email string `toml:"email"`
	Login string `toml:"login"`
}

// Parse reads project.toml. file is the name used in errors.
func Parse(file string, src []byte) (*Project, error) {
	var fp fileProject
	md, err := toml.Decode(string(src), &fp)
	if err != nil {
		return nil, tomlError(file, err)
	}
	if err := unknownKeys(file, src, md); err != nil {
		return nil, err
	}
	if fp.Policy == nil {
		return nil, problem.New(file, 0, "project", "the [policy] table is missing",
			"add [policy] with readings_required, accept_unanimous and four_eyes (see `scribe init` for an example)")
	}
	p := &Project{Name: fp.Name, Policy: *fp.Policy}
	if p.Policy.ReadingsRequired < 1 || p.Policy.ReadingsRequired > 100 {
		return nil, problem.Newf(file, lineOf(src, "readings_required"), "project",
			"set readings_required to the number of independent readings a page needs, e.g. 2",
			"policy.readings_required is %d; it must be between 1 and 100", p.Policy.ReadingsRequired)
	}
	// Report the first bad entry in id order, so the same file always
	// gives the same error.
	peopleIDs := make([]string, 0, len(fp.People))
	for id := range fp.People {
		peopleIDs = append(peopleIDs, id)
	}
	sort.Strings(peopleIDs)
	for _, id := range peopleIDs {
		fpp := fp.People[id]
		line := lineOf(src, toml.Key{"people", id}.String())
		if err := ids.Contributor(id); err != nil {
			return nil, problem.New(file, line, "id", err.Error(), "rename the [people.…] table")
		}
		role, err := ParseRole(fpp.Role)
		if err != nil {
			return nil, problem.New(file, line, "project", fmt.Sprintf("people.%s: %v", id, err),
				`set role = "contributor", "reviewer" or "maintainer"`)
		}
		if id == OCR && role != Contributor {
			return nil, problem.New(file, line, "project", "people.ocr is the OCR engine and can only be a contributor",
				"give the reviewer a personal id")
		}
		p.People = append(p.People, Person{ID: id, Role: role, Name: fpp.Name, Email: fpp.Email, Login: fpp.Login})
	}
	sort.Slice(p.People, func(i, j int) bool { return p.People[i].ID < p.People[j].ID })
	if err := checkEquivalences(file, src, fp.Equivalences); err != nil {
		return nil, err
	}
	p.Equivalences = fp.Equivalences
	if err := checkUnique(file, src, p.People); err != nil {
		return nil, err
	}
	return p, nil
}

// checkEquivalences refuses forms that would make comparison ambiguous:
// empty forms, forms with white space (tokens never contain it), and a
// variant claimed by two canonical forms.
func checkEquivalences(file string, src []byte, eq map[string][]string) error {
	canons := make([]string, 0, len(eq))
	for c := range eq {
		canons = append(canons, c)
	}
	sort.Strings(canons)
	owner := map[string]string{}
	const hint = `write [equivalences] entries as "canonical" = ["variant", …], e.g. "'" = ["’", "‘"]`
	for _, c := range canons {
		line := lineOf(src, toml.Key{"equivalences", c}.String())
		for _, form := range append([]string{c}, eq[c]...) {
			if form == "" || strings.ContainsFunc(form, unicode.IsSpace) {
				return problem.Newf(file, line, "project", hint, "equivalence form %q is empty or contains white space", form)
			}
		}
		for _, v := range eq[c] {
			if other, ok := owner[v]; ok && other != c {
				return problem.Newf(file, line, "project", "list each variant under one canonical form",
					"%q is listed as a variant of both %q and %q", v, other, c)
			}
			owner[v] = c
		}
	}
	return nil
}

// checkUnique refuses two people whose ids differ only in case (impossible
// with valid ids, kept as a guard) or who share an email or login, since
// those map a git identity or forge account to a person.
func checkUnique(file string, src []byte, people []Person) error {
	emails, logins := map[string]string{}, map[string]string{}
	for _, p := range people {
		if e := strings.ToLower(p.Email); e != "" {
			if other, ok := emails[e]; ok {
				return problem.Newf(file, lineOf(src, "people."+p.ID), "project", "give each person their own email",
					"people.%s and people.%s have the same email %q", other, p.ID, p.Email)
			}
			emails[e] = p.ID
		}
		if l := strings.ToLower(p.Login); l != "" {
			if other, ok := logins[l]; ok {
				return problem.Newf(file, lineOf(src, "people."+p.ID), "project", "give each person their own login",
					"people.%s and people.%s have the same login %q", other, p.ID, p.Login)
			}
			logins[l] = p.ID
		}
	}
	// An id that is another person's login would let a forge account of
	// that name be taken for the wrong person by anything that confuses
	// the two; the built-in ocr counts as an id.
	for _, p := range people {
		l := strings.ToLower(p.Login)
		if l == "" {
			continue
		}
		if l == OCR {
			return problem.Newf(file, lineOf(src, "people."+p.ID), "project", "a forge account called ocr cannot be registered: ocr is the OCR engine",
				"people.%s has the login %q, the id of the OCR engine", p.ID, p.Login)
		}
		for _, q := range people {
			if q.ID != p.ID && q.ID == l {
				return problem.Newf(file, lineOf(src, "people."+p.ID), "project", "logins and ids must not cross: rename the id, or correct the login",
					"people.%s has the login %q, which is the id of people.%s", p.ID, p.Login, q.ID)
			}
		}
	}
	return nil
}

// Person returns the entry for id. The OCR contributor is always known.
func (p *Project) Person(id string) (Person, bool) {
	i := sort.Search(len(p.People), func(i int) bool { return p.People[i].ID >= id })
	if i < len(p.People) && p.People[i].ID == id {
		return p.People[i], true
	}
	if id == OCR {
		return Person{ID: OCR, Role: Contributor, Name: "OCR engine"}, true
	}
	return Person{}, false
}

// Lookup finds a person by id, email or forge login (case-insensitive for
// the last two), the forms in which git and a forge name an author.
func (p *Project) Lookup(who string) (Person, bool) {
	if person, ok := p.Person(who); ok {
		return person, true
	}
	for _, person := range p.People {
		if who != "" && (strings.EqualFold(person.Email, who) || strings.EqualFold(person.Login, who)) {
			return person, true
		}
	}
	return Person{}, false
}

// ByLogin finds the person whose forge login is login, compared without
// regard to case as forges compare logins. Only login is matched, never an
// id or an email: a forge account called "ocr" or "maintainers" is not
// the contributor of that id. The OCR engine has no login and is never
// found.
func (p *Project) ByLogin(login string) (Person, bool) {
	if login == "" {
		return Person{}, false
	}
	for _, person := range p.People {
		if equalLogin(person.Login, login) {
			return person, true
		}
	}
	return Person{}, false
}

// equalLogin compares logins as forges do: ASCII letters without regard to
// case, nothing else folded (a Kelvin sign is not a K).
func equalLogin(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Can reports whether id holds at least the given role.
func (p *Project) Can(id string, role Role) bool {
	person, ok := p.Person(id)
	return ok && person.Role >= role
}

func tomlError(file string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return problem.New(file, pe.Position.Line, "toml", "syntax error: "+pe.Message,
			"fix the TOML syntax on that line (strings in double quotes, one key = value per line)")
	}
	return problem.New(file, 0, "toml", err.Error(), "check the value types against the example from `scribe init`")
}

func unknownKeys(file string, src []byte, md toml.MetaData) error {
	undecoded := md.Undecoded()
	if len(undecoded) == 0 {
		return nil
	}
	key := undecoded[0].String()
	return problem.Newf(file, lineOf(src, key), "toml", "check the spelling; unknown keys are refused so that a typo never silently changes the policy",
		"unknown key %q", key)
}

// lineOf finds the line that defines a dotted key, for error messages:
// a table header naming it, or failing that a line assigning its last part.
func lineOf(src []byte, key string) int {
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		if t := strings.TrimSpace(l); t == "["+key+"]" || t == "[["+key+"]]" {
			return i + 1
		}
	}
	last := key[strings.LastIndex(key, ".")+1:]
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, last) && strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(t, last)), "=") {
			return i + 1
		}
	}
	return 0
}
