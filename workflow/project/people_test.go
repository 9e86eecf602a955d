package project

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestAddPerson(t *testing.T) {
	eqLast := "[policy]\nreadings_required = 2\n\n[equivalences]\n\"'\" = [\"’\"]\n"
	peopleLast := "[policy]\nreadings_required = 2\n\n[people.bob]\nrole = \"reviewer\"\nemail = \"bob@example.org\" # Bob's\n"
	tests := []struct {
		name   string
		src    string
		person Person
		added  string // the text appended
	}{
		{"the example file, after its commented-out people", string(ExampleProject),
			Person{ID: "jane-doe", Role: Maintainer, Name: "Jane Doe", Email: "jane@example.org", Login: "janedoe"},
			"\n[people.jane-doe]\nrole = \"maintainer\"\nname = \"Jane Doe\"\nemail = \"jane@example.org\"\nlogin = \"janedoe\"\n"},
		{"after [equivalences]", eqLast, Person{ID: "alice", Role: Contributor},
			"\n[people.alice]\nrole = \"contributor\"\n"},
		{"after the last person", peopleLast, Person{ID: "alice", Role: Reviewer, Name: `Alice "Al" O\Brien`},
			"\n[people.alice]\nrole = \"reviewer\"\nname = \"Alice \\\"Al\\\" O\\\\Brien\"\n"},
		{"a file without a final newline", "[policy]\nreadings_required = 2", Person{ID: "alice", Role: Contributor, Login: "al"},
			"\n\n[people.alice]\nrole = \"contributor\"\nlogin = \"al\"\n"},
		{"CRLF line ends are kept", "[policy]\r\nreadings_required = 2\r\n", Person{ID: "alice", Role: Contributor},
			"\r\n[people.alice]\r\nrole = \"contributor\"\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := Parse("project.toml", []byte(tt.src))
			if err != nil {
				t.Fatalf("the test's file does not parse: %v", err)
			}
			out, err := AddPerson("project.toml", []byte(tt.src), tt.person)
			if err != nil {
				t.Fatalf("AddPerson: %v", err)
			}
			if !bytes.HasPrefix(out, []byte(tt.src)) {
				t.Fatalf("the file before the new table changed:\n%s", out)
			}
			if got := string(out[len(tt.src):]); got != tt.added {
				t.Errorf("appended %q, want %q", got, tt.added)
			}
			after, err := Parse("project.toml", out)
			if err != nil {
				t.Fatalf("the result does not parse: %v\n%s", err, out)
			}
			if got, ok := after.Person(tt.person.ID); !ok || got != tt.person {
				t.Errorf("after adding, Person(%q) = %+v, %v; want %+v", tt.person.ID, got, ok, tt.person)
			}
			if len(after.People) != len(before.People)+1 || after.Policy != before.Policy ||
				!reflect.DeepEqual(after.Equivalences, before.Equivalences) {
				t.Errorf("the rest of the project changed: before %+v, after %+v", before, after)
			}
		})
	}
}

func TestAddPersonRefuses(t *testing.T) {
	src := "# keep me\n[policy]\nreadings_required = 2\n\n[people.bob]\nrole = \"reviewer\"\nemail = \"Bob@Example.org\"\nlogin = \"bobby\"\n"
	tests := []struct {
		name   string
		src    string
		person Person
		want   string
	}{
		{"uppercase id", src, Person{ID: "Alice", Role: Contributor}, `invalid contributor id "Alice": it has uppercase letters`},
		{"path in id", src, Person{ID: "../x", Role: Contributor}, `invalid contributor id "../x"`},
		{"device name", src, Person{ID: "con", Role: Contributor}, "reserved device name"},
		{"empty id", src, Person{Role: Contributor}, "it is empty"},
		{"ocr", src, Person{ID: "ocr", Role: Contributor}, `"ocr" is reserved`},
		{"no role", src, Person{ID: "alice"}, "role is not contributor, reviewer or maintainer"},
		{"existing id", src, Person{ID: "bob", Role: Maintainer}, "project.toml:5: people.bob is already listed"},
		{"same email, other case", src, Person{ID: "alice", Role: Contributor, Email: "bob@example.ORG"}, `project.toml:5: people.bob already has the email "Bob@Example.org"`},
		{"same login", src, Person{ID: "alice", Role: Contributor, Login: "BOBBY"}, `people.bob already has the login "bobby"`},
		{"line break in a name", src, Person{ID: "alice", Role: Contributor, Name: "Alice\nSmith"}, "give the name on one line"},
		{"blank email", src, Person{ID: "alice", Role: Contributor, Email: "  "}, "the email is only white space"},
		{"email with a display name", src, Person{ID: "alice", Role: Contributor, Email: "Alice <alice@example.org>"}, `the email "Alice <alice@example.org>" is not an address alone`},
		{"email in angle brackets", src, Person{ID: "alice", Role: Contributor, Email: "<alice@example.org>"}, "without a name or angle brackets"},
		{"email without @", src, Person{ID: "alice", Role: Contributor, Email: "alice.example.org"}, `the email "alice.example.org" has no @`},
		{"email with a space", src, Person{ID: "alice", Role: Contributor, Email: "alice smith@example.org"}, "is not a valid address"},
		{"email with no domain", src, Person{ID: "alice", Role: Contributor, Email: "alice@"}, "is not a valid address"},
		{"two emails", src, Person{ID: "alice", Role: Contributor, Email: "a@example.org, b@example.org"}, "is not a valid address"},
		{"an invalid file", "[policy]\nreadings_required = 0\n", Person{ID: "alice", Role: Contributor}, "readings_required is 0"},
		{"people as inline tables", "[policy]\nreadings_required = 2\n[people]\nalice = { role = \"contributor\" }\n",
			Person{ID: "carol", Role: Contributor, Email: "c@example.org"}, ""},
		{"a person defined with dotted keys", "[policy]\nreadings_required = 2\n[people]\ncarol.role = \"contributor\"\n",
			Person{ID: "carol", Role: Reviewer}, "people.carol is already listed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := AddPerson("project.toml", []byte(tt.src), tt.person)
			if tt.want == "" {
				// Not a refusal: an inline table elsewhere does not stop a new header.
				if err != nil {
					t.Fatalf("AddPerson: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("AddPerson succeeded, want an error with %q:\n%s", tt.want, out)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
			if out != nil {
				t.Errorf("a refusal returned content")
			}
		})
	}
}

func TestRoster(t *testing.T) {
	p, err := Parse("project.toml", []byte(validProject))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, person := range p.Roster() {
		got = append(got, person.ID+":"+person.Role.String())
	}
	want := []string{"alice:maintainer", "bob:reviewer", "ocr:contributor", "zoe:contributor"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Roster = %v, want %v", got, want)
	}
	p.People = append(p.People, Person{ID: "ocr", Role: Contributor, Name: "Tesseract"})
	if r := p.Roster(); len(r) != 4 || r[2].Name != "Tesseract" {
		t.Errorf("with people.ocr listed, Roster = %+v; want it once, as listed", r)
	}
}
