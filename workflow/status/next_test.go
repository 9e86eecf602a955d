package status

import (
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// nextSetup makes a project with the example policy (two readings a page)
// and the given documents and readings ("doc/page/contributor").
func nextSetup(t *testing.T, docs []*project.Document, readings []string) (*layout.Repo, *project.Project) {
	t.Helper()
	dir := t.TempDir()
	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	r, err := layout.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := r.WriteFile(layout.DocumentPath(d.ID)+"/"+layout.DocumentFile, d.Encode()); err != nil {
			t.Fatal(err)
		}
	}
	for _, rd := range readings {
		parts := strings.Split(rd, "/") // doc/page/contributor
		doc, page, who := parts[0], parts[1], parts[2]
		if err := r.WriteFile(layout.ReadingPath(doc, page, who), []byte("text of "+rd+"\n")); err != nil {
			t.Fatal(err)
		}
	}
	p, err := r.Project()
	if err != nil {
		t.Fatal(err)
	}
	return r, p
}

func TestNext(t *testing.T) {
	docs := []*project.Document{
		// Written first, sorted second: documents are taken in id order.
		{ID: "b-doc", Title: "B", Pages: []project.PageEntry{{ID: "001"}, {ID: "002"}, {ID: "003", Printed: "iii", Scan: "scans/b-003.png"}}},
		{ID: "a-doc", Title: "A", Pages: []project.PageEntry{{ID: "001"}, {ID: "002", Printed: "2"}}},
	}
	readings := []string{
		"a-doc/001/ocr", "a-doc/001/alice", // complete
		"a-doc/002/ocr",
		"b-doc/002/bob",
		"b-doc/003/ocr",
		"b-doc/004/carol", // a folder for a page the document does not list
	}
	r, p := nextSetup(t, docs, readings)
	tests := []struct {
		contributor string
		required    int
		want        *NextPage
	}{
		{"alice", 2, &NextPage{Document: "a-doc", Page: "002", Printed: "2", Readings: []string{"ocr"}, Needed: 1,
			Path: "transcriptions/a-doc/002/readings/alice.txt"}},
		{"zoe", 2, &NextPage{Document: "a-doc", Page: "002", Printed: "2", Readings: []string{"ocr"}, Needed: 1,
			Path: "transcriptions/a-doc/002/readings/zoe.txt"}},
		// ocr has read a-doc/002: the next is the first page of b-doc.
		{"ocr", 2, &NextPage{Document: "b-doc", Page: "001", Readings: []string{}, Needed: 2,
			Path: "transcriptions/b-doc/001/readings/ocr.txt"}},
		// With one reading required, only b-doc/001 still needs one.
		{"alice", 1, &NextPage{Document: "b-doc", Page: "001", Readings: []string{}, Needed: 1,
			Path: "transcriptions/b-doc/001/readings/alice.txt"}},
		// With three, a-doc/001 needs another, but not alice's.
		{"alice", 3, &NextPage{Document: "a-doc", Page: "002", Printed: "2", Readings: []string{"ocr"}, Needed: 2,
			Path: "transcriptions/a-doc/002/readings/alice.txt"}},
		{"bob", 3, &NextPage{Document: "a-doc", Page: "001", Readings: []string{"alice", "ocr"}, Needed: 1,
			Path: "transcriptions/a-doc/001/readings/bob.txt"}},
	}
	for _, tt := range tests {
		p.Policy.ReadingsRequired = tt.required
		got, ok, err := Next(r, p, tt.contributor)
		if err != nil || !ok {
			t.Errorf("Next(%s, %d required) = %v, %v, %v", tt.contributor, tt.required, got, ok, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Next(%s, %d required) = %+v\nwant %+v", tt.contributor, tt.required, got, tt.want)
		}
	}

	// b-doc/003 keeps its printed number and scan.
	r2, p2 := nextSetup(t, docs[:1], []string{"b-doc/001/ocr", "b-doc/001/bob", "b-doc/002/ocr", "b-doc/002/bob"})
	got, ok, err := Next(r2, p2, "alice")
	want := &NextPage{Document: "b-doc", Page: "003", Printed: "iii", Scan: "scans/b-003.png", Readings: []string{}, Needed: 2,
		Path: "transcriptions/b-doc/003/readings/alice.txt"}
	if err != nil || !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("Next = %+v, %v, %v\nwant %+v", got, ok, err, want)
	}
}

func TestNextNothingLeft(t *testing.T) {
	docs := []*project.Document{{ID: "doc", Title: "D", Pages: []project.PageEntry{{ID: "001"}, {ID: "002"}}}}
	r, p := nextSetup(t, docs, []string{"doc/001/ocr", "doc/001/bob", "doc/002/alice"})
	for _, who := range []string{"alice", "bob"} {
		got, ok, err := Next(r, p, who)
		switch {
		case err != nil:
			t.Errorf("Next(%s): %v", who, err)
		case who == "alice" && ok:
			t.Errorf("Next(alice) = %+v; want nothing: 001 is complete and 002 is hers", got)
		case who == "bob" && (!ok || got.Page != "002"):
			t.Errorf("Next(bob) = %+v, %v; want 002", got, ok)
		}
	}

	empty, p := nextSetup(t, nil, nil)
	if got, ok, err := Next(empty, p, "alice"); err != nil || ok {
		t.Errorf("Next in a project without documents = %+v, %v, %v; want nothing", got, ok, err)
	}
}
