package page

import (
	"reflect"
	"testing"
)

func TestOCRLines(t *testing.T) {
	repo, proj := setup(t, map[string]string{
		// The OCR has a stray line 2 and runs lines 4 and 5 of alice's
		// into one.
		"ocr":   "The quick brown fox\n12\njumps over the lazy dog.\nAnd then the end red green blue\n",
		"alice": "The quick brown fox\njumps over the lazy dog.\nAnd then the end\nred green blue\n",
		"bob":   "The quick brown fox\njumps over the lazy dog.\nAnd then the end\nred green blue\n",
	})
	p := load(t, repo, proj)
	var got [][]int
	for row := 1; row <= len(p.Alignment.Rows); row++ {
		got = append(got, p.OCRLines(row))
	}
	want := [][]int{{1}, {2}, {3}, {4}, {4}}
	if len(p.Alignment.Rows) != 5 {
		t.Fatalf("%d rows: %+v", len(p.Alignment.Rows), got)
	}
	// Row 5 (red green blue) is the end of OCR line 4, which it shares
	// with row 4.
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OCRLines = %v, want %v", got, want)
	}
	if p.OCRLines(0) != nil || p.OCRLines(99) != nil {
		t.Error("rows out of range have OCR lines")
	}
}
