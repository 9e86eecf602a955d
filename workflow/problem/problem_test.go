package problem

import (
	"errors"
	"fmt"
	"testing"
)

func TestError(t *testing.T) {
	tests := []struct {
		p    *Problem
		want string
	}{
		{New("a.txt", 3, "encoding", "bad byte", "save as UTF-8"), "a.txt:3: bad byte [encoding]\n  hint: save as UTF-8"},
		{New("a.txt", 0, "", "missing", ""), "a.txt: missing"},
		{New("", 0, "size", "too big", ""), "too big [size]"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestInFile(t *testing.T) {
	p := New("", 2, "r", "m", "")
	err := InFile(fmt.Errorf("wrapped: %w", p), "x.txt")
	var got *Problem
	if !errors.As(err, &got) || got.File != "x.txt" || got.Line != 2 {
		t.Fatalf("InFile = %#v", err)
	}
	if p.File != "" {
		t.Error("InFile changed the original problem")
	}
	if q := New("y.txt", 1, "r", "m", ""); InFile(q, "x.txt") != error(q) {
		t.Error("InFile replaced a file that was already set")
	}
}

func TestListErr(t *testing.T) {
	w := &Problem{Message: "w", Severity: Warning}
	if (List{w}).Err() != nil {
		t.Error("a list of warnings is an error")
	}
	if (List{w, New("f", 1, "r", "e", "")}).Err() == nil {
		t.Error("a list with an error is not an error")
	}
}
