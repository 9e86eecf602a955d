package ocrimport

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

func TestParseMap(t *testing.T) {
	src := "# page map\n\n001 1-3   # title page\n  002\t5-9 2\n\n003 10-10 iii\n"
	got, err := ParseMap("pages.map", []byte(src))
	if err != nil {
		t.Fatalf("ParseMap: %v", err)
	}
	want := []MapEntry{
		{Page: "001", From: 1, To: 3, Line: 3},
		{Page: "002", From: 5, To: 9, Printed: "2", Line: 4},
		{Page: "003", From: 10, To: 10, Printed: "iii", Line: 6},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseMap = %+v, want %+v", got, want)
	}
}

func TestParseMapRefuses(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"overlap", "001 1-5\n# c\n002 5-9\n", 3, "lines 5-9 of page 002 overlap lines 1-5 of page 001 (map line 1)"},
		{"from after to", "001 9-5\n", 1, `"9-5" is not a line range`},
		{"from zero", "001 0-5\n", 1, "not a line range"},
		{"not a number", "\n001 1-x\n", 2, `"1-x" is not a line range`},
		{"no dash", "001 15\n", 1, "not a line range"},
		{"four fields", "001 1-5 1 extra\n", 1, "expected 2 or 3 fields, found 4"},
		{"one field", "001\n", 1, "expected 2 or 3 fields, found 1"},
		{"short page id", "1 1-5\n", 1, `invalid page id "1"`},
		{"widths differ", "001 1-5\n0002 6-9\n", 2, "page 0002 has a different width from page 001"},
		{"out of order", "002 1-5\n001 6-9\n", 2, "page 001 comes after page 002"},
		{"duplicate", "001 1-5\n001 6-9\n", 2, "page 001 comes after page 001"},
		{"empty", "# nothing\n\n", 0, "lists no pages"},
		{"nothing at all", "", 0, "lists no pages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMap("import/pages.map", []byte(tt.src))
			var p *problem.Problem
			if !errors.As(err, &p) {
				t.Fatalf("ParseMap error = %#v, want a *problem.Problem", err)
			}
			if p.File != "import/pages.map" || p.Line != tt.line || p.Rule != "page-map" || p.Hint == "" {
				t.Errorf("problem = %+v, want file import/pages.map, line %d, rule page-map and a hint", p, tt.line)
			}
			if !strings.Contains(p.Message, tt.msg) {
				t.Errorf("message = %q, want it to contain %q", p.Message, tt.msg)
			}
		})
	}
}

