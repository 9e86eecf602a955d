package project

import (
	"errors"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

func TestParseExample(t *testing.T) {
	p, err := Parse("project.toml", ExampleProject)
	if err != nil {
		t.Fatalf("Parse(ExampleProject): %v", err)
	}
	want := Policy{ReadingsRequired: 2, AcceptUnanimous: true, FourEyes: true, OpenContributions: false}
	if p.Policy != want {
		t.Errorf("policy = %+v, want %+v", p.Policy, want)
	}
	if len(p.People) != 0 {
		t.Errorf("people = %+v, want none (the example's people are commented out)", p.People)
	}
}

const validProject = `name = "Test"

[policy]
readings_required = 3
accept_unanimous = false
four_eyes = true
open_contributions = true

[people.zoe]
role = "contributor"
name = "Zoe"
email = "zoe@example.org"

[people.alice]
role = "maintainer"
name = "Alice"
email = "Alice@Example.org"
login = "AliceGH"

[people.bob]
role = "reviewer"
login = "bobby"
`

func TestParseValid(t *testing.T) {
	p, err := Parse("project.toml", []byte(validProject))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if p.Name != "Test" {
		t.Errorf("name = %q", p.Name)
	}
	want := Policy{ReadingsRequired: 3, AcceptUnanimous: false, FourEyes: true, OpenContributions: true}
	if p.Policy != want {
		t.Errorf("policy = %+v, want %+v", p.Policy, want)
	}
	var got []string
	for _, person := range p.People {
		got = append(got, person.ID+":"+person.Role.String())
	}
	if strings.Join(got, " ") != "alice:maintainer bob:reviewer zoe:contributor" {
		t.Errorf("people = %v, want sorted by id with their roles", got)
	}
}

func TestParseRefuses(t *testing.T) {
	const policy = "[policy]\nreadings_required = 2\n"
	tests := []struct {
		name string
		src  string
		line int // 0: the problem has no line; -1: not checked
		rule string
		msg  string
	}{
		{"toml syntax", "[policy]\naccept_unanimous = true\nreadings_required = \nfour_eyes = true\n", 3, "toml", "syntax error"},
		{"unknown key", "[policy]\nreadings_required = 2\nfour_eye = true\n", 3, "toml", `unknown key "policy.four_eye"`},
		{"unknown person key", policy + "\n[people.alice]\nrole = \"contributor\"\nemial = \"a@example.org\"\n", 6, "toml", "people.alice.emial"},
		{"missing policy", "name = \"x\"\n", 0, "project", "[policy] table is missing"},
		{"readings_required zero", "# comment\n[policy]\nreadings_required = 0\n", 3, "project", "readings_required is 0"},
		{"readings_required too many", "[policy]\nreadings_required = 101\n", 2, "project", "readings_required is 101"},
		{"uppercase id", policy + "\n[people.Alice]\nrole = \"contributor\"\n", 4, "id", `use "alice"`},
		{"path id", policy + "\n[people.\"../x\"]\nrole = \"contributor\"\n", 4, "id", `contains '.'`},
		{"unknown role", policy + "\n[people.bob]\nrole = \"boss\"\n", 4, "project", `unknown role "boss"`},
		{"missing role", policy + "\n[people.bob]\nname = \"Bob\"\n", 4, "project", `unknown role ""`},
		{"ocr reviewer", policy + "\n[people.ocr]\nrole = \"reviewer\"\n", 4, "project", "only be a contributor"},
		{"same email", policy + "\n[people.ann]\nrole = \"contributor\"\nemail = \"x@example.org\"\n\n[people.bea]\nrole = \"contributor\"\nemail = \"X@example.org\"\n",
			8, "project", "people.ann and people.bea have the same email"},
		{"same login", policy + "\n[people.ann]\nrole = \"contributor\"\nlogin = \"gh\"\n\n[people.bea]\nrole = \"contributor\"\nlogin = \"GH\"\n",
			8, "project", "same login"},
		{"login equal to another's id", policy + "\n[people.ann]\nrole = \"contributor\"\n\n[people.max]\nrole = \"contributor\"\nlogin = \"ANN\"\n",
			7, "project", `people.max has the login "ANN", which is the id of people.ann`},
		{"login ocr", policy + "\n[people.max]\nrole = \"contributor\"\nlogin = \"ocr\"\n", 4, "project", "the id of the OCR engine"},
		// The TOML library reports a type mismatch without a structured
		// position, only in its message; the line is not checked here.
		{"wrong type", "[policy]\nreadings_required = \"two\"\n", -1, "toml", "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("transcriptions/project.toml", []byte(tt.src))
			var p *problem.Problem
			if !errors.As(err, &p) {
				t.Fatalf("Parse error = %#v, want a *problem.Problem", err)
			}
			if p.File != "transcriptions/project.toml" {
				t.Errorf("file = %q", p.File)
			}
			if tt.line >= 0 && p.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", p.Line, tt.line, p)
			}
			if p.Rule != tt.rule {
				t.Errorf("rule = %q, want %q", p.Rule, tt.rule)
			}
			if !strings.Contains(p.Message, tt.msg) {
				t.Errorf("message = %q, want it to contain %q", p.Message, tt.msg)
			}
			if p.Hint == "" {
				t.Errorf("problem has no hint: %v", p)
			}
		})
	}
}

