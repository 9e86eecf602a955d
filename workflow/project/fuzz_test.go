package project

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// addRepositorySeeds adds the files matching pattern, relative to the
// repository's root, to the fuzz corpus.
func addRepositorySeeds(f *testing.F, pattern string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", filepath.FromSlash(pattern)))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzParse: Parse never panics; and project.toml as AddPerson writes it
// parses to the same project with the person added.
func FuzzParse(f *testing.F) {
	addRepositorySeeds(f, "transcriptions/project.toml")
	addRepositorySeeds(f, "workflow/project/template/project.toml")
	f.Add([]byte("[policy]\nreadings_required = 2\n[people.ann]\nrole = \"reviewer\"\nemail = \"ann@example.org\"\n"))
	f.Add([]byte("[policy]\nreadings_required = 1\n[equivalences]\n\"'\" = [\"’\"]\n"))
	newcomer := Person{ID: "fuzz-newcomer", Role: Reviewer, Name: "A \"New\" Person\\", Email: "newcomer@fuzz.invalid", Login: "newcomer-fuzz"}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("project.toml", src)
		if err != nil {
			return
		}
		out, err := AddPerson("project.toml", src, newcomer)
		if err != nil {
			return
		}
		q, err := Parse("project.toml", out)
		if err != nil {
			t.Fatalf("what AddPerson wrote does not parse: %v\n%s", err, out)
		}
		want := *p
		want.People = append(slices.Clone(p.People), newcomer)
		slices.SortFunc(want.People, func(a, b Person) int {
			if a.ID < b.ID {
				return -1
			}
			if a.ID > b.ID {
				return 1
			}
			return 0
		})
		if !reflect.DeepEqual(*q, want) {
			t.Fatalf("after AddPerson:\n got %+v\nwant %+v", *q, want)
		}
	})
}

// FuzzParseDocument: ParseDocument never panics, and what Encode writes
// parses back to the same document and encodes to the same bytes.
func FuzzParseDocument(f *testing.F) {
	addRepositorySeeds(f, "transcriptions/*/document.toml")
	f.Add([]byte("title = \"T\"\nnotes = \"\"\"\nline one\n\"quoted\" \\\\ line two\n\"\"\"\n[[pages]]\nid = \"01\"\nprinted = \"ii\"\n"))
	f.Add([]byte("title = \"T\"\nlanguage = \"fr-CA\"\n[[pages]]\nid = \"001\"\n[[pages]]\nid = \"002\"\nscan = \"https://example.org/2.png\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := ParseDocument("document.toml", "doc", src)
		if err != nil {
			return
		}
		out := d.Encode()
		again, err := ParseDocument("document.toml", "doc", out)
		if err != nil {
			t.Fatalf("what Encode wrote does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(again, d) {
			t.Fatalf("round trip:\n got %+v\nwant %+v\n%s", again, d, out)
		}
		if out2 := again.Encode(); string(out2) != string(out) {
			t.Fatalf("Encode is not stable:\n%s\n%s", out, out2)
		}
	})
}