func mustMap(t *testing.T, src string) []MapEntry {
	t.Helper()
	m, err := ParseMap("pages.map", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSplitByMap(t *testing.T) {
	raw := strings.Join([]string{
		" The Title",   // 1  page 001
		"first line  ", // 2
		"",             // 3  blank between pages
		"",             // 4  page 002 starts with a blank line
		"  indented\t", // 5
		"Cafe\u0301",   // 6  NFD
		"",             // 7
		"last",         // 8
		"   ",          // 9  blank edge line of page 002
		"",             // 10 uncovered but blank
		"page three\r", // 11 CRLF: the CR stays on the line until normalisation
		"x",            // 12 no line end
	}, "\n")
	pages, err := Split("ocr.txt", []byte(raw), mustMap(t, "001 1-2\n002 4-9 2\n003 11-12\n"))
	if err != nil {
		t.Fatalf("Split: %v", err)
	}
	want := []Cut{
		{ID: "001", From: 1, To: 2, Text: " The Title\nfirst line\n"},
		{ID: "002", Printed: "2", From: 4, To: 9, Text: "  indented\nCaf\u00e9\n\nlast\n"},
		{ID: "003", From: 11, To: 12, Text: "page three\nx\n"},
	}
	if len(pages) != len(want) {
		t.Fatalf("got %d pages, want %d: %+v", len(pages), len(want), pages)
	}
	for i, p := range pages {
		w := want[i]
		if p.ID != w.ID || p.Printed != w.Printed || p.From != w.From || p.To != w.To || p.Text != w.Text {
			t.Errorf("page %d = %+v\nwant %+v", i, p, w)
		}
	}
	if r := pages[0].Report; r.TrailingSpace != 1 {
		t.Errorf("page 001 report = %+v, want one line with trailing space removed", r)
	}
	if r := pages[1].Report; r.NFC != 1 || r.TrailingSpace != 2 || r.EdgeBlankLines != 2 {
		t.Errorf("page 002 report = %+v", r)
	}
	if r := pages[2].Report; r.CRLF != 1 {
		t.Errorf("page 003 report = %+v, want one CRLF converted", r)
	}
}

func TestSplitByMapRefuses(t *testing.T) {
	raw := []byte("a\nb\nc\nd\ne\n")
	tests := []struct {
		name string
		raw  []byte
		m    string
		line int
		msg  string
	}{
		{"past the end", raw, "001 1-2\n002 3-50\n", 0, "page 002 ends at line 50 but ocr.txt has 5 lines"},
		{"gap", raw, "001 1-2\n002 4-5\n", 3, `line 3 belongs to no page: "c"`},
		{"before the first page", raw, "001 2-5\n", 1, `line 1 belongs to no page: "a"`},
		{"after the last page", raw, "001 1-4\n", 5, `line 5 belongs to no page: "e"`},
		{"control character", []byte("a\nb\x00\n"), "001 1-2\n", 2, "page 001: line 2, column 2: control character U+0000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Split("ocr.txt", tt.raw, mustMap(t, tt.m))
			var p *problem.Problem
			if !errors.As(err, &p) {
				t.Fatalf("Split error = %#v, want a *problem.Problem", err)
			}
			if p.File != "ocr.txt" || p.Line != tt.line || p.Hint == "" {
				t.Errorf("problem = %+v, want file ocr.txt, line %d and a hint", p, tt.line)
			}
			if !strings.Contains(p.Message, tt.msg) {
				t.Errorf("message = %q, want it to contain %q", p.Message, tt.msg)
			}
		})
	}
}

func TestSplitInvalidUTF8LineNumber(t *testing.T) {
	raw := "p1 a\np1 b\np1 c\n\np2 a\np2 b\nbad \xff byte\np2 d\n"
	_, err := Split("scan.txt", []byte(raw), mustMap(t, "001 1-3\n002 5-8\n"))
	var p *problem.Problem
	if !errors.As(err, &p) {
		t.Fatalf("Split error = %#v, want a *problem.Problem", err)
	}
	if p.File != "scan.txt" || p.Line != 7 || p.Rule != "encoding" {
		t.Errorf("problem = %+v, want scan.txt line 7, rule encoding", p)
	}
	for _, s := range []string{"page 002", "line 7", "byte 5"} {
		if !strings.Contains(p.Message, s) {
			t.Errorf("message %q does not contain %q", p.Message, s)
		}
	}
	if strings.Contains(p.Message, "line 3") {
		t.Errorf("message %q still has the line number within the page", p.Message)
	}

	// The same error when pages are cut at form feeds.
	raw = "p1 a\np1 b\np1 c\n\fp2 a\np2 b\np2 c\nbad \xff byte\n"
	_, err = Split("scan.txt", []byte(raw), nil)
	if !errors.As(err, &p) || p.Line != 7 || !strings.Contains(p.Message, "page 002: line 7") {
		t.Errorf("form-feed split error = %v, want page 002 at line 7", err)
	}
}

func TestSplitFormFeeds(t *testing.T) {
	raw := "one a\none b\n\ftwo a  \n\n\fthree a\nthree b\n\f"
	pages, err := Split("ocr.txt", []byte(raw), nil)
	if err != nil {
		t.Fatalf("Split: %v", err)
	}
	want := []Cut{
		{ID: "001", From: 1, To: 3, Text: "one a\none b\n"},
		{ID: "002", From: 3, To: 5, Text: "two a\n"},
		{ID: "003", From: 5, To: 7, Text: "three a\nthree b\n"},
	}
	if len(pages) != len(want) {
		t.Fatalf("got %d pages, want %d (a trailing form feed starts no page): %+v", len(pages), len(want), pages)
	}
	for i, p := range pages {
		w := want[i]
		if p.ID != w.ID || p.From != w.From || p.To != w.To || p.Text != w.Text {
			t.Errorf("page %d = %+v\nwant %+v", i, p, w)
		}
	}
}

func TestSplitFormFeedsBlankPage(t *testing.T) {
	pages, err := Split("ocr.txt", []byte("a\n\f  \n\fb\n"), nil)
	if err != nil {
		t.Fatalf("Split: %v", err)
	}
	var got []string
	for _, p := range pages {
		got = append(got, p.ID+"="+p.Text)
	}
	if want := []string{"001=a\n", "002=", "003=b\n"}; !reflect.DeepEqual(got, want) {
		t.Errorf("pages = %q, want %q", got, want)
	}
}

func TestSplitFormFeedsWidth(t *testing.T) {
	raw := strings.Repeat("x\f", 1000) + "x\n"
	pages, err := Split("ocr.txt", []byte(raw), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1001 || pages[0].ID != "0001" || pages[1000].ID != "1001" {
		t.Errorf("got %d pages from %s to %s, want 0001 to 1001", len(pages), pages[0].ID, pages[len(pages)-1].ID)
	}
}

func TestSplitNoFormFeed(t *testing.T) {
	for _, raw := range []string{"one page\nno form feed\n", "one page\n\f\n \f"} {
		_, err := Split("ocr.txt", []byte(raw), nil)
		var p *problem.Problem
		if !errors.As(err, &p) || p.File != "ocr.txt" || !strings.Contains(p.Message, "no form feeds") || !strings.Contains(p.Hint, "--pages") {
			t.Errorf("Split(%q) without a map = %v, want a problem asking for a page map", raw, err)
		}
	}
}

func TestSplitLineEnds(t *testing.T) {
	// Lines are numbered at LF; a CR before an LF and a byte-order mark stay
	// in the text until normalisation, which removes and reports them. A
	// last line without a line end counts.
	raw := "\ufeffa\r\nb\r\n\r\nc\nd"
	pages, err := Split("ocr.txt", []byte(raw), mustMap(t, "001 1-2\n002 4-5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].Text != "a\nb\n" || pages[1].Text != "c\nd\n" {
		t.Fatalf("pages = %+v", pages)
	}
	if r := pages[0].Report; !r.BOM || r.CRLF != 2 {
		t.Errorf("page 001 report = %+v, want the BOM and 2 CRLF line ends reported", r)
	}
	if _, err := Split("ocr.txt", []byte(raw), mustMap(t, "001 1-6\n")); err == nil || !strings.Contains(err.Error(), "has 5 lines") {
		t.Errorf("Split with a range past 5 lines = %v", err)
	}
}