func TestPersonLookupCan(t *testing.T) {
	p, err := Parse("project.toml", []byte(validProject))
	if err != nil {
		t.Fatal(err)
	}
	lookups := []struct {
		who    string
		wantID string // "" when not found
	}{
		{"alice", "alice"},
		{"alice@example.org", "alice"},
		{"ALICE@EXAMPLE.ORG", "alice"},
		{"alicegh", "alice"},
		{"bobby", "bob"},
		{"zoe@example.org", "zoe"},
		{"ocr", "ocr"},
		{"Alice", ""}, // neither an id (ids are lowercase) nor an email or login
		{"carol", ""},
		{"", ""},
		{"bob@example.org", ""},
	}
	for _, tt := range lookups {
		person, ok := p.Lookup(tt.who)
		if ok != (tt.wantID != "") || person.ID != tt.wantID {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.who, person.ID, ok, tt.wantID)
		}
	}

	// The forge login is matched against login only, never an id or email.
	for _, tt := range []struct{ login, wantID string }{
		{"alicegh", "alice"}, {"AliceGH", "alice"}, {"bobby", "bob"},
		{"alice", ""}, {"alice@example.org", ""}, {"ocr", ""}, {"", ""}, {"zoe", ""},
	} {
		person, ok := p.ByLogin(tt.login)
		if ok != (tt.wantID != "") || person.ID != tt.wantID {
			t.Errorf("ByLogin(%q) = %q, %v; want %q", tt.login, person.ID, ok, tt.wantID)
		}
	}

	if person, ok := p.Person("bob"); !ok || person.Role != Reviewer || person.Login != "bobby" {
		t.Errorf("Person(bob) = %+v, %v", person, ok)
	}
	if _, ok := p.Person("alice@example.org"); ok {
		t.Error("Person looks up emails; only Lookup should")
	}
	if person, ok := p.Person(OCR); !ok || person.Role != Contributor || person.ID != OCR {
		t.Errorf("Person(ocr) = %+v, %v; want the built-in contributor", person, ok)
	}
	empty := &Project{}
	if person, ok := empty.Person(OCR); !ok || person.Role != Contributor {
		t.Errorf("ocr unknown in a project without people: %+v, %v", person, ok)
	}

	cans := []struct {
		id   string
		role Role
		want bool
	}{
		{"alice", Maintainer, true},
		{"alice", Reviewer, true},
		{"alice", Contributor, true},
		{"bob", Maintainer, false},
		{"bob", Reviewer, true},
		{"bob", Contributor, true},
		{"zoe", Reviewer, false},
		{"zoe", Contributor, true},
		{"ocr", Contributor, true},
		{"ocr", Reviewer, false},
		{"carol", Contributor, false},
	}
	for _, tt := range cans {
		if got := p.Can(tt.id, tt.role); got != tt.want {
			t.Errorf("Can(%q, %v) = %v, want %v", tt.id, tt.role, got, tt.want)
		}
	}
}

func TestParseRole(t *testing.T) {
	for s, want := range map[string]Role{"contributor": Contributor, "reviewer": Reviewer, "maintainer": Maintainer} {
		if got, err := ParseRole(s); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %v, %v", s, got, err)
		}
		if want.String() != s {
			t.Errorf("%d.String() = %q, want %q", want, want.String(), s)
		}
	}
	for _, s := range []string{"", "Maintainer", "admin"} {
		if _, err := ParseRole(s); err == nil {
			t.Errorf("ParseRole(%q) succeeded", s)
		}
	}
	if Role(0).String() != "none" {
		t.Errorf("Role(0) = %q", Role(0).String())
	}
}
