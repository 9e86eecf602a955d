package project

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

const validDocument = `# a document
title = "The Tasks"
source = "A pamphlet"
language = "en-GB"

[[pages]]
id = "001"
scan = "scans/001.png"

[[pages]]
id = "002"
printed = "2"
`

func TestParseDocumentValid(t *testing.T) {
	d, err := ParseDocument("transcriptions/tasks/document.toml", "tasks", []byte(validDocument))
	if err != nil {
		t.Fatalf("ParseDocument: %v", err)
	}
	want := &Document{
		ID: "tasks", Title: "The Tasks", Source: "A pamphlet", Language: "en-GB",
		Pages: []PageEntry{{ID: "001", Scan: "scans/001.png"}, {ID: "002", Printed: "2"}},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("document = %+v, want %+v", d, want)
	}
	if p, ok := d.Page("002"); !ok || p.Printed != "2" {
		t.Errorf("Page(002) = %+v, %v", p, ok)
	}
	if _, ok := d.Page("003"); ok {
		t.Error("Page(003) found in a two-page document")
	}
}

func TestParseDocumentRefuses(t *testing.T) {
	const pages = "\n[[pages]]\nid = \"001\"\n"
	tests := []struct {
		name string
		id   string // document id; "doc" when empty
		src  string
		line int
		rule string
		msg  string
	}{
		{"syntax", "", "title = \"x\n" + pages, 1, "toml", "syntax error"},
		{"unknown key", "", "title = \"x\"\nlanguge = \"en\"\n" + pages, 2, "toml", `unknown key "languge"`},
		{"unknown page key", "", "title = \"x\"\n\n[[pages]]\nid = \"001\"\nscna = \"a.png\"\n", 5, "toml", "scna"},
		{"bad document id", "Doc", "title = \"x\"\n" + pages, 0, "id", "invalid document id"},
		{"missing title", "", "source = \"s\"\n" + pages, 0, "document", "no title"},
		{"blank title", "", "source = \"s\"\ntitle = \"  \"\n" + pages, 2, "document", "no title"},
		{"bad language", "", "title = \"x\"\nlanguage = \"english!!\"\n" + pages, 2, "document", `language "english!!" is not a language tag`},
		{"no pages", "", "title = \"x\"\n", 0, "document", "lists no pages"},
		{"short page id", "", "title = \"x\"\n\n[[pages]]\nid = \"01\"\n", 4, "id", "fewer than three digits"},
		{"page zero", "", "title = \"x\"\n\n[[pages]]\nid = \"000\"\n", 4, "id", "start at 1"},
		{"widths differ", "", "title = \"x\"\n\n[[pages]]\nid = \"001\"\n\n[[pages]]\nid = \"0002\"\n", 7, "id", `page "0002" has 4 digits but page "001" has 3`},
		{"out of order", "", "title = \"x\"\n\n[[pages]]\nid = \"002\"\n\n[[pages]]\nid = \"001\"\n", 7, "document", `page "001" comes after page "002"`},
		{"duplicated", "", "title = \"x\"\n\n[[pages]]\nid = \"001\"\n\n[[pages]]\nid = \"001\"\n", -1, "document", `page "001" comes after page "001"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.id
			if id == "" {
				id = "doc"
			}
			_, err := ParseDocument("transcriptions/doc/document.toml", id, []byte(tt.src))
			var p *problem.Problem
			if !errors.As(err, &p) {
				t.Fatalf("error = %#v, want a *problem.Problem", err)
			}
			if p.File != "transcriptions/doc/document.toml" {
				t.Errorf("file = %q", p.File)
			}
			if tt.line >= 0 && p.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", p.Line, tt.line, p)
			}
			if tt.line < 0 && p.Line == 0 {
				t.Errorf("problem has no line: %v", p)
			}
			if p.Rule != tt.rule {
				t.Errorf("rule = %q, want %q", p.Rule, tt.rule)
			}
			if !strings.Contains(p.Message, tt.msg) {
				t.Errorf("message = %q, want it to contain %q", p.Message, tt.msg)
			}
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	docs := []*Document{
		{ID: "min", Title: "Only a title", Pages: []PageEntry{{ID: "001"}}},
		{
			ID:       "full",
			Title:    `A "quoted" title with a \ backslash`,
			Source:   "Scanned at the library\tshelf 3",
			Language: "de",
			Notes: "First line says \"hello\".\n" +
				"Second line has a backslash \\ and a path C:\\scans\\.\n" +
				"\tTabbed line; then \"\"\" three quotes.\n" +
				"Ends with a quote\"",
			Pages: []PageEntry{
				{ID: "0001", Printed: "i", Scan: "https://example.org/scan?page=1&x=\"y\""},
				{ID: "0002"},
				{ID: "0010", Printed: "10"},
			},
		},
		{ID: "edges", Title: "Notes that start and end with line breaks", Notes: "\nmiddle\n\n", Pages: []PageEntry{{ID: "001"}}},
		{ID: "controls", Title: "bell\a and cr\r and del\x7f", Notes: "ſhall\nשלום \u00e9", Pages: []PageEntry{{ID: "001"}}},
	}
	for _, d := range docs {
		t.Run(d.ID, func(t *testing.T) {
			enc := d.Encode()
			if again := d.Encode(); !bytes.Equal(enc, again) {
				t.Fatalf("Encode differs between calls:\n%s\n---\n%s", enc, again)
			}
			got, err := ParseDocument("document.toml", d.ID, enc)
			if err != nil {
				t.Fatalf("ParseDocument(Encode()): %v\n%s", err, enc)
			}
			if !reflect.DeepEqual(got, d) {
				t.Errorf("round trip changed the document:\n got %#v\nwant %#v\nencoded:\n%s", got, d, enc)
			}
			if reenc := got.Encode(); !bytes.Equal(reenc, enc) {
				t.Errorf("re-encoding the parsed document gives other bytes:\n%s\n---\n%s", reenc, enc)
			}
		})
	}
}

func TestEncodeMultiLineNotesReadable(t *testing.T) {
	d := &Document{Title: "t", Notes: "one\ntwo", Pages: []PageEntry{{ID: "001"}}}
	enc := string(d.Encode())
	if !strings.Contains(enc, "notes = \"\"\"\none\ntwo\"\"\"\n") {
		t.Errorf("multi-line notes are not written as a multi-line string:\n%s", enc)
	}
}
