package ids

import (
	"errors"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct {
		id      string
		wantErr string
	}{
		{"alice", ""},
		{"jane-doe", ""},
		{"ocr", ""},
		{"a1", ""},
		{"tasks-of-the-working-class", ""},
		{"", "empty"},
		{"../x", `contains '.'`},
		{"a/b", `contains '/'`},
		{"Alice", `use "alice"`},
		{"con", "reserved"},
		{"lpt1", "reserved"},
		{"-a", "starts or ends with a hyphen"},
		{"a-", "starts or ends with a hyphen"},
		{"a--b", "two hyphens"},
		{"a_b", `contains '_'`},
		{"jané", "contains"},
		{"a b", `contains ' '`},
		{strings.Repeat("a", 65), "limit is 64"},
	}
	for _, tt := range tests {
		err := Contributor(tt.id)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("Contributor(%q) = %v, want nil", tt.id, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Contributor(%q) = %v, want error containing %q", tt.id, err, tt.wantErr)
		}
		var ie *Error
		if !errors.As(err, &ie) || ie.Kind != "contributor" {
			t.Errorf("Contributor(%q) error is not an *Error of kind contributor: %#v", tt.id, err)
		}
	}
}

func TestPage(t *testing.T) {
	for _, ok := range []string{"001", "010", "999", "0001", "1200"} {
		if err := Page(ok); err != nil {
			t.Errorf("Page(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "1", "01", "000", "00a", "../1", "1234567890", "１２３"} {
		if err := Page(bad); err == nil {
			t.Errorf("Page(%q) = nil, want error", bad)
		}
	}
}

func TestPageWidthAndID(t *testing.T) {
	for _, tt := range []struct{ n, width int }{{1, 3}, {10, 3}, {999, 3}, {1200, 4}, {10000, 5}} {
		if got := PageWidth(tt.n); got != tt.width {
			t.Errorf("PageWidth(%d) = %d, want %d", tt.n, got, tt.width)
		}
	}
	if got := PageID(7, 4); got != "0007" {
		t.Errorf("PageID(7, 4) = %q", got)
	}
}

func TestSameFold(t *testing.T) {
	if !SameFold("alice", "Alice") || SameFold("alice", "alice") || SameFold("alice", "bob") {
		t.Error("SameFold wrong")
	}
}

func TestDocumentWords(t *testing.T) {
	if err := Document("words"); err == nil || !strings.Contains(err.Error(), "word lists") {
		t.Errorf("Document(\"words\") = %v", err)
	}
	if err := Slug("contributor", "words"); err != nil {
		t.Errorf("a contributor may be called words: %v", err)
	}
}
